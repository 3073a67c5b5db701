// Wire spellings and limits of feed protocol v1, shared by the decoder and the encoder.
// Private to the feed module. Pure; safe from any thread.
#pragma once

#include <cstdint>
#include <string_view>

#include "race/config.h"
#include "race/event.h"

namespace feed::wire {

inline constexpr std::string_view kDefaultSource = "feed";
// Accepted times: 2000-01-01T00:00:00Z <= t < 2100-01-01T00:00:00Z.
inline constexpr std::int64_t kMinTimeMs = 946684800000;
inline constexpr std::int64_t kMaxTimeMs = 4102444800000;
inline constexpr std::int64_t kMaxHits = 1000000;
inline constexpr std::int64_t kMinRssi = -200;
inline constexpr std::int64_t kMaxRssi = 50;
inline constexpr std::int64_t kMaxAge = 150;
inline constexpr std::int64_t kMaxLeg = 100;
inline constexpr std::int64_t kMaxProtocol = 1000;

// "DNS", "DNF", "DSQ", "OK" in any case; invalid otherwise.
inline race::RunnerStatus parse_status(std::string_view s) {
  auto eq = [&](std::string_view w) {
    if (s.size() != w.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
      if ((s[i] & ~0x20) != w[i]) return false;
    return true;
  };
  if (eq("DNS")) return race::RunnerStatus::dns;
  if (eq("DNF")) return race::RunnerStatus::dnf;
  if (eq("DSQ")) return race::RunnerStatus::dsq;
  if (eq("OK")) return race::RunnerStatus::ok;
  return race::RunnerStatus::invalid;
}

inline std::string_view status_name(race::RunnerStatus s) {
  switch (s) {
    case race::RunnerStatus::ok:
      return "OK";
    case race::RunnerStatus::dns:
      return "DNS";
    case race::RunnerStatus::dnf:
      return "DNF";
    case race::RunnerStatus::dsq:
      return "DSQ";
    case race::RunnerStatus::invalid:
      break;
  }
  return "";
}

// "M", "F", "X" (any case); invalid otherwise.
inline race::Gender parse_gender(std::string_view s) {
  if (s == "M" || s == "m") return race::Gender::male;
  if (s == "F" || s == "f") return race::Gender::female;
  if (s == "X" || s == "x") return race::Gender::nonbinary;
  return race::Gender::invalid;
}

inline std::string_view gender_name(race::Gender g) {
  switch (g) {
    case race::Gender::male:
      return "M";
    case race::Gender::female:
      return "F";
    case race::Gender::nonbinary:
      return "X";
    case race::Gender::invalid:
      break;
  }
  return "";
}

// One flag name; none for an unknown name.
inline race::PassingFlag parse_flag(std::string_view s) {
  if (s == "gun") return race::PassingFlag::gun;
  if (s == "backup") return race::PassingFlag::backup;
  if (s == "manual") return race::PassingFlag::manual;
  return race::PassingFlag::none;
}

inline race::Correction::Action parse_action(std::string_view s) {
  if (s == "void") return race::Correction::Action::void_passing;
  if (s == "adjust") return race::Correction::Action::adjust_time;
  if (s == "restore") return race::Correction::Action::restore;
  return race::Correction::Action::invalid;
}

inline std::string_view action_name(race::Correction::Action a) {
  switch (a) {
    case race::Correction::Action::void_passing:
      return "void";
    case race::Correction::Action::adjust_time:
      return "adjust";
    case race::Correction::Action::restore:
      return "restore";
    case race::Correction::Action::invalid:
      break;
  }
  return "";
}

}  // namespace feed::wire
