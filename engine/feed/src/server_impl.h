// Internal to the feed server: the service-thread side (Server::Impl), one client
// connection's state, and the faults applied to its frames. Everything here runs on the
// service thread, except the fields Impl marks as guarded by stats_mutex.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "feed/feed_log.h"
#include "feed/server.h"
#include "web/lws_support.h"

struct lws;
struct lws_context;

namespace feed::detail {

using Clock = std::chrono::steady_clock;

// A frame ready to go out: its text and how many race messages it carries.
struct Frame {
  std::string text;
  std::int64_t messages = 0;
  enum class Kind { invalid, session, data, heartbeat, garbage } kind = Kind::invalid;
  bool duplicate = false;  // a second copy (dup fault)
};

struct Session {
  lws* wsi = nullptr;
  std::uint64_t id = 0;
  std::string peer;  // "127.0.0.1:51234"
  Clock::time_point connected_at{};
  Clock::time_point last_send{};
  std::int64_t drop_generation = 0;

  bool subscribed = false;
  std::int64_t cursor = 0;  // the last seq taken from the log into a frame
  std::deque<Frame> ready;  // frames to send before taking more from the log (bounded)
  struct Held {
    Clock::time_point due{};
    Frame frame;
  };
  std::vector<Held> held;  // reorder fault: frames held back until `due`
  std::mt19937_64 rng;

  std::string rx;                 // a client message being reassembled from fragments
  std::vector<unsigned char> tx;  // LWS_PRE bytes of headroom + the frame being written
  // The last frame is partly still in libwebsockets' buffer: not "sent" until it drains
  // (libwebsockets calls writeable again once it has).
  bool unflushed = false;

  // Set to close at the next writeable callback with this code and reason.
  int close_code = 0;
  std::string close_reason;
};

// A malformed frame for the garbage fault: valid UTF-8 text the decoder must reject, never
// something that decodes into a race event.
std::string garbage_frame(std::mt19937_64& rng, std::int64_t near_seq);

// Joins entries into one frame: a single object, or a batch array.
Frame data_frame(std::vector<FeedLog::Entry>& entries);

}  // namespace feed::detail

namespace feed {

struct Server::Impl {
  using Clock = detail::Clock;
  using Frame = detail::Frame;
  using Session = detail::Session;

  FeedLog& log;
  const ServerOptions options;
  web::LwsContextPtr context;
  std::atomic<bool> stopping{false};
  Clock::time_point started_at = Clock::now();
  std::atomic<std::int64_t> manual_stall_until_ms{0};
  std::uint64_t next_session_id = 1;
  std::map<Session*, std::unique_ptr<Session>> sessions;

  mutable std::mutex stats_mutex;
  // --- the following fields are protected by stats_mutex
  ServerStats stats;
  std::map<std::uint64_t, std::int64_t> sent_through;  // subscribed session id -> seq

  Impl(FeedLog& l, ServerOptions o) : log(l), options(std::move(o)) {}

  // Period of each connection's timer (heartbeats, held frames, faults).
  std::chrono::microseconds tick() const;
  bool stalled(Clock::time_point now) const;

  // server.cpp: connections and client messages.
  void on_established(lws* wsi, Session** slot);
  void on_closed(Session* s);
  int on_receive(Session& s, const char* data, std::size_t len);
  int on_message(Session& s);
  void subscribe(Session& s, const Subscribe& sub);
  void on_timer(Session& s);
  void refuse(Session& s, int code, const std::string& why);

  // server_write.cpp: what goes out, one frame per writeable callback.
  int on_writeable(Session& s);
  bool next_frame(Session& s, Clock::time_point now);
  bool take_from_log(Session& s, Clock::time_point now);
  void note_sent(Session& s, const Frame& f);
  void note_sent_through(Session& s);
  void note_sent_through_locked(Session& s);  // stats_mutex held
};

}  // namespace feed
