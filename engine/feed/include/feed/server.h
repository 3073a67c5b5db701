// Server: a feed protocol server (WebSocket, docs/feed-protocol.md "Session") serving one
// FeedLog to any number of clients, on its own libwebsockets service thread. Each client has
// its own cursor into the log, so a slow client costs no buffer beyond one frame.
// Thread-safety: start(), stop() and the destructor from the owning thread; port(), stats()
// and stall() from any thread between start() and stop().
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "feed/codec.h"
#include "feed/feed_log.h"

namespace feed {

// Faults injected at send time, for tests and rehearsals. Deterministic for a given seed and
// connection order (timing still varies with the scheduler).
struct FaultOptions {
  std::uint64_t seed = 1;
  double dup_rate = 0;      // probability that a frame is sent twice
  int reorder_ms = 0;       // hold frames back up to this long so they leave out of order;
                            // batches are also shuffled
  double garbage_rate = 0;  // probability that a malformed frame goes out before a frame
  double drop_every_s = 0;  // close every connection (abruptly) every this many seconds
  double stall_s = 0;       // go silent (no frames, no heartbeats) this long, once...
  double stall_at_s = 0;    // ...this many seconds after start()
};

struct ServerOptions {
  std::string host = "127.0.0.1";  // "" or "0.0.0.0": every interface
  int port = 0;                    // 0: any free port, see Server::port()
  std::chrono::milliseconds heartbeat_interval{1000};
  std::size_t max_batch_messages = 1000;     // <= kMaxBatchLength
  std::size_t max_batch_bytes = 256 * 1024;  // <= kMaxFrameBytes
  // A client that has not subscribed this long after connecting is closed.
  std::chrono::milliseconds subscribe_timeout{30000};
  FaultOptions faults;
};

// Counters since start(); read from any thread.
struct ServerStats {
  std::int64_t connections = 0;  // accepted in all
  std::int64_t clients = 0;      // connected now
  std::int64_t frames = 0;       // data frames (one message or a batch) sent
  std::int64_t messages = 0;     // race messages sent (duplicates included)
  std::int64_t heartbeats = 0;
  std::int64_t resyncs = 0;
  std::int64_t garbage = 0;        // malformed frames injected
  std::int64_t duplicates = 0;     // frames sent twice
  std::int64_t drops = 0;          // connections dropped by drop_every
  std::int64_t bad_clients = 0;    // closed for a bad client message
  std::int64_t subscribed = 0;     // connected clients that have subscribed
  std::int64_t min_sent_seq = -1;  // the lowest seq through which every subscribed client has
                                   // been sent everything (-1: no subscribed client)
  std::int64_t max_sent_seq = 0;   // the highest such seq any client ever reached
};

class Server {
 public:
  // `log` must outlive the server.
  Server(FeedLog& log, ServerOptions options);
  ~Server();  // stops
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the service thread. Throws core::Error naming host:port when the
  // socket cannot be bound (in use, bad address).
  void start();
  // Closes every connection and joins the thread. Safe to call twice.
  void stop();

  // The bound port (after start()).
  int port() const { return port_.load(); }
  ServerStats stats() const;
  // Goes silent for `duration` from now: nothing is sent, heartbeats included.
  void stall(std::chrono::milliseconds duration);

  struct Impl;  // the service-thread side (server.cpp)

 private:
  FeedLog& log_;
  ServerOptions options_;
  std::unique_ptr<Impl> impl_;
  std::thread thread_;
  std::atomic<int> port_{0};
  int listener_id_ = 0;
};

}  // namespace feed
