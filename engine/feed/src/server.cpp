#include "feed/server.h"

#include <arpa/inet.h>
#include <libwebsockets.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>

#include "core/error.h"
#include "core/log.h"
#include "core/thread.h"
#include "server_impl.h"
#include "web/lws_support.h"

namespace feed {

using detail::Clock;
using detail::Frame;
using detail::Session;

namespace {

constexpr const char* kProtocolName = "pacecast-feed";

int server_callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, std::size_t len);

// lws keeps a pointer to the protocol list for the context's lifetime.
const lws_protocols kProtocols[] = {
    {kProtocolName, server_callback, sizeof(Session*), 0, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

std::int64_t steady_ms(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

std::chrono::microseconds Server::Impl::tick() const {
  int ms = 50;
  if (options.faults.reorder_ms > 0) ms = std::clamp(options.faults.reorder_ms / 4, 1, 50);
  return std::chrono::milliseconds(ms);
}

namespace {

int server_callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, std::size_t len) {
  auto* impl = static_cast<Server::Impl*>(lws_context_user(lws_get_context(wsi)));
  auto** slot = static_cast<Session**>(user);
  Session* s = slot ? *slot : nullptr;
  switch (reason) {
    case LWS_CALLBACK_ESTABLISHED:
      impl->on_established(wsi, slot);
      return 0;
    case LWS_CALLBACK_CLOSED:
      if (s) impl->on_closed(s);
      if (slot) *slot = nullptr;
      return 0;
    case LWS_CALLBACK_RECEIVE:
      return s ? impl->on_receive(*s, static_cast<const char*>(in), len) : -1;
    case LWS_CALLBACK_SERVER_WRITEABLE:
      return s ? impl->on_writeable(*s) : 0;
    case LWS_CALLBACK_TIMER:
      if (s) impl->on_timer(*s);
      return 0;
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
      // The log grew (or stop() was called): every client may have something to send.
      if (impl) lws_callback_on_writable_all_protocol(lws_get_context(wsi), &kProtocols[0]);
      return 0;
    default:
      return 0;
  }
}

}  // namespace

bool Server::Impl::stalled(Clock::time_point now) const {
  const auto& f = options.faults;
  if (f.stall_s > 0) {
    const auto from = started_at + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(f.stall_at_s));
    const auto until = from + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(f.stall_s));
    if (now >= from && now < until) return true;
  }
  return steady_ms(now) < manual_stall_until_ms.load();
}

void Server::Impl::on_established(lws* wsi, Session** slot) {
  auto owned = std::make_unique<Session>();
  Session* s = owned.get();
  s->wsi = wsi;
  s->id = next_session_id++;
  char name[128] = {0};
  lws_get_peer_simple(wsi, name, sizeof name);
  char port_text[16] = {0};
  const int fd = lws_get_socket_fd(wsi);
  sockaddr_storage addr{};
  socklen_t addr_len = sizeof addr;
  if (fd >= 0 && getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &addr_len) == 0) {
    int p = 0;
    if (addr.ss_family == AF_INET) p = ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
    if (addr.ss_family == AF_INET6) p = ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
    std::snprintf(port_text, sizeof port_text, ":%d", p);
  }
  s->peer = std::string(name) + port_text;
  s->connected_at = s->last_send = Clock::now();
  s->rng.seed(options.faults.seed * 0x9E3779B97F4A7C15ull + s->id);
  if (options.faults.drop_every_s > 0)
    s->drop_generation = static_cast<std::int64_t>(
        std::chrono::duration<double>(s->connected_at - started_at).count() /
        options.faults.drop_every_s);
  Hello hello;
  hello.feed = log.feed();
  hello.epoch = log.epoch();
  hello.last_seq = log.last_seq();
  s->ready.push_back(Frame{encode(Message{hello}), 0, Frame::Kind::session});
  *slot = s;
  sessions.emplace(s, std::move(owned));
  {
    std::lock_guard<std::mutex> lock(stats_mutex);
    ++stats.connections;
    stats.clients = static_cast<std::int64_t>(sessions.size());
  }
  core::log::info("feed server: client " + s->peer + " connected");
  lws_set_timer_usecs(wsi, tick().count());
  lws_callback_on_writable(wsi);
}

