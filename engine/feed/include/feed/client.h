// feed::Client: subscribes to a timing feed over WebSockets (ws:// or wss://) on its own
// thread, journals every accepted event and hands it to the engine through a bounded queue.
// Thread-safety: start(), stop() and status() from any one owner thread; the rest is internal.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/bounded_queue.h"
#include "core/time.h"
#include "feed/codec.h"
#include "feed/journal.h"
#include "race/event.h"

namespace feed {

// Checks one decoded event before it is accepted; an error rejects it (counted by its code).
// Runs on the feed thread. See feed/validate.h for the race's own checks.
using EventCheck = std::function<std::optional<DecodeError>(const race::Event&)>;

struct ClientOptions {
  std::string url;                      // ws://HOST:PORT/PATH or wss://HOST:PORT/PATH
  std::filesystem::path ca_file;        // wss: PEM file of trusted CAs; empty = the system's
  bool insecure = false;                // wss: accept self-signed, expired or misnamed certificates
  core::Ms heartbeat_timeout{3000};     // silence after which the connection is stale
  core::Ms backoff_initial{250};        // first reconnect delay; doubles per failed attempt
  core::Ms backoff_max{10000};          // cap of the reconnect delay
  double backoff_jitter = 0.2;          // each delay is scaled by a random factor 1 ± jitter
  core::Ms reject_log_interval{10000};  // a rejection reason is logged at most this often
  // A seq still missing this long after a later one arrived is given up as lost (a gap).
  core::Ms gap_timeout{3000};
  std::size_t max_held = 100000;  // out-of-order events held at most; beyond, the gap is given up
  EventCheck check;               // empty: decoding checks only
};

enum class ClientState { invalid, connecting, connected, stale, backoff, stopped };
std::string_view to_string(ClientState state);

// A snapshot of the client, for a status line. Counters run from start().
struct ClientStatus {
  ClientState state = ClientState::invalid;
  std::string url;
  std::string feed;   // the feed's name from its hello
  std::string epoch;  // the cursor: epoch and last seq journaled
  std::int64_t last_seq = 0;
  std::int64_t server_last_seq = 0;  // from the latest hello or heartbeat
  std::uint64_t hellos = 0;          // connections that reached the feed's hello
  std::uint64_t frames_received = 0;
  std::uint64_t messages_received = 0;   // decoded messages, heartbeats included
  std::uint64_t events_accepted = 0;     // journaled and (eventually) queued
  std::uint64_t duplicates = 0;          // events whose seq was already received
  std::uint64_t content_duplicates = 0;  // passings equal to one already journaled (any seq)
  std::map<std::string, std::uint64_t> rejected;  // by reason: DecodeError::code, or
                                                  // "unexpected_message", "bad_protocol"
  std::uint64_t gaps = 0;       // holes in the seqs given up as lost (or skipped by a resync)
  std::uint64_t missing = 0;    // seqs lost in those gaps
  std::uint64_t reordered = 0;  // events that arrived ahead of a missing seq and were held
  std::size_t held = 0;         // events held now, waiting for a missing seq
  std::uint64_t resyncs = 0;
  std::uint64_t reconnects = 0;       // connection attempts after the first
  std::uint64_t stale = 0;            // heartbeat timeouts
  std::uint64_t queue_overflows = 0;  // times the queue was found full
  std::uint64_t journal_errors = 0;
  std::size_t pending = 0;                       // journaled events waiting for room in the queue
  std::optional<core::UtcMs> last_message_time;  // local clock, last frame received
  std::string last_error;
};

// The client runs one libwebsockets loop on its own thread (the feed thread):
//   connect -> hello -> subscribe {cursor.epoch, cursor.seq} -> replay + live stream.
// Each frame is decoded and checked (ClientOptions::check); events are put back into seq
// order (early ones are held, a seq missing for gap_timeout is given up as a gap), events
// with a seq already received are dropped, and so are passings whose content was already
// journaled (client_order.cpp). The accepted events of a frame and the new cursor go to a
// second thread (the writer), which writes them to the journal in one transaction BEFORE
// any of them is pushed onto the queue.
//
// No event is lost between journal and queue: the writer queues journaled events in order,
// and when the queue is full it counts an overflow and retries every few milliseconds; once
// it is a few batches behind, the feed thread stops reading the socket (TCP back-pressure on
// the feed; the heartbeat timeout is suspended meanwhile). The queue therefore receives
// every journaled event exactly once and in journal (= seq) order while the client runs.
// Events not queued yet when stop() is called (or the process dies) are in the journal:
// the engine replays the journal before starting a client, as on any restart. If an append
// fails, nothing of that batch or later ones is kept, the cursor goes back to the journal's
// and the connection is dropped, so the reconnect fetches them again.
//
// A resync {epoch, since} from the feed resets the cursor to (epoch, since) when the epoch
// changed (the new cursor is journaled at once). In the same epoch a lower `since` keeps the
// cursor (what the feed resends up to it is dropped as duplicates); a higher one is a gap.
//
// Disconnects, refused connections and heartbeat silence lead to reconnects with
// exponential backoff and jitter, reset by a successful hello; every reconnect subscribes
// again from the cursor. Rejected messages are counted by reason and logged at most once
// per reason per interval. The journal and the queue belong to the caller, must outlive the
// client, and the journal must not be touched by anyone else between start() and stop().
// Only one producer may push to the queue while the client runs.
class Client {
 public:
  // Throws core::Error for a URL that is not ws:// or wss://HOST[:PORT][/PATH].
  Client(ClientOptions options, Journal& journal, core::BoundedQueue<race::Event>& queue);
  ~Client();  // stops
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Starts the feed thread and the first connection attempt. Throws core::Error when the
  // libwebsockets context cannot be created (e.g. an unreadable CA file).
  void start();
  // Closes the connection and joins the thread. Safe to call twice.
  void stop();

  // Events made here, not by the feed (an operator's corrections): journaled in order with
  // the feed's, the cursor unchanged, then queued like them, so a restart replays them too.
  // Returns at once (any thread). A failed append is logged and counted (journal_errors),
  // and those events are not queued: what is not journaled is never applied.
  void inject(std::vector<race::Event> events);

  ClientStatus status() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace feed
