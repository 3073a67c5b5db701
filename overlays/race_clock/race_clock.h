// Race clock internals, exposed for tests: what the clock reads at an instant.
// Pure functions; any thread.
#pragma once

#include <string>
#include <string_view>

#include "race/snapshot.h"

namespace overlays {

// What the clock shows before the gun.
enum class BeforeGun : std::uint8_t {
  invalid,
  automatic,   // a countdown within `countdown_within` of the gun, the start time before
  countdown,   // always a countdown "−0:04:59"
  start_time,  // always "STARTS 08:00"
};
// "auto", "countdown", "start_time"; invalid otherwise.
BeforeGun parse_before_gun(std::string_view mode);

enum class ClockState : std::uint8_t { invalid, no_gun, scheduled, countdown, running };

struct ClockOptions {
  bool tenths = false;
  BeforeGun before = BeforeGun::automatic;
  core::Ms countdown_within{600'000};
  std::string starts_text = "STARTS";
  std::string no_gun_text = "START TBA";
};

struct ClockReading {
  ClockState state = ClockState::invalid;
  std::string text;
};

// "1:02:03" (always hours), "1:02:03.9" with tenths; negative values get a leading U+2212
// minus. Floors to the shown unit: 1:02:03.999 reads "1:02:03", −0.5 s reads "−0:00:01".
std::string clock_text(core::Ms elapsed, bool tenths);

// The clock of `contest` at `now`: gun elapsed once the gun has gone (the gun event, or the
// scheduled gun when none came), otherwise per `options.before`.
ClockReading read_clock(const race::RaceSnapshot& race, int contest, core::UtcMs now,
                        const ClockOptions& options);

}  // namespace overlays
