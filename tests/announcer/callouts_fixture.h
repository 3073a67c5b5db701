// Test fixture for the callout engine: the Almaty sample race (assets race.toml, generated
// field, seed 2025, full scale) and Boston 2019 replayed through the real RaceModel in
// race-time order; the shipped templates; and what the events themselves say (first
// crossings, doubtful runners), computed here without the engine.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "announcer/callouts.h"
#include "bundle/almaty.h"
#include "bundle/boston.h"
#include "common/race_fixture.h"
#include "race/config.h"
#include "race/event.h"
#include "race/snapshot.h"

namespace callouts_test {

// A race's inputs: config, participants, events in time order.
struct RaceData {
  std::shared_ptr<const race::RaceConfig> config;
  std::vector<race::Participant> participants;
  std::vector<race::Event> events;
};
const RaceData& almaty();
const RaceData& boston2019();

using race_fixture::clock;
using race_fixture::local;

// assets/announcer/callouts.toml; `unlimited`: rate limits raised out of the way (rules
// tests check every fact, not the limiter).
announcer::Templates shipped_templates(bool unlimited = false);

// Replays the events from `from` to `until`: at each instant from, from + step, ..., every
// event up to it is applied, a snapshot published and on_step(snapshot, instant) called.
void replay(const RaceData& data, core::UtcMs from, core::UtcMs until, core::Ms step,
            const std::function<void(const race::RaceSnapshot&, core::UtcMs)>& on_step);

struct Said {
  announcer::Callout callout;
  core::UtcMs step{};
};

// --- what the events say, independently of the engine ------------------------------------

// Each runner's first read at each mat, by bib then mat id.
using Reads = std::map<std::string, std::map<std::string, core::UtcMs>>;
Reads reads_of(const RaceData& data);
// A runner the engine must not name at instant `t`: a mat of their course (their own leg in
// a relay; the start excepted) before the furthest one read by `t` has no read by `t`.
bool doubtful(const RaceData& data, const Reads& reads, const race::Participant& p, core::UtcMs t);

struct Crossing {
  core::UtcMs at{};
  std::string bib;
  std::size_t index = 0;  // in the participant table
};
// Crossings of a mat by runners of a contest (of a gender unless invalid), earliest first
// (the same millisecond by table order), leaving out runners doubtful at that moment.
std::vector<Crossing> crossings(const RaceData& data, const Reads& reads, std::string_view contest,
                                race::Gender gender, std::string_view mat);

// A callout as the tests compare it: id, the first bib, the local time of its fact.
using Key = std::tuple<std::string, std::string, std::string>;
Key key_of(const race::RaceConfig& config, const Said& s);
// The keys of the callouts of some kinds; checks each was said at the first step that could
// know it (at or after its fact, less than `step` later).
std::set<Key> keys_of(const race::RaceConfig& config, const std::vector<Said>& said,
                      std::initializer_list<announcer::CalloutKind> kinds, core::Ms step);
// What one set has that the other lacks, for a failure message; empty when equal.
std::string diff(const std::set<Key>& said, const std::set<Key>& expected);

// Callouts of one kind, in the order said.
std::vector<Said> of_kind(const std::vector<Said>& all, announcer::CalloutKind kind);

}  // namespace callouts_test
