// Automation rules (director.toml, docs/automation.md): when a race fact happens, which
// overlay goes on air, with which parameters, for how long. Value types; parsing is pure
// (text in, Rules out) and safe from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "race/config.h"
#include "scene/overlay.h"

namespace director {

// The race fact a rule watches.
enum class Trigger : std::uint8_t {
  invalid,
  leader_passes,              // the leader of a contest (or gender) crosses a mat
  every,                      // every N minutes of race time from the gun
  record_delta_crosses_zero,  // the leader goes ahead of / falls behind record pace
  vip_passes,                 // a runner marked vip crosses a mat
  first_finisher,             // the first ranked finisher of a contest (or gender)
};
std::string_view to_string(Trigger t);      // the `when` value: "leader_passes", ...
Trigger parse_trigger(std::string_view s);  // exact; invalid for anything else

inline constexpr std::string_view kAnyContest = "*";
inline constexpr std::string_view kAnyMat = "*";

struct Rule {
  std::string name;  // unique within the file; names the rule in actions and messages
  Trigger when = Trigger::invalid;
  std::string contest{kAnyContest};             // a contest id, or "*" for every contest
  race::Gender gender = race::Gender::invalid;  // invalid = any gender
  // leader_passes: a mat id, or "*" or empty for every mat but the start. vip_passes: a mat
  // id, "*", or empty for each contest's pre-finish (announcer) mat, else the one before the
  // finish.
  std::string mat;
  int minutes = 0;                       // every: the period in race minutes
  std::string record = "course record";  // record_delta_crosses_zero: the record's label
  std::string show;                      // the overlay kind to put on air
  // Parameter values with {placeholders} (docs/automation.md), filled when the rule fires.
  std::map<std::string, std::string> params;
  core::Ms on_air{8000};  // how long on air; 0 = until cleared by hand
  int priority = 0;       // when several fire at one instant, the higher first
  core::Ms cooldown{0};   // the rule does not fire again within this much race time
  // Optional window of local race-day time of day in which the rule may fire.
  std::optional<core::Ms> from, until;
  bool enabled = true;
  int line = 0;                      // where the rule's [[rule]] starts in the file
  std::map<std::string, int> lines;  // the line of each key given ("contest" -> 14)
};

inline constexpr core::Ms kDefaultMaxAge{120'000};

struct Rules {
  std::string source;  // the file name given to parse_rules(), for messages
  // Facts older than this (race time before the step's `now`) never fire: a restart or a
  // catch-up does not replay what is long past.
  core::Ms max_age = kDefaultMaxAge;
  std::vector<Rule> rules;
};

// Parses a rules file. `kinds` are the overlay kinds the engine has: `show` must name one
// and every `params` key must be one of its parameters (a literal value must be one of the
// parameter's choices, when it has any). Throws core::ConfigError naming `source_name`, the
// line and the key for TOML syntax errors, unknown or mistyped keys, an unknown `when`, a key
// that does not apply to the rule's `when`, and placeholders the trigger cannot fill.
Rules parse_rules(std::string_view text, std::string_view source_name,
                  const std::vector<scene::OverlayKind>& kinds);

// Checks the rules against a race: contests and mats that exist (and that a named mat is on
// the named contest's course), individual contests for per-runner triggers, records with the
// rule's label. Each problem is a ConfigError at the rule's line naming the rule and the key.
std::vector<core::ConfigError> validate_problems(const Rules& rules,
                                                 const race::RaceConfig& config);
// Throws the first of validate_problems(), with the count of the others in its message.
void validate(const Rules& rules, const race::RaceConfig& config);

// The placeholders a rule's parameters may use ({bib}, {mat}, ...), for the docs and for
// the console's rule editor.
std::vector<std::string_view> placeholders_for(const Rule& rule);

}  // namespace director
