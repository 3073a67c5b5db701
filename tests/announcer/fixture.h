// Test fixture for the announcer: the Almaty sample (assets race.toml, generated field,
// seed 2025, full scale) and the Boston results, fed through the real RaceModel. Like
// tests/director/replay.h, without the director's rules and overlays.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/almaty.h"
#include "bundle/boston.h"
#include "race/config.h"
#include "race/event.h"
#include "race/model.h"
#include "race/snapshot.h"

namespace announcer_test {

std::shared_ptr<const race::RaceConfig> almaty_config();
const bundle::AlmatyRace& almaty_race();
core::UtcMs local(const race::RaceConfig& config, std::string_view hhmmss);

const bundle::BostonImport& boston(int year);

// The race time of a passing or gun event; nullopt for the others.
std::optional<core::UtcMs> time_of(const race::Event& e);
// A snapshot after applying every event that `keep` accepts.
race::SnapshotPtr snapshot_of(std::shared_ptr<const race::RaceConfig> config,
                              std::vector<race::Participant> participants,
                              const std::vector<race::Event>& events,
                              const std::function<bool(const race::Event&)>& keep);

// Replays the Almaty sample from `from` to `until`, calling `on_step` every `step` with the
// snapshot holding every event up to that instant.
void replay_almaty(core::UtcMs from, core::UtcMs until, core::Ms step,
                   const std::function<void(const race::RaceSnapshot&, core::UtcMs)>& on_step);

// First read per bib at a mat in the Almaty events.
const std::map<std::string, core::UtcMs>& almaty_reads_at(const std::string& mat);

}  // namespace announcer_test
