// Finish projections, position estimates between mats, and record pace, computed from a
// snapshot. Pure; safe from any thread on an immutable snapshot.
#pragma once

#include <optional>

#include "race/snapshot.h"

namespace race {

inline constexpr double kRiegelExponent = 1.06;
// Weight of the last segment's pace against the average pace in the blended projection.
inline constexpr double kLastSplitWeight = 0.6;

enum class ProjectionMethod : std::uint8_t { invalid, finished, riegel, blended };

struct Projection {
  ProjectionMethod method = ProjectionMethod::invalid;
  core::UtcMs finish{};       // projected finish, time of day
  core::Ms net{0};            // projected net finish time
  core::Ms gun{0};            // projected gun finish time (0 when the gun is unknown)
  core::Ms by_last_split{0};  // net, at last-segment pace (blended only)
  core::Ms by_average{0};     // net, at average pace (blended only)
};

// From the runner's usable reads: one split → Riegel (exponent 1.06) from it; two or more →
// a blend of last-segment pace and average pace; finished → the actual time. nullopt before
// the first split or for a runner with a status.
std::optional<Projection> project_finish(const RaceSnapshot& s, RunnerId id);

// Pace (ms per km) of the last segment between two usable reads, and average pace.
std::optional<core::Ms> last_segment_pace(const RaceSnapshot& s, RunnerId id);
std::optional<core::Ms> average_pace(const RaceSnapshot& s, RunnerId id);

// Estimated distance along the course (m) at instant `at`, from the last read at the pace
// the projection expects, never beyond the next mat not yet read (nor before the last read).
std::optional<double> estimate_position_m(const RaceSnapshot& s, RunnerId id, core::UtcMs at);

// Record time at a distance of a contest: through the record splits when configured
// (linear between them), otherwise even pace.
core::Ms record_time_at(const Contest& contest, const CourseRecord& record, double distance_m);
// Where the record runner (the ghost) is after `elapsed` from the gun; capped at the finish.
double record_position_m(const Contest& contest, const CourseRecord& record, core::Ms elapsed);

struct RecordPace {
  int point = -1;     // the mat compared at (the runner's furthest usable read)
  core::Ms delta{0};  // runner minus record at that mat; negative = ahead of record pace
  std::optional<core::Ms> projected_delta;  // projected finish minus record time
};
// The runner's standing against a record of their contest (rank-basis times).
std::optional<RecordPace> record_pace(const RaceSnapshot& s, RunnerId id,
                                      const CourseRecord& record);

// The record of a contest for a gender with a label ("course record" by default); nullptr if none.
const CourseRecord* find_record(const Contest& contest, Gender gender,
                                std::string_view label = "course record");

}  // namespace race
