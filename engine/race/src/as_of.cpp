#include "race/as_of.h"

#include <algorithm>

#include "index.h"
#include "race_data.h"

namespace race {
namespace {

std::int64_t ms(core::UtcMs t) {
  return t.time_since_epoch().count();
}

// The compiled contest tables (mat distances, plausibility limits) of a snapshot's config,
// so the chain of reads is rebuilt with exactly the model's rules.
std::shared_ptr<const detail::RaceIndex> index_of(const RaceSnapshot& s) {
  // Non-owning: the snapshot outlives every use within one call.
  return detail::compile_index(
      std::shared_ptr<const RaceConfig>(std::shared_ptr<void>(), &s.config()));
}

// RaceModel's chain rule (see RaceModel::Impl::recompute): from the earliest read of each
// point, the longest consistent chain wins, a chain with the finish beating any without.
RunnerState rebuild(const RunnerState& now, const detail::ContestIndex& ix,
                    const std::array<std::int64_t, kMaxPoints>& first,
                    std::optional<core::UtcMs> gun) {
  const int n = ix.point_count;
  const int finish_weight = kMaxPoints + 1;
  std::array<int, kMaxPoints> score{}, prev{};
  int best = -1;
  for (int j = 0; j < n; ++j) {
    const auto jj = u(j);
    const auto tj = first[jj];
    score[jj] = 0;
    prev[jj] = -1;
    if (tj == kNoKey) continue;
    const int weight = j == ix.finish_point ? finish_weight : 1;
    if (!gun || tj - ms(*gun) >= ix.min_ms_from_gun[jj]) score[jj] = weight;
    for (int i = 0; i < j; ++i) {
      const auto ii = u(i);
      const auto ti = first[ii];
      if (ti == kNoKey || score[ii] == 0) continue;
      const auto gap = tj - ti;
      if (gap <= 0 || gap < ix.min_ms_between[ii][jj]) continue;
      if (score[ii] + weight >= score[jj]) {
        score[jj] = score[ii] + weight;
        prev[jj] = i;
      }
    }
    if (score[jj] > 0 && (best < 0 || score[jj] >= score[u(best)])) best = j;
  }
  std::array<bool, kMaxPoints> in_chain{};
  for (int p = best; p >= 0; p = prev[u(p)]) in_chain[u(p)] = true;

  RunnerState r = now;
  r.kind = {};
  int last_chain = -1;
  for (int p = 0; p < n; ++p) {
    const auto t = first[u(p)];
    if (in_chain[u(p)]) {
      r.set(p, {core::UtcMs(core::Ms(t)), ReadKind::read});
      if (last_chain >= 0) {
        const auto t0 = ms(r.time[u(last_chain)]);
        const double d0 = ix.distance_m[u(last_chain)];
        const double d1 = ix.distance_m[u(p)];
        for (int q = last_chain + 1; q < p; ++q) {
          if (r.kind[u(q)] == ReadKind::impossible) continue;
          const double f = (ix.distance_m[u(q)] - d0) / (d1 - d0);
          r.set(q, {core::UtcMs(
                        core::Ms(t0 + static_cast<std::int64_t>(f * static_cast<double>(t - t0)))),
                    ReadKind::interpolated});
        }
      }
      last_chain = p;
    } else if (t != kNoKey) {
      r.set(p, {core::UtcMs(core::Ms(t)), ReadKind::impossible});
    }
  }
  r.furthest = static_cast<std::int8_t>(best);
  return r;
}

// A runner's state as of `as_of`, given the gun that applies then.
RunnerState state_as_of(const RaceSnapshot& s, const detail::RaceIndex& index, RunnerId id,
                        core::UtcMs as_of, std::optional<core::UtcMs> gun) {
  const RunnerState& now = s.runner(id);
  if (now.contest < 0) return now;
  const detail::ContestIndex& ix = index.contests[u(now.contest)];
  // Every non-voided read of a point survives as a read or an impossible read at its
  // earliest time: the model's inputs up to `as_of` are those at or before it.
  std::array<std::int64_t, kMaxPoints> first;
  first.fill(kNoKey);
  bool any_before = false, any_after = false;
  for (int p = 0; p < ix.point_count; ++p) {
    const ReadKind k = now.kind[u(p)];
    if (k != ReadKind::read && k != ReadKind::impossible) continue;
    if (now.time[u(p)] <= as_of) {
      first[u(p)] = ms(now.time[u(p)]);
      any_before = true;
    } else {
      any_after = true;
    }
  }
  if (!any_after && gun == s.gun_time(id)) return now;  // nothing to undo
  if (!any_before) {
    RunnerState r = now;
    r.kind = {};
    r.furthest = -1;
    return r;
  }
  return rebuild(now, ix, first, gun);
}

// The ranking key (RaceSnapshotData::rank_key with the gun as of then).
std::optional<std::int64_t> key_of(const RunnerState& r, const detail::ContestIndex& ix, int point,
                                   std::optional<core::UtcMs> gun) {
  if (r.status != RunnerStatus::ok || ix.relay || point < 0 || point >= ix.point_count)
    return std::nullopt;
  if (r.kind[u(point)] != ReadKind::read) return std::nullopt;
  std::optional<core::UtcMs> base = gun;
  if (ix.rank_by == RankBy::net && r.kind[0] == ReadKind::read) base = r.time[0];
  const std::int64_t t = ms(r.time[u(point)]);
  return base ? t - ms(*base) : t;
}

struct Candidate {
  std::int64_t key = 0;
  int point = -1;
  RunnerId runner = -1;
};

// Live order: further along first, then faster there, then by runner (the rank lists' order).
bool before(const Candidate& a, const Candidate& b) {
  if (a.point != b.point) return a.point > b.point;
  if (a.key != b.key) return a.key < b.key;
  return a.runner < b.runner;
}

}  // namespace

std::optional<core::UtcMs> gun_as_of(const RaceSnapshot& s, RunnerId id, core::UtcMs as_of) {
  const RunnerState& r = s.runner(id);
  if (r.contest < 0) return std::nullopt;
  const RaceConfig& config = s.config();
  std::optional<core::UtcMs> contest_gun = s.contest_gun_time(r.contest);
  if (contest_gun && *contest_gun > as_of) contest_gun = config.contests[u(r.contest)].gun;
  if (r.wave < 0) return contest_gun;
  // The snapshot does not keep the wave gun apart: it is the runner's gun when the wave has
  // a scheduled gun or a gun event set it to something else than the contest's.
  const std::optional<core::UtcMs> scheduled = config.waves[u(r.wave)].gun;
  std::optional<core::UtcMs> wave_gun;
  const auto gun = s.gun_time(id);
  if (scheduled || gun != s.contest_gun_time(r.contest)) wave_gun = gun;
  if (wave_gun && *wave_gun > as_of) wave_gun = scheduled;
  return wave_gun ? wave_gun : contest_gun;
}

RunnerState runner_as_of(const RaceSnapshot& s, RunnerId id, core::UtcMs as_of) {
  const auto index = index_of(s);
  return state_as_of(s, *index, id, as_of, gun_as_of(s, id, as_of));
}

std::vector<Standing> standings_as_of(const RaceSnapshot& s, const StandingsQuery& q,
                                      core::UtcMs as_of) {
  if (as_of >= s.last_read_time()) return s.standings(q);
  std::vector<Standing> out;
  const auto& contests = s.config().contests;
  if (q.contest < 0 || u(q.contest) >= contests.size()) return out;
  const auto index = index_of(s);
  const detail::ContestIndex& ix = index->contests[u(q.contest)];
  const bool live = q.point == kLive;
  if (!live && (q.point < 0 || q.point >= ix.point_count)) return out;

  std::vector<Candidate> ranked;
  std::vector<std::pair<RunnerId, int>> unranked;  // with the point reached (live)
  std::array<std::int64_t, kMaxPoints> leader;     // best key at each point within the scope
  leader.fill(kNoKey);
  const auto n = static_cast<RunnerId>(s.runner_count());
  for (RunnerId id = 0; id < n; ++id) {
    const RunnerState& now = s.runner(id);
    if (now.contest != q.contest || !detail::in_scope(now, q)) continue;
    const auto gun = gun_as_of(s, id, as_of);
    const RunnerState r = state_as_of(s, *index, id, as_of, gun);
    const int at = live ? r.furthest : q.point;
    std::optional<std::int64_t> key = at >= 0 ? key_of(r, ix, at, gun) : std::nullopt;
    if (key) {
      ranked.push_back({*key, at, id});
    } else if (q.include_unranked) {
      unranked.emplace_back(id, at);
    }
    if (!live) continue;
    for (int p = 0; p <= r.furthest; ++p) {
      const auto k = p == at ? key : key_of(r, ix, p, gun);
      if (k && (leader[u(p)] == kNoKey || *k < leader[u(p)])) leader[u(p)] = *k;
    }
  }
  if (!live && !ranked.empty()) {
    leader[u(q.point)] = std::min_element(ranked.begin(), ranked.end(), before)->key;
  }
  const std::size_t shown = q.limit ? std::min(q.limit, ranked.size()) : ranked.size();
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(shown),
                    ranked.end(), before);
  out.reserve(shown);
  for (std::size_t i = 0; i < shown; ++i) {
    const Candidate& c = ranked[i];
    // Ties share a place among runners at the same point, as in RaceSnapshot::standings.
    const bool tie = i > 0 && ranked[i - 1].point == c.point && ranked[i - 1].key == c.key;
    const int place = tie ? out.back().place : static_cast<int>(i) + 1;
    out.push_back(
        {c.runner, place, c.point, core::Ms(c.key), core::Ms(c.key - leader[u(c.point)])});
  }
  if (q.include_unranked && (!q.limit || out.size() < q.limit)) {
    std::sort(unranked.begin(), unranked.end(), [&](const auto& a, const auto& b) {
      return s.participant(a.first).bib < s.participant(b.first).bib;
    });
    for (const auto& [id, point] : unranked) {
      if (q.limit && out.size() >= q.limit) break;
      out.push_back({id, 0, point, core::Ms(0), core::Ms(0)});
    }
  }
  return out;
}

