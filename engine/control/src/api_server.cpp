#include "control/api_server.h"

#include <libwebsockets.h>

#include <algorithm>
#include <cstring>

#include "api_server_impl.h"
#include "core/error.h"
#include "core/log.h"
#include "core/text.h"

namespace control {

using detail::HttpExchange;

namespace {

constexpr std::size_t kChunkBytes = 16 * 1024;
constexpr std::size_t kMaxInbox = 10000;
constexpr int kMaxQueryArgs = 64;

int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, std::size_t len);

// lws keeps a pointer to the protocol list for the context's lifetime. One protocol serves
// both the HTTP requests and the /api/stream WebSocket.
const lws_protocols kProtocols[] = {
    {"pacecast-control", callback, 0, 0, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

void route_lws_logs() {
  static std::once_flag once;
  std::call_once(once, [] {
    lws_set_log_level(LLL_ERR | LLL_WARN, [](int level, const char* line) {
      std::string text = std::string("libwebsockets: ") + (line ? line : "");
      while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
      if (level & LLL_ERR)
        core::log::warn(text);
      else
        core::log::debug(text);
    });
  });
}

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

std::string peer_of(lws* wsi) {
  char name[128] = {0};
  lws_get_peer_simple(wsi, name, sizeof name);
  return name;
}

// The request line and headers lws parsed (the body comes later).
ApiRequest request_of(lws* wsi) {
  ApiRequest r;
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
      {"content-length", WSI_TOKEN_HTTP_CONTENT_LENGTH}};
  for (const auto& [name, token] : wanted) {
    std::string v = header(wsi, token);
    if (!v.empty()) r.headers[name] = std::move(v);
  }
  r.peer = peer_of(wsi);
  return r;
}

// Writes the status line and headers. Returns false when lws could not.
bool write_head(lws* wsi, const ApiResponse& r) {
  unsigned char buf[LWS_PRE + 1024];
  unsigned char* start = buf + LWS_PRE;
  unsigned char* p = start;
  unsigned char* end = buf + sizeof buf - 1;
  if (lws_add_http_common_headers(wsi, static_cast<unsigned>(r.status), r.content_type.c_str(),
                                  r.body.size(), &p, end))
    return false;
  static const char kNoStore[] = "no-store";
  if (lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>("cache-control:"),
                                  reinterpret_cast<const unsigned char*>(kNoStore),
                                  sizeof kNoStore - 1, &p, end))
    return false;
  static const char kBearer[] = "Bearer realm=\"pacecast\"";
  if (r.status == 401 &&
      lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>("www-authenticate:"),
                                  reinterpret_cast<const unsigned char*>(kBearer),
                                  sizeof kBearer - 1, &p, end))
    return false;
  if (!r.allow.empty() &&
      lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>("allow:"),
                                  reinterpret_cast<const unsigned char*>(r.allow.data()),
                                  static_cast<int>(r.allow.size()), &p, end))
    return false;
  return lws_finalize_write_http_header(wsi, start, &p, end) == 0;
}

