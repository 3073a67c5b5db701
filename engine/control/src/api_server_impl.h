// Internal to the control API server: the service thread's side (ApiServer::Impl), one HTTP
// exchange and one stream client. Everything here runs on the service thread, except the
// fields Impl marks as guarded by its mutexes.
#pragma once

#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "control/api.h"
#include "control/api_server.h"

struct lws;
struct lws_context;

namespace control::detail {

// One HTTP request and its response, on a connection (which may carry several in turn).
struct HttpExchange {
  ApiRequest request;
  bool too_large = false;  // the body is read and dropped, then 413
  ApiResponse response;
  std::size_t sent = 0;  // body bytes written
  bool answering = false;
};

struct StreamClient {
  lws* wsi = nullptr;
  std::string peer;
  std::int64_t after_seq = 0;  // messages up to this seq are in the state it was sent
  std::deque<std::string> queue;
  std::vector<unsigned char> tx;  // LWS_PRE bytes of headroom + the message being written
  bool closing = false;
};

struct ContextFree {
  void operator()(lws_context* c) const noexcept;
};
using ContextPtr = std::unique_ptr<lws_context, ContextFree>;

// "{"type":"x","seq":12,...}" → 12; 0 when absent.
std::int64_t message_seq(const std::string& message);

}  // namespace control::detail

namespace control {

struct ApiServer::Impl {
  Control& control;
  Api api;
  const ApiServerOptions options;
  detail::ContextPtr context;
  std::atomic<bool> stopping{false};
  std::map<lws*, std::unique_ptr<detail::HttpExchange>> http;
  std::map<lws*, std::unique_ptr<detail::StreamClient>> streams;

  std::mutex inbox_mutex;
  // --- the following fields are protected by inbox_mutex
  std::deque<std::string> inbox;  // change messages from Control, for every stream client
  bool inbox_overflow = false;

  mutable std::mutex stats_mutex;
  // --- the following fields are protected by stats_mutex
  ApiServerStats stats;

  Impl(Control& c, ApiServerOptions o);

  // Called by Control on any thread: queue and wake the service thread.
  void on_change(const std::string& message);

  // api_server.cpp: HTTP.
  int on_http(lws* wsi, const char* path, std::size_t len);
  int on_body(lws* wsi, const char* data, std::size_t len);
  int on_body_done(lws* wsi);
  int on_http_writeable(lws* wsi);
  int confirm_upgrade(lws* wsi);
  void answer(lws* wsi, detail::HttpExchange& x);
  void count(int status);

  // api_stream.cpp: the WebSocket stream.
  void on_established(lws* wsi);
  void on_closed(lws* wsi);
  int on_stream_writeable(lws* wsi);
  void fan_out();
};

}  // namespace control