QuietSpan quiet_span(const RaceSnapshot& s, int contest, core::UtcMs as_of) {
  QuietSpan span;
  const auto& contests = s.config().contests;
  if (contest < 0 || u(contest) >= contests.size()) return span;
  auto note = [&](core::UtcMs t) {
    if (t <= as_of) {
      span.from = std::max(span.from, t);
    } else if (!span.to || t < *span.to) {
      span.to = t;
    }
  };
  if (const auto gun = s.contest_gun_time(contest)) note(*gun);
  const int points = static_cast<int>(contests[u(contest)].points.size());
  const auto n = static_cast<RunnerId>(s.runner_count());
  for (RunnerId id = 0; id < n; ++id) {
    const RunnerState& r = s.runner(id);
    if (r.contest != contest) continue;
    if (r.wave >= 0) {
      if (const auto gun = s.gun_time(id)) note(*gun);
    }
    for (int p = 0; p < points; ++p) {
      const ReadKind k = r.kind[u(p)];
      if (k == ReadKind::read || k == ReadKind::impossible) note(r.time[u(p)]);
    }
  }
  return span;
}

std::optional<core::UtcMs> last_change(const RaceSnapshot& s, const std::vector<Standing>& rows,
                                       core::UtcMs as_of) {
  std::optional<core::UtcMs> latest;
  for (const Standing& row : rows) {
    if (row.place <= 0 || row.point < 0 || row.point >= kMaxPoints) continue;
    const core::UtcMs t = s.runner(row.runner).time[u(row.point)];
    if (t <= as_of && (!latest || t > *latest)) latest = t;
  }
  return latest;
}

}  // namespace race
