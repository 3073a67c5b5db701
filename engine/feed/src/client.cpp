// feed::Client: the libwebsockets loop, connection life cycle, timers and reconnects.
// Frame handling (decode, journal, queue) is in client_session.cpp.
#include "feed/client.h"

#include <cstring>
#include <mutex>

#include "client_impl.h"
#include "core/error.h"
#include "core/log.h"
#include "core/thread.h"
#include "web/lws_support.h"

namespace feed {

namespace {

constexpr std::size_t kRxChunkBytes = 64 * 1024;
constexpr lws_usec_t kUsPerMs = 1000;

Client::Impl* owner_of(lws_sorted_usec_list_t* sul) {
  return reinterpret_cast<Client::Impl::Timer*>(sul)->owner;
}

lws_usec_t to_us(std::chrono::milliseconds ms) {
  return ms.count() * kUsPerMs;
}

std::string format_seconds(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, ms.count() < 1000 ? "%.2f s" : "%.1f s",
                static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

int client_callback(lws* wsi, lws_callback_reasons reason, void* /*user*/, void* in,
                    std::size_t len) {
  lws_context* ctx = lws_get_context(wsi);
  auto* impl = ctx ? static_cast<Client::Impl*>(lws_context_user(ctx)) : nullptr;
  if (!impl) return 0;
  switch (reason) {
    case LWS_CALLBACK_CLIENT_ESTABLISHED:
      impl->on_established(wsi);
      break;
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
      impl->on_disconnected(wsi,
                            in ? std::string(static_cast<const char*>(in),
                                             strnlen(static_cast<const char*>(in), len ? len : 256))
                               : std::string("connection failed"));
      break;
    case LWS_CALLBACK_CLIENT_CLOSED:
      impl->on_disconnected(wsi, "connection closed");
      break;
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED:  // woken by the writer (or by stop())
      if (!impl->stopping.load()) impl->take_write_failure();
      break;
    case LWS_CALLBACK_CLIENT_WRITEABLE:
      if (wsi != impl->wsi) return -1;
      impl->on_writeable(wsi);
      break;
    case LWS_CALLBACK_CLIENT_RECEIVE: {
      if (wsi != impl->wsi) return 0;  // a connection being dropped: ignore the rest
      if (lws_is_first_fragment(wsi)) {
        impl->rx.clear();
        impl->rx_too_large = false;
      }
      if (!impl->rx_too_large && impl->rx.size() + len > kMaxFrameBytes) {
        impl->rx_too_large = true;
        impl->rx.clear();
        impl->reject("too_large", "a frame over " + std::to_string(kMaxFrameBytes) +
                                      " bytes; the connection is closed");
        static const char kWhy[] = "frame too large";
        lws_close_reason(wsi, LWS_CLOSE_STATUS_POLICY_VIOLATION,
                         reinterpret_cast<unsigned char*>(const_cast<char*>(kWhy)),
                         sizeof kWhy - 1);
        impl->drop_connection("the feed sent a frame over " + std::to_string(kMaxFrameBytes) +
                              " bytes; closed the connection");
        return 0;
      }
      if (impl->rx_too_large) return 0;
      impl->rx.append(static_cast<const char*>(in), len);
      if (lws_is_final_fragment(wsi) && lws_remaining_packet_payload(wsi) == 0) {
        std::string text;
        text.swap(impl->rx);
        impl->on_frame(text);
      }
      break;
    }
    default:
      break;
  }
  return 0;
}

}  // namespace

std::string_view to_string(ClientState state) {
  switch (state) {
    case ClientState::connecting:
      return "connecting";
    case ClientState::connected:
      return "connected";
    case ClientState::stale:
      return "stale";
    case ClientState::backoff:
      return "backoff";
    case ClientState::stopped:
      return "stopped";
    case ClientState::invalid:
      break;
  }
  return "invalid";
}

ParsedUrl parse_ws_url(const std::string& url) {
  const auto fail = [&](const char* what) {
    return core::Error("feed: " + url + ": " + what +
                       "; give a URL like ws://127.0.0.1:9000 or wss://feed.example:443/live");
  };
  ParsedUrl out;
  std::string rest;
  if (url.rfind("ws://", 0) == 0) {
    rest = url.substr(5);
  } else if (url.rfind("wss://", 0) == 0) {
    out.tls = true;
    rest = url.substr(6);
  } else {
    throw fail("not a ws:// or wss:// URL");
  }
  const std::size_t slash = rest.find('/');
  out.path = slash == std::string::npos ? "/" : rest.substr(slash);
  std::string authority = rest.substr(0, slash);
  std::string port_text;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string::npos) throw fail("unclosed [ in the host");
    out.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') throw fail("junk after the host");
      port_text = authority.substr(close + 2);
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos) port_text = authority.substr(colon + 1);
  }
  if (out.host.empty()) throw fail("no host");
  out.port = out.tls ? 443 : 80;
  if (!port_text.empty()) {
    int port = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9' || port > 65535) throw fail("the port is not a number 1..65535");
      port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) throw fail("the port is not a number 1..65535");
    out.port = port;
  }
  return out;
}

