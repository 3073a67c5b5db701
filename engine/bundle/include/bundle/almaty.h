// Generator for the Almaty Marathon sample race: about 17,000 invented participants with
// Kazakh, Russian, Kyrgyz, Uzbek and international names, and their passings with realistic
// pacing. Deterministic by seed. Pure: the caller saves the result with bundle::save().
#pragma once

#include <cstdint>
#include <vector>

#include "race/config.h"
#include "race/event.h"
#include "race/participant.h"

namespace bundle {

struct AlmatyOptions {
  std::uint64_t seed = 2025;
  double scale = 1.0;  // 1.0 = the full field (~17,000); tests use a smaller field
};

struct AlmatyRace {
  std::vector<race::Participant> participants;
  std::vector<race::Event> events;  // gun events and passings, in time order
};

// `config` is assets/races/almaty/race.toml, parsed.
AlmatyRace generate_almaty(const race::RaceConfig& config, const AlmatyOptions& options);

}  // namespace bundle
