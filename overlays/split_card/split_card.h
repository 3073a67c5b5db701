// Split card internals, exposed for tests: which mat the card shows and what it shows there.
// Pure functions of a snapshot; any thread.
#pragma once

#include <optional>

#include "race/snapshot.h"

namespace overlays {

// The point the card shows at `now`: `point` (>= 0) once the runner has a usable read there
// by then; for `point` < 0, the furthest point after the start with a usable read by then.
std::optional<int> split_card_point(const race::RaceSnapshot& race, race::RunnerId id, int point,
                                    core::UtcMs now);

struct SplitCardData {
  int point = -1;
  std::optional<core::Ms> split;      // rank-basis elapsed at the point (gun or net)
  std::optional<core::Ms> pace;       // per km, previous usable read (or start) → the point
  int place = 0;                      // in `scope` at the point; 0 = none (relay, status)
  int gained = 0;                     // places gained since the previous mat (< 0: lost)
  std::optional<core::Ms> gap;        // behind the leader of `scope` at the point
  std::optional<core::Ms> projected;  // projected finish (rank basis); not at the finish
};

// What the card shows for a runner at a point with a usable read.
SplitCardData split_card_data(const race::RaceSnapshot& race, race::RunnerId id, int point,
                              race::Scope scope);

}  // namespace overlays
