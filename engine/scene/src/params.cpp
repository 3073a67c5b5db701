#include <charconv>

#include "scene/overlay.h"

namespace scene {

std::string Params::get(std::string_view name, std::string_view fallback) const {
  auto it = values_.find(std::string(name));
  return it == values_.end() ? std::string(fallback) : it->second;
}

int Params::get_int(std::string_view name, int fallback, int min, int max) const {
  auto it = values_.find(std::string(name));
  if (it == values_.end()) return fallback;
  const std::string& v = it->second;
  int out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size() || out < min || out > max) {
    throw ParamError(std::string(name) + "=" + v + ": expected a whole number from " +
                     std::to_string(min) + " to " + std::to_string(max));
  }
  return out;
}

bool Params::get_bool(std::string_view name, bool fallback) const {
  auto it = values_.find(std::string(name));
  if (it == values_.end()) return fallback;
  const std::string& v = it->second;
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  throw ParamError(std::string(name) + "=" + v + ": expected true or false");
}

std::optional<core::UtcMs> Params::get_time(std::string_view name,
                                            const race::RaceConfig& race) const {
  auto it = values_.find(std::string(name));
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  const auto t = core::parse_hms(it->second);
  if (!t || *t >= std::chrono::hours(24)) {
    throw ParamError(std::string(name) + "=" + it->second +
                     ": expected a race-day local time HH:MM:SS (e.g. 08:15:00)");
  }
  return core::local_to_utc(race.date, *t, race.utc_offset);
}

}  // namespace scene
