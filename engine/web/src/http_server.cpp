#include "web/http_server.h"

#include <libwebsockets.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/log.h"
#include "core/text.h"
#include "core/thread.h"
#include "http_server_impl.h"

namespace web {

using detail::HttpExchange;

namespace {

constexpr std::size_t kChunkBytes = 16 * 1024;
constexpr int kMaxQueryArgs = 64;

int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, std::size_t len);

// lws keeps a pointer to the protocol list for the context's lifetime. One protocol serves
// both the HTTP requests and every WebSocket stream.
const lws_protocols kProtocols[] = {
    {"pacecast-web", callback, 0, 0, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

std::string method_name(int m) {
  switch (m) {
    case LWSHUMETH_GET:
      return "GET";
    case LWSHUMETH_POST:
      return "POST";
    case LWSHUMETH_OPTIONS:
      return "OPTIONS";
    case LWSHUMETH_PUT:
      return "PUT";
    case LWSHUMETH_PATCH:
      return "PATCH";
    case LWSHUMETH_DELETE:
      return "DELETE";
    case LWSHUMETH_CONNECT:
      return "CONNECT";
    case LWSHUMETH_HEAD:
      return "HEAD";
    default:
      return "UNKNOWN";
  }
}

std::string header(lws* wsi, lws_token_indexes token) {
  const int n = lws_hdr_total_length(wsi, token);
  if (n <= 0) return {};
  std::string s(static_cast<std::size_t>(n) + 1, '\0');
  const int got = lws_hdr_copy(wsi, s.data(), n + 1, token);
  if (got < 0) return {};
  s.resize(static_cast<std::size_t>(got));
  return s;
}

bool add_header(lws* wsi, const std::string& name, const std::string& value, unsigned char** p,
                unsigned char* end) {
  const std::string n = name + ":";
  return lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>(n.c_str()),
                                     reinterpret_cast<const unsigned char*>(value.data()),
                                     static_cast<int>(value.size()), p, end) == 0;
}

int callback(lws* wsi, lws_callback_reasons reason, void*, void* in, std::size_t len) {
  auto* impl = static_cast<HttpServer::Impl*>(lws_context_user(lws_get_context(wsi)));
  if (!impl) return 0;
  switch (reason) {
    case LWS_CALLBACK_HTTP:
      return impl->on_http(wsi);
    case LWS_CALLBACK_HTTP_BODY:
      return impl->on_body(wsi, static_cast<const char*>(in), len);
    case LWS_CALLBACK_HTTP_BODY_COMPLETION:
      return impl->on_body_done(wsi);
    case LWS_CALLBACK_HTTP_WRITEABLE:
      return impl->on_http_writeable(wsi);
    case LWS_CALLBACK_CLOSED_HTTP:
    case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
      impl->http.erase(wsi);
      impl->upgrading.erase(wsi);
      return 0;
    case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
      return impl->confirm_upgrade(wsi);
    case LWS_CALLBACK_ESTABLISHED:
      impl->on_established(wsi);
      return 0;
    case LWS_CALLBACK_CLOSED:
      impl->on_closed(wsi);
      return 0;
    case LWS_CALLBACK_SERVER_WRITEABLE:
      return impl->on_stream_writeable(wsi);
    case LWS_CALLBACK_RECEIVE:
      return 0;  // a stream client has nothing to say; what it sends is ignored
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
      impl->fan_out();
      return 0;
    default:
      return 0;
  }
}

}  // namespace

Response error_response(int status, std::string_view code, std::string_view message) {
  nlohmann::json j;
  j["error"] = {{"code", std::string(code)}, {"message", std::string(message)}};
  return Response{status,
                  "application/json",
                  j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  {}};
}

bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

Request detail::request_of(lws* wsi) {
  Request r;
  char* uri = nullptr;
  int uri_len = 0;
  const int m = lws_http_get_uri_and_method(wsi, &uri, &uri_len);
  r.method = method_name(m);
  if (uri && uri_len > 0) r.path.assign(uri, static_cast<std::size_t>(uri_len));
  for (int i = 0; i < kMaxQueryArgs; ++i) {
    char arg[1024];
    const int n = lws_hdr_copy_fragment(wsi, arg, sizeof arg, WSI_TOKEN_HTTP_URI_ARGS, i);
    if (n < 0) break;
    const std::string_view a(arg, static_cast<std::size_t>(n));
    const auto eq = a.find('=');
    r.query[std::string(a.substr(0, eq))] = eq == a.npos ? "" : std::string(a.substr(eq + 1));
  }
  const std::pair<const char*, lws_token_indexes> wanted[] = {
      {"authorization", WSI_TOKEN_HTTP_AUTHORIZATION},
      {"content-type", WSI_TOKEN_HTTP_CONTENT_TYPE},
      {"content-length", WSI_TOKEN_HTTP_CONTENT_LENGTH},
      {"user-agent", WSI_TOKEN_HTTP_USER_AGENT}};
  for (const auto& [name, token] : wanted) {
    std::string v = header(wsi, token);
    if (!v.empty()) r.headers[name] = std::move(v);
  }
  char name[128] = {0};
  lws_get_peer_simple(wsi, name, sizeof name);
  r.peer = name;
  return r;
}

bool detail::write_head(lws* wsi, const Response& r) {
  std::vector<unsigned char> buf(LWS_PRE + 2048);
  unsigned char* start = buf.data() + LWS_PRE;
  unsigned char* p = start;
  unsigned char* end = buf.data() + buf.size() - 1;
  if (lws_add_http_common_headers(wsi, static_cast<unsigned>(r.status), r.content_type.c_str(),
                                  r.body.size(), &p, end))
    return false;
  bool cache_given = false;
  for (const auto& [name, value] : r.headers) {
    cache_given = cache_given || name == "cache-control";
    if (!add_header(wsi, name, value, &p, end)) return false;
  }
  if (!cache_given && !add_header(wsi, "cache-control", "no-store", &p, end)) return false;
  return lws_finalize_write_http_header(wsi, start, &p, end) == 0;
}

void HttpServer::Impl::count(int status) {
  ++counters.requests;
  if (status >= 400 && status < 500) ++counters.client_errors;
  if (status >= 500) ++counters.server_errors;
}

const StreamPath* HttpServer::Impl::stream_at(const std::string& path) const {
  for (const StreamPath& s : options.streams)
    if (s.path == path) return &s;
  return nullptr;
}

int HttpServer::Impl::on_http(lws* wsi) {
  auto& slot = http[wsi];
  slot = std::make_unique<HttpExchange>();
  HttpExchange& x = *slot;
  x.request = detail::request_of(wsi);
  const auto length = x.request.headers.find("content-length");
  if (length != x.request.headers.end()) {
    const auto n = core::parse_int(length->second);
    if (n && *n > 0) {
      x.too_large = *n > static_cast<long long>(options.max_body_bytes);
      return 0;  // the body follows (LWS_CALLBACK_HTTP_BODY)
    }
  }
  answer(wsi, x);
  return 0;
}

int HttpServer::Impl::on_body(lws* wsi, const char* data, std::size_t len) {
  const auto it = http.find(wsi);
  if (it == http.end()) return -1;
  HttpExchange& x = *it->second;
  if (x.too_large) return 0;  // read and dropped, so the connection stays in step
  if (x.request.body.size() + len > options.max_body_bytes) {
    x.too_large = true;
    x.request.body.clear();
    return 0;
  }
  x.request.body.append(data, len);
  return 0;
}

int HttpServer::Impl::on_body_done(lws* wsi) {
  const auto it = http.find(wsi);
  if (it == http.end()) return -1;
  answer(wsi, *it->second);
  return 0;
}

void HttpServer::Impl::answer(lws* wsi, HttpExchange& x) {
  const Request& r = x.request;
  if (x.too_large) {
    x.response = error_response(413, "too_large",
                                r.method + " " + r.path + ": the body is over the limit of " +
                                    std::to_string(options.max_body_bytes) + " bytes");
  } else {
    try {
      x.response = options.handler(r);
    } catch (const std::exception& e) {
      core::log::error(options.name + ": " + r.method + " " + r.path + " failed: " + e.what());
      x.response = error_response(500, "internal", std::string("the server failed: ") + e.what());
    }
  }
  if (r.method == "HEAD") x.response.body.clear();
  count(x.response.status);
  const bool change = r.method != "GET" && r.method != "HEAD";
  if (options.log == RequestLog::all || (options.log == RequestLog::changes && change)) {
    std::string text = options.name + ": " + r.peer + " " + r.method + " " + r.path + " -> " +
                       std::to_string(x.response.status);
    if (x.response.status >= 400) text += " " + x.response.body.substr(0, 300);
    core::log::info(text);
  }
  x.answering = true;
  if (!detail::write_head(wsi, x.response)) {
    lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
    return;
  }
  lws_callback_on_writable(wsi);
}

int HttpServer::Impl::on_http_writeable(lws* wsi) {
  const auto it = http.find(wsi);
  if (it == http.end() || !it->second->answering) return 0;
  HttpExchange& x = *it->second;
  const std::string& body = x.response.body;
  const std::size_t n = std::min(body.size() - x.sent, kChunkBytes);
  if (n > 0) {
    std::vector<unsigned char> buf(LWS_PRE + n);
    std::memcpy(buf.data() + LWS_PRE, body.data() + x.sent, n);
    const bool last = x.sent + n == body.size();
    if (lws_write(wsi, buf.data() + LWS_PRE, n, last ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP) < 0)
      return -1;
    x.sent += n;
    if (!last) {
      lws_callback_on_writable(wsi);
      return 0;
    }
  }
  http.erase(it);
  return lws_http_transaction_completed(wsi) ? -1 : 0;
}

// A WebSocket upgrade: only to a stream path, and only when its `accept` agrees.
int HttpServer::Impl::confirm_upgrade(lws* wsi) {
  Request r = detail::request_of(wsi);
  const StreamPath* stream = stream_at(r.path);
  std::optional<Response> refusal;
  if (!stream) {
    std::string paths;
    for (const StreamPath& s : options.streams) paths += (paths.empty() ? "" : ", ") + s.path;
    refusal = error_response(404, "not_found",
                             "no WebSocket at " + r.path + "; the streams are: " + paths);
  } else if (stream->accept) {
    refusal = stream->accept(r);
  }
  if (!refusal) {
    upgrading[wsi] = {stream, std::move(r)};
    return 0;
  }
  count(refusal->status);
  core::log::info(options.name + ": " + r.peer + " stream " + r.path +
                  " refused: " + std::to_string(refusal->status));
  if (!detail::write_head(wsi, *refusal)) return -1;
  std::vector<unsigned char> buf(LWS_PRE + refusal->body.size());
  std::memcpy(buf.data() + LWS_PRE, refusal->body.data(), refusal->body.size());
  if (lws_write(wsi, buf.data() + LWS_PRE, refusal->body.size(), LWS_WRITE_HTTP_FINAL) < 0)
    return -1;
  return 1;
}

HttpServer::HttpServer(HttpServerOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>(options_)) {}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::start() {
  if (impl_->context) return;
  if (!options_.handler)
    throw core::Error(options_.name + ": no request handler; the server cannot answer");
  route_lws_logs();
  lws_context_creation_info info;
  std::memset(&info, 0, sizeof info);
  info.protocols = kProtocols;
  info.user = impl_.get();
  info.options = LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND;
  // A restart keeps its port, so the pages reconnect to where they were.
  set_listen_address(info, options_.host, options_.port != 0 ? options_.port : port_.load());
  info.max_http_header_data = 8192;
  info.timeout_secs = 10;
  info.keepalive_timeout = 10;
  info.pt_serv_buf_size = 64 * 1024;
  impl_->stopping = false;
  impl_->context.reset(lws_create_context(&info));
  if (!impl_->context)
    throw core::Error(options_.name + ": cannot listen on " +
                      (is_any_host(options_.host) ? "0.0.0.0" : options_.host) + ":" +
                      std::to_string(options_.port) +
                      " (address in use or not an address of this machine)" + options_.listen_hint);
  lws_vhost* vhost = lws_get_vhost_by_name(impl_->context.get(), "default");
  port_ = vhost ? lws_get_vhost_listen_port(vhost) : options_.port;
  {
    std::lock_guard<std::mutex> lock(impl_->inbox_mutex);
    impl_->live = impl_->context.get();
  }
  thread_ = std::thread([impl = impl_.get()] {
    core::name_this_thread("http");
    while (!impl->stopping.load()) {
      if (lws_service(impl->context.get(), 0) < 0) break;
    }
  });
}

void HttpServer::stop() {
  if (!impl_->context) return;
  {
    std::lock_guard<std::mutex> lock(impl_->inbox_mutex);
    impl_->live = nullptr;  // broadcasts from now on are dropped
    impl_->inbox.clear();
  }
  impl_->stopping = true;
  lws_cancel_service(impl_->context.get());
  if (thread_.joinable()) thread_.join();
  impl_->context.reset();  // closes every connection
  impl_->http.clear();
  impl_->upgrading.clear();
  impl_->streams.clear();
  impl_->counters.stream_clients = 0;
}

void HttpServer::broadcast(std::string_view path, std::string message, std::int64_t seq) {
  impl_->push(detail::Broadcast{std::string(path),
                                std::make_shared<const std::string>(std::move(message)), seq});
}

HttpServerStats HttpServer::stats() const {
  const auto& c = impl_->counters;
  return HttpServerStats{c.requests.load(),        c.client_errors.load(),
                         c.server_errors.load(),   c.stream_clients.load(),
                         c.stream_messages.load(), c.stream_dropped.load()};
}

}  // namespace web
