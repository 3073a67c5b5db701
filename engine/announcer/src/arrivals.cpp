#include "announcer/arrivals.h"
#include "index.h"

#include <algorithm>
#include <array>

namespace announcer {
namespace {

// Runners whose furthest read is this close before the target (or the mat right before it)
// are the candidates; anyone further back cannot arrive within a broadcast horizon.
constexpr std::int32_t kFeederSpanM = 3'000;
// Every this many updates the candidates are rebuilt from the whole field, catching reads
// that arrived out of order (which the incremental path may miss).
constexpr std::uint64_t kFullScanEvery = 60;

std::size_t gender_slot(race::Gender g) {
  return static_cast<std::size_t>(g) < 4 ? static_cast<std::size_t>(g) : 0;
}

}  // namespace

struct ArrivalBoard::Target {
  int contest = -1;
  int point = -1;
  std::vector<int> feeders;         // points whose latest readers become candidates
  std::vector<std::size_t> counts;  // count_at(feeder) at the last refresh
  std::vector<race::RunnerId> candidates;
  std::vector<char> is_candidate;  // by runner id
  bool stamped = false;
  race::RaceSnapshot::RankingStamp stamp;
  std::vector<core::Ms> ranked;                        // rank times at the target, sorted
  std::array<std::vector<core::Ms>, 4> ranked_gender;  // the same, by gender
};

std::size_t Arrivals::count() const {
  std::size_t n = 0;
  for (const auto& g : groups) n += g.arrivals.size();
  return n;
}

ArrivalBoard::ArrivalBoard(ArrivalQuery query) : query_(std::move(query)) {}
ArrivalBoard::~ArrivalBoard() = default;

void ArrivalBoard::retarget(const race::RaceSnapshot& s) {
  targets_.clear();
  config_ = &s.config();
  const auto& contests = s.config().contests;
  for (int c = 0; c < static_cast<int>(contests.size()); ++c) {
    if (!query_.contest.empty() && contests[u(c)].id != query_.contest) continue;
    const auto& pts = contests[u(c)].points;
    const int point =
        query_.mat.empty() ? static_cast<int>(pts.size()) - 1 : s.point_index(c, query_.mat);
    if (point <= 0) continue;
    Target t;
    t.contest = c;
    t.point = point;
    for (int f = point - 1; f >= 0; --f) {
      const bool near = pts[u(point)].distance_m - pts[u(f)].distance_m <= kFeederSpanM;
      const bool after_announcer =
          f + 2 == point && pts[u(f + 1)].role == race::PointRole::announcer;
      if (f + 1 == point || near || after_announcer)
        t.feeders.push_back(f);
      else
        break;
    }
    targets_.push_back(std::move(t));
  }
}

void ArrivalBoard::refresh_candidates(const race::RaceSnapshot& s, Target& t) {
  std::vector<std::size_t> counts;
  for (int f : t.feeders) counts.push_back(s.count_at(t.contest, f));
  bool full = t.counts.size() != counts.size() || t.is_candidate.size() != s.runner_count() ||
              updates_ % kFullScanEvery == 0;
  for (std::size_t i = 0; i < counts.size() && !full; ++i) full = counts[i] < t.counts[i];
  auto is_feeder = [&](int furthest) {
    return std::find(t.feeders.begin(), t.feeders.end(), furthest) != t.feeders.end();
  };
  if (full) {
    t.candidates.clear();
    t.is_candidate.assign(s.runner_count(), 0);
    for (std::size_t i = 0; i < s.runner_count(); ++i) {
      const race::RunnerState& r = s.runner(static_cast<race::RunnerId>(i));
      if (r.contest != t.contest || !is_feeder(r.furthest)) continue;
      t.candidates.push_back(static_cast<race::RunnerId>(i));
      t.is_candidate[i] = 1;
    }
  } else {
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (counts[i] == t.counts[i]) continue;
      // The newest readers of the feeder (a few more than the count grew by, for reads
      // that landed slightly out of order).
      for (race::RunnerId id : s.latest_at(t.contest, t.feeders[i], counts[i] - t.counts[i] + 8)) {
        if (t.is_candidate[u(id)] || !is_feeder(s.runner(id).furthest)) continue;
        t.candidates.push_back(id);
        t.is_candidate[u(id)] = 1;
      }
    }
  }
  t.counts = std::move(counts);
}

