// The control API on web::HttpServer: token rules, the /api/stream WebSocket (the whole
// state first, then Control's numbered change messages, none twice) and the request log.
#include "control/api_server.h"

#include "core/error.h"
#include "core/log.h"
#include "json_out.h"
#include "web/http_server.h"
#include "web/lws_support.h"

namespace control {

namespace {

constexpr std::string_view kStream = "/api/stream";

// "{"type":"x","seq":12,...}" → 12; 0 when absent.
std::int64_t message_seq(const std::string& message) {
  static constexpr std::string_view kKey = "\"seq\":";
  const auto at = message.find(kKey);
  if (at == std::string::npos) return 0;
  std::int64_t n = 0;
  for (std::size_t i = at + kKey.size();
       i < message.size() && message[i] >= '0' && message[i] <= '9'; ++i)
    n = n * 10 + (message[i] - '0');
  return n;
}

ApiRequest api_request(const web::Request& r) {
  return ApiRequest{r.method, r.path, r.query, r.headers, r.body, r.peer};
}

web::Response web_response(ApiResponse a) {
  web::Response r{a.status, std::move(a.content_type), std::move(a.body), {}};
  if (a.status == 401) r.headers.emplace_back("www-authenticate", "Bearer realm=\"pacecast\"");
  if (!a.allow.empty()) r.headers.emplace_back("allow", std::move(a.allow));
  return r;
}

// The first stream message: the whole state, numbered with the last change it includes.
web::StreamStart stream_start(const Control& control) {
  const json::Json state = json::Json::parse(control.state_json());
  json::Json first;
  first["type"] = "state";
  first["seq"] = state.value("seq", std::int64_t{0});
  first["state"] = state;
  web::StreamStart start;
  start.after_seq = first["seq"];
  start.messages.push_back(json::text(first));
  return start;
}

web::HttpServerOptions server_options(const ApiServerOptions& o, Control& control, const Api& api) {
  web::HttpServerOptions w;
  w.host = o.host;
  w.port = o.port;
  w.name = "control api";
  w.listen_hint = "; pick another --control HOST:PORT";
  w.max_body_bytes = kMaxApiBodyBytes;
  w.log = web::RequestLog::changes;
  w.handler = [&api](const web::Request& r) { return web_response(api.handle(api_request(r))); };
  web::StreamPath stream;
  stream.path = std::string(kStream);
  stream.max_backlog = o.max_stream_backlog;
  stream.accept = [&api](const web::Request& r) -> std::optional<web::Response> {
    if (api.authorized(api_request(r), true)) return std::nullopt;
    return web_response(Api::error(401, "unauthorized",
                                   "missing or wrong token: connect to /api/stream?token=TOKEN "
                                   "or send \"Authorization: Bearer TOKEN\""));
  };
  stream.on_open = [&control](const web::Request&) { return stream_start(control); };
  w.streams.push_back(std::move(stream));
  return w;
}

}  // namespace

ApiServer::ApiServer(Control& control, ApiServerOptions options)
    : control_(control), options_(std::move(options)) {}

ApiServer::~ApiServer() {
  stop();
}

void ApiServer::start() {
  if (server_) return;
  const bool any = web::is_any_host(options_.host);
  const std::string where = (any ? "0.0.0.0" : options_.host) + ":" + std::to_string(options_.port);
  if (options_.token.empty() &&
      !(options_.allow_no_token && !any && web::is_loopback_host(options_.host)))
    throw core::Error("control api: " + where +
                      ": no token; give --token TOKEN (every /api/ request must carry it), or "
                      "bind to 127.0.0.1 to run without one on this machine");
  api_ = std::make_unique<Api>(control_, ApiOptions{options_.token, options_.metrics});
  server_ = std::make_unique<web::HttpServer>(server_options(options_, control_, *api_));
  // Subscribed before the port opens: a client's first state is never older than the
  // changes it is sent next (the server skips those the state already has, by seq).
  listener_ = control_.subscribe([server = server_.get()](const std::string& m) {
    server->broadcast(kStream, m, message_seq(m));
  });
  try {
    server_->start();
  } catch (...) {
    control_.unsubscribe(listener_);
    server_.reset();
    api_.reset();
    throw;
  }
  core::log::info("control api: listening on " + (any ? std::string("0.0.0.0") : options_.host) +
                  ":" + std::to_string(server_->port()) +
                  (options_.token.empty() ? " without a token" : ""));
}

void ApiServer::stop() {
  if (!server_) return;
  control_.unsubscribe(listener_);  // waits for a change being handed over
  server_->stop();
  server_.reset();
  api_.reset();
}

int ApiServer::port() const {
  return server_ ? server_->port() : 0;
}

ApiServerStats ApiServer::stats() const {
  return server_ ? server_->stats() : ApiServerStats{};
}

}  // namespace control
