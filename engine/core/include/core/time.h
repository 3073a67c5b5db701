// Time types for race data: UTC instants and durations in integer milliseconds.
// Value types; every function here is pure and safe to call from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace core {

// A duration in milliseconds (elapsed race time, pace per km, gaps).
using Ms = std::chrono::duration<std::int64_t, std::milli>;
// An instant in UTC, milliseconds since the Unix epoch (time of day of a read, gun time).
using UtcMs = std::chrono::time_point<std::chrono::system_clock, Ms>;
using Date = std::chrono::year_month_day;

// The wall clock now, to the millisecond.
inline UtcMs utc_now() {
  return std::chrono::time_point_cast<Ms>(std::chrono::system_clock::now());
}

// Offset of local race time from UTC, e.g. +05:00 for Almaty.
struct UtcOffset {
  std::int32_t minutes = 0;
  friend bool operator==(UtcOffset, UtcOffset) = default;
};

// "H:MM:SS" (hours not padded; negative durations get a leading '-'). Milliseconds are
// truncated towards zero, as race results are.
std::string format_hms(Ms d);
// "H:MM:SS.mmm".
std::string format_hms_ms(Ms d);
// "M:SS" for paces and short gaps, or "H:MM:SS" when an hour or more.
std::string format_short(Ms d);

// Parses "H:MM:SS", "HH:MM:SS", "MM:SS" and an optional ".f…" fraction.
// Returns nullopt for anything else (empty, '-', minutes or seconds >= 60, junk).
std::optional<Ms> parse_hms(std::string_view text);

// Parses "YYYY-MM-DD".
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date d);

// Parses "+05:00", "-03:30", "Z", "+0500".
std::optional<UtcOffset> parse_utc_offset(std::string_view text);
std::string format_utc_offset(UtcOffset o);

// Parses ISO 8601 "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)" into a UTC instant.
std::optional<UtcMs> parse_iso8601(std::string_view text);
// Formats as "YYYY-MM-DDTHH:MM:SS.mmm±HH:MM" in the given offset.
std::string format_iso8601(UtcMs t, UtcOffset offset);

// The UTC instant of a local wall-clock time on a local date.
UtcMs local_to_utc(Date local_date, Ms local_time_of_day, UtcOffset offset);
// Local time of day (0 .. 24 h) of an instant.
Ms local_time_of_day(UtcMs t, UtcOffset offset);
// Local date of an instant.
Date local_date(UtcMs t, UtcOffset offset);

// Whole years between a birth date and a reference date (age on that day).
int age_on(Date birth, Date on);

}  // namespace core
