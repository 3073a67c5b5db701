#include "race/snapshot.h"

#include <algorithm>

#include "index.h"
#include "race_data.h"

namespace race {
namespace {
bool in_scope(const RunnerState& s, const RunnerState& ref, Scope scope) {
  switch (scope) {
    case Scope::overall:
      return true;
    case Scope::gender:
      return s.gender == ref.gender;
    case Scope::category:
      return s.category == ref.category && ref.category >= 0;
  }
  return false;
}

}  // namespace

RaceSnapshot::RaceSnapshot(std::unique_ptr<detail::RaceSnapshotData> data) : d_(std::move(data)) {}
RaceSnapshot::~RaceSnapshot() = default;

const RaceConfig& RaceSnapshot::config() const {
  return *d_->index->config;
}
std::uint64_t RaceSnapshot::version() const {
  return d_->version;
}
const ModelCounters& RaceSnapshot::counters() const {
  return d_->counters;
}
core::UtcMs RaceSnapshot::last_read_time() const {
  return d_->last_read;
}
std::size_t RaceSnapshot::runner_count() const {
  return d_->participants->rows.size();
}

std::optional<RunnerId> RaceSnapshot::find_bib(std::string_view bib) const {
  const RunnerId id = d_->participants->by_bib.find(bib);
  if (id < 0) return std::nullopt;
  return id;
}

const Participant& RaceSnapshot::participant(RunnerId id) const {
  return *d_->participants->rows[u(id)];
}
const RunnerState& RaceSnapshot::runner(RunnerId id) const {
  return d_->runner(id);
}

const Contest& RaceSnapshot::contest_of(RunnerId id) const {
  return config().contests[u(d_->runner(id).contest)];
}

int RaceSnapshot::contest_index(std::string_view id) const {
  auto it = d_->index->contest_by_id.find(std::string(id));
  return it == d_->index->contest_by_id.end() ? -1 : it->second;
}

int RaceSnapshot::point_index(int contest, std::string_view mat) const {
  if (contest < 0 || u(contest) >= d_->index->contests.size()) return -1;
  auto it = d_->index->mat_by_id.find(std::string(mat));
  if (it == d_->index->mat_by_id.end()) return -1;
  return d_->index->contests[u(contest)].point_of_mat[u(it->second)];
}

std::optional<core::UtcMs> RaceSnapshot::gun_time(RunnerId id) const {
  return d_->gun_of(d_->runner(id));
}

std::optional<core::UtcMs> RaceSnapshot::contest_gun_time(int contest) const {
  if (contest < 0 || u(contest) >= d_->contest_gun.size()) return std::nullopt;
  return d_->contest_gun[u(contest)];
}

std::optional<core::UtcMs> RaceSnapshot::start_time(RunnerId id) const {
  const RunnerState& s = d_->runner(id);
  if (s.kind[0] == ReadKind::read) return s.time[0];
  return d_->gun_of(s);
}

std::optional<core::Ms> RaceSnapshot::gun_elapsed(RunnerId id, int point) const {
  const RunnerState& s = d_->runner(id);
  if (point < 0 || point >= kMaxPoints) return std::nullopt;
  const PointTime pt = s.point(point);
  const auto gun = d_->gun_of(s);
  if (!gun || (pt.kind != ReadKind::read && pt.kind != ReadKind::interpolated)) return std::nullopt;
  return pt.time - *gun;
}

std::optional<core::Ms> RaceSnapshot::net_elapsed(RunnerId id, int point) const {
  const RunnerState& s = d_->runner(id);
  if (point < 0 || point >= kMaxPoints) return std::nullopt;
  const PointTime pt = s.point(point);
  const auto start = start_time(id);
  if (!start || (pt.kind != ReadKind::read && pt.kind != ReadKind::interpolated))
    return std::nullopt;
  return pt.time - *start;
}

std::optional<core::Ms> RaceSnapshot::rank_elapsed(RunnerId id, int point) const {
  const RunnerState& s = d_->runner(id);
  if (s.contest < 0) return std::nullopt;
  return d_->index->contests[u(s.contest)].rank_by == RankBy::net ? net_elapsed(id, point)
                                                                  : gun_elapsed(id, point);
}

int RaceSnapshot::place(RunnerId id, int point, Scope scope) const {
  const RunnerState& s = d_->runner(id);
  const auto key = d_->rank_key(s, point);
  if (!key) return 0;
  const auto& list = d_->ranks[u(s.contest)].at_point[u(point)];
  if (scope == Scope::overall) return static_cast<int>(list.count_below(*key)) + 1;
  int better = 0;
  list.for_each([&](const detail::RankEntry& e) {
    if (e.key >= *key) return false;
    if (in_scope(d_->runner(e.runner), s, scope)) ++better;
    return true;
  });
  return better + 1;
}

int RaceSnapshot::live_place(RunnerId id, Scope scope) const {
  const RunnerState& s = d_->runner(id);
  if (s.furthest < 0) return 0;
  const auto key = d_->rank_key(s, s.furthest);
  if (!key) return 0;
  const auto& ranks = d_->ranks[u(s.contest)];
  int better = 0;
  const int n = d_->index->contests[u(s.contest)].point_count;
  // Everyone further along is ahead; at the same point, everyone faster there.
  for (int p = s.furthest + 1; p < n; ++p) {
    if (scope == Scope::overall) {
      better += ranks.furthest_count[u(p)];
      continue;
    }
    ranks.at_point[u(p)].for_each([&](const detail::RankEntry& e) {
      const RunnerState& o = d_->runner(e.runner);
      if (o.furthest == p && in_scope(o, s, scope)) ++better;
      return true;
    });
  }
  ranks.at_point[u(s.furthest)].for_each([&](const detail::RankEntry& e) {
    if (e.key >= *key) return false;
    const RunnerState& o = d_->runner(e.runner);
    if (o.furthest == s.furthest && in_scope(o, s, scope)) ++better;
    return true;
  });
  return better + 1;
}

std::optional<core::Ms> RaceSnapshot::gap_to_leader(RunnerId id, int point, Scope scope) const {
  const RunnerState& s = d_->runner(id);
  const auto key = d_->rank_key(s, point);
  if (!key) return std::nullopt;
  std::optional<std::int64_t> leader;
  d_->ranks[u(s.contest)].at_point[u(point)].for_each([&](const detail::RankEntry& e) {
    if (!in_scope(d_->runner(e.runner), s, scope)) return true;
    leader = e.key;
    return false;
  });
  return core::Ms(*key - *leader);
}

std::vector<Standing> RaceSnapshot::standings(const StandingsQuery& q) const {
  std::vector<Standing> out;
  if (q.contest < 0 || u(q.contest) >= d_->ranks.size()) return out;
  const auto& ix = d_->index->contests[u(q.contest)];
  const auto& ranks = d_->ranks[u(q.contest)];
  const bool live = q.point == kLive;
  if (!live && (q.point < 0 || q.point >= ix.point_count)) return out;
  const int first = live ? ix.point_count - 1 : q.point;
  const int last = live ? 0 : q.point;
  int count = 0;  // ranked so far (for places)
  for (int p = first; p >= last; --p) {
    std::optional<std::int64_t> leader, previous;
    int previous_place = 0;
    bool full = false;
    ranks.at_point[u(p)].for_each([&](const detail::RankEntry& e) {
      const RunnerState& s = d_->runner(e.runner);
      if (!detail::in_scope(s, q)) return true;
      if (!leader) leader = e.key;  // the leader at this mat, wherever they are now
      if (live && s.furthest != p) return true;
      if (q.limit && out.size() >= q.limit) {
        full = true;
        return false;
      }
      ++count;
      const int place = (previous && *previous == e.key) ? previous_place : count;
      out.push_back({e.runner, place, p, core::Ms(e.key), core::Ms(e.key - *leader)});
      previous = e.key;
      previous_place = place;
      return true;
    });
    if (full) break;
  }
  if (q.include_unranked && (!q.limit || out.size() < q.limit)) {
    std::vector<RunnerId> rest;
    const auto& rows = d_->participants->rows;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const RunnerState& s = d_->runner(static_cast<RunnerId>(i));
      if (s.contest != q.contest || !detail::in_scope(s, q)) continue;
      const bool ranked = live ? (s.furthest >= 0 && d_->rank_key(s, s.furthest))
                               : d_->rank_key(s, q.point).has_value();
      if (!ranked) rest.push_back(static_cast<RunnerId>(i));
    }
    std::sort(rest.begin(), rest.end(),
              [&](RunnerId a, RunnerId b) { return rows[u(a)]->bib < rows[u(b)]->bib; });
    for (RunnerId id : rest) {
      if (q.limit && out.size() >= q.limit) break;
      const RunnerState& s = d_->runner(id);
      out.push_back({id, 0, live ? s.furthest : q.point, core::Ms(0), core::Ms(0)});
    }
  }
  return out;
}

