// Leaders at the mats: who crossed first (per contest and gender), the gap to the second,
// and the leader's side of the course record's pace.
#include <algorithm>
#include <cstdlib>

#include "facts.h"
#include "race/projection.h"

namespace announcer::detail {
namespace {

// The first `n` callable runners of `gender` to cross a mat, by crossing time, among the
// reads up to `now`. The crossing list is the snapshot's own (latest_at); it is short while
// it matters, since a mat's leaders are decided with its first crossings.
std::vector<Crossing> first_crossers(const Step& s, int contest, int point, race::Gender gender,
                                     std::size_t n) {
  std::vector<Crossing> out;
  const std::size_t count = s.race.count_at(contest, point);
  if (count == 0) return out;
  std::vector<Crossing> all;
  for (const race::RunnerId id : s.race.latest_at(contest, point, count)) {
    const core::UtcMs t = s.race.runner(id).point(point).time;
    if (t <= s.now) all.push_back({id, t});
  }
  std::sort(all.begin(), all.end(), kEarliestFirst);
  for (const Crossing& c : all) {
    if (out.size() == n) break;
    const race::RunnerState& st = s.race.runner(c.runner);
    if (st.gender != gender || !s.callable(s.race, c.runner)) continue;
    out.push_back(c);
  }
  return out;
}

std::string gender_id(race::Gender g) {
  return std::string(race::to_string(g));
}

// The values every fact about a runner at a mat has.
Fact at_mat(const Step& s, CalloutKind kind, int contest, int point, const Crossing& c,
            race::Gender gender) {
  const race::Contest& ct = contest_of(s, contest);
  const race::ContestPoint& cp = ct.points[static_cast<std::size_t>(point)];
  Fact f;
  f.kind = kind;
  f.at = c.at;
  f.group = gender;
  f.id = std::string(to_string(kind)) + "/" + ct.id + "/" + gender_id(gender) + "/" + cp.mat;
  add_runner(s.race, c.runner, f);
  f.values["mat"] = cp.shown_label();
  add_time(s.race, c.runner, point, f);
  return f;
}

// A later mat (before the finish) has a callable crosser of the gender: a mat with none is
// dead and is passed over rather than waited for all day.
bool dead_mat(const Step& s, int contest, int point, race::Gender gender) {
  const race::Contest& c = contest_of(s, contest);
  const int next = point + 1;
  if (next >= static_cast<int>(c.points.size()) || s.race.count_at(contest, next) == 0)
    return false;
  return !first_crossers(s, contest, next, gender, 1).empty();
}

void record_fact(const Step& s, LeaderWatch& w, int p, const Crossing& l, std::vector<Fact>& out) {
  const race::Contest& c = contest_of(s, w.contest);
  const race::CourseRecord* rec = race::find_record(c, w.gender);
  if (!rec) return;
  const auto elapsed = s.race.rank_elapsed(l.runner, p);
  if (!elapsed) return;  // no gun yet: nothing to compare with
  const race::ContestPoint& cp = c.points[static_cast<std::size_t>(p)];
  const core::Ms delta = *elapsed - race::record_time_at(c, *rec, cp.distance_m);
  // Exactly on record pace is on neither side: the previous side holds.
  const int sign = delta.count() < 0 ? -1 : delta.count() > 0 ? 1 : w.record_sign;
  if (w.record_sign != 0 && sign != w.record_sign) {
    const CalloutKind kind =
        sign < 0 ? CalloutKind::record_pace_gained : CalloutKind::record_pace_lost;
    Fact f = at_mat(s, kind, w.contest, p, l, w.gender);
    f.durations["delta"] = core::Ms(std::llabs(delta.count()));
    f.values["record"] = rec->label;
    const std::string before = c.points[static_cast<std::size_t>(w.record_point)].shown_label();
    f.reason = "leader of " + c.name + " (" + gender_id(w.gender) + ") at " + cp.shown_label() +
               " " + (sign < 0 ? "ahead of " : "behind ") + rec->label + " pace by " +
               core::format_short(core::Ms(std::llabs(delta.count()))) +
               (sign < 0 ? " (behind at " : " (ahead at ") + before + "): " + who(s.race, l.runner);
    out.push_back(std::move(f));
  }
  w.record_sign = sign;
  w.record_point = p;
}

}  // namespace

std::string who(const race::RaceSnapshot& race, race::RunnerId id) {
  const race::Participant& p = race.participant(id);
  const std::string name = p.display_name();
  return "bib " + p.bib + (name.empty() ? "" : " " + name);
}

void add_runner(const race::RaceSnapshot& race, race::RunnerId id, Fact& f) {
  const race::Participant& p = race.participant(id);
  f.values["name"] = p.display_name();
  f.values["first_name"] = p.first_name;
  f.values["last_name"] = p.last_name;
  f.values["bib"] = p.bib;
  f.values["country"] = p.country;
  f.values["city"] = p.city;
  f.values["contest"] = race.contest_of(id).name;
  f.runners.push_back(id);
}

void add_time(const race::RaceSnapshot& race, race::RunnerId id, int point, Fact& f) {
  auto elapsed = race.rank_elapsed(id, point);
  if (!elapsed) elapsed = race.gun_elapsed(id, point);
  if (elapsed) f.values["time"] = say_time(*elapsed);
}

void leader_facts(const Step& s, LeaderWatch& w, std::vector<Fact>& out) {
  const race::Contest& c = contest_of(s, w.contest);
  const int finish = static_cast<int>(c.points.size()) - 1;
  for (int p = w.next_point; p < finish; ++p) {
    const race::ContestPoint& cp = c.points[static_cast<std::size_t>(p)];
    if (cp.role == race::PointRole::start) {
      w.next_point = p + 1;
      continue;
    }
    const auto first = first_crossers(s, w.contest, p, w.gender, 1);
    if (first.empty()) {
      if (!dead_mat(s, w.contest, p, w.gender)) return;
      w.next_point = p + 1;
      continue;
    }
    const Crossing& l = first.front();
    if (w.leader < 0 || l.runner != w.leader) {
      const CalloutKind kind = w.leader < 0 ? CalloutKind::leads : CalloutKind::new_leader;
      Fact f = at_mat(s, kind, w.contest, p, l, w.gender);
      const std::string field = c.name + " (" + gender_id(w.gender) + ")";
      if (w.leader >= 0) {
        f.values["previous"] = s.race.participant(w.leader).display_name();
        f.runners.push_back(w.leader);
        f.reason = "new leader of " + field + " at " + cp.shown_label() + ": " +
                   who(s.race, l.runner) + ", " + f.values["time"] +
                   "; before: " + who(s.race, w.leader);
      } else {
        f.reason = "first leader of " + field + " at " + cp.shown_label() + ": " +
                   who(s.race, l.runner) + ", " + f.values["time"];
      }
      out.push_back(std::move(f));
    }
    record_fact(s, w, p, l, out);
    w.leader = l.runner;
    w.next_point = p + 1;
  }
}

void gap_facts(const Step& s, const CalloutOptions& o, LeaderWatch& w, std::vector<Fact>& out) {
  const race::Contest& c = contest_of(s, w.contest);
  for (int p = w.next_gap_point; p < w.next_point; ++p) {
    const race::ContestPoint& cp = c.points[static_cast<std::size_t>(p)];
    if (cp.role == race::PointRole::start) {
      w.next_gap_point = p + 1;
      continue;
    }
    const auto two = first_crossers(s, w.contest, p, w.gender, 2);
    if (two.size() < 2) {
      // No second here yet. Passed over when a later mat already has its first two.
      if (p + 1 >= w.next_point || first_crossers(s, w.contest, p + 1, w.gender, 2).size() < 2)
        return;
      w.next_gap_point = p + 1;
      continue;
    }
    const core::Ms gap = two[1].at - two[0].at;
    if (w.gap && w.gap_leader == two[0].runner) {
      const core::Ms change = gap - *w.gap;
      if (std::llabs(change.count()) > o.gap_threshold.count()) {
        const CalloutKind kind =
            change.count() > 0 ? CalloutKind::gap_growing : CalloutKind::gap_shrinking;
        Fact f = at_mat(s, kind, w.contest, p, two[0], w.gender);
        f.at = two[1].at;  // the gap is known when the second crosses
        f.durations["gap"] = gap;
        f.durations["change"] = core::Ms(std::llabs(change.count()));
        f.values["second"] = s.race.participant(two[1].runner).display_name();
        f.runners.push_back(two[1].runner);
        f.reason = "lead of " + c.name + " (" + gender_id(w.gender) + ") at " + cp.shown_label() +
                   " " + core::format_short(gap) + " (was " + core::format_short(*w.gap) + " at " +
                   c.points[static_cast<std::size_t>(w.gap_point)].shown_label() +
                   "): " + who(s.race, two[0].runner) + " ahead of " + who(s.race, two[1].runner);
        out.push_back(std::move(f));
      }
    }
    w.gap = gap;
    w.gap_leader = two[0].runner;
    w.gap_point = p;
    w.next_gap_point = p + 1;
  }
}

}  // namespace announcer::detail
