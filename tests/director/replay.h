// Test fixture for the director: the Almaty sample race (embedded race.toml, the generated
// field, seed 2025, full scale) replayed through the real RaceModel in race-time order,
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
#include "director/director.h"
#include "director/rules.h"
#include "race/config.h"
#include "race/event.h"
#include "race/snapshot.h"

namespace director_test {

std::shared_ptr<const race::RaceConfig> almaty_config();
const bundle::AlmatyRace& almaty_race();
// Race-day local "HH:MM:SS" → UTC instant.
core::UtcMs local(const race::RaceConfig& config, std::string_view hhmmss);
// Local "HH:MM:SS" of an instant, for messages.
std::string clock(const race::RaceConfig& config, core::UtcMs t);

// Rules parsed against the overlay kinds Pacecast ships; a parse error throws.
director::Rules rules(std::string_view toml);

// The race time of an event (passings and guns); nullopt for the others.
std::optional<core::UtcMs> time_of(const race::Event& e);

// Replays `events` (in time order) from `from` to `until`: at each instant from, from +
// step, ..., every event up to that instant is applied, a snapshot published and
// `on_step(snapshot, instant)` called. Events before `from` are applied before the first
// call.
void replay(std::shared_ptr<const race::RaceConfig> config,
            std::vector<race::Participant> participants, const std::vector<race::Event>& events,
            core::UtcMs from, core::UtcMs until, core::Ms step,
            const std::function<void(const race::RaceSnapshot&, core::UtcMs)>& on_step);

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
// Every read of runners of a contest at one mat, first read per runner, by bib.
std::map<std::string, core::UtcMs> reads_at(const std::vector<race::Event>& events,
                                            std::string_view mat);
// The gun event of a contest (its whole field) in the sample.
core::UtcMs gun_of(std::string_view contest);

// Actions of one rule, in the order they came.
std::vector<Fired> of_rule(const std::vector<Fired>& all, std::string_view rule);

}  // namespace director_test
