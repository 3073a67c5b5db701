#include "announcer/predict.h"
#include "index.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace announcer {
namespace {

// Below this the last segment is too short for its pace to mean much (a mat next to
// another); the segment before it is used instead.
constexpr double kShortSegmentM = 500.0;

struct Known {
  double distance_m;
  double t_ms;  // time of day, ms since the epoch
};

double ms_of(core::UtcMs t) {
  return static_cast<double>(t.time_since_epoch().count());
}

}  // namespace

std::string_view to_string(Method m) {
  switch (m) {
    case Method::pre_finish:
      return "pre-finish";
    case Method::last_splits:
      return "last splits";
    case Method::last_split:
      return "last split";
    case Method::invalid:
      break;
  }
  return "";
}

double fade_band_factor(double fade, double hours_at_40k) {
  const double f = std::clamp(fade, 0.8, 1.25);
  return 1.0 + kBias + kFadeWeight * (f - 1.0) + kBandPerHour * (hours_at_40k - 3.0);
}

std::optional<Prediction> predict_arrival(const race::RaceSnapshot& s, race::RunnerId id, int point,
                                          Model model) {
  const race::RunnerState& r = s.runner(id);
  if (r.contest < 0 || r.status != race::RunnerStatus::ok || r.furthest < 0) return std::nullopt;
  const race::Contest& c = s.config().contests[u(r.contest)];
  if (point <= 0 || point >= static_cast<int>(c.points.size()) || r.furthest >= point)
    return std::nullopt;
  // Usable reads in course order; an individual runner's own start (start mat or gun) stands
  // for distance 0 when the start mat was not read.
  std::array<Known, race::kMaxPoints + 1> known{};
  std::size_t n = 0;
  int last_point = -1;
  if (r.kind[0] != race::ReadKind::read && c.kind == race::ContestKind::individual)
    if (const auto start = s.start_time(id)) known[n++] = {0.0, ms_of(*start)};
  for (int p = 0; p <= r.furthest; ++p) {
    if (r.kind[u(p)] != race::ReadKind::read) continue;
    known[n++] = {double(c.points[u(p)].distance_m), ms_of(r.time[u(p)])};
    last_point = p;
  }
  if (n < 2 || known[n - 1].distance_m <= known[n - 2].distance_m) return std::nullopt;
  const Known& last = known[n - 1];
  const double remaining_m = double(c.points[u(point)].distance_m) - last.distance_m;
  auto pace = [&](std::size_t i) {  // ms per m over the segment ending at known[i]
    return (known[i].t_ms - known[i - 1].t_ms) / (known[i].distance_m - known[i - 1].distance_m);
  };
  Prediction out;
  double per_m = pace(n - 1);
  if (c.points[u(last_point)].role == race::PointRole::announcer) {
    out.method = Method::pre_finish;
    if (last.distance_m - known[n - 2].distance_m < kShortSegmentM && n >= 3) per_m = pace(n - 2);
  } else if (model == Model::last_split) {
    out.method = Method::last_split;
  } else {
    out.method = Method::last_splits;
    const double fade = n >= 3 ? per_m / pace(n - 2) : 1.0;
    const double avg_per_m = (last.t_ms - known[0].t_ms) / (last.distance_m - known[0].distance_m);
    per_m *= fade_band_factor(fade, avg_per_m * 40000.0 / 3.6e6);
  }
  out.at = core::UtcMs(core::Ms(std::llround(last.t_ms + per_m * remaining_m)));
  const auto zero = c.rank_by == race::RankBy::net ? s.start_time(id) : s.gun_time(id);
  if (!zero) return std::nullopt;
  out.rank_elapsed = out.at - *zero;
  return out;
}

}  // namespace announcer