int callback(lws* wsi, lws_callback_reasons reason, void*, void* in, std::size_t len) {
  auto* impl = static_cast<ApiServer::Impl*>(lws_context_user(lws_get_context(wsi)));
  if (!impl) return 0;
  switch (reason) {
    case LWS_CALLBACK_HTTP:
      return impl->on_http(wsi, static_cast<const char*>(in), len);
    case LWS_CALLBACK_HTTP_BODY:
      return impl->on_body(wsi, static_cast<const char*>(in), len);
    case LWS_CALLBACK_HTTP_BODY_COMPLETION:
      return impl->on_body_done(wsi);
    case LWS_CALLBACK_HTTP_WRITEABLE:
      return impl->on_http_writeable(wsi);
    case LWS_CALLBACK_CLOSED_HTTP:
    case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
      impl->http.erase(wsi);
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

void detail::ContextFree::operator()(lws_context* c) const noexcept {
  lws_context_destroy(c);
}

ApiServer::Impl::Impl(Control& c, ApiServerOptions o)
    : control(c), api(c, ApiOptions{o.token, o.metrics}), options(std::move(o)) {}

void ApiServer::Impl::on_change(const std::string& message) {
  {
    std::lock_guard<std::mutex> lock(inbox_mutex);
    if (inbox.size() >= kMaxInbox) {
      inbox.clear();  // the service thread is stuck: stream clients start again from the state
      inbox_overflow = true;
    }
    inbox.push_back(message);
  }
  if (context) lws_cancel_service(context.get());
}

void ApiServer::Impl::count(int status) {
  std::lock_guard<std::mutex> lock(stats_mutex);
  ++stats.requests;
  if (status >= 400 && status < 500) ++stats.client_errors;
  if (status >= 500) ++stats.server_errors;
}

int ApiServer::Impl::on_http(lws* wsi, const char*, std::size_t) {
  auto& slot = http[wsi];
  slot = std::make_unique<HttpExchange>();
  HttpExchange& x = *slot;
  x.request = request_of(wsi);
  const auto length = x.request.headers.find("content-length");
  if (length != x.request.headers.end()) {
    const auto n = core::parse_int(length->second);
    if (n && *n > 0) {
      x.too_large = *n > static_cast<long long>(kMaxApiBodyBytes);
      return 0;  // the body follows (LWS_CALLBACK_HTTP_BODY)
    }
  }
  answer(wsi, x);
  return 0;
}

int ApiServer::Impl::on_body(lws* wsi, const char* data, std::size_t len) {
  const auto it = http.find(wsi);
  if (it == http.end()) return -1;
  HttpExchange& x = *it->second;
  if (x.too_large) return 0;  // read and dropped, so the connection stays in step
  if (x.request.body.size() + len > kMaxApiBodyBytes) {
    x.too_large = true;
    x.request.body.clear();
    return 0;
  }
  x.request.body.append(data, len);
  return 0;
}

int ApiServer::Impl::on_body_done(lws* wsi) {
  const auto it = http.find(wsi);
  if (it == http.end()) return -1;
  answer(wsi, *it->second);
  return 0;
}

void ApiServer::Impl::answer(lws* wsi, HttpExchange& x) {
  const ApiRequest& r = x.request;
  if (x.too_large)
    x.response = Api::error(413, "too_large",
                            r.method + " " + r.path + ": the body is over the limit of " +
                                std::to_string(kMaxApiBodyBytes) + " bytes");
  else
    x.response = api.handle(r);
  if (r.method == "HEAD") x.response.body.clear();
  count(x.response.status);
  if (r.method != "GET" && r.method != "HEAD") {
    std::string text = "control api: " + r.peer + " " + r.method + " " + r.path + " -> " +
                       std::to_string(x.response.status);
    if (x.response.status >= 400) text += " " + x.response.body.substr(0, 300);
    core::log::info(text);
  }
  x.answering = true;
  if (!write_head(wsi, x.response)) {
    lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
    return;
  }
  lws_callback_on_writable(wsi);
}

int ApiServer::Impl::on_http_writeable(lws* wsi) {
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

// A WebSocket upgrade: only /api/stream, only with the token (header or ?token=).
int ApiServer::Impl::confirm_upgrade(lws* wsi) {
  ApiRequest r = request_of(wsi);
  ApiResponse refusal;
  if (r.path != "/api/stream")
    refusal =
        Api::error(404, "not_found", "no WebSocket at " + r.path + "; the stream is /api/stream");
  else if (!api.authorized(r, true))
    refusal = Api::error(401, "unauthorized",
                         "missing or wrong token: connect to /api/stream?token=TOKEN or send "
                         "\"Authorization: Bearer TOKEN\"");
  else
    return 0;
  count(refusal.status);
  core::log::info("control api: " + r.peer + " stream refused: " + std::to_string(refusal.status));
  if (!write_head(wsi, refusal)) return -1;
  std::vector<unsigned char> buf(LWS_PRE + refusal.body.size());
  std::memcpy(buf.data() + LWS_PRE, refusal.body.data(), refusal.body.size());
  if (lws_write(wsi, buf.data() + LWS_PRE, refusal.body.size(), LWS_WRITE_HTTP_FINAL) < 0)
    return -1;
  return 1;
}

bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

ApiServer::ApiServer(Control& control, ApiServerOptions options)
    : control_(control), options_(std::move(options)) {}

ApiServer::~ApiServer() {
  stop();
}

void ApiServer::start() {
  if (impl_) return;
  const bool any = options_.host.empty() || options_.host == "0.0.0.0";
  const std::string where = (any ? "0.0.0.0" : options_.host) + ":" + std::to_string(options_.port);
  if (options_.token.empty() &&
      !(options_.allow_no_token && !any && is_loopback_host(options_.host)))
    throw core::Error("control api: " + where +
                      ": no token; give --token TOKEN (every /api/ request must carry it), or "
                      "bind to 127.0.0.1 to run without one on this machine");
  route_lws_logs();
  impl_ = std::make_unique<Impl>(control_, options_);
  lws_context_creation_info info;
  std::memset(&info, 0, sizeof info);
  info.port = options_.port;
  info.iface = any ? nullptr : options_.host.c_str();
  info.protocols = kProtocols;
  info.user = impl_.get();
  info.options = LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND;
  if (!any && options_.host.find(':') == std::string::npos)
    info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
  info.max_http_header_data = 8192;
  info.timeout_secs = 10;
  info.keepalive_timeout = 10;
  info.pt_serv_buf_size = 64 * 1024;
  impl_->context.reset(lws_create_context(&info));
  if (!impl_->context) {
    impl_.reset();
    throw core::Error("control api: cannot listen on " + where +
                      " (address in use or not an address of this machine); pick another "
                      "--control HOST:PORT");
  }
  lws_vhost* vhost = lws_get_vhost_by_name(impl_->context.get(), "default");
  port_ = vhost ? lws_get_vhost_listen_port(vhost) : options_.port;
  listener_ =
      control_.subscribe([impl = impl_.get()](const std::string& m) { impl->on_change(m); });
  core::log::info("control api: listening on " + (any ? std::string("0.0.0.0") : options_.host) +
                  ":" + std::to_string(port_.load()) +
                  (options_.token.empty() ? " without a token" : ""));
  thread_ = std::thread([impl = impl_.get()] {
    while (!impl->stopping.load()) {
      if (lws_service(impl->context.get(), 0) < 0) break;
    }
  });
}

void ApiServer::stop() {
  if (!impl_) return;
  control_.unsubscribe(listener_);  // waits for a change being handed over
  impl_->stopping = true;
  lws_cancel_service(impl_->context.get());
  if (thread_.joinable()) thread_.join();
  impl_->context.reset();  // closes every connection
  impl_->http.clear();
  impl_->streams.clear();
  impl_.reset();
}

ApiServerStats ApiServer::stats() const {
  if (!impl_) return {};
  std::lock_guard<std::mutex> lock(impl_->stats_mutex);
  ApiServerStats s = impl_->stats;
  return s;
}

}  // namespace control
