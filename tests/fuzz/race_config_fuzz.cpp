// Fuzzes parse_race_config(): any bytes either parse or throw core::Error; a config that
// parses must format to text that parses again.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/error.h"
#include "race/config_toml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  race::RaceConfig config;
  try {
    config = race::parse_race_config(text, "fuzz.toml");
  } catch (const core::Error&) {
    return 0;
  }
  const std::string written = race::format_race_config(config);
  try {
    const race::RaceConfig again = race::parse_race_config(written, "written.toml");
    if (race::format_race_config(again) != written) std::abort();
  } catch (const core::Error&) {
    std::abort();  // a config we accepted must be written back readable
  }
  return 0;
}
