// The console's Announcer tab, its ImGui-free part: the arrival board and the recent
// callouts of `pacecast run --announcer` (AnnouncerService::latest()) turned into the lines
// the tab draws: countdowns, places, notes, weak runners marked, callouts newest first in the
// chosen language. Value types and pure functions, any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "announcer/arrivals.h"
#include "announcer/callouts.h"
#include "control/control.h"

namespace app {

// One runner of the arrivals table.
struct AnnouncerRow {
  race::RunnerId runner = -1;
  std::string countdown;  // "1:05", "0:07"; "due" once the ETA has passed
  std::string bib, name, pronunciation, country, contest, category;
  std::string place;       // "12" overall, "12 · W3" with the gender place; "" when unknown
  std::string notes;       // "VIP · first marathon · birthday today (35)"
  std::string provenance;  // "official", "provisional", "interpolated", "weak"
  std::string reason;      // why the data is doubtful, for a weak runner
  bool weak = false;       // a weak read or not callable: grey, not called as normal
  bool vip = false;
  bool group_start = false;  // the first of its ETA group (arrivals within a second)
  double seconds_to_go = 0;
};

// "1:05" for 65 s, "0:07", "12:00"; "due" at or below zero. Rounded up: "0:01" until it is due.
std::string format_countdown(double seconds_to_go);

// The board's runners, soonest first (ties keep the board's order).
std::vector<AnnouncerRow> announcer_rows(const announcer::Arrivals& arrivals);

// What the console needs to cue a card for the row's runner (cue_runner_card).
control::RunnerHit runner_hit(const AnnouncerRow& row);

// One recent callout.
struct CalloutLine {
  std::string text;  // in the chosen language, else English, else any, else the reason
  std::string lang;  // the language `text` is in ("" when it is the reason)
  announcer::Priority priority = announcer::Priority::invalid;
  std::string reason;  // why it was said, in English
  std::string bib;     // the subject's, or ""
};

// The callouts, given oldest first (AnnouncerView), newest first in `lang` ("en", "ru").
std::vector<CalloutLine> callout_lines(const std::vector<announcer::Callout>& oldest_first,
                                       std::string_view lang);

}  // namespace app
