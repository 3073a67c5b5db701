// Internal to web::HttpServer: the service thread's side (HttpServer::Impl), one HTTP
// exchange and one stream client. Everything here runs on the service thread, except the
// fields Impl marks as guarded by its mutex and the atomic counters.
#pragma once

#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "web/http_server.h"
#include "web/lws_support.h"

struct lws;

namespace web::detail {

// One HTTP request and its response, on a connection (which may carry several in turn).
struct HttpExchange {
  Request request;
  bool too_large = false;  // the body is read and dropped, then 413
  Response response;
  std::size_t sent = 0;  // body bytes written
  bool answering = false;
};

using Text = std::shared_ptr<const std::string>;

struct StreamClient {
  lws* wsi = nullptr;
  std::string peer;
  const StreamPath* stream = nullptr;
  std::int64_t after_seq = 0;  // numbered broadcasts up to this are in what it got first
  std::deque<Text> queue;
  std::vector<unsigned char> tx;  // LWS_PRE bytes of headroom + the message being written
  bool closing = false;
};

struct Broadcast {
  std::string path;
  Text text;
  std::int64_t seq = 0;
};

}  // namespace web::detail

namespace web {

struct HttpServer::Impl {
  const HttpServerOptions& options;
  LwsContextPtr context;
  std::atomic<bool> stopping{false};
  std::map<lws*, std::unique_ptr<detail::HttpExchange>> http;
  // Accepted upgrades until established: the stream and the upgrade request (for on_open).
  std::map<lws*, std::pair<const StreamPath*, Request>> upgrading;
  std::map<lws*, std::unique_ptr<detail::StreamClient>> streams;

  std::mutex inbox_mutex;
  // --- the following fields are protected by inbox_mutex
  lws_context* live = nullptr;  // the context while broadcasts are accepted
  std::deque<detail::Broadcast> inbox;
  bool inbox_overflow = false;

  struct Counters {
    std::atomic<std::int64_t> requests{0}, client_errors{0}, server_errors{0};
    std::atomic<std::int64_t> stream_clients{0}, stream_messages{0}, stream_dropped{0};
  } counters;

  explicit Impl(const HttpServerOptions& o) : options(o) {}

  // http_server.cpp: HTTP.
  int on_http(lws* wsi);
  int on_body(lws* wsi, const char* data, std::size_t len);
  int on_body_done(lws* wsi);
  int on_http_writeable(lws* wsi);
  int confirm_upgrade(lws* wsi);
  void answer(lws* wsi, detail::HttpExchange& x);
  void count(int status);
  const StreamPath* stream_at(const std::string& path) const;

  // http_stream.cpp: the WebSocket streams.
  void on_established(lws* wsi);
  void on_closed(lws* wsi);
  int on_stream_writeable(lws* wsi);
  void fan_out();
  void push(const detail::Broadcast& b);  // called by HttpServer::broadcast, any thread
};

namespace detail {
// The request line and headers lws parsed (the body comes later).
Request request_of(lws* wsi);
// Writes the status line and headers. Returns false when lws could not.
bool write_head(lws* wsi, const Response& r);
}  // namespace detail

}  // namespace web