std::vector<RunnerId> RaceSnapshot::latest_at(int contest, int point, std::size_t limit) const {
  std::vector<std::pair<core::UtcMs, RunnerId>> all;
  if (contest < 0 || u(contest) >= d_->ranks.size() || point < 0 || point >= kMaxPoints) return {};
  d_->ranks[u(contest)].at_point[u(point)].for_each([&](const detail::RankEntry& e) {
    all.emplace_back(d_->runner(e.runner).time[u(point)], e.runner);
    return true;
  });
  const std::size_t n = std::min(limit, all.size());
  const auto later = [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  if (n == all.size()) {
    std::sort(all.begin(), all.end(), later);  // everyone: a sort beats a heap
  } else {
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), later);
  }
  std::vector<RunnerId> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(all[i].second);
  return out;
}

void RaceSnapshot::for_each_ranked(int contest, int point,
                                   const std::function<bool(RunnerId)>& fn) const {
  if (contest < 0 || u(contest) >= d_->ranks.size() || point < 0 || point >= kMaxPoints) return;
  d_->ranks[u(contest)].at_point[u(point)].for_each(
      [&](const detail::RankEntry& e) { return fn(e.runner); });
}

RaceSnapshot::RankingStamp RaceSnapshot::ranking_stamp(int contest, int point) const {
  if (contest < 0 || u(contest) >= d_->ranks.size() || point < 0 || point >= kMaxPoints) return {};
  // A change writes its leaf under the model's current generation, newer than every leaf
  // published before; a leaf emptied and dropped changes the size.
  const auto& list = d_->ranks[u(contest)].at_point[u(point)];
  RankingStamp stamp{0, list.size()};
  for (const auto& leaf : list.leaves())
    stamp.generation = std::max(stamp.generation, leaf->generation);
  return stamp;
}

std::uint64_t RaceSnapshot::participants_generation() const {
  return d_->participants->generation;
}

std::size_t RaceSnapshot::count_at(int contest, int point) const {
  if (contest < 0 || u(contest) >= d_->ranks.size() || point < 0 || point >= kMaxPoints) return 0;
  return d_->ranks[u(contest)].at_point[u(point)].size();
}

}  // namespace race
