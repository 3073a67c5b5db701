// The invented field of the Almaty sample race: who runs which contest, and the plan the
// passings simulation follows for each of them. Internal to the bundle module; built once
// per generate_almaty() call and owned by it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bundle/almaty.h"
#include "core/time.h"
#include "race/config.h"
#include "race/participant.h"

namespace bundle::almaty {

// Stream numbers for mix_seed(): the field, then one stream per runner and per relay team.
constexpr std::uint64_t kFieldStream = 1;
constexpr std::uint64_t kGunStream = 2;
constexpr std::uint64_t kRunnerStreamBase = 1'000;
constexpr std::uint64_t kTeamStreamBase = 1'000'000;

// What the simulation does with one participant (parallel to Field::participants).
struct RunnerPlan {
  const race::Contest* contest = nullptr;
  core::Ms corral_delay{0};  // gun to start-mat read (relay: leg 1 only)
  core::Ms target{0};        // net time for the contest, or for the leg in a relay
  bool elite = false;
  double fade = 0;         // extra pace at the finish, as a fraction of the even pace
  double fade_from_m = 0;  // where the fade begins
  bool dns = false;        // registered, never starts
  bool dns_reported = false;
  int dnf_after = -1;  // index of the last point read before dropping out; -1: finishes
  bool dnf_reported = false;
  int missed_point = -1;   // index of one point whose read is lost; -1: none
  bool duplicate = false;  // one read is repeated a few seconds later
};

struct Field {
  std::vector<race::Participant> participants;
  std::vector<RunnerPlan> plans;
};

// Builds the field for the contests of `config` the generator knows (marathon, half, 10k,
// nordic, ekiden). Throws core::Error when the config has none of them or the scale
// overflows a bib range.
Field build_field(const race::RaceConfig& config, const AlmatyOptions& options);

}  // namespace bundle::almaty
