// ApiServer: the control API on a web::HttpServer (its own port, its own libwebsockets
// service thread). HTTP requests go to Api::handle(); /api/stream is a WebSocket that sends
// the whole state first and then every change message of Control. Control's calls are quick
// and never wait for the render loop, so a slow client never holds up the engine.
// Thread-safety: start(), stop() and the destructor from the owning thread; port() and
// stats() from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "control/api.h"
#include "web/http_server.h"

namespace control {

struct ApiServerOptions {
  std::string host = "127.0.0.1";  // "" or "0.0.0.0": every interface
  int port = 0;                    // 0: any free port, see port()
  // Required. An empty token is accepted only with `allow_no_token` on a loopback host
  // (127.0.0.0/8, ::1, localhost): anyone who can reach the port could take graphics to air.
  std::string token;
  bool allow_no_token = false;
  std::function<std::string()> metrics;  // more /metrics text (ApiOptions::metrics)
  // A stream client this many messages behind is closed (it reconnects and gets the state).
  std::size_t max_stream_backlog = 2000;
};

// Counts since start(); read from any thread.
using ApiServerStats = web::HttpServerStats;

class ApiServer {
 public:
  // `control` must outlive the server.
  ApiServer(Control& control, ApiServerOptions options);
  ~ApiServer();  // stops
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Binds and starts the service thread. Throws core::Error when there is no token and none
  // may be omitted, or when HOST:PORT cannot be bound (in use, not an address of this host).
  void start();
  // Closes every connection and joins the thread. Safe to call twice.
  void stop();

  int port() const;
  ApiServerStats stats() const;

 private:
  Control& control_;
  ApiServerOptions options_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<web::HttpServer> server_;
  int listener_ = 0;
};

}  // namespace control
