#include <cmath>

#include "core/error.h"
#include "race_data.h"

namespace race::detail {
namespace {

// Men's world records (track up to 10,000 m, road beyond), as distance in metres and the
// average speed in m/s. A segment run faster than this is not humanly possible.
struct RecordSpeed {
  double distance_m;
  double speed_mps;
};
constexpr RecordSpeed kRecords[] = {
    {100, 100 / 9.58},         {200, 200 / 19.19},      {400, 400 / 43.03},
    {800, 800 / 100.91},       {1000, 1000 / 131.96},   {1500, 1500 / 206.0},
    {3000, 3000 / 440.67},     {5000, 5000 / 755.36},   {10000, 10000 / 1571.0},
    {21097.5, 21097.5 / 3450}, {42195, 42195 / 7235.0}, {100000, 100000 / 21690.0},
};

}  // namespace

std::int64_t world_record_min_ms(double distance_m) {
  if (distance_m <= 0) return 0;
  double speed = kRecords[0].speed_mps;
  const std::size_t n = std::size(kRecords);
  if (distance_m >= kRecords[n - 1].distance_m) {
    speed = kRecords[n - 1].speed_mps;
  } else {
    for (std::size_t i = 0; i + 1 < n; ++i) {
      if (distance_m >= kRecords[i].distance_m && distance_m <= kRecords[i + 1].distance_m) {
        // Interpolate speed linearly in log(distance).
        const double a = std::log(kRecords[i].distance_m), b = std::log(kRecords[i + 1].distance_m);
        const double f = (std::log(distance_m) - a) / (b - a);
        speed = kRecords[i].speed_mps + f * (kRecords[i + 1].speed_mps - kRecords[i].speed_mps);
        break;
      }
    }
  }
  return static_cast<std::int64_t>(std::floor(distance_m / speed * 1000.0));
}

std::shared_ptr<const RaceIndex> compile_index(std::shared_ptr<const RaceConfig> config) {
  auto index = std::make_shared<RaceIndex>();
  const RaceConfig& c = *config;
  for (std::size_t i = 0; i < c.mats.size(); ++i)
    index->mat_by_id[c.mats[i].id] = static_cast<int>(i);
  for (std::size_t i = 0; i < c.waves.size(); ++i)
    index->wave_by_id[c.waves[i].id] = static_cast<int>(i);
  for (std::size_t i = 0; i < c.categories.size(); ++i)
    index->category_by_id[c.categories[i].id] = static_cast<int>(i);
  for (std::size_t ci = 0; ci < c.contests.size(); ++ci) {
    const Contest& contest = c.contests[ci];
    index->contest_by_id[contest.id] = static_cast<int>(ci);
    if (contest.points.size() > static_cast<std::size_t>(kMaxPoints))
      throw core::Error("contest `" + contest.id + "` has " +
                        std::to_string(contest.points.size()) + " timing points; at most " +
                        std::to_string(kMaxPoints) +
                        " are supported: merge or drop intermediate mats in race.toml");
    ContestIndex ix;
    ix.point_count = static_cast<int>(contest.points.size());
    ix.finish_point = ix.point_count - 1;
    ix.relay = contest.kind == ContestKind::relay;
    ix.speed_check = contest.speed_check;
    ix.rank_by = contest.rank_by == RankBy::net ? RankBy::net : RankBy::gun;
    ix.point_of_mat.assign(c.mats.size(), -1);
    for (int p = 0; p < ix.point_count; ++p) {
      const ContestPoint& point = contest.points[static_cast<std::size_t>(p)];
      ix.distance_m[static_cast<std::size_t>(p)] = point.distance_m;
      if (point.role == PointRole::announcer) ix.announcer_point = p;
      auto mat = index->mat_by_id.find(point.mat);
      if (mat != index->mat_by_id.end())
        ix.point_of_mat[static_cast<std::size_t>(mat->second)] = static_cast<std::int8_t>(p);
    }
    for (int a = 0; a < ix.point_count; ++a) {
      const auto da = ix.distance_m[static_cast<std::size_t>(a)];
      ix.min_ms_from_gun[static_cast<std::size_t>(a)] =
          ix.speed_check ? world_record_min_ms(da) : 0;
      for (int b = a + 1; b < ix.point_count; ++b) {
        const auto db = ix.distance_m[static_cast<std::size_t>(b)];
        ix.min_ms_between[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)] =
            ix.speed_check ? world_record_min_ms(db - da) : 1;
      }
    }
    index->contests.push_back(std::move(ix));
  }
  for (const Wave& w : c.waves) {
    auto it = index->contest_by_id.find(w.contest);
    index->wave_contest.push_back(it == index->contest_by_id.end() ? -1 : it->second);
  }
  index->config = std::move(config);
  return index;
}

std::optional<std::int64_t> RaceSnapshotData::rank_key(const RunnerState& r, int point) const {
  if (r.contest < 0 || r.status != RunnerStatus::ok) return std::nullopt;
  const ContestIndex& ix = index->contests[static_cast<std::size_t>(r.contest)];
  if (ix.relay || point < 0 || point >= ix.point_count) return std::nullopt;
  const PointTime pt = r.point(point);
  if (pt.kind != ReadKind::read) return std::nullopt;
  std::optional<core::UtcMs> base = gun_of(r);
  if (ix.rank_by == RankBy::net && r.kind[0] == ReadKind::read) base = r.time[0];
  const std::int64_t t = pt.time.time_since_epoch().count();
  return base ? t - base->time_since_epoch().count() : t;
}

}  // namespace race::detail
