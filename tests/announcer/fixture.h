// Test fixture for the announcer: the Almaty sample and the Boston results
// (tests/common/race_fixture.h), fed through the real RaceModel.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/race_fixture.h"
#include "race/config.h"
#include "race/event.h"
#include "race/model.h"
#include "race/snapshot.h"

namespace announcer_test {

using race_fixture::almaty_config;
using race_fixture::almaty_race;
using race_fixture::boston;
using race_fixture::local;
using race_fixture::time_of;

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
