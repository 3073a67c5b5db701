// The finisher ticker's tape: where every item sits along the crawl, as a pure function of
// the finishers, the layer's take time and the crawl's geometry. Items never move relative
// to each other once placed, so nothing jumps when a finisher arrives.
// Engine thread (owned by one Ticker instance).
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "shared.h"

namespace overlays {

struct TapeConfig {
  core::UtcMs take{};      // the layer went on air: the tape's origin sits at the crawl's left
  double speed = 120;      // units per second, right to left
  double crawl_w = 1500;   // width of the crawl region (units)
  double gap = 56;         // between items
  std::size_t count = 20;  // the loop repeats the latest `count` finishers
  friend bool operator==(const TapeConfig&, const TapeConfig&) = default;
};

struct TapeItem {
  double pos = 0;            // left edge on the tape (units from the origin)
  float width = 0;           // drawn width
  std::size_t finisher = 0;  // index into FinisherList::all()
  int place = 0;             // provisional place when the item entered
  core::UtcMs entry{};       // when its left edge reaches the crawl's right edge (or take)
};

// Building rule: item k's content is chosen when its slot enters the crawl region (its left
// edge reaches the right edge; the slots filling the crawl at take time enter at take).
// A finisher who crossed since the previous choice comes first (oldest first; when more
// than `count` wait, only the latest `count`); otherwise the loop continues: the latest
// `count` finishers as of the loop's start, newest first, rebuilt each time it runs out.
// Before the first finisher the tape waits; the first item then enters from the right.
// Items on screen never change as long as reads reach the snapshot before the frame time
// passes their crossing (the broadcast delay covers the feed's latency); a read arriving
// later than that re-lays the tape from the first item entering after its crossing.
class Tape {
 public:
  // Width of an item showing finisher `index` with `place`; called once per new item.
  using Measure = std::function<float(std::size_t index, int place)>;

  void reset(const FinisherList& list, const TapeConfig& config);
  // Places every item entering at or before `now`. Later calls with an earlier `now` keep
  // what is placed (items entering later than a frame are never visible in it).
  void extend(core::UtcMs now, const Measure& measure);
  const std::vector<TapeItem>& items() const { return items_; }
  const TapeConfig& config() const { return config_; }
  // Where the crawl's left edge is on the tape at `now`.
  double offset_at(core::UtcMs now) const;
  // Items overlapping the tape span [from, to).
  std::pair<std::size_t, std::size_t> overlapping(double from, double to) const;

 private:
  core::UtcMs entry_of(double pos) const;

  const FinisherList* list_ = nullptr;
  TapeConfig config_;
  std::vector<TapeItem> items_;
  ProvisionalPlaces places_;
  double next_pos_ = 0;
  core::UtcMs min_entry_{};   // waiting for a finisher: the next item enters no earlier
  std::size_t next_new_ = 0;  // first finisher not yet announced as new
  std::vector<std::size_t> loop_;
  std::size_t loop_i_ = 0;
};

}  // namespace overlays
