// RaceSnapshot: an immutable view of the race at one moment, published by RaceModel.
// Thread-safety: Safe. A snapshot never changes after publication; readers on any thread
// share it through std::shared_ptr<const RaceSnapshot>. Snapshots share unchanged blocks
// with each other, so publishing one does not copy the race.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "race/config.h"
#include "race/event.h"
#include "race/participant.h"

namespace race {

inline constexpr int kMaxPoints = 16;  // timing points per contest
static_assert(kMaxPoints == kMaxContestPoints, "validate() and the model must agree");

using RunnerId = std::int32_t;  // index into the participant table; stable for the race

// How a runner's time at a point was obtained.
enum class ReadKind : std::uint8_t {
  none,          // no read (yet)
  read,          // a chip read at the mat
  interpolated,  // missed mat: estimated from the reads either side, flagged as such
  impossible,    // a read that contradicts the others (backwards, faster than the world
                 // record): kept, flagged, not ranked
};

struct PointTime {
  core::UtcMs time{};
  ReadKind kind = ReadKind::none;
  bool usable() const { return kind == ReadKind::read; }
};

// Per-runner dynamic state. Times and kinds are kept in separate arrays so the state stays
// small (snapshots copy it a block at a time).
struct RunnerState {
  std::int16_t contest = -1;   // index into RaceConfig::contests
  std::int16_t category = -1;  // index into RaceConfig::categories
  std::int16_t wave = -1;      // index into RaceConfig::waves
  std::int8_t furthest = -1;   // furthest point with a usable read (index into the points)
  RunnerStatus status = RunnerStatus::ok;
  Gender gender = Gender::invalid;
  std::uint8_t extra_reads = 0;  // reads beyond the dedup window after the first (suspicious)
  std::array<ReadKind, kMaxPoints> kind{};     // per point of the contest
  std::array<core::UtcMs, kMaxPoints> time{};  // per point; meaningful when kind != none

  PointTime point(int p) const {
    return {time[static_cast<std::size_t>(p)], kind[static_cast<std::size_t>(p)]};
  }
  void set(int p, PointTime pt) {
    time[static_cast<std::size_t>(p)] = pt.time;
    kind[static_cast<std::size_t>(p)] = pt.kind;
  }
};

// Whose places: everyone in the contest, the same gender, or the same category.
enum class Scope : std::uint8_t { overall, gender, category };

inline constexpr int kLive = -1;  // "point" meaning the live position (furthest point first)

struct Standing {
  RunnerId runner = -1;
  int place = 0;     // 0 = no place (DNS/DNF/DSQ, no read)
  int point = -1;    // the point the place was taken at (for live: the runner's furthest)
  core::Ms time{0};  // ranking time at that point (gun or net per the contest)
  core::Ms gap{0};   // behind the leader of the list at that point
};

struct StandingsQuery {
  int contest = 0;
  int point = kLive;  // a point index, or kLive
  Scope scope = Scope::overall;
  Gender gender = Gender::invalid;  // with Scope::gender
  int category = -1;                // with Scope::category
  std::size_t limit = 0;            // 0 = everyone ranked
  bool include_unranked = false;    // append runners without a place (status, no read)
};

// Counts of what the model did with its inputs (for the console and /metrics).
struct ModelCounters {
  std::uint64_t events = 0;
  std::uint64_t passings = 0;
  std::uint64_t duplicates = 0;      // same origin seen again, or same read within the window
  std::uint64_t unknown_runner = 0;  // bib/chip not in the participant table
  std::uint64_t unknown_mat = 0;     // mat not used by the runner's contest
  std::uint64_t impossible = 0;      // reads currently flagged impossible
  std::uint64_t corrections = 0;
  std::uint64_t rejected = 0;  // other rejected events
};

class RaceModel;
namespace detail {
struct RaceSnapshotData;
}

class RaceSnapshot {
 public:
  ~RaceSnapshot();
  RaceSnapshot(const RaceSnapshot&) = delete;
  RaceSnapshot& operator=(const RaceSnapshot&) = delete;

  const RaceConfig& config() const;
  std::uint64_t version() const;  // increases with every publication that changed something
  const ModelCounters& counters() const;
  // The latest read time applied (a replay's "now"); epoch when none.
  core::UtcMs last_read_time() const;

  std::size_t runner_count() const;
  std::optional<RunnerId> find_bib(std::string_view bib) const;
  const Participant& participant(RunnerId id) const;
  const RunnerState& runner(RunnerId id) const;
  const Contest& contest_of(RunnerId id) const;
  int contest_index(std::string_view id) const;  // -1 when unknown
  // Index of a mat in a contest's points, or -1.
  int point_index(int contest, std::string_view mat) const;

  // The gun that started this runner (wave gun, else contest gun), when known.
  std::optional<core::UtcMs> gun_time(RunnerId id) const;
  std::optional<core::UtcMs> contest_gun_time(int contest) const;
  // The runner's own start: start-mat read when present, else the gun.
  std::optional<core::UtcMs> start_time(RunnerId id) const;
  // Elapsed at a point for usable or interpolated times; nullopt otherwise.
  std::optional<core::Ms> gun_elapsed(RunnerId id, int point) const;
  std::optional<core::Ms> net_elapsed(RunnerId id, int point) const;
  std::optional<core::Ms> rank_elapsed(RunnerId id, int point) const;  // per contest rank_by

  // Places with ties shared (1, 1, 3). 0 when the runner has no place there.
  int place(RunnerId id, int point, Scope scope) const;
  int live_place(RunnerId id, Scope scope) const;
  // Behind the leader of the scope at that point; nullopt when no time there.
  std::optional<core::Ms> gap_to_leader(RunnerId id, int point, Scope scope) const;

  std::vector<Standing> standings(const StandingsQuery& query) const;
  // Runners of a contest ordered by the time they crossed a point (latest first).
  std::vector<RunnerId> latest_at(int contest, int point, std::size_t limit) const;
  // Number of usable reads at a point of a contest.
  std::size_t count_at(int contest, int point) const;
  // The runners ranked at a point of a contest, in rank order (ranking time, then runner
  // id), until `fn` returns false.
  void for_each_ranked(int contest, int point, const std::function<bool(RunnerId)>& fn) const;
  // Equal stamps of one point in two snapshots of a model: the same runners are ranked
  // there with the same ranking times (a cache keyed on one point, where version() would
  // change with every passing anywhere). Different stamps: something may have changed.
  struct RankingStamp {
    std::uint64_t generation = 0;
    std::size_t size = 0;
    bool operator==(const RankingStamp&) const = default;
  };
  RankingStamp ranking_stamp(int contest, int point) const;
  // Changes whenever a participant is added or changed (names, bibs, teams); equal in two
  // snapshots of a model: the same participants.
  std::uint64_t participants_generation() const;

 private:
  friend class RaceModel;
  explicit RaceSnapshot(std::unique_ptr<detail::RaceSnapshotData> data);
  std::unique_ptr<detail::RaceSnapshotData> d_;
};

using SnapshotPtr = std::shared_ptr<const RaceSnapshot>;

}  // namespace race
