#include "announcer/server.h"

#include <nlohmann/json.hpp>

#include "core/log.h"

// The page's files, embedded from assets/announcer by cmake/embed.cmake.
extern const std::string_view kAnnouncerPageHtml;
extern const std::string_view kAnnouncerPageJs;
extern const std::string_view kAnnouncerPageCss;

namespace announcer {

namespace {

// Everything the page loads comes from this server: no CDN, no outside fonts.
constexpr const char* kPagePolicy =
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'";

web::Response asset(std::string_view content_type, std::string_view body) {
  web::Response r{200, std::string(content_type), std::string(body), {}};
  // Served from memory: a tablet asks again each time, so a new engine's page is never stale.
  r.headers.emplace_back("cache-control", "no-cache");
  r.headers.emplace_back("x-content-type-options", "nosniff");
  return r;
}

web::Response method_not_allowed(const web::Request& r) {
  web::Response out =
      web::error_response(405, "method_not_allowed",
                          r.method + " " + r.path + ": the announcer page is read-only; use GET");
  out.headers.emplace_back("allow", "GET, HEAD");
  return out;
}

}  // namespace

AnnouncerServer::AnnouncerServer(AnnouncerServerOptions options) : options_(std::move(options)) {}

AnnouncerServer::~AnnouncerServer() {
  stop();
}

void AnnouncerServer::start() {
  if (server_) {
    server_->start();  // again after stop(): the same port, so the pages come back
    return;
  }
  web::HttpServerOptions o;
  o.host = options_.host;
  o.port = options_.port;
  o.name = "announcer";
  o.listen_hint = "; pick another --announcer HOST:PORT";
  o.max_body_bytes = 4 * 1024;  // nothing is posted to the page's server
  o.log = web::RequestLog::none;
  o.handler = [this](const web::Request& r) { return route(r); };
  web::StreamPath stream;
  stream.path = std::string(kStreamPath);
  stream.max_backlog = options_.max_backlog;
  stream.on_open = [this](const web::Request&) { return stream_start(); };
  o.streams.push_back(std::move(stream));
  auto server = std::make_unique<web::HttpServer>(std::move(o));
  server->start();
  {
    std::lock_guard<std::mutex> lock(mutex_);  // publish_*() may run on other threads already
    server_ = std::move(server);
  }
  core::log::info("announcer: page on http://" +
                  (options_.host.empty() ? std::string("0.0.0.0") : options_.host) + ":" +
                  std::to_string(server_->port()) + "/announcer");
}

void AnnouncerServer::stop() {
  if (!server_) return;
  server_->stop();
}

int AnnouncerServer::port() const {
  return server_ ? server_->port() : 0;
}

web::HttpServerStats AnnouncerServer::stats() const {
  return server_ ? server_->stats() : web::HttpServerStats{};
}

void AnnouncerServer::publish_arrivals(std::string json) {
  publish("arrivals", std::move(json));
}

void AnnouncerServer::publish_callout(std::string json) {
  publish("callout", std::move(json));
}

void AnnouncerServer::publish_status(std::string json) {
  publish("status", std::move(json));
}

void AnnouncerServer::publish(std::string_view type, std::string json) {
  const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("type") || parsed["type"] != type) {
    core::log::warn("announcer: dropped a " + std::string(type) +
                    " message that is not a JSON object with \"type\":\"" + std::string(type) +
                    "\": " + json.substr(0, 120) + "; the pages keep the last good one");
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  ++seq_;
  if (type == "arrivals") {
    arrivals_ = json;
  } else if (type == "status") {
    status_ = json;
  } else {
    callouts_.push_back(json);
    while (callouts_.size() > options_.recent_callouts) callouts_.pop_front();
  }
  // Under the lock, so the pages get the messages in the order they are numbered.
  if (server_) server_->broadcast(kStreamPath, std::move(json), seq_);
}

std::string AnnouncerServer::state_json() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string s = "{\"type\":\"state\",\"arrivals\":";
  s += arrivals_.empty() ? "null" : arrivals_;
  s += ",\"status\":";
  s += status_.empty() ? "null" : status_;
  s += ",\"callouts\":[";
  for (std::size_t i = 0; i < callouts_.size(); ++i) s += (i ? "," : "") + callouts_[i];
  s += "]}";
  return s;
}

// A new page gets the latest arrivals and status, then the recent callouts, oldest first.
web::StreamStart AnnouncerServer::stream_start() const {
  std::lock_guard<std::mutex> lock(mutex_);
  web::StreamStart start;
  start.after_seq = seq_;
  if (!arrivals_.empty()) start.messages.push_back(arrivals_);
  if (!status_.empty()) start.messages.push_back(status_);
  for (const std::string& c : callouts_) start.messages.push_back(c);
  return start;
}

web::Response AnnouncerServer::route(const web::Request& r) const {
  const std::string& p = r.path;
  const bool page = p == "/" || p == "/announcer" || p == "/announcer/";
  const bool known = page || p == "/announcer/app.js" || p == "/announcer/style.css" ||
                     p == "/announcer/state" || p == kStreamPath;
  if (!known)
    return web::error_response(404, "not_found",
                               "nothing at " + p + "; the announcer page is /announcer");
  if (r.method != "GET" && r.method != "HEAD") return method_not_allowed(r);
  if (page) {
    web::Response out = asset("text/html; charset=utf-8", kAnnouncerPageHtml);
    out.headers.emplace_back("content-security-policy", kPagePolicy);
    return out;
  }
  if (p == "/announcer/app.js") return asset("text/javascript; charset=utf-8", kAnnouncerPageJs);
  if (p == "/announcer/style.css") return asset("text/css; charset=utf-8", kAnnouncerPageCss);
  if (p == "/announcer/state") return web::Response{200, "application/json", state_json(), {}};
  web::Response out = web::error_response(
      426, "upgrade_required", std::string(kStreamPath) + " is a WebSocket: connect with ws://");
  out.headers.emplace_back("upgrade", "websocket");
  return out;
}

}  // namespace announcer
