// Predicted arrival of a runner at a mat (the finish, by default the announcer's target)
// from the reads a snapshot holds. Pure; safe from any thread on an immutable snapshot.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/time.h"
#include "race/snapshot.h"

namespace announcer {

// Where a prediction came from.
enum class Method : std::uint8_t {
  invalid,
  pre_finish,   // from the announcer (pre-finish) mat: little distance left
  last_splits,  // from the last splits, with the fade and pace-band correction
  last_split,   // the plain baseline: last segment's pace, no correction
};
std::string_view to_string(Method m);  // "pre-finish", "last splits", "last split"

// Which rule turns the last splits into an arrival time.
enum class Model : std::uint8_t {
  invalid,
  fade_band,   // default: last-segment pace × (1 + fade and pace-band terms), see predict.cpp
  last_split,  // last-segment pace alone (the baseline the benchmark compares against)
};

struct Prediction {
  core::UtcMs at{};          // predicted instant at the point
  core::Ms rank_elapsed{0};  // elapsed at the point on the contest's rank basis (gun/net)
  Method method = Method::invalid;
};

// nullopt when the runner has a status, already has a usable read at `point` (or any read
// beyond it), has no read past the start, or `point` is not one of its contest's points.
std::optional<Prediction> predict_arrival(const race::RaceSnapshot& s, race::RunnerId id, int point,
                                          Model model = Model::fade_band);

// The correction factor the fade_band model applies to the last segment's pace:
// 1 + kBias + kFadeWeight × (fade − 1) + kBandPerHour × (hours at 40 km − 3), where fade is
// the last segment's pace over the one before it (clamped to [0.8, 1.25]) and "hours at
// 40 km" is the runner's average pace so far carried to 40 km. Calibrated on Boston 2015
// (median absolute error at 40K), checked on 2018 and 2019 (`pacecast bench announcer`).
inline constexpr double kBias = 0.005;
inline constexpr double kFadeWeight = 0.2;
inline constexpr double kBandPerHour = -0.01;
double fade_band_factor(double fade, double hours_at_40k);

}  // namespace announcer
