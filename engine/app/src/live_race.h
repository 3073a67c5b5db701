// LiveRace: a race bundle's events applied as their times come, frame by frame, as a live
// engine would apply a feed: for replays through the graphics (bench render, run --race).
// It keeps its own compact copy of the events (a passing in 40 bytes, its strings shared,
// against about 200 for a race::Event), so the bundle's may be dropped.
// Main thread only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bundle/bundle.h"
#include "race/model.h"

namespace app {

class LiveRace {
 public:
  LiveRace(const bundle::Bundle& b, core::UtcMs start);
  // Applies every event due by `now` and returns the latest snapshot.
  const race::SnapshotPtr& advance(core::UtcMs now);
  // Applies an event made here (an operator's correction) now; the next advance()
  // publishes it.
  race::ApplyResult apply(const race::Event& event);

 private:
  // One event in application order: a passing, or (mat < 0) the next of others_.
  struct Packed {
    core::UtcMs at{};  // the passing's time; for others, their place in time
    std::int64_t seq = 0;
    std::int32_t bib = 0, chip = 0, hits = 0, rssi = 0;
    std::int16_t mat = -1, source = 0, epoch = 0;
    race::PassingFlag flags = race::PassingFlag::none;
  };
  race::Passing unpack(const Packed& p) const;

  race::RaceModel model_;
  std::vector<std::string> ids_;    // bibs and chips
  std::vector<std::string> names_;  // mats, sources, epochs (few)
  std::vector<Packed> events_;
  std::vector<race::Event> others_;  // guns, status changes, corrections, entries
  std::size_t next_ = 0, next_other_ = 0;
  bool applied_ = false;  // by apply(), not published yet
  race::SnapshotPtr snapshot_;
};

}  // namespace app
