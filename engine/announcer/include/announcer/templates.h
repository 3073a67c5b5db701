// Callout templates (assets/announcer/callouts.toml): for each kind of callout, its priority
// and one or more sentences per language with {placeholders}; rate limits per priority
// class; and the words for men and women per language. Value types; parsing and rendering
// are pure and safe from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "race/config.h"

namespace announcer {

// What a callout says. The `kind` names are the table names in callouts.toml.
enum class CalloutKind : std::uint8_t {
  invalid,
  welcome,             // a contest's gun: the greeting
  leads,               // the first leader of a contest (per gender) at its first mat
  new_leader,          // a different runner first at a mat than at the mat before
  gap_growing,         // the lead (first to second) grew by more than the threshold
  gap_shrinking,       // ...or shrank by more than it
  record_pace_gained,  // the leader went ahead of the course record's pace
  record_pace_lost,    // ...or fell behind it
  first_man,           // the first man to finish a contest
  first_woman,         // the first woman to finish a contest
  category_winner,     // the first finisher of a category in a contest
  milestone,           // the Nth finisher of the day (all individual contests)
  contest_milestone,   // the Nth finisher of one contest
  exchange,            // a relay team hands over to its next leg
  vip_approaching,     // a VIP is due at the finish within seconds
  correction,          // a first finisher called earlier is no longer first (read voided...)
};
std::string_view to_string(CalloutKind k);           // "new_leader", ...
CalloutKind parse_callout_kind(std::string_view s);  // exact; invalid for anything else
// Every kind but invalid, in declaration order.
const std::vector<CalloutKind>& all_callout_kinds();

// Priority classes. Under the rate limit lower classes are dropped first; high never is.
enum class Priority : std::uint8_t { invalid, low, normal, high };
std::string_view to_string(Priority p);       // "low", "normal", "high"
Priority parse_priority(std::string_view s);  // exact; invalid for anything else

// Languages a template may be written in; en and ru are required for every kind given.
inline constexpr std::string_view kLanguages[] = {"en", "ru", "kk"};

struct KindTemplates {
  CalloutKind kind = CalloutKind::invalid;
  Priority priority = Priority::normal;
  bool enabled = true;
  std::map<std::string, std::vector<std::string>> text;  // language -> sentences
  int line = 0;                                          // where the kind's table starts
};

// At most this many callouts in any minute of race time: a callout of the class is said
// only while fewer than its number were said in the minute before it (callouts of every
// class count). High priority is never dropped.
struct RateLimits {
  int normal_per_minute = 8;
  int low_per_minute = 4;
};

struct Templates {
  std::string source;  // the name given to parse_templates(), for messages
  RateLimits rate;
  // language -> "M"/"F"/"X" -> the words for that field ("men", "мужчин").
  std::map<std::string, std::map<std::string, std::string>> groups;
  std::vector<KindTemplates> kinds;  // in file order; each kind at most once

  const KindTemplates* find(CalloutKind kind) const;  // nullptr when not given
  // One sentence of `kind` in `lang`, the `variant`-th (modulo their count), with every
  // {placeholder} replaced from `values` (a missing value becomes empty). Empty when the
  // kind has no sentence in that language.
  std::string render(CalloutKind kind, std::string_view lang, std::size_t variant,
                     const std::map<std::string, std::string>& values) const;
  // The words for a gender's field in `lang` ("women"); empty when not given.
  std::string group(std::string_view lang, race::Gender gender) const;
};

// Parses callouts.toml. Throws core::ConfigError naming `source_name`, the line and the key
// for TOML syntax errors, unknown keys or kinds (with the closest accepted name), a missing
// en or ru sentence, an unknown priority or language, and a placeholder the kind cannot
// fill or an unbalanced brace in a sentence.
Templates parse_templates(std::string_view text, std::string_view source_name);

// The placeholders a kind's sentences may use, without braces ("name", "bib", ...).
const std::vector<std::string_view>& placeholders_for(CalloutKind kind);

// --- how an announcer says numbers --------------------------------------------------------

// Russian plural form for a count: 1, 21, 101 → one; 2-4, 22-24 → few; 0, 5-20, 25 → many.
std::string_view ru_plural(std::int64_t n, std::string_view one, std::string_view few,
                           std::string_view many);
// A duration in words, whole seconds (truncated): "12 seconds", "1 minute 5 seconds",
// "1 hour 2 minutes" (seconds dropped from an hour up); ru: "1 минута 5 секунд",
// "21 секунда"; kk: "1 минут 5 секунд". Other languages read as en.
std::string say_duration(std::string_view lang, core::Ms d);
// An elapsed race time as read aloud: "2:08:31", or "15:02" under an hour.
std::string say_time(core::Ms elapsed);
// A place as said: en "1st", "22nd", "113th"; other languages the plain number.
std::string say_place(std::string_view lang, int place);
// A count as written in a sentence: en "1,000"; ru and kk "1000", "10 000" (no-break space).
std::string say_count(std::string_view lang, std::int64_t n);

}  // namespace announcer
