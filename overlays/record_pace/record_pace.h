// Record pace internals, exposed for tests: the leader's delta against a record at each mat
// passed, and the phrases the overlay shows. Pure functions of a snapshot; any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "race/snapshot.h"

namespace overlays {

struct MatDelta {
  int point = -1;
  core::Ms delta{0};  // runner minus record at that mat (rank basis); < 0 = ahead
};

// The runner's delta against `record` at every mat after the start with a usable read by
// `now`, in course order.
std::vector<MatDelta> record_deltas(const race::RaceSnapshot& race, race::RunnerId id,
                                    const race::CourseRecord& record, core::UtcMs now);

// "0:12 ahead of record pace", "1:05 behind record pace", "on record pace" (under a second);
// `record` is the record's label ("course record" → "course record pace").
std::string pace_phrase(core::Ms delta, std::string_view record);

// The contest gun as of `now`: a gun event after `now` gives way to the scheduled gun.
std::optional<core::UtcMs> contest_gun_as_of(const race::RaceSnapshot& race, int contest,
                                             core::UtcMs now);

}  // namespace overlays