Client::Impl::Impl(ClientOptions o, Journal& j, core::BoundedQueue<race::Event>& q)
    : options(std::move(o)), url(parse_ws_url(options.url)), journal(j), queue(q) {
  reconnect_timer.owner = this;
  liveness_timer.owner = this;
  drain_timer.owner = this;
  gap_timer.owner = this;
  next_backoff = options.backoff_initial;
  status.url = options.url;
}

void Client::Impl::set_state(ClientState s) {
  std::lock_guard<std::mutex> lock(status_mutex);
  status.state = s;
}

void Client::Impl::run() {
  core::name_this_thread("feed");
  connect();
  while (!stopping.load()) {
    if (lws_service(context, 0) < 0) break;
  }
}

void Client::Impl::connect() {
  if (stopping.load()) return;
  got_hello = false;
  rx_paused = false;
  rx.clear();
  outgoing.clear();
  conn_epoch.clear();
  {
    std::lock_guard<std::mutex> lock(status_mutex);
    status.state = ClientState::connecting;
    if (ever_connected) ++status.reconnects;
  }
  ever_connected = true;
  lws_client_connect_info info;
  std::memset(&info, 0, sizeof info);
  info.context = context;
  info.address = url.host.c_str();
  info.port = url.port;
  info.path = url.path.c_str();
  info.host = url.host.c_str();
  info.origin = url.host.c_str();
  info.local_protocol_name = protocols[0].name;
  if (url.tls) {
    info.ssl_connection = LCCSCF_USE_SSL;
    if (options.insecure) {
      info.ssl_connection |= LCCSCF_ALLOW_SELFSIGNED | LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK |
                             LCCSCF_ALLOW_EXPIRED | LCCSCF_ALLOW_INSECURE;
    }
  }
  wsi = nullptr;
  info.pwsi = &wsi;
  if (!lws_client_connect_via_info(&info)) {
    wsi = nullptr;
    if (!stopping.load()) {
      std::lock_guard<std::mutex> lock(status_mutex);
      if (status.state == ClientState::backoff) return;  // the error callback already did it
    }
    schedule_reconnect("cannot start a connection");
  }
}

void Client::Impl::on_established(lws* w) {
  if (w != wsi) return;
  last_rx = std::chrono::steady_clock::now();
  lws_sul_schedule(
      context, 0, &liveness_timer.sul,
      [](lws_sorted_usec_list_t* sul) { owner_of(sul)->check_liveness(); },
      to_us(options.heartbeat_timeout));
  core::log::debug("feed: " + options.url + ": connected; waiting for hello");
}

void Client::Impl::on_disconnected(lws* w, const std::string& why) {
  if (w != wsi && wsi != nullptr) return;  // an old connection
  wsi = nullptr;
  lws_sul_cancel(&liveness_timer.sul);
  if (stopping.load()) return;
  {
    std::lock_guard<std::mutex> lock(status_mutex);
    if (status.state == ClientState::backoff) return;
  }
  schedule_reconnect(why);
}

void Client::Impl::schedule_reconnect(const std::string& why) {
  if (stopping.load()) return;
  const double base = static_cast<double>(next_backoff.count());
  std::uniform_real_distribution<double> jitter(1.0 - options.backoff_jitter,
                                                1.0 + options.backoff_jitter);
  const auto delay = std::chrono::milliseconds(static_cast<std::int64_t>(base * jitter(rng)));
  next_backoff = std::min<std::chrono::milliseconds>(next_backoff * 2, options.backoff_max);
  {
    std::lock_guard<std::mutex> lock(status_mutex);
    status.state = ClientState::backoff;
    status.last_error = why;
  }
  core::log::warn("feed: " + options.url + ": " + why + "; retrying in " + format_seconds(delay));
  lws_sul_schedule(
      context, 0, &reconnect_timer.sul,
      [](lws_sorted_usec_list_t* sul) { owner_of(sul)->connect(); }, to_us(delay));
}

