// The director's small per-trigger state ("watches") and the functions that find new facts
// in a snapshot. Private to the director module; one thread (the director's owner).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "director/rules.h"
#include "race/snapshot.h"

namespace director::detail {

// A fact some rule fires for, before the age, window and cooldown filters.
struct Fact {
  std::size_t rule = 0;  // index into Rules::rules
  core::UtcMs at{};
  std::map<std::string, std::string> values;  // placeholder values
  std::string reason;
};

// leader_passes and first_finisher: the first ranked runner at one mat of one contest.
struct LeaderWatch {
  std::size_t rule = 0;
  int contest = 0;
  int point = 0;
  bool finisher = false;       // first_finisher (words the reason differently)
  race::RunnerId leader = -1;  // who led when it fired (or was dropped); -1 = not yet
};

// record_delta_crosses_zero: one contest's leaders mat by mat against one record.
struct RecordWatch {
  std::size_t rule = 0;
  int contest = 0;
  std::size_t record = 0;  // index into the contest's records
  int next_point = 1;      // the first mat not compared yet
  int sign = 0;            // -1 ahead of record pace, +1 behind, 0 not compared yet
  int last_point = -1;     // the mat the sign was taken at
};

// vip_passes: runners marked vip crossing one mat of one contest.
struct VipWatch {
  std::size_t rule = 0;
  int contest = 0;
  int point = 0;
  std::set<race::RunnerId> announced;
};

// every: ticks from one contest's gun, or from the first gun of the day (contest -1).
struct EveryWatch {
  std::size_t rule = 0;
  int contest = -1;
  std::int64_t last_tick = 0;  // the last tick number handled (tick k is gun + k × period)
};

// Runners marked vip, refreshed only when the participant table may have changed.
struct VipCache {
  std::vector<race::RunnerId> runners;
  std::size_t runner_count = 0;
  std::uint64_t other_events = ~std::uint64_t{0};  // events that were not passings
  void refresh(const race::RaceSnapshot& race);
};

// Each function appends the facts that have happened by `now` and marks them seen in the
// watch, so no later call reports them again. Facts before the age limit are marked seen as
// well and dropped by the caller; `every` skips ticks before `oldest` outright rather than
// listing hours of them after a restart.
void leader_facts(const race::RaceSnapshot& race, core::UtcMs now, const Rules& rules,
                  LeaderWatch& w, std::vector<Fact>& out);
void record_facts(const race::RaceSnapshot& race, core::UtcMs now, const Rules& rules,
                  RecordWatch& w, std::vector<Fact>& out);
void vip_facts(const race::RaceSnapshot& race, core::UtcMs now, const Rules& rules,
               const VipCache& vips, VipWatch& w, std::vector<Fact>& out);
void every_facts(const race::RaceSnapshot& race, core::UtcMs now, core::UtcMs oldest,
                 const Rules& rules, EveryWatch& w, std::vector<Fact>& out);

}  // namespace director::detail
