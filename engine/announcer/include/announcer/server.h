// AnnouncerServer: the announcers' web page (embedded HTML/JS/CSS) and its live feed on a
// web::HttpServer. Read-only and without a token: it shows public race data. The engine
// publishes ready JSON messages (docs/announcer.md); each is built once, whatever the number
// of tablets. Thread-safety: start(), stop() and the destructor from the owning thread;
// publish_*(), state_json(), port() and stats() from any thread, never blocking.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "web/http_server.h"

namespace announcer {

struct AnnouncerServerOptions {
  // Loopback by default; "0.0.0.0" for the tablets on the finish-area Wi-Fi.
  std::string host = "127.0.0.1";
  int port = 0;                      // 0: any free port, see port()
  std::size_t recent_callouts = 20;  // callouts a new page gets first
  std::size_t max_backlog = 500;     // a tablet this many messages behind is closed
};

class AnnouncerServer {
 public:
  explicit AnnouncerServer(AnnouncerServerOptions options = {});
  ~AnnouncerServer();  // stops
  AnnouncerServer(const AnnouncerServer&) = delete;
  AnnouncerServer& operator=(const AnnouncerServer&) = delete;

  // Binds and serves. Throws core::Error when HOST:PORT cannot be bound.
  void start();
  void stop();  // closes every tablet's connection; safe to call twice

  // One JSON object each ({"type":"arrivals"...}, {"type":"callout"...},
  // {"type":"status"...}). Kept as the latest (arrivals, status) or among the recent
  // (callouts), then sent to every page. A message that is not a JSON object of that type
  // is dropped with a warning: the pages never get broken JSON.
  void publish_arrivals(std::string json);
  void publish_callout(std::string json);
  void publish_status(std::string json);

  // GET /announcer/state: {"type":"state","arrivals":{..}|null,"status":{..}|null,
  // "callouts":[oldest..newest]}.
  std::string state_json() const;

  int port() const;
  web::HttpServerStats stats() const;

  static constexpr std::string_view kStreamPath = "/announcer/stream";

 private:
  void publish(std::string_view type, std::string json);
  web::Response route(const web::Request& r) const;
  web::StreamStart stream_start() const;

  const AnnouncerServerOptions options_;
  std::unique_ptr<web::HttpServer> server_;

  mutable std::mutex mutex_;
  // --- the following fields are protected by mutex_
  std::int64_t seq_ = 0;              // numbers every published message
  std::string arrivals_;              // the latest, or empty
  std::string status_;                // the latest, or empty
  std::deque<std::string> callouts_;  // the recent ones, oldest first
};

}  // namespace announcer
