#include "live_race.h"

#include <unordered_map>
#include <utility>

#include "common.h"

namespace app {
namespace {

// Interning while the events are packed; dropped afterwards.
struct Interner {
  std::vector<std::string>& strings;
  std::unordered_map<std::string, std::int32_t> index;
  std::int32_t operator()(const std::string& s) {
    const auto [it, added] = index.try_emplace(s, static_cast<std::int32_t>(strings.size()));
    if (added) strings.push_back(s);
    return it->second;
  }
};

}  // namespace

LiveRace::LiveRace(const bundle::Bundle& b, core::UtcMs start) : model_(b.config, b.participants) {
  Interner id{ids_, {}}, name{names_, {}};
  const auto order = time_order(b.events);
  events_.reserve(order.size());
  for (const auto& [at, i] : order) {
    Packed p;
    p.at = at;
    if (const auto* x = std::get_if<race::Passing>(&b.events[i])) {
      p.seq = x->origin.seq;
      p.bib = id(x->bib);
      p.chip = id(x->chip);
      p.hits = x->hits;
      p.rssi = x->rssi;
      p.mat = static_cast<std::int16_t>(name(x->mat));
      p.source = static_cast<std::int16_t>(name(x->origin.source));
      p.epoch = static_cast<std::int16_t>(name(x->origin.epoch));
      p.flags = x->flags;
      // Mats, sources and epochs are few; past 30,000 of them the rest are kept whole.
      if (names_.size() > 30000) p.mat = -1;
    }
    if (p.mat < 0) others_.push_back(b.events[i]);
    events_.push_back(p);
  }
  advance(start);
}

race::Passing LiveRace::unpack(const Packed& p) const {
  race::Passing x;
  x.origin = {names_[std::size_t(p.source)], names_[std::size_t(p.epoch)], p.seq};
  x.mat = names_[std::size_t(p.mat)];
  x.bib = ids_[std::size_t(p.bib)];
  x.chip = ids_[std::size_t(p.chip)];
  x.time = p.at;
  x.hits = p.hits;
  x.rssi = p.rssi;
  x.flags = p.flags;
  return x;
}

race::ApplyResult LiveRace::apply(const race::Event& event) {
  applied_ = true;
  return model_.apply(event);
}

const race::SnapshotPtr& LiveRace::advance(core::UtcMs now) {
  bool changed = std::exchange(applied_, false);
  while (next_ < events_.size() && events_[next_].at <= now) {
    const Packed& p = events_[next_++];
    if (p.mat < 0) {
      model_.apply(others_[next_other_++]);
    } else {
      model_.apply(race::Event(unpack(p)));
    }
    changed = true;
  }
  if (changed || !snapshot_) snapshot_ = model_.publish();
  return snapshot_;
}

}  // namespace app
