// Test fixture for control: a small race in code (tests/race's 10 km) with runners named in
// Kazakh Cyrillic, Russian and accented Latin, a real RaceModel behind Control's submit hook,
// the real overlay kinds with a program Scene, a three-item rundown and the checks the
// control tests share. Used on the test's thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "control/control.h"
#include "control/program_scene.h"
#include "director/rundown.h"
#include "overlays/registry.h"
#include "race/model.h"
#include "race/model_fixture.h"
#include "scene/scene.h"

namespace control_test {

inline race::Participant named(std::string bib, std::string first, std::string last,
                               race::Gender g = race::Gender::male) {
  race::Participant p = fixture::runner(std::move(bib), g, 30);
  p.first_name = std::move(first);
  p.last_name = std::move(last);
  return p;
}

inline std::vector<race::Participant> field() {
  return {named("1", "Жанар", "Сейітқызы", race::Gender::female),
          named("2", "Thomas", "Müller"),
          named("12", "Ömer", "Çelik"),
          named("120", "Łukasz", "Żółć"),
          named("21", "Әлихан", "Нұрланов"),
          named("F2", "Анна", "Иванова", race::Gender::female),
          named("7", "Zhanar", "Seitkyzy", race::Gender::female)};
}

// The race model behind Control: corrections are applied as they are submitted.
struct Engine {
  race::RaceModel model{fixture::config(), field()};
  std::vector<race::Event> submitted;
  std::vector<race::ApplyResult> results;
  control::Control control{overlays::kinds(), control::Hooks{[this](race::Event e) {
                                                               submitted.push_back(e);
                                                               results.push_back(model.apply(e));
                                                             },
                                                             "run-1"}};

  Engine() {
    pass("1", "start", fixture::at(9, 0, 2), 1);
    pass("1", "5K", fixture::at(9, 17, 0), 2);
    pass("2", "start", fixture::at(9, 0, 1), 3);
    pass("2", "5K", fixture::at(9, 18, 0), 4);
    pass("12", "5K", fixture::at(9, 19, 0), 5);
    publish();
  }
  void pass(const std::string& bib, const std::string& mat, core::UtcMs t, std::int64_t seq) {
    model.apply(fixture::passing(bib, mat, t, seq));
  }
  race::SnapshotPtr publish() {
    auto s = model.publish();
    control.set_race(s);
    return s;
  }
};

// The program side: the real kinds on a Scene with the embedded looks.
struct Program {
  scene::LookStore looks{overlays::default_theme(), overlays::look_sources(), std::nullopt};
  scene::Scene scene{overlays::kinds(), looks};
  control::ProgramScene program;
};

// The instant the program scene is driven from.
inline const core::UtcMs kT0 = fixture::at(9, 30, 0);

// "STATUS code: message" of the ControlError `fn` throws; "no error" when it throws none.
template <class Fn>
std::string refusal(Fn&& fn) {
  try {
    fn();
  } catch (const control::ControlError& e) {
    return std::to_string(e.status()) + " " + e.code() + ": " + e.what();
  }
  return "no error";
}

// Whether Control's log has an entry by `by` containing `part`.
inline bool log_has(const control::Control& c, std::string_view by, std::string_view part) {
  for (const auto& e : c.log_since(0))
    if (e.by == by && e.text.find(part) != std::string::npos) return true;
  return false;
}

// The kinds of the scene's layers not animating out.
inline std::vector<std::string> on_air_kinds(const scene::Scene& s) {
  std::vector<std::string> kinds;
  for (const auto& l : s.layers())
    if (!l.out_at) kinds.push_back(l.kind);
  return kinds;
}

// A rundown as the operator writes it: the clock; the top 10 for 20 s (line 5); bib 1's card.
inline constexpr const char* kRundownToml = R"([[item]]
title = "Clock"
show = "race_clock"

[[item]]
title = "Top 10"
show = "leaderboard"
params = { contest = "10k", rows = 10 }
seconds = 20

[[item]]
title = "Leader"
show = "split_card"
params = { bib = "1" }
)";

inline director::Rundown three_items() {
  return director::parse_rundown(kRundownToml, "show.toml", overlays::kinds());
}

}  // namespace control_test
