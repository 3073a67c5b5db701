// race.toml <-> RaceConfig (docs/race-config.md). Pure: takes and returns text.
#pragma once

#include <string>
#include <string_view>

#include "race/config.h"

namespace race {

// Parses race.toml. Throws core::ConfigError naming `file_name`, the line and the key
// for syntax errors, missing or mistyped keys, and failed validate() checks.
RaceConfig parse_race_config(std::string_view toml_text, std::string_view file_name = "race.toml");

// Writes a race.toml that parse_race_config() reads back to an equal config.
std::string format_race_config(const RaceConfig& config);

}  // namespace race
