// Test fixture for the director: the Almaty sample race (tests/common/race_fixture.h)
// replayed through the real RaceModel in race-time order,
// with a callback at every step of race time; and rules parsed against the real overlay
// kinds.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/almaty.h"
#include "common/race_fixture.h"
#include "director/director.h"
#include "director/rules.h"
#include "race/config.h"
#include "race/event.h"
#include "race/snapshot.h"

namespace director_test {

using race_fixture::almaty_config;
using race_fixture::almaty_race;
using race_fixture::clock;
using race_fixture::local;
using race_fixture::reads_at;
using race_fixture::replay;
using race_fixture::time_of;

// Rules parsed against the overlay kinds Pacecast ships; a parse error throws.
director::Rules rules(std::string_view toml);

// An action with the instant of the step that returned it.
struct Fired {
  director::Action action;
  core::UtcMs step{};
};
// Steps a Director on the Almaty replay (every `step`, from `from` to `until`) and returns
// every action it gave.
std::vector<Fired> run_almaty(director::Director& d, std::string_view from, std::string_view until,
                              core::Ms step = core::Ms(5000));

// --- expected facts, computed here from the events, independently of the director -------

// A runner's first read at a mat.
struct Crossing {
  core::UtcMs at{};
  std::string bib;
};
// The earliest read at each mat (by mat id) among the runners of a contest (of a gender when
// given), over the sample's events up to `until`.
std::map<std::string, Crossing> first_crossings(std::string_view contest, race::Gender gender,
                                                core::UtcMs until);
// The gun event of a contest (its whole field) in the sample.
core::UtcMs gun_of(std::string_view contest);

// Actions of one rule, in the order they came.
std::vector<Fired> of_rule(const std::vector<Fired>& all, std::string_view rule);

}  // namespace director_test
