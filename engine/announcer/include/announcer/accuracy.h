// Accuracy of predicted arrivals against known outcomes: the benchmark's and the tests'
// measure. Pure; any thread, immutable snapshot.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "announcer/predict.h"
#include "core/time.h"
#include "race/snapshot.h"

namespace announcer {

struct Accuracy {
  std::size_t runners = 0;      // predicted and compared
  std::size_t unpredicted = 0;  // no prediction possible (no reads, a status...)
  double median_abs_s = 0;
  double p90_abs_s = 0;
  std::vector<double> abs_errors_s;  // one per compared runner, in input order
};

// Predicts each runner's arrival at `point` from `s` (a snapshot without their reads at
// `point`) and compares the predicted rank-basis elapsed with the actual one.
Accuracy measure_accuracy(const race::RaceSnapshot& s, int point,
                          const std::vector<std::pair<race::RunnerId, core::Ms>>& actual,
                          Model model);

// Median and 90th percentile (nearest rank) of absolute errors; 0 for none.
double percentile(std::vector<double> values, double fraction);

}  // namespace announcer
