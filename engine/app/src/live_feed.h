// LiveFeed: the race from a live timing feed, for `pacecast run --feed`. A feed::Client
// (its own thread) journals every accepted event and queues it; the feed's engine thread
// takes events off that queue as they come (stamping their arrival), holds them for the
// data delay, applies them to the race model and publishes a snapshot as soon as something
// changed (at most every few milliseconds). The render loop takes the latest snapshot with
// the arrival times of what it newly shows, for the data-latency figures.
// Thread-safety: construct and destroy on one thread; latest() from one thread (the render
// loop); status() from any.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bundle/bundle.h"
#include "feed/client.h"
#include "race/snapshot.h"

namespace app {

struct LiveFeedOptions {
  std::string url;                  // ws://HOST:PORT[/PATH] or wss://…
  std::filesystem::path journal;    // SQLite journal (created when missing, replayed first)
  std::filesystem::path ca_file;    // wss: trusted CAs (default: the system's)
  bool insecure = false;            // wss: accept any certificate
  int heartbeat_timeout_ms = 3000;  // silence after which the connection is stale
  double delay_s = 0;               // events are applied this long after they arrive
  std::string option = "--feed";    // named in errors
};

class LiveFeed {
 public:
  using Clock = std::chrono::steady_clock;

  // Opens and replays the journal, then subscribes from its cursor. Throws core::Error
  // naming the option for a bad URL, a journal another process holds or a broken one.
  LiveFeed(const bundle::Bundle& bundle, const LiveFeedOptions& options);
  ~LiveFeed();
  LiveFeed(const LiveFeed&) = delete;
  LiveFeed& operator=(const LiveFeed&) = delete;

  // The latest snapshot. Appends to `arrivals` when the snapshot changed: when each event
  // it holds that no earlier call returned came off the feed.
  race::SnapshotPtr latest(std::vector<Clock::time_point>* arrivals = nullptr);
  feed::ClientStatus status() const;
  std::uint64_t applied() const;
  // An operator's correction (any thread): journaled with the feed's events, then applied
  // like them (after the data delay), and replayed from the journal on a restart.
  void submit(race::Event event);
  // Changes the data delay from now on (any thread): events arrived are held until this
  // long after their arrival.
  void set_delay(double seconds);  // events applied from the feed (the journal's replay not)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace app
