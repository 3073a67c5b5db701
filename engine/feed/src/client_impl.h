// Internals of feed::Client shared by client.cpp (libwebsockets loop, timers, reconnects)
// and client_session.cpp (frames -> journal -> queue). Only the feed thread touches these
// fields, except those under status_mutex and the atomics.
#pragma once

#include <libwebsockets.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "feed/client.h"
#include "feed/codec.h"

namespace feed {

struct ParsedUrl {
  bool tls = false;
  std::string host;
  int port = 0;
  std::string path;
};
ParsedUrl parse_ws_url(const std::string& url);

using SteadyTime = std::chrono::steady_clock::time_point;

// A passing's content (mat, bib, chip, time) as 128 bits, for duplicates under another seq.
struct ContentKey {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  friend bool operator==(const ContentKey&, const ContentKey&) = default;
};
struct ContentKeyHash {
  std::size_t operator()(const ContentKey& k) const { return static_cast<std::size_t>(k.a); }
};
ContentKey content_key(const race::Passing& p);

struct Client::Impl {
  // A libwebsockets timer that knows its owner (the sul must be the first member).
  struct Timer {
    lws_sorted_usec_list_t sul{};
    Impl* owner = nullptr;
  };

  struct RejectLog {
    SteadyTime last_logged{};
    bool logged_once = false;
    std::uint64_t unlogged = 0;
  };

  Impl(ClientOptions o, Journal& j, core::BoundedQueue<race::Event>& q);

  // client.cpp: connection life cycle on the feed thread.
  void run();
  void connect();
  void on_established(lws* wsi);
  void on_disconnected(lws* wsi, const std::string& why);
  void schedule_reconnect(const std::string& why);
  void drop_connection(const std::string& why);
  void check_liveness();
  void send_text(std::string text);
  void on_writeable(lws* wsi);
  void set_state(ClientState s);
  void set_rx_paused(bool paused);

  // client_session.cpp: one complete frame, and the journal -> queue hand-over.
  void on_frame(const std::string& text);
  void on_hello(const Hello& hello);
  void on_resync(const Resync& resync);
  void receive_event(race::Event event, std::vector<race::Event>& batch);
  void release(std::optional<race::Event> event, std::vector<race::Event>& batch);
  void release_held(std::vector<race::Event>& batch);
  void give_up_hole(std::vector<race::Event>& batch, const std::string& why);
  void arm_gap_timer();
  void check_gaps();
  void load_content_keys();
  void forget_content_keys(const std::vector<race::Event>& batch);
  std::uint32_t origin_name(const std::string& source, const std::string& epoch);
  bool flush(std::vector<race::Event>& batch);
  bool take_write_failure();
  void check_writer_room();

  // client_writer.cpp: the writer thread (journal, then queue).
  void run_writer();
  void write_job(std::vector<race::Event>& events, const Cursor& cursor);
  void queue_events(std::vector<race::Event>& events);
  void reject(const std::string& code, const std::string& message);

  const ClientOptions options;
  const ParsedUrl url;
  Journal& journal;
  core::BoundedQueue<race::Event>& queue;

  std::thread thread;
  std::atomic<bool> stopping{false};
  lws_context* context = nullptr;
  lws_protocols protocols[2]{};

  // --- feed thread only
  lws* wsi = nullptr;
  bool got_hello = false;
  bool rx_paused = false;
  bool ever_connected = false;
  std::string conn_epoch;  // the epoch of this connection (hello, then resync)
  Cursor cursor;
  std::string rx;  // the message being reassembled from fragments
  bool rx_too_large = false;
  std::deque<std::string> outgoing;
  Cursor handed;  // the cursor of the last batch handed to the writer
  SteadyTime last_rx{};
  std::chrono::milliseconds next_backoff{};
  std::mt19937 rng{std::random_device{}()};
  std::map<std::string, RejectLog> reject_logs;
  Timer reconnect_timer;
  Timer liveness_timer;
  Timer drain_timer;
  Timer gap_timer;
  bool gap_timer_armed = false;

  // Out-of-order events above cursor.seq + 1, by seq; nullopt for a seq whose message was
  // rejected by the check (its seq still counts as received).
  std::map<std::int64_t, std::optional<race::Event>> held;
  SteadyTime hole_since{};  // when the lowest missing seq was first waited for

  // Every journaled passing by content, naming its origin; origins by content duplicates
  // dropped, so a correction aimed at a dropped one is pointed at the kept one.
  struct KeptRef {
    std::uint32_t name = 0;  // index into origin_names
    std::int64_t seq = 0;
  };
  std::unordered_map<ContentKey, KeptRef, ContentKeyHash> content;
  std::vector<std::pair<std::string, std::string>> origin_names;  // (source, epoch)
  std::map<std::pair<std::string, std::string>, std::uint32_t> origin_ids;
  std::map<std::tuple<std::string, std::string, std::int64_t>, race::Origin> dropped;

  // The writer thread: journals each handed batch with its cursor, then queues its events.
  // After a failed append it journals nothing more until the feed thread took the failure
  // (the batches not journaled come back, so their content is forgotten and fetched again).
  struct WriteJob {
    std::vector<race::Event> events;
    Cursor cursor;
    bool local = false;  // Client::inject(): journaled under the journal's own cursor
  };
  void write_local(WriteJob& job);
  static constexpr std::size_t kMaxWriteJobs = 4;  // beyond, the feed thread stops reading
  std::thread writer;
  std::mutex write_mutex;
  std::condition_variable write_wake;
  // --- the following fields are protected by write_mutex
  std::deque<WriteJob> write_jobs;
  bool writer_stop = false;
  bool write_failed = false;
  Cursor failed_cursor;  // the journal's cursor after the failure
  std::vector<std::vector<race::Event>> unwritten;

  mutable std::mutex status_mutex;
  // --- the following fields are protected by status_mutex
  ClientStatus status;
};

}  // namespace feed
