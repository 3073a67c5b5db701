// LiveRace: a race bundle's events applied as their times come, frame by frame, as a live
// engine would apply a feed: for replays through the graphics (bench render, run --race).
// Main thread only.
#pragma once

#include <utility>
#include <vector>

#include "bundle/bundle.h"
#include "common.h"
#include "race/model.h"

namespace app {

class LiveRace {
 public:
  LiveRace(const bundle::Bundle& b, core::UtcMs start)
      : events_(b.events), model_(b.config, b.participants) {
    order_ = time_order(events_);
    advance(start);
  }
  const race::SnapshotPtr& advance(core::UtcMs now) {
    bool changed = false;
    while (next_ < order_.size() && order_[next_].first <= now) {
      model_.apply(events_[order_[next_].second]);
      ++next_;
      changed = true;
    }
    if (changed || !snapshot_) snapshot_ = model_.publish();
    return snapshot_;
  }

 private:
  const std::vector<race::Event>& events_;
  race::RaceModel model_;
  std::vector<std::pair<core::UtcMs, std::size_t>> order_;
  std::size_t next_ = 0;
  race::SnapshotPtr snapshot_;
};

}  // namespace app
