#include "core/time.h"

#include <cstdio>
#include <cstdlib>

namespace core {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

long long to_int(std::string_view s) {
  long long v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// Parses ".f", ".ff", ".fff"... into milliseconds (extra digits truncated).
std::optional<std::int64_t> parse_fraction_ms(std::string_view frac) {
  if (!all_digits(frac)) return std::nullopt;
  std::int64_t ms = 0;
  for (std::size_t i = 0; i < 3; ++i) ms = ms * 10 + (i < frac.size() ? frac[i] - '0' : 0);
  return ms;
}

}  // namespace

std::string format_hms(Ms d) {
  const bool neg = d.count() < 0;
  std::int64_t s = (neg ? -d.count() : d.count()) / 1000;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%lld:%02lld:%02lld", neg ? "-" : "",
                static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60),
                static_cast<long long>(s % 60));
  return buf;
}

std::string format_hms_ms(Ms d) {
  const bool neg = d.count() < 0;
  std::int64_t ms = neg ? -d.count() : d.count();
  char buf[48];
  std::snprintf(buf, sizeof buf, ".%03lld", static_cast<long long>(ms % 1000));
  return format_hms(Ms(neg ? -ms : ms)) + buf;
}

std::string format_short(Ms d) {
  const bool neg = d.count() < 0;
  std::int64_t s = (neg ? -d.count() : d.count()) / 1000;
  if (s >= 3600) return format_hms(d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%lld:%02lld", neg ? "-" : "", static_cast<long long>(s / 60),
                static_cast<long long>(s % 60));
  return buf;
}

std::optional<Ms> parse_hms(std::string_view text) {
  std::string_view frac;
  if (auto dot = text.find('.'); dot != std::string_view::npos) {
    frac = text.substr(dot + 1);
    text = text.substr(0, dot);
    if (frac.empty()) return std::nullopt;
  }
  std::string_view parts[3];
  int n = 0;
  while (true) {
    auto colon = text.find(':');
    if (n == 3) return std::nullopt;
    parts[n++] = text.substr(0, colon);
    if (colon == std::string_view::npos) break;
    text = text.substr(colon + 1);
  }
  if (n < 2) return std::nullopt;
  for (int i = 0; i < n; ++i)
    if (!all_digits(parts[i]) || parts[i].size() > (i == 0 ? 6u : 2u)) return std::nullopt;
  long long h = n == 3 ? to_int(parts[0]) : 0;
  long long m = to_int(parts[n - 2]);
  long long s = to_int(parts[n - 1]);
  if (parts[n - 1].size() != 2 || (n == 3 && parts[1].size() != 2)) return std::nullopt;
  if (s >= 60 || (n == 3 && m >= 60)) return std::nullopt;
  std::int64_t ms = 0;
  if (!frac.empty()) {
    auto f = parse_fraction_ms(frac);
    if (!f) return std::nullopt;
    ms = *f;
  }
  return Ms((h * 3600 + m * 60 + s) * 1000 + ms);
}

std::optional<Date> parse_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto y = t.substr(0, 4), m = t.substr(5, 2), d = t.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return std::nullopt;
  Date date{std::chrono::year(static_cast<int>(to_int(y))),
            std::chrono::month(static_cast<unsigned>(to_int(m))),
            std::chrono::day(static_cast<unsigned>(to_int(d)))};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string format_date(Date d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

std::optional<UtcOffset> parse_utc_offset(std::string_view t) {
  if (t == "Z" || t == "z") return UtcOffset{0};
  if (t.size() < 3 || (t[0] != '+' && t[0] != '-')) return std::nullopt;
  const int sign = t[0] == '-' ? -1 : 1;
  t.remove_prefix(1);
  std::string_view hh, mm;
  if (t.size() == 2) {
    hh = t;
    mm = "00";
  } else if (t.size() == 4) {
    hh = t.substr(0, 2);
    mm = t.substr(2, 2);
  } else if (t.size() == 5 && t[2] == ':') {
    hh = t.substr(0, 2);
    mm = t.substr(3, 2);
  } else {
    return std::nullopt;
  }
  if (!all_digits(hh) || !all_digits(mm)) return std::nullopt;
  const long long h = to_int(hh), m = to_int(mm);
  if (h > 14 || m >= 60) return std::nullopt;
  return UtcOffset{static_cast<std::int32_t>(sign * (h * 60 + m))};
}

std::string format_utc_offset(UtcOffset o) {
  const int a = o.minutes < 0 ? -o.minutes : o.minutes;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", o.minutes < 0 ? '-' : '+', a / 60, a % 60);
  return buf;
}

std::optional<UtcMs> parse_iso8601(std::string_view t) {
  if (t.size() < 20 || (t[10] != 'T' && t[10] != 't' && t[10] != ' ')) return std::nullopt;
  auto date = parse_date(t.substr(0, 10));
  if (!date) return std::nullopt;
  std::string_view rest = t.substr(11);
  std::size_t zone = rest.find_first_of("Zz+-");
  if (zone == std::string_view::npos) return std::nullopt;
  auto offset = parse_utc_offset(rest.substr(zone));
  std::string_view clock = rest.substr(0, zone);
  if (!offset || clock.size() < 8 || clock[2] != ':' || clock[5] != ':') return std::nullopt;
  auto tod = parse_hms(clock);
  if (!tod || *tod >= std::chrono::hours(24)) return std::nullopt;
  return local_to_utc(*date, *tod, *offset);
}

std::string format_iso8601(UtcMs t, UtcOffset offset) {
  const Date d = local_date(t, offset);
  const Ms tod = local_time_of_day(t, offset);
  std::int64_t ms = tod.count();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lld.%03lld%s", format_date(d).c_str(),
                static_cast<long long>(ms / 3600000), static_cast<long long>(ms / 60000 % 60),
                static_cast<long long>(ms / 1000 % 60), static_cast<long long>(ms % 1000),
                format_utc_offset(offset).c_str());
  return buf;
}

UtcMs local_to_utc(Date local_date, Ms local_time_of_day, UtcOffset offset) {
  const auto midnight = std::chrono::time_point_cast<Ms>(sys_days(local_date));
  return UtcMs(midnight.time_since_epoch() + local_time_of_day -
               std::chrono::minutes(offset.minutes));
}

Ms local_time_of_day(UtcMs t, UtcOffset offset) {
  const auto local = t + std::chrono::minutes(offset.minutes);
  const auto day = std::chrono::floor<days>(local);
  return std::chrono::duration_cast<Ms>(local - day);
}

Date local_date(UtcMs t, UtcOffset offset) {
  const auto local = t + std::chrono::minutes(offset.minutes);
  return Date(std::chrono::floor<days>(local));
}

int age_on(Date birth, Date on) {
  int age = static_cast<int>(on.year()) - static_cast<int>(birth.year());
  if (std::chrono::month_day(on.month(), on.day()) <
      std::chrono::month_day(birth.month(), birth.day()))
    --age;
  return age;
}

}  // namespace core
