// HttpServer: one HTTP/1.1 + WebSocket server on its own port and its own libwebsockets
// service thread, shared by the control API and the announcer page. Requests go to a handler;
// WebSocket stream paths send what `on_open` gives a new client, then every broadcast.
// Thread-safety: start(), stop() and the destructor from the owning thread; broadcast(),
// port() and stats() from any thread. Handlers and hooks run on the service thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace web {

struct Request {
  std::string method;                          // "GET", "POST", "PUT", "PATCH", "DELETE"...
  std::string path;                            // "/api/overlays/3", without the query
  std::map<std::string, std::string> query;    // decoded arguments; later duplicates win
  std::map<std::string, std::string> headers;  // names in lower case (a known few, see .cpp)
  std::string body;
  std::string peer;  // "127.0.0.1", for the log
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // More headers, names in lower case without the colon ("allow", "cache-control").
  // "cache-control: no-store" is added unless one is given here.
  std::vector<std::pair<std::string, std::string>> headers;
};

// {"error": {"code", "message"}} with `status`: the body every built-in refusal uses.
Response error_response(int status, std::string_view code, std::string_view message);

// What a new stream client gets first. Broadcasts numbered at or below `after_seq` are
// already in these messages and are not sent to it again (0: every broadcast is sent).
struct StreamStart {
  std::vector<std::string> messages;
  std::int64_t after_seq = 0;
};

struct StreamPath {
  std::string path;  // "/api/stream"
  // Asked on an upgrade to `path`: nullopt accepts, a response refuses (401...). May be empty.
  std::function<std::optional<Response>(const Request&)> accept;
  // Called on the service thread as the client connects. May be empty (nothing first).
  std::function<StreamStart(const Request&)> on_open;
  // A client this many messages behind is closed (it reconnects and starts again).
  std::size_t max_backlog = 2000;
};

enum class RequestLog {
  invalid = 0,
  none,
  changes,  // every request but GET and HEAD, at info
  all,
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";  // "" or "0.0.0.0": every interface
  int port = 0;                    // 0: any free port, see port()
  std::string name = "web";        // the log's and errors' prefix: "control api"
  // Appended to the "cannot listen" error: what the user should do ("; pick another ...").
  std::string listen_hint;
  std::size_t max_body_bytes = 64 * 1024;  // larger bodies get 413
  RequestLog log = RequestLog::changes;
  std::function<Response(const Request&)> handler;  // required
  std::vector<StreamPath> streams;
};

// Counts since start(); read from any thread.
struct HttpServerStats {
  std::int64_t requests = 0;        // HTTP requests answered (refused upgrades included)
  std::int64_t client_errors = 0;   // answered with 4xx
  std::int64_t server_errors = 0;   // answered with 5xx
  std::int64_t stream_clients = 0;  // connected now, every path
  std::int64_t stream_messages = 0;
  std::int64_t stream_dropped = 0;  // stream clients closed for falling behind
};

class HttpServer {
 public:
  explicit HttpServer(HttpServerOptions options);
  ~HttpServer();  // stops
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the service thread. Throws core::Error when HOST:PORT cannot be bound
  // (in use, not an address of this host) or there is no handler. After stop(), start()
  // again binds the same port as before (pages reconnect to where they were).
  void start();
  // Closes every connection and joins the thread. Safe to call twice.
  void stop();

  // Queues `message` for every client of stream `path` and wakes the service thread; never
  // waits for a client. `seq` > 0 numbers it (see StreamStart::after_seq). Before start()
  // or after stop() the message is dropped. The text is shared, not copied, per client.
  void broadcast(std::string_view path, std::string message, std::int64_t seq = 0);

  int port() const { return port_.load(); }
  HttpServerStats stats() const;
  const HttpServerOptions& options() const { return options_; }

  struct Impl;  // the service thread's side (http_server.cpp, http_stream.cpp)

 private:
  const HttpServerOptions options_;
  std::unique_ptr<Impl> impl_;
  std::thread thread_;
  std::atomic<int> port_{0};
};

// Whether a host name or address is this machine's loopback (127.0.0.0/8, ::1, localhost).
bool is_loopback_host(std::string_view host);

}  // namespace web
