// Standings as they stood at an earlier instant, computed from a later snapshot: reads after
// the instant are ignored and the flags they caused (impossible, interpolated) undone; gun
// events after it give way to the scheduled gun; statuses carry no time and count as current.
// Pure; safe from any thread on an immutable snapshot.
#pragma once

#include <optional>
#include <vector>

#include "race/snapshot.h"

namespace race {

// A runner's state as a model fed only the reads up to `as_of` would hold it (same chain of
// consistent reads, interpolation of missed mats and impossible flags as RaceModel).
RunnerState runner_as_of(const RaceSnapshot& snapshot, RunnerId id, core::UtcMs as_of);

// The gun that had started this runner by `as_of`: the snapshot's gun when it fired by then,
// else the scheduled one from race.toml (wave, then contest); nullopt when neither is known.
std::optional<core::UtcMs> gun_as_of(const RaceSnapshot& snapshot, RunnerId id, core::UtcMs as_of);

// RaceSnapshot::standings() as of `as_of`: the same ordering, ties, scopes, live or
// at-a-point semantics, limit and unranked rows. When `as_of` is at or after the snapshot's
// last read it returns snapshot.standings(query). Otherwise it scans the contest's runners:
// O(runners × points²), about a millisecond for a 17,000-runner field; cache the result.
std::vector<Standing> standings_as_of(const RaceSnapshot& snapshot, const StandingsQuery& query,
                                      core::UtcMs as_of);

// The instants around `as_of` between which nothing of a contest happened (no read of any
// kind, no gun): standings_as_of() of that contest is the same at every instant in
// [from, to). `to` is nullopt when nothing happens after `as_of`. O(runners × points).
struct QuietSpan {
  core::UtcMs from{core::UtcMs::min()};
  std::optional<core::UtcMs> to;
  bool contains(core::UtcMs t) const { return t >= from && (!to || t < *to); }
};
QuietSpan quiet_span(const RaceSnapshot& snapshot, int contest, core::UtcMs as_of);

// When the order of `rows` last changed by `as_of`: the latest read time not after `as_of`
// among the rows' ranking points (rows with a place). nullopt when there is none.
std::optional<core::UtcMs> last_change(const RaceSnapshot& snapshot,
                                       const std::vector<Standing>& rows, core::UtcMs as_of);

}  // namespace race
