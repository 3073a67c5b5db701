// Internal data shared by RaceModel (the writer) and RaceSnapshot (readers): compiled
// look-up tables, the participant table, copy-on-write runner blocks and rank lists.
// Everything reachable from a published RaceSnapshotData is read-only from then on.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "flat_index.h"
#include "race/config.h"
#include "race/participant.h"
#include "race/snapshot.h"
#include "rank_list.h"

namespace race::detail {

// Per-contest tables compiled from the config.
struct ContestIndex {
  int point_count = 0;
  int finish_point = 0;
  int announcer_point = -1;
  bool relay = false;
  bool speed_check = true;
  RankBy rank_by = RankBy::gun;
  std::array<std::int32_t, kMaxPoints> distance_m{};
  std::vector<std::int8_t> point_of_mat;  // by mat index; -1 when the mat is not on the course
  // Least plausible time between two points (world-record speed over that distance), and
  // from the gun to a point.
  std::array<std::array<std::int64_t, kMaxPoints>, kMaxPoints> min_ms_between{};
  std::array<std::int64_t, kMaxPoints> min_ms_from_gun{};
};

struct RaceIndex {
  std::shared_ptr<const RaceConfig> config;
  std::unordered_map<std::string, int> contest_by_id, wave_by_id, category_by_id, mat_by_id;
  std::vector<ContestIndex> contests;
  std::vector<int> wave_contest;  // by wave index
};

std::shared_ptr<const RaceIndex> compile_index(std::shared_ptr<const RaceConfig> config);

// Least plausible time to cover `distance_m` (men's world-record speed for that distance).
std::int64_t world_record_min_ms(double distance_m);

struct ParticipantTable {
  std::uint64_t generation = 0;  // the model's generation when last written
  std::vector<std::shared_ptr<const Participant>> rows;
  StringIndex by_bib;
  StringIndex by_chip;
};

inline constexpr std::size_t kRunnerBlock = 16;
struct RunnerBlock {
  std::uint64_t generation = 0;
  std::array<RunnerState, kRunnerBlock> runners{};
};

struct ContestRanks {
  std::array<RankList, kMaxPoints> at_point;
  std::array<std::int32_t, kMaxPoints> furthest_count{};  // ranked runners whose furthest is p
};

struct RaceSnapshotData {
  std::shared_ptr<const RaceIndex> index;
  std::shared_ptr<const ParticipantTable> participants;
  std::vector<std::shared_ptr<RunnerBlock>> runner_blocks;
  std::vector<ContestRanks> ranks;  // by contest
  std::vector<std::optional<core::UtcMs>> contest_gun;
  std::vector<std::optional<core::UtcMs>> wave_gun;
  ModelCounters counters;
  std::uint64_t version = 0;
  core::UtcMs last_read{};

  const RunnerState& runner(RunnerId id) const {
    return runner_blocks[static_cast<std::size_t>(id) / kRunnerBlock]
        ->runners[static_cast<std::size_t>(id) % kRunnerBlock];
  }
  std::optional<core::UtcMs> gun_of(const RunnerState& r) const {
    if (r.wave >= 0 && wave_gun[static_cast<std::size_t>(r.wave)])
      return wave_gun[static_cast<std::size_t>(r.wave)];
    if (r.contest >= 0) return contest_gun[static_cast<std::size_t>(r.contest)];
    return std::nullopt;
  }
  // The ranking key of a runner at a point; nullopt when not ranked there.
  std::optional<std::int64_t> rank_key(const RunnerState& r, int point) const;
};

// Whether a runner belongs to a standings query's scope (overall, a gender, a category).
inline bool in_scope(const RunnerState& s, const StandingsQuery& q) {
  switch (q.scope) {
    case Scope::overall:
      return true;
    case Scope::gender:
      return s.gender == q.gender;
    case Scope::category:
      return s.category == q.category;
  }
  return false;
}

}  // namespace race::detail
