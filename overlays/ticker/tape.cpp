#include "ticker/tape.h"

#include <algorithm>
#include <cmath>

namespace overlays {

void Tape::reset(const FinisherList& list, const TapeConfig& config) {
  list_ = &list;
  config_ = config;
  items_.clear();
  places_ = ProvisionalPlaces(list);
  next_pos_ = 0;
  min_entry_ = config.take;
  next_new_ = list.count_until(config.take);  // those are in the first loop, not "new"
  loop_.clear();
  loop_i_ = 0;
}

core::UtcMs Tape::entry_of(double pos) const {
  const double ms = std::max(0.0, pos - config_.crawl_w) / config_.speed * 1000.0;
  return std::max(min_entry_, config_.take + core::Ms(std::llround(ms)));
}

double Tape::offset_at(core::UtcMs now) const {
  return static_cast<double>((now - config_.take).count()) / 1000.0 * config_.speed;
}

void Tape::extend(core::UtcMs now, const Measure& measure) {
  if (!list_ || config_.speed <= 0 || config_.count == 0) return;
  const auto& all = list_->all();
  for (;;) {
    const core::UtcMs entry = entry_of(next_pos_);
    if (entry > now) return;
    const std::size_t known = list_->count_until(entry);
    std::size_t pick = 0;
    if (known > next_new_) {
      next_new_ = std::max(next_new_, known > config_.count ? known - config_.count : 0);
      pick = next_new_++;
    } else {
      if (loop_i_ >= loop_.size()) {
        loop_.clear();
        for (std::size_t i = known; i > 0 && loop_.size() < config_.count; --i) {
          loop_.push_back(i - 1);
        }
        loop_i_ = 0;
      }
      if (loop_.empty()) {
        // Nobody has finished yet: the first finisher enters from the right when they cross.
        if (known >= all.size()) return;
        const core::UtcMs first = all[known].at;
        next_pos_ = std::max(next_pos_, config_.crawl_w + offset_at(first));
        min_entry_ = std::max(min_entry_, first);
        continue;
      }
      pick = loop_[loop_i_++];
    }
    places_.advance_to(entry);
    const int place = places_.place_of(all[pick]);
    const float width = measure(pick, place);
    items_.push_back({next_pos_, width, pick, place, entry});
    next_pos_ += width + config_.gap;
  }
}

std::pair<std::size_t, std::size_t> Tape::overlapping(double from, double to) const {
  // Items are sorted by position and do not overlap: find the first ending after `from`.
  const auto first =
      std::lower_bound(items_.begin(), items_.end(), from,
                       [](const TapeItem& item, double x) { return item.pos + item.width <= x; });
  auto last = first;
  while (last != items_.end() && last->pos < to) ++last;
  return {static_cast<std::size_t>(first - items_.begin()),
          static_cast<std::size_t>(last - items_.begin())};
}

}  // namespace overlays
