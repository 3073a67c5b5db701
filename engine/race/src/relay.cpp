#include "race/relay.h"

#include <algorithm>
#include <map>

#include "index.h"

namespace race {
namespace {

int severity(RunnerStatus s) {
  switch (s) {
    case RunnerStatus::dsq:
      return 3;
    case RunnerStatus::dnf:
      return 2;
    case RunnerStatus::dns:
      return 1;
    default:
      return 0;
  }
}

// Shared-place ranks (1, 1, 3) of optional values; 0 for none.
std::vector<int> ranks_of(const std::vector<std::optional<core::Ms>>& values) {
  std::vector<int> out(values.size(), 0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) continue;
    int better = 0;
    for (const auto& v : values) better += (v && *v < *values[i]) ? 1 : 0;
    out[i] = better + 1;
  }
  return out;
}

}  // namespace

std::vector<TeamStanding> relay_standings(const RaceSnapshot& s, int contest) {
  std::vector<TeamStanding> teams;
  if (contest < 0 || u(contest) >= s.config().contests.size()) return teams;
  const Contest& c = s.config().contests[u(contest)];
  if (c.kind != ContestKind::relay) return teams;
  const int n_points = static_cast<int>(c.points.size());
  const std::size_t n_legs = c.legs.size();
  std::vector<int> leg_end(n_legs, -1);
  for (std::size_t k = 0; k < n_legs; ++k) leg_end[k] = s.point_index(contest, c.legs[k].end_mat);

  std::map<std::string, std::size_t> by_team;
  for (RunnerId id = 0; id < static_cast<RunnerId>(s.runner_count()); ++id) {
    const RunnerState& r = s.runner(id);
    if (r.contest != contest) continue;
    const Participant& p = s.participant(id);
    auto [it, fresh] = by_team.try_emplace(p.team, teams.size());
    if (fresh) {
      TeamStanding t;
      t.team = p.team;
      t.members.assign(n_legs, -1);
      teams.push_back(std::move(t));
    }
    TeamStanding& t = teams[it->second];
    if (p.leg >= 1 && u(p.leg) <= n_legs) t.members[u(p.leg - 1)] = id;
    if (severity(r.status) > severity(t.status)) t.status = r.status;
  }
  const auto gun = s.contest_gun_time(contest);
  // Team time at each point: the first usable read by any member.
  std::vector<std::vector<std::optional<core::Ms>>> at(
      teams.size(), std::vector<std::optional<core::Ms>>(u(n_points)));
  for (std::size_t ti = 0; ti < teams.size(); ++ti) {
    TeamStanding& t = teams[ti];
    for (RunnerId id : t.members) {
      if (id < 0 || !gun) continue;
      const RunnerState& r = s.runner(id);
      for (int p = 0; p < n_points; ++p) {
        if (r.kind[u(p)] != ReadKind::read) continue;
        const core::Ms e = r.time[u(p)] - *gun;
        auto& slot = at[ti][u(p)];
        if (!slot || e < *slot) slot = e;
      }
    }
    for (int p = n_points - 1; p > 0 && t.furthest < 0; --p)
      if (at[ti][u(p)]) t.furthest = p;
    if (t.furthest >= 0) t.time = *at[ti][u(t.furthest)];
    t.current_leg = 1;
    t.leg_times.assign(n_legs, std::nullopt);
    for (std::size_t k = 0; k < n_legs; ++k) {
      if (leg_end[k] >= 0 && t.furthest >= leg_end[k]) t.current_leg = static_cast<int>(k) + 2;
      const auto end = leg_end[k] >= 0 ? at[ti][u(leg_end[k])] : std::nullopt;
      const auto begin = k == 0 ? std::optional<core::Ms>(core::Ms(0))
                                : (leg_end[k - 1] >= 0 ? at[ti][u(leg_end[k - 1])] : std::nullopt);
      if (end && begin) t.leg_times[k] = *end - *begin;
    }
  }
  // Best time at each point, for gaps.
  std::vector<std::optional<core::Ms>> best(u(n_points));
  for (std::size_t ti = 0; ti < teams.size(); ++ti) {
    if (teams[ti].status != RunnerStatus::ok) continue;
    for (int p = 0; p < n_points; ++p)
      if (at[ti][u(p)] && (!best[u(p)] || *at[ti][u(p)] < *best[u(p)])) best[u(p)] = at[ti][u(p)];
  }
  for (std::size_t ti = 0; ti < teams.size(); ++ti) {
    TeamStanding& t = teams[ti];
    if (t.furthest >= 0 && best[u(t.furthest)]) t.gap = t.time - *best[u(t.furthest)];
    t.exchange_gaps.assign(n_legs, std::nullopt);
    for (std::size_t k = 0; k < n_legs; ++k) {
      const int p = leg_end[k];
      if (p >= 0 && at[ti][u(p)] && best[u(p)]) t.exchange_gaps[k] = *at[ti][u(p)] - *best[u(p)];
    }
  }
  for (std::size_t k = 0; k < n_legs; ++k) {
    std::vector<std::optional<core::Ms>> times;
    for (const auto& t : teams)
      times.push_back(t.status == RunnerStatus::ok ? t.leg_times[k] : std::nullopt);
    const auto r = ranks_of(times);
    for (std::size_t ti = 0; ti < teams.size(); ++ti) teams[ti].leg_places.push_back(r[ti]);
  }
  auto ranked = [](const TeamStanding& t) {
    return t.status == RunnerStatus::ok && t.furthest >= 0;
  };
  std::sort(teams.begin(), teams.end(), [&](const TeamStanding& a, const TeamStanding& b) {
    if (ranked(a) != ranked(b)) return ranked(a);
    if (a.furthest != b.furthest) return a.furthest > b.furthest;
    if (a.time != b.time) return a.time < b.time;
    return a.team < b.team;
  });
  for (std::size_t i = 0; i < teams.size(); ++i) {
    if (!ranked(teams[i])) break;
    const bool tie =
        i > 0 && teams[i - 1].furthest == teams[i].furthest && teams[i - 1].time == teams[i].time;
    teams[i].place = tie ? teams[i - 1].place : static_cast<int>(i) + 1;
  }
  return teams;
}

}  // namespace race
