// Relay (Ekiden) standings computed from a snapshot: team time is the sum of the legs (the
// time from the gun to the team's furthest exchange or the finish), leg ranks, and gaps at
// each exchange. Pure; safe from any thread on an immutable snapshot.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "race/snapshot.h"

namespace race {

struct TeamStanding {
  std::string team;
  std::vector<RunnerId> members;  // by leg (index 0 = leg 1); -1 where no runner is registered
  int place = 0;                  // live place; 0 = unranked (a member DNF/DSQ, or no read)
  int furthest = -1;              // furthest point reached by the team
  int current_leg = 0;            // 1-based leg on the course now; legs+1 when finished
  core::Ms time{0};               // gun elapsed at the furthest point
  core::Ms gap{0};                // behind the leading team at that point
  std::vector<std::optional<core::Ms>> leg_times;      // per leg, when run
  std::vector<int> leg_places;                         // rank of each leg time (0 = none)
  std::vector<std::optional<core::Ms>> exchange_gaps;  // at each leg's end: behind the leader
  RunnerStatus status = RunnerStatus::ok;              // worst member status
};

// Teams of a relay contest in live order (furthest point, then time there), unranked last.
std::vector<TeamStanding> relay_standings(const RaceSnapshot& snapshot, int contest);

}  // namespace race
