// The callout engine's small per-watch state and the functions that find new facts in a
// snapshot. Private to the announcer module; one thread (the engine's owner).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "announcer/callouts.h"

namespace announcer::detail {

using Callable = std::function<bool(const race::RaceSnapshot&, race::RunnerId)>;

// A fact before the age, de-duplication and rate filters. Values that read differently per
// language (durations, places, counts, the field's name) are kept apart and said when the
// callout is rendered.
struct Fact {
  CalloutKind kind = CalloutKind::invalid;
  std::string id;
  core::UtcMs at{};
  std::map<std::string, std::string> values;  // the same in every language
  std::map<std::string, core::Ms> durations;  // said as "1 minute 5 seconds"
  race::Gender group = race::Gender::invalid;
  int place = 0;
  std::int64_t count = 0;
  std::vector<race::RunnerId> runners;
  std::string reason;
  bool demoted = false;  // one class below the kind's priority (a relay's back markers)
};

struct Step {
  const race::RaceSnapshot& race;
  core::UtcMs now;
  const Callable& callable;
};

inline const race::Contest& contest_of(const Step& s, int contest) {
  return s.race.config().contests[static_cast<std::size_t>(contest)];
}

// A runner at a mat at an instant.
struct Crossing {
  race::RunnerId runner = -1;
  core::UtcMs at{};
};

// The order facts are found in: earliest first, crossings in the same millisecond by runner
// id (the table's order). For Crossing and Finisher alike.
inline constexpr auto kEarliestFirst = [](const auto& a, const auto& b) {
  return a.at != b.at ? a.at < b.at : a.runner < b.runner;
};

// One contest's leaders of one gender mat by mat (the finish excepted): who led, the gap to
// the second at the last mat it was measured, and the side of record pace.
struct LeaderWatch {
  int contest = 0;
  race::Gender gender = race::Gender::invalid;
  int next_point = 0;  // the first mat whose leader is not known yet
  race::RunnerId leader = -1;
  int record_sign = 0;  // -1 ahead of record pace, +1 behind, 0 not compared yet
  int record_point = -1;
  int next_gap_point = 0;  // the first mat whose gap is not known yet
  std::optional<core::Ms> gap;
  race::RunnerId gap_leader = -1;
  int gap_point = -1;
};

// One individual contest's finish: finishers counted so far, and who was called first.
struct FinishWatch {
  int contest = 0;
  int point = 0;
  std::size_t counted = 0;
  race::RunnerId first_man = -1, first_woman = -1;
  bool corrected_man = false, corrected_woman = false;
  std::set<int> categories;  // categories whose winner was found
};

// One relay leg's exchange mat.
struct ExchangeWatch {
  int contest = 0;
  int leg = 0;                           // 1-based: the leg that ends at this mat
  int point = 0;                         // the exchange mat in the contest's points
  std::set<race::RunnerId> handed_over;  // this leg's runners seen at the mat, callable or not
};

// A new finisher of an individual contest, with its place in the contest's finish order.
struct Finisher {
  race::RunnerId runner = -1;
  core::UtcMs at{};
  int contest = 0;
  std::int64_t contest_ordinal = 0;
};

// Each function appends the facts that have happened by `now` and marks them seen in the
// watch, so no later call reports them again.
void leader_facts(const Step& s, LeaderWatch& w, std::vector<Fact>& out);
void gap_facts(const Step& s, const CalloutOptions& o, LeaderWatch& w, std::vector<Fact>& out);
// New finishers at a contest's finish (earliest first); firsts, category winners and
// contest milestones among them. The caller numbers the day's finishers across contests.
void finish_facts(const Step& s, const CalloutOptions& o, FinishWatch& w,
                  std::vector<Finisher>& day, std::vector<Fact>& out);
void correction_facts(const Step& s, FinishWatch& w, std::vector<Fact>& out);
// The day's milestones among new finishers (`day` sorted by time, numbered from `before`).
void milestone_facts(const Step& s, const CalloutOptions& o, const std::vector<Finisher>& day,
                     std::int64_t before, std::vector<Fact>& out);
// `teams`: team name -> member per leg (index 0 = leg 1), -1 where none.
void exchange_facts(const Step& s, const std::map<std::string, std::vector<race::RunnerId>>& teams,
                    ExchangeWatch& w, std::vector<Fact>& out);

// Subject of a fact: name, bib, country, city and the contest's name; adds to `runners`.
void add_runner(const race::RaceSnapshot& race, race::RunnerId id, Fact& f);
// {time}: the runner's elapsed time at a point (rank time, else gun time), when known.
void add_time(const race::RaceSnapshot& race, race::RunnerId id, int point, Fact& f);
std::string who(const race::RaceSnapshot& race, race::RunnerId id);  // "bib 12 Name"

}  // namespace announcer::detail