void Server::Impl::on_closed(Session* s) {
  core::log::info("feed server: client " + s->peer + " disconnected (sent through seq " +
                  std::to_string(s->cursor) + ")");
  {
    std::lock_guard<std::mutex> lock(stats_mutex);
    sent_through.erase(s->id);
    stats.clients = static_cast<std::int64_t>(sessions.size()) - 1;
  }
  sessions.erase(s);
}

void Server::Impl::refuse(Session& s, int code, const std::string& why) {
  core::log::warn("feed server: client " + s.peer + ": " + why + "; closing the connection");
  {
    std::lock_guard<std::mutex> lock(stats_mutex);
    ++stats.bad_clients;
  }
  std::string reason = why.substr(0, 120);
  lws_close_reason(s.wsi, static_cast<lws_close_status>(code),
                   reinterpret_cast<unsigned char*>(reason.data()), reason.size());
}

int Server::Impl::on_receive(Session& s, const char* data, std::size_t len) {
  if (lws_frame_is_binary(s.wsi)) {
    refuse(s, LWS_CLOSE_STATUS_UNACCEPTABLE_OPCODE,
           "sent a binary frame; the feed protocol uses JSON text frames");
    return -1;
  }
  if (s.rx.size() + len > kMaxFrameBytes) {
    refuse(s, LWS_CLOSE_STATUS_POLICY_VIOLATION,
           "sent a message over " + std::to_string(kMaxFrameBytes) + " bytes");
    return -1;
  }
  s.rx.append(data, len);
  if (!lws_is_final_fragment(s.wsi) || lws_remaining_packet_payload(s.wsi) > 0) return 0;
  const int rc = on_message(s);
  s.rx.clear();
  return rc;
}

int Server::Impl::on_message(Session& s) {
  const Decoded d = decode(s.rx);
  for (const auto& e : d.errors) {
    if (e.code == "unknown_type") {
      core::log::debug("feed server: client " + s.peer + ": " + e.message);
      continue;
    }
    refuse(s, LWS_CLOSE_STATUS_POLICY_VIOLATION,
           "sent a bad message (" + e.code + ": " + e.message + ")");
    return -1;
  }
  for (const auto& m : d.messages) {
    if (const auto* sub = std::get_if<Subscribe>(&m)) {
      subscribe(s, *sub);
    } else if (std::holds_alternative<Heartbeat>(m)) {
      // A client may prove it is alive; nothing to do.
    } else {
      refuse(s, LWS_CLOSE_STATUS_POLICY_VIOLATION,
             "sent a message a client must not send (only `subscribe` and `heartbeat`)");
      return -1;
    }
  }
  return 0;
}

void Server::Impl::subscribe(Session& s, const Subscribe& sub) {
  const std::int64_t first = log.first_seq();
  const std::int64_t last = log.last_seq();
  std::string why;
  if (sub.epoch != log.epoch())
    why = sub.epoch.empty() ? "new receiver (no epoch given)"
                            : "epoch changed: the receiver has `" + sub.epoch +
                                  "`, the feed is now `" + log.epoch() + "`";
  else if (sub.since > last)
    why = "cursor ahead of the feed: since " + std::to_string(sub.since) + " > last seq " +
          std::to_string(last);
  else if (sub.since + 1 < first)
    why = "history gone: the feed keeps seq " + std::to_string(first) + " onwards, since " +
          std::to_string(sub.since) + " asked for earlier";
  s.subscribed = true;
  s.held.clear();
  std::erase_if(s.ready, [](const Frame& f) { return f.kind != Frame::Kind::session; });
  if (why.empty()) {
    s.cursor = sub.since;
    core::log::info("feed server: client " + s.peer + " subscribed since seq " +
                    std::to_string(sub.since) + " (last seq " + std::to_string(last) + ")");
  } else {
    Resync r{log.epoch(), first - 1, why};
    s.cursor = r.since;
    s.ready.push_back(Frame{encode(Message{r}), 0, Frame::Kind::session});
    core::log::info("feed server: client " + s.peer + ": resync to seq " + std::to_string(r.since) +
                    ": " + why);
    std::lock_guard<std::mutex> lock(stats_mutex);
    ++stats.resyncs;
  }
  {
    std::lock_guard<std::mutex> lock(stats_mutex);
    sent_through[s.id] = s.cursor;
  }
  lws_callback_on_writable(s.wsi);
}