void ArrivalBoard::refresh_ranked(const race::RaceSnapshot& s, Target& t) {
  const auto stamp = s.ranking_stamp(t.contest, t.point);
  if (t.stamped && stamp == t.stamp) return;
  t.ranked.clear();
  for (auto& g : t.ranked_gender) g.clear();
  s.for_each_ranked(t.contest, t.point, [&](race::RunnerId id) {
    if (const auto rt = s.rank_elapsed(id, t.point)) {
      t.ranked.push_back(*rt);
      t.ranked_gender[gender_slot(s.runner(id).gender)].push_back(*rt);
    }
    return true;
  });
  // Ranked lists are in order already; sorting keeps lower_bound right if ties reorder.
  std::sort(t.ranked.begin(), t.ranked.end());
  for (auto& g : t.ranked_gender) std::sort(g.begin(), g.end());
  t.stamp = stamp;
  t.stamped = true;
}

Arrival ArrivalBoard::describe(const race::RaceSnapshot& s, race::RunnerId id, const Prediction& p,
                               core::UtcMs now) const {
  const race::Participant& who = s.participant(id);
  const race::RunnerState& r = s.runner(id);
  Arrival a;
  a.runner = id;
  a.bib = who.bib;
  a.name = who.display_name();
  a.pronunciation = who.pronunciation;
  a.country = who.country;
  a.city = who.city;
  a.contest = s.config().contests[u(r.contest)].id;
  if (r.category >= 0) a.category = s.config().categories[u(r.category)].id;
  a.team = who.team;
  a.leg = who.leg;
  a.vip = who.vip;
  a.notes = notes_.of(id);
  auto prov = provenance(s, id);
  a.provenance = prov.kind;
  a.provenance_reason = std::move(prov.reason);
  a.callable = callable(a.provenance);
  a.method = p.method;
  a.eta = p.at;
  a.seconds_to_go = double((p.at - now).count()) / 1000.0;
  a.rank_time = p.rank_elapsed;
  if (const auto start = s.start_time(id)) a.net_time = p.at - *start;
  return a;
}

namespace {

int count_before(const std::vector<core::Ms>& sorted, core::Ms x) {
  return static_cast<int>(std::lower_bound(sorted.begin(), sorted.end(), x) - sorted.begin());
}

}  // namespace

void ArrivalBoard::project(const race::RaceSnapshot& s, Target& t, core::UtcMs now,
                           std::vector<Arrival>& out) {
  std::vector<std::pair<race::RunnerId, Prediction>> listed;
  std::vector<core::Ms> predicted;
  std::array<std::vector<core::Ms>, 4> predicted_gender;
  std::size_t kept = 0;
  for (race::RunnerId id : t.candidates) {
    const auto p = predict_arrival(s, id, t.point);
    if (!p) {  // read the target, got a status or lost its reads: no longer coming
      t.is_candidate[u(id)] = 0;
      continue;
    }
    t.candidates[kept++] = id;
    // Overdue past the grace: stopped short of the mat, or lost its read there. Kept as a
    // candidate (a late read may still come) but neither listed nor counted ahead of others.
    if (p->at < now - query_.grace) continue;
    predicted.push_back(p->rank_elapsed);
    predicted_gender[gender_slot(s.runner(id).gender)].push_back(p->rank_elapsed);
    if (p->at <= now + query_.horizon) listed.emplace_back(id, *p);
  }
  t.candidates.resize(kept);
  std::sort(predicted.begin(), predicted.end());
  for (auto& g : predicted_gender) std::sort(g.begin(), g.end());
  // Projected place: runners already at the mat with a better rank time, plus those predicted
  // to arrive there with a better one, plus one.
  for (const auto& [id, p] : listed) {
    Arrival a = describe(s, id, p, now);
    const core::Ms rt = p.rank_elapsed;
    a.place_overall = count_before(t.ranked, rt) + count_before(predicted, rt) + 1;
    const auto g = gender_slot(s.runner(id).gender);
    if (g != 0)
      a.place_gender =
          count_before(t.ranked_gender[g], rt) + count_before(predicted_gender[g], rt) + 1;
    out.push_back(std::move(a));
  }
}

Arrivals ArrivalBoard::update(const race::RaceSnapshot& s, core::UtcMs now) {
  if (config_ != &s.config()) retarget(s);
  notes_.refresh(s);
  std::vector<Arrival> all;
  for (Target& t : targets_) {
    refresh_candidates(s, t);
    refresh_ranked(s, t);
    project(s, t, now, all);
  }
  ++updates_;
  std::sort(all.begin(), all.end(), [](const Arrival& a, const Arrival& b) {
    return a.eta != b.eta ? a.eta < b.eta : a.runner < b.runner;
  });
  if (all.size() > query_.limit) all.resize(query_.limit);
  Arrivals out;
  out.now = now;
  core::UtcMs previous{};
  for (auto& a : all) {
    if (out.groups.empty() || a.eta - previous > query_.group_window)
      out.groups.push_back({a.eta, {}});
    previous = a.eta;
    out.groups.back().arrivals.push_back(std::move(a));
  }
  return out;
}

}  // namespace announcer
