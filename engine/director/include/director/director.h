// Director: turns a sequence of race snapshots into automatic overlay actions by the rules
// (rules.h). Pure: no clock, no I/O; the engine owns it, calls step() for every new snapshot
// (and at least once a second of race time) and maps the actions to its controls.
// Thread-safety: not thread-safe; one thread (the engine thread) calls it.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/time.h"
#include "director/rules.h"
#include "race/config.h"
#include "race/snapshot.h"

namespace director {

// One overlay to put on air because a rule fired.
struct Action {
  std::string rule;                           // Rule::name
  std::string kind;                           // Rule::show
  std::map<std::string, std::string> params;  // placeholders filled
  core::Ms on_air{0};                         // 0 = until cleared by hand
  int priority = 0;
  core::UtcMs at{};  // the race instant of the fact (a crossing, a tick of `every`)
  // One line for the operator's log: "leader of Marathon (men) passed 30K: bib 12 Daniel
  // KIBIWOTT, 1:34:10".
  std::string reason;
};

class Director {
 public:
  // Throws core::ConfigError when the rules do not fit the race (validate()).
  Director(Rules rules, const race::RaceConfig& config);
  ~Director();
  Director(Director&&) noexcept;
  Director& operator=(Director&&) noexcept;

  // Compares `race` with what earlier steps saw and returns the actions of every fact that
  // has happened by `now` (the race instant on air) and not fired yet, in race-time order
  // (higher priority first at one instant). A fact fires once: later steps never repeat it.
  // Facts older than Rules::max_age before `now` are dropped, as are facts within a rule's
  // cooldown and outside its from/until window. Facts after `now` (data ahead of a delayed
  // program) wait for a later step. Disabled rules never fire.
  std::vector<Action> step(const race::RaceSnapshot& race, core::UtcMs now);

  const Rules& rules() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace director