// Closes the current connection; its close callback schedules the reconnect.
void Client::Impl::drop_connection(const std::string& why) {
  lws_sul_cancel(&liveness_timer.sul);
  if (!wsi) {
    schedule_reconnect(why);
    return;
  }
  lws* old = wsi;
  wsi = nullptr;
  lws_set_timeout(old, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
  schedule_reconnect(why);
}

void Client::Impl::check_liveness() {
  if (!wsi || stopping.load()) return;
  const auto now = std::chrono::steady_clock::now();
  if (rx_paused) last_rx = now;  // not reading on purpose: silence proves nothing
  const auto silent = std::chrono::duration_cast<std::chrono::milliseconds>(now - last_rx);
  if (silent < options.heartbeat_timeout) {
    lws_sul_schedule(
        context, 0, &liveness_timer.sul,
        [](lws_sorted_usec_list_t* sul) { owner_of(sul)->check_liveness(); },
        to_us(options.heartbeat_timeout - silent));
    return;
  }
  {
    std::lock_guard<std::mutex> lock(status_mutex);
    status.state = ClientState::stale;
    ++status.stale;
  }
  drop_connection("no message or heartbeat for " + format_seconds(silent) +
                  ", the feed is stale; check the feed and the network");
}

void Client::Impl::send_text(std::string text) {
  outgoing.push_back(std::move(text));
  if (wsi) lws_callback_on_writable(wsi);
}

void Client::Impl::on_writeable(lws* w) {
  if (outgoing.empty()) return;
  std::string& text = outgoing.front();
  std::vector<unsigned char> buf(LWS_PRE + text.size());
  std::memcpy(buf.data() + LWS_PRE, text.data(), text.size());
  const int n = lws_write(w, buf.data() + LWS_PRE, text.size(), LWS_WRITE_TEXT);
  outgoing.pop_front();
  if (n < static_cast<int>(text.size())) {
    drop_connection("cannot send to the feed");
    return;
  }
  if (!outgoing.empty()) lws_callback_on_writable(w);
}

void Client::Impl::set_rx_paused(bool paused) {
  if (rx_paused == paused) return;
  rx_paused = paused;
  if (wsi) lws_rx_flow_control(wsi, paused ? 0 : 1);
  if (!paused) last_rx = std::chrono::steady_clock::now();
}

Client::Client(ClientOptions options, Journal& journal, core::BoundedQueue<race::Event>& queue)
    : impl_(std::make_unique<Impl>(std::move(options), journal, queue)) {}

Client::~Client() {
  stop();
}

void Client::start() {
  Impl& m = *impl_;
  if (m.context) return;
  web::route_lws_logs();
  m.cursor = m.journal.cursor();
  m.held.clear();
  m.gap_timer_armed = false;
  m.load_content_keys();
  {
    std::lock_guard<std::mutex> lock(m.status_mutex);
    m.status.epoch = m.cursor.epoch;
    m.status.last_seq = m.cursor.seq;
  }
  m.protocols[0].name = "pacecast-feed";
  m.protocols[0].callback = client_callback;
  m.protocols[0].rx_buffer_size = kRxChunkBytes;
  lws_context_creation_info info;
  std::memset(&info, 0, sizeof info);
  info.port = CONTEXT_PORT_NO_LISTEN;
  info.protocols = m.protocols;
  info.user = &m;
  info.gid = -1;
  info.uid = -1;
  info.timeout_secs = 20;
  info.connect_timeout_secs = 20;
  if (m.url.tls) {
    info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
    if (!m.options.ca_file.empty()) info.client_ssl_ca_filepath = m.options.ca_file.c_str();
  }
  m.context = lws_create_context(&info);
  if (!m.context) {
    throw core::Error("feed: " + m.options.url +
                      ": cannot create the WebSocket client (TLS set-up failed?); check the CA "
                      "file and the log above");
  }
  m.stopping = false;
  m.handed = m.cursor;
  {
    std::lock_guard<std::mutex> lock(m.write_mutex);
    m.writer_stop = false;
    m.write_failed = false;
    m.write_jobs.clear();
    m.unwritten.clear();
  }
  m.writer = std::thread([&m] { m.run_writer(); });
  m.thread = std::thread([&m] { m.run(); });
}

void Client::stop() {
  Impl& m = *impl_;
  if (!m.context) return;
  m.stopping = true;
  lws_cancel_service(m.context);
  if (m.thread.joinable()) m.thread.join();
  {
    std::lock_guard<std::mutex> lock(m.write_mutex);
    m.writer_stop = true;  // the writer journals what it was handed, then ends
  }
  m.write_wake.notify_one();
  if (m.writer.joinable()) m.writer.join();
  lws_context_destroy(m.context);
  m.context = nullptr;
  m.wsi = nullptr;
  std::lock_guard<std::mutex> lock(m.status_mutex);
  m.status.state = ClientState::stopped;
}

ClientStatus Client::status() const {
  std::lock_guard<std::mutex> lock(impl_->status_mutex);
  ClientStatus s = impl_->status;
  return s;
}

}  // namespace feed
