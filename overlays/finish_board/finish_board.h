// Finish board internals, exposed for tests: which mode shows at an instant.
// Pure functions; any thread.
#pragma once

#include "core/time.h"
#include "ticker/shared.h"

namespace overlays {

struct BoardTiming {
  core::Ms hold{6000};  // a new finisher stays large this long
  core::Ms fade{600};   // switching modes takes this long
};

// How much of the finisher card (mode A) shows at `now`, 0..1: each finisher who crossed
// at or before `now` raises it over `fade`, holds it for `hold` after crossing, then lets it
// fall over `fade`; the strongest of the recent finishers counts. 0 = the top-10 board.
float card_weight(const FinisherList& finishers, core::UtcMs now, const BoardTiming& timing);

// Which contest of `n` the rotating top 10 shows after `on_air`, one per `rotate`.
std::size_t rotation_index(core::Ms on_air, core::Ms rotate, std::size_t n);

}  // namespace overlays
