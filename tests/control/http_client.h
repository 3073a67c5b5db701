// A small HTTP/1.1 and WebSocket client over POSIX sockets for the control, web, announcer
// and app tests (and the announcer tests' DevTools connection to Chromium): real connections
// to the real server on loopback, with the bytes written exactly as given.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace control_test {

struct HttpReply {
  bool answered = false;  // a status line came back
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  // The header's value, or "" when it is absent; `name` in lower case.
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// "METHOD PATH HTTP/1.1" with Host, an optional Bearer token, and a body with its
// Content-Type and Content-Length.
std::string request_text(const std::string& method, const std::string& path,
                         const std::string& token = {}, const std::string& body = {},
                         const std::string& content_type = "application/json");

// Sends `raw` on a new connection and reads one response (by Content-Length). With
// `half_close`, the sending side is shut down after `raw` (for truncated or garbage input:
// the server may answer or just close). Gives up after `timeout`.
HttpReply send_raw(int port, const std::string& raw, bool half_close = false,
                   std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

// Convenience: one well-formed request.
HttpReply call(int port, const std::string& method, const std::string& path,
               const std::string& token = {}, const std::string& body = {});

// A WebSocket client: connects with an upgrade request to `path_and_query`.
class WsClient {
 public:
  // Connects and completes the handshake; `status()` is 101 when upgraded, else the HTTP
  // status the server answered with (and body() its body), 0 when none came within `timeout`.
  // Throws std::runtime_error when the port does not accept the connection.
  WsClient(int port, const std::string& path_and_query, const std::string& bearer = {},
           std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  int status() const { return status_; }
  const std::string& body() const { return body_; }
  // The next text message, or nullopt on close or after `timeout`.
  std::optional<std::string> next(
      std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  // Sends one text message (masked, as a client must). False when the connection is gone.
  bool send_text(const std::string& text);

 private:
  bool fill(std::size_t n, std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  int status_ = 0;
  std::string body_;
  std::string buffer_;
};

}  // namespace control_test
