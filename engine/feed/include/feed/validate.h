// Checks of feed events against the race they belong to (known timing point, contest and
// wave, a time on or near race day), applied by feed::Client before an event is journaled.
// Pure functions; the returned check holds a copy of what it needs and is safe on any thread.
#pragma once

#include <optional>

#include "feed/client.h"
#include "race/config.h"

namespace feed {

// How far before the race day's local midnight and after the next midnight a timed event
// may lie and still be plausible (a gun at 23:59, a late correction the morning after).
inline constexpr core::Ms kPlausibleMargin = std::chrono::hours(12);

// A check for ClientOptions::check: rejects (with a code and a sentence naming the message)
//   unknown_point  a passing whose `point`, or an operator's correction whose `mat`, is not
//                  a mat of the race,
//   unknown_contest / unknown_wave  a gun naming a contest or wave the race does not have,
//   implausible_time  a passing, gun or adjust_time correction outside race day ± 12 h,
//   bad_value      a passing with neither bib nor chip, a status or correction without action.
// Unknown bibs are not rejected here: a late entry may name them later (the race model
// counts reads of unknown runners).
EventCheck make_event_check(const race::RaceConfig& config);

// The same check for one event, without building a closure.
std::optional<DecodeError> check_event(const race::RaceConfig& config, const race::Event& event);

}  // namespace feed