void Server::Impl::on_timer(Session& s) {
  const auto now = Clock::now();
  const auto& f = options.faults;
  if (f.drop_every_s > 0) {
    const auto generation = static_cast<std::int64_t>(
        std::chrono::duration<double>(now - started_at).count() / f.drop_every_s);
    if (generation > s.drop_generation) {
      core::log::info("feed server: fault: dropping client " + s.peer);
      {
        std::lock_guard<std::mutex> lock(stats_mutex);
        ++stats.drops;
      }
      lws_set_timeout(s.wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
      return;
    }
  }
  if (!s.subscribed && now - s.connected_at > options.subscribe_timeout) {
    s.close_code = LWS_CLOSE_STATUS_POLICY_VIOLATION;
    s.close_reason =
        "no subscribe within " + std::to_string(options.subscribe_timeout.count() / 1000) + " s";
  }
  lws_callback_on_writable(s.wsi);
  lws_set_timer_usecs(s.wsi, tick().count());
}

Server::Server(FeedLog& log, ServerOptions options) : log_(log), options_(std::move(options)) {}

Server::~Server() {
  stop();
}

void Server::start() {
  if (impl_) return;
  web::route_lws_logs();
  impl_ = std::make_unique<Impl>(log_, options_);
  lws_context_creation_info info;
  std::memset(&info, 0, sizeof info);
  const bool any = web::is_any_host(options_.host);
  info.protocols = kProtocols;
  info.user = impl_.get();
  info.options = LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND;
  web::set_listen_address(info, options_.host, options_.port);
  info.pt_serv_buf_size = 64 * 1024;
  impl_->context.reset(lws_create_context(&info));
  const std::string where = (any ? "0.0.0.0" : options_.host) + ":" + std::to_string(options_.port);
  if (!impl_->context) {
    impl_.reset();
    throw core::Error("feed server: cannot listen on " + where +
                      " (address in use or not an address of this machine); pick another "
                      "--listen HOST:PORT");
  }
  lws_vhost* vhost = lws_get_vhost_by_name(impl_->context.get(), "default");
  port_ = vhost ? lws_get_vhost_listen_port(vhost) : options_.port;
  impl_->started_at = Clock::now();
  listener_id_ = log_.add_listener([ctx = impl_->context.get()] { lws_cancel_service(ctx); });
  core::log::info("feed server: serving feed `" + log_.feed() + "` epoch `" + log_.epoch() +
                  "` on " + (any ? "0.0.0.0" : options_.host) + ":" + std::to_string(port_.load()));
  thread_ = std::thread([impl = impl_.get()] {
    core::name_this_thread("feed-server");
    while (!impl->stopping.load()) {
      if (lws_service(impl->context.get(), 0) < 0) break;
    }
  });
}

void Server::stop() {
  if (!impl_) return;
  log_.remove_listener(listener_id_);
  impl_->stopping = true;
  lws_cancel_service(impl_->context.get());
  if (thread_.joinable()) thread_.join();
  impl_->context.reset();  // closes every connection
  impl_->sessions.clear();
  impl_.reset();
}

ServerStats Server::stats() const {
  if (!impl_) return {};
  std::lock_guard<std::mutex> lock(impl_->stats_mutex);
  ServerStats s = impl_->stats;
  s.subscribed = static_cast<std::int64_t>(impl_->sent_through.size());
  s.min_sent_seq = -1;
  for (const auto& [id, seq] : impl_->sent_through)
    s.min_sent_seq = s.min_sent_seq < 0 ? seq : std::min(s.min_sent_seq, seq);
  return s;
}

void Server::stall(std::chrono::milliseconds duration) {
  if (!impl_) return;
  impl_->manual_stall_until_ms = steady_ms(Clock::now()) + duration.count();
}

}  // namespace feed
