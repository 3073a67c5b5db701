// How an announcer says durations, times, places and counts in each language, and how a
// template's placeholders are filled.
#include <cstdio>

#include "announcer/templates.h"

namespace announcer {
namespace {

struct Unit {
  std::string_view en_one, en_many;
  std::string_view ru_one, ru_few, ru_many;
  std::string_view kk;  // Kazakh does not inflect a noun after a numeral
};

constexpr Unit kHour{"hour", "hours", "час", "часа", "часов", "сағат"};
constexpr Unit kMinute{"minute", "minutes", "минута", "минуты", "минут", "минут"};
constexpr Unit kSecond{"second", "seconds", "секунда", "секунды", "секунд", "секунд"};

std::string say_unit(std::string_view lang, std::int64_t n, const Unit& u) {
  std::string_view word;
  if (lang == "ru")
    word = ru_plural(n, u.ru_one, u.ru_few, u.ru_many);
  else if (lang == "kk")
    word = u.kk;
  else
    word = n == 1 ? u.en_one : u.en_many;
  return std::to_string(n) + " " + std::string(word);
}

}  // namespace

std::string_view ru_plural(std::int64_t n, std::string_view one, std::string_view few,
                           std::string_view many) {
  const std::int64_t a = n < 0 ? -n : n;
  const std::int64_t last2 = a % 100, last = a % 10;
  if (last2 >= 11 && last2 <= 14) return many;
  if (last == 1) return one;
  if (last >= 2 && last <= 4) return few;
  return many;
}

std::string say_duration(std::string_view lang, core::Ms d) {
  std::int64_t s = d.count() / 1000;
  if (s < 0) s = -s;
  const std::int64_t h = s / 3600, m = s / 60 % 60, sec = s % 60;
  std::string out;
  const auto add = [&](std::int64_t n, const Unit& u) {
    if (!out.empty()) out += ' ';
    out += say_unit(lang, n, u);
  };
  if (h > 0) {
    add(h, kHour);
    if (m > 0) add(m, kMinute);
    return out;
  }
  if (m > 0) add(m, kMinute);
  if (sec > 0 || m == 0) add(sec, kSecond);
  return out;
}

std::string say_time(core::Ms elapsed) {
  return core::format_short(elapsed);
}

std::string say_place(std::string_view lang, int place) {
  if (lang != "en") return std::to_string(place);
  const int last2 = place % 100, last = place % 10;
  std::string_view suffix = "th";
  if (last2 < 11 || last2 > 13) {
    if (last == 1) suffix = "st";
    if (last == 2) suffix = "nd";
    if (last == 3) suffix = "rd";
  }
  return std::to_string(place) + std::string(suffix);
}

std::string say_count(std::string_view lang, std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  // English groups thousands with a comma from 1,000; Russian and Kazakh with a no-break
  // space from 10 000 (a four-digit number stays whole: 1000).
  const std::size_t len = digits.size();
  const bool grouped = lang == "en" ? len >= 4 : len >= 5;
  const std::string sep = lang == "en" ? "," : "\u00a0";
  std::string out;
  for (std::size_t i = 0; i < len; ++i) {
    if (grouped && i > 0 && (len - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string Templates::render(CalloutKind kind, std::string_view lang, std::size_t variant,
                              const std::map<std::string, std::string>& values) const {
  const KindTemplates* k = find(kind);
  if (!k) return {};
  const auto it = k->text.find(std::string(lang));
  if (it == k->text.end() || it->second.empty()) return {};
  const std::string& t = it->second[variant % it->second.size()];
  std::string out;
  out.reserve(t.size() + 32);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '{') {
      out += t[i];
      continue;
    }
    const std::size_t close = t.find('}', i);
    if (close == std::string::npos) break;  // parse_templates() rules this out
    const auto v = values.find(t.substr(i + 1, close - i - 1));
    if (v != values.end()) out += v->second;
    i = close;
  }
  return out;
}

std::string Templates::group(std::string_view lang, race::Gender gender) const {
  const auto l = groups.find(std::string(lang));
  if (l == groups.end()) return {};
  const auto g = l->second.find(std::string(race::to_string(gender)));
  return g == l->second.end() ? std::string() : g->second;
}

const KindTemplates* Templates::find(CalloutKind kind) const {
  for (const auto& k : kinds)
    if (k.kind == kind) return &k;
  return nullptr;
}

}  // namespace announcer
