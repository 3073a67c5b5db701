// feed::Relay: re-serves the events an engine accepted from its timing feed with the same
// protocol (its own FeedLog and Server), so several engines hang off one upstream connection.
// Owned by the engine (ingest). Thread-safety: forward() from one thread at a time (the
// engine thread); start(), stop() from the owner; port(), stats() and the getters from any.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "feed/feed_log.h"
#include "feed/journal.h"
#include "feed/server.h"
#include "race/event.h"

namespace feed {

class Relay {
 public:
  // The relay's epoch for the events of `journal`: "relay-" + Journal::id(). An engine that
  // restarts on the same journal and forwards its events again in journal order gives every
  // event the same (epoch, seq), so downstream receivers resume from their cursors.
  static std::string epoch_for(const Journal& journal);

  // `feed` names the relay in its hello; `epoch` is usually epoch_for(journal).
  Relay(std::string feed, std::string epoch, ServerOptions options);
  ~Relay();  // stops
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  // Appends the event to the relay's log, which gives it the relay's epoch and next seq (the
  // source is kept). A passing's upstream (source, epoch, seq) is remembered; a correction
  // that names a remembered passing is pointed at the passing's relay seq and epoch. A
  // correction of an unknown target is forwarded with its target written out in full
  // (target_source and target_epoch of the upstream, which the relay's epoch would otherwise
  // replace). Returns the relay seq given (the last one for a vector; for an empty vector,
  // last_seq()).
  std::int64_t forward(const race::Event& event);
  std::int64_t forward(const std::vector<race::Event>& events);

  // Binds and starts serving; throws core::Error naming host:port when it cannot bind.
  void start();
  // Closes every downstream connection. Safe to call twice.
  void stop();
  int port() const { return server_.port(); }
  ServerStats stats() const { return server_.stats(); }

  const std::string& feed() const { return log_.feed(); }
  const std::string& epoch() const { return log_.epoch(); }
  std::int64_t last_seq() const { return log_.last_seq(); }
  // What the relay serves.
  const FeedLog& log() const { return log_; }
  // Upstream passings remembered for corrections (from the forwarding thread).
  std::size_t mapped() const { return mapped_; }

 private:
  // The passings of one upstream (source, epoch): (upstream seq, relay seq), sorted by
  // upstream seq. A feed sends in seq order, so nearly every insertion is an append.
  struct Origins {
    std::string source;  // as served by the relay ("feed" when the upstream had none)
    std::string epoch;
    std::vector<std::pair<std::int64_t, std::int64_t>> seqs;
  };

  Origins& origins(const std::string& source, const std::string& epoch);
  void remember(const race::Passing& passing, std::int64_t relay_seq);
  void retarget(race::Correction& correction);
  race::Event prepare(const race::Event& event, std::int64_t relay_seq);

  FeedLog log_;
  Server server_;
  // --- the following fields belong to the forwarding thread
  std::unordered_map<std::string, std::size_t> origin_index_;  // see origin_key()
  std::vector<Origins> origins_;
  std::size_t last_origin_ = static_cast<std::size_t>(-1);  // the pair used most recently
  std::size_t mapped_ = 0;
};

}  // namespace feed
