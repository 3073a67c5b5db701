// Race data shared by the test suites that replay real races: the Almaty sample (assets
// race.toml, the generated field, seed 2025, full scale) and the Boston results files, fed
// through the real RaceModel in race-time order. Each is built once per test process.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/almaty.h"
#include "bundle/boston.h"
#include "race/config.h"
#include "race/event.h"
#include "race/snapshot.h"

namespace race_fixture {

std::shared_ptr<const race::RaceConfig> almaty_config();
const bundle::AlmatyRace& almaty_race();
// tests/data/marathon_results_YEAR.csv.gz, imported.
const bundle::BostonImport& boston(int year);

// Race-day local "HH:MM:SS" → UTC instant; and an instant as local "HH:MM:SS.mmm".
core::UtcMs local(const race::RaceConfig& config, std::string_view hhmmss);
std::string clock(const race::RaceConfig& config, core::UtcMs t);

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

// Each runner's first read at one mat, by bib.
std::map<std::string, core::UtcMs> reads_at(const std::vector<race::Event>& events,
                                            std::string_view mat);

}  // namespace race_fixture
