// The one logger of the process (spdlog underneath). Thread-safety: safe from any thread.
// Library code logs through these functions; the app decides level and destination.
#pragma once

#include <string_view>

namespace core::log {

enum class Level { invalid, debug, info, warn, error, off };

void set_level(Level level);
// Parses "debug", "info", "warn", "error", "off".
Level parse_level(std::string_view text);
// Whether a message at `level` would be written: to skip building costly ones.
bool enabled(Level level);

void debug(std::string_view message);
void info(std::string_view message);
void warn(std::string_view message);
void error(std::string_view message);

}  // namespace core::log
