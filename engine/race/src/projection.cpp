#include "race/projection.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "index.h"

namespace race {
namespace {

struct Usable {
  int point;
  double distance_m;
  core::Ms net;
};

// The runner's usable reads (real chip reads) with net elapsed times, in course order.
std::vector<Usable> usable_reads(const RaceSnapshot& s, RunnerId id) {
  std::vector<Usable> out;
  const RunnerState& r = s.runner(id);
  if (r.contest < 0) return out;
  const Contest& c = s.config().contests[u(r.contest)];
  for (int p = 0; p < static_cast<int>(c.points.size()); ++p) {
    if (r.kind[u(p)] != ReadKind::read) continue;
    if (auto net = s.net_elapsed(id, p))
      out.push_back({p, double(c.points[u(p)].distance_m), *net});
  }
  return out;
}

struct Breakpoint {
  double distance_m;
  double ms;
};

std::vector<Breakpoint> record_curve(const Contest& contest, const CourseRecord& record) {
  std::vector<Breakpoint> curve{{0.0, 0.0}};
  for (const auto& [mat, t] : record.splits) {
    for (const auto& p : contest.points)
      if (p.mat == mat && p.distance_m > 0 && p.distance_m < contest.distance_m)
        curve.push_back({double(p.distance_m), double(t.count())});
  }
  curve.push_back({double(contest.distance_m), double(record.time.count())});
  std::sort(curve.begin(), curve.end(),
            [](const Breakpoint& a, const Breakpoint& b) { return a.distance_m < b.distance_m; });
  return curve;
}

}  // namespace

std::optional<core::Ms> average_pace(const RaceSnapshot& s, RunnerId id) {
  const auto reads = usable_reads(s, id);
  if (reads.empty() || reads.back().distance_m <= 0) return std::nullopt;
  return core::Ms(
      std::llround(double(reads.back().net.count()) * 1000.0 / reads.back().distance_m));
}

std::optional<core::Ms> last_segment_pace(const RaceSnapshot& s, RunnerId id) {
  const auto reads = usable_reads(s, id);
  if (reads.size() < 2) return std::nullopt;
  const Usable& a = reads[reads.size() - 2];
  const Usable& b = reads.back();
  if (b.distance_m <= a.distance_m) return std::nullopt;
  return core::Ms(
      std::llround(double((b.net - a.net).count()) * 1000.0 / (b.distance_m - a.distance_m)));
}

std::optional<Projection> project_finish(const RaceSnapshot& s, RunnerId id) {
  const RunnerState& r = s.runner(id);
  if (r.contest < 0 || r.status != RunnerStatus::ok) return std::nullopt;
  const Contest& c = s.config().contests[u(r.contest)];
  if (c.kind == ContestKind::relay) return std::nullopt;
  const auto start = s.start_time(id);
  const auto reads = usable_reads(s, id);
  if (!start || reads.empty() || reads.back().distance_m <= 0) return std::nullopt;
  const double total = c.distance_m;
  const Usable& last = reads.back();
  Projection p;
  int splits = 0;
  for (const auto& rd : reads) splits += rd.distance_m > 0 ? 1 : 0;
  if (last.point == static_cast<int>(c.points.size()) - 1) {
    p.method = ProjectionMethod::finished;
    p.net = last.net;
  } else if (splits == 1) {
    p.method = ProjectionMethod::riegel;
    p.net = core::Ms(std::llround(double(last.net.count()) *
                                  std::pow(total / last.distance_m, kRiegelExponent)));
  } else {
    const Usable& prev = reads[reads.size() - 2];
    const double remaining = total - last.distance_m;
    const double seg_pace =
        double((last.net - prev.net).count()) / (last.distance_m - prev.distance_m);
    const double avg_pace = double(last.net.count()) / last.distance_m;
    p.method = ProjectionMethod::blended;
    p.by_last_split = last.net + core::Ms(std::llround(remaining * seg_pace));
    p.by_average = last.net + core::Ms(std::llround(remaining * avg_pace));
    p.net = last.net + core::Ms(std::llround(remaining * (kLastSplitWeight * seg_pace +
                                                          (1 - kLastSplitWeight) * avg_pace)));
  }
  p.finish = *start + p.net;
  if (const auto gun = s.gun_time(id)) p.gun = p.finish - *gun;
  return p;
}

std::optional<double> estimate_position_m(const RaceSnapshot& s, RunnerId id, core::UtcMs at) {
  const RunnerState& r = s.runner(id);
  if (r.contest < 0 || r.furthest < 0) return std::nullopt;
  const Contest& c = s.config().contests[u(r.contest)];
  // Known times along the course (reads and estimates for missed mats), in course order.
  std::vector<Breakpoint> known;
  for (int p = 0; p <= r.furthest; ++p) {
    const PointTime pt = r.point(p);
    if (pt.kind == ReadKind::read || pt.kind == ReadKind::interpolated)
      known.push_back(
          {double(c.points[u(p)].distance_m), double(pt.time.time_since_epoch().count())});
  }
  if (known.empty()) return std::nullopt;
  const double t = double(at.time_since_epoch().count());
  if (t <= known.front().ms) return known.front().distance_m;
  for (std::size_t i = 1; i < known.size(); ++i) {
    if (t <= known[i].ms) {
      const double f = (t - known[i - 1].ms) / (known[i].ms - known[i - 1].ms);
      return known[i - 1].distance_m + f * (known[i].distance_m - known[i - 1].distance_m);
    }
  }
  const Breakpoint& last = known.back();
  if (r.furthest + 1 >= static_cast<int>(c.points.size())) return last.distance_m;
  const double next = c.points[u(r.furthest + 1)].distance_m;
  double ms_per_m = 0;
  if (const auto proj = project_finish(s, id); proj && proj->method != ProjectionMethod::finished) {
    const double remaining = double(c.distance_m) - last.distance_m;
    const double left_ms = double((proj->finish.time_since_epoch().count())) - last.ms;
    if (remaining > 0 && left_ms > 0) ms_per_m = left_ms / remaining;
  }
  if (ms_per_m <= 0) {
    if (const auto pace = average_pace(s, id)) ms_per_m = double(pace->count()) / 1000.0;
  }
  if (ms_per_m <= 0) return last.distance_m;
  return std::min(next, last.distance_m + (t - last.ms) / ms_per_m);
}

core::Ms record_time_at(const Contest& contest, const CourseRecord& record, double distance_m) {
  const auto curve = record_curve(contest, record);
  if (distance_m <= 0) return core::Ms(0);
  for (std::size_t i = 1; i < curve.size(); ++i) {
    if (distance_m <= curve[i].distance_m || i + 1 == curve.size()) {
      const auto& a = curve[i - 1];
      const auto& b = curve[i];
      const double f = (distance_m - a.distance_m) / (b.distance_m - a.distance_m);
      return core::Ms(std::llround(a.ms + f * (b.ms - a.ms)));
    }
  }
  return record.time;
}

double record_position_m(const Contest& contest, const CourseRecord& record, core::Ms elapsed) {
  const auto curve = record_curve(contest, record);
  const double t = double(elapsed.count());
  if (t <= 0) return 0;
  for (std::size_t i = 1; i < curve.size(); ++i) {
    if (t <= curve[i].ms) {
      const auto& a = curve[i - 1];
      const auto& b = curve[i];
      const double f = (t - a.ms) / (b.ms - a.ms);
      return a.distance_m + f * (b.distance_m - a.distance_m);
    }
  }
  return contest.distance_m;
}

std::optional<RecordPace> record_pace(const RaceSnapshot& s, RunnerId id,
                                      const CourseRecord& record) {
  const RunnerState& r = s.runner(id);
  if (r.contest < 0 || r.furthest <= 0) return std::nullopt;
  const Contest& c = s.config().contests[u(r.contest)];
  const auto elapsed = s.rank_elapsed(id, r.furthest);
  if (!elapsed) return std::nullopt;
  RecordPace rp;
  rp.point = r.furthest;
  rp.delta = *elapsed - record_time_at(c, record, c.points[u(r.furthest)].distance_m);
  if (const auto proj = project_finish(s, id)) {
    const core::Ms projected =
        c.rank_by == RankBy::net || proj->gun.count() == 0 ? proj->net : proj->gun;
    rp.projected_delta = projected - record.time;
  }
  return rp;
}

const CourseRecord* find_record(const Contest& contest, Gender gender, std::string_view label) {
  for (const auto& r : contest.records)
    if (r.gender == gender && r.label == label) return &r;
  return nullptr;
}

}  // namespace race
