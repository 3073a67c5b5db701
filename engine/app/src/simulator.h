// FeedSimulator: a race bundle's events served as a live timing feed over WebSockets
// (docs/feed-protocol.md) in race time × speed, to any number of subscribers. Used by
// `pacecast feed-sim` and by `pacecast run --feed sim` (the embedded simulator on loopback).
// Thread-safety: construct and destroy on one thread; the accessors from any. A pacing
// thread appends to the feed log; the server has its own service thread.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "bundle/bundle.h"
#include "core/time.h"
#include "feed/feed_log.h"
#include "feed/server.h"

namespace app {

struct SimOptions {
  std::string host = "127.0.0.1";   // "" or "0.0.0.0": every interface
  int port = 0;                     // 0: any free port
  double speed = 1;                 // race seconds per wall second; 0 = as fast as possible
  std::optional<core::UtcMs> from;  // everything before it is served at once (default: the
                                    // first timed event)
  std::string epoch;                // default: derived from the events (stable across restarts)
  feed::FaultOptions faults;
};

class FeedSimulator {
 public:
  // Starts serving at once. Throws core::Error when the bundle has no events or the port
  // cannot be had.
  FeedSimulator(const bundle::Bundle& bundle, const SimOptions& options);
  ~FeedSimulator();
  FeedSimulator(const FeedSimulator&) = delete;
  FeedSimulator& operator=(const FeedSimulator&) = delete;

  int port() const;
  std::string url() const;  // ws://HOST:PORT
  const std::string& epoch() const;
  std::size_t total() const;  // events to serve
  bool done() const;          // every event appended to the log
  // Every event appended, at least one client was sent all of them, and so was every
  // client connected now.
  bool delivered() const;
  core::UtcMs race_now() const;  // the race time the pacer has reached (its last append)
  // The simulated race clock now (smooth, unlike race_now()): what a program showing this
  // feed should show as the time.
  core::UtcMs clock() const;
  const feed::Server& server() const;
  const feed::FeedLog& log() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace app
