#include "announcer/accuracy.h"

#include <algorithm>
#include <cmath>

namespace announcer {

double percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  const auto k = static_cast<std::size_t>(std::clamp(
      std::ceil(fraction * double(values.size())) - 1.0, 0.0, double(values.size() - 1)));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

Accuracy measure_accuracy(const race::RaceSnapshot& s, int point,
                          const std::vector<std::pair<race::RunnerId, core::Ms>>& actual,
                          Model model) {
  Accuracy out;
  for (const auto& [id, elapsed] : actual) {
    const auto p = predict_arrival(s, id, point, model);
    if (!p) {
      ++out.unpredicted;
      continue;
    }
    out.abs_errors_s.push_back(std::abs(double((p->rank_elapsed - elapsed).count())) / 1000.0);
  }
  out.runners = out.abs_errors_s.size();
  out.median_abs_s = percentile(out.abs_errors_s, 0.5);
  out.p90_abs_s = percentile(out.abs_errors_s, 0.9);
  return out;
}

}  // namespace announcer
