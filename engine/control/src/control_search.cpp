// Runner search for the console and GET /api/runners: bib first, then names.
#include <algorithm>

#include "control/control.h"
#include "control/fold.h"
#include "core/text.h"

namespace control {
namespace {

constexpr std::size_t kDefaultLimit = 20;
constexpr std::size_t kMaxLimit = 500;

RunnerHit hit_of(const race::RaceSnapshot& race, race::RunnerId id) {
  const race::Participant& p = race.participant(id);
  const race::RunnerState& s = race.runner(id);
  RunnerHit h;
  h.id = id;
  h.bib = p.bib;
  h.name = p.display_name();
  h.contest =
      s.contest >= 0 ? race.config().contests[static_cast<std::size_t>(s.contest)].id : p.contest;
  h.status = s.status == race::RunnerStatus::ok ? "ok" : std::string(race::to_string(s.status));
  if (s.contest >= 0 && s.furthest >= 0) {
    const auto& points = race.config().contests[static_cast<std::size_t>(s.contest)].points;
    if (static_cast<std::size_t>(s.furthest) < points.size())
      h.furthest_mat = points[static_cast<std::size_t>(s.furthest)].mat;
    h.last_split = race.rank_elapsed(id, s.furthest);
  }
  h.live_place = race.live_place(id, race::Scope::overall);
  return h;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// 0: a name starts with the query; 1: a name contains it; 2: no match.
int name_rank(const race::Participant& p, std::string_view folded_query) {
  const std::string first = fold_case(p.first_name);
  const std::string last = fold_case(p.last_name);
  if (starts_with(last, folded_query) || starts_with(first, folded_query)) return 0;
  // The display name ("First Last") holds both names, so it finds what either contains.
  const std::string display = fold_case(p.display_name());
  if (starts_with(display, folded_query)) return 0;
  return display.find(folded_query) != std::string::npos ? 1 : 2;
}

}  // namespace

std::vector<RunnerHit> Control::search(std::string_view query, std::size_t limit) const {
  const race::SnapshotPtr race = this->race();
  const std::string q(core::trim(query));
  if (!race || q.empty()) return {};
  if (limit == 0) limit = kDefaultLimit;
  limit = std::min(limit, kMaxLimit);
  const std::string folded = fold_case(q);

  std::vector<race::RunnerId> exact, by_prefix, name_start, name_within;
  if (const auto id = race->find_bib(q)) exact.push_back(*id);
  const auto n = static_cast<race::RunnerId>(race->runner_count());
  for (race::RunnerId id = 0; id < n; ++id) {
    const race::Participant& p = race->participant(id);
    const std::string bib = fold_case(p.bib);
    if (bib == folded && (exact.empty() || exact[0] != id)) {
      exact.push_back(id);  // the same bib in another case ("f2" for "F2")
    } else if (bib != folded && starts_with(bib, folded)) {
      by_prefix.push_back(id);
    } else if (bib != folded) {
      const int rank = name_rank(p, folded);
      if (rank == 0) name_start.push_back(id);
      if (rank == 1) name_within.push_back(id);
    }
  }
  std::stable_sort(by_prefix.begin(), by_prefix.end(), [&](race::RunnerId a, race::RunnerId b) {
    const auto& ba = race->participant(a).bib;
    const auto& bb = race->participant(b).bib;
    return ba.size() != bb.size() ? ba.size() < bb.size() : ba < bb;
  });
  std::vector<RunnerHit> hits;
  for (const auto* list : {&exact, &by_prefix, &name_start, &name_within}) {
    for (race::RunnerId id : *list) {
      if (hits.size() >= limit) return hits;
      hits.push_back(hit_of(*race, id));
    }
  }
  return hits;
}

}  // namespace control
