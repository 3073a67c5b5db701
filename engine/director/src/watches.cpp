#include "watches.h"

#include <algorithm>

#include "race/projection.h"

namespace director::detail {
namespace {

struct Leader {
  race::RunnerId runner = -1;
  core::UtcMs at{};  // crossing time at the mat
};

// The first ranked runner at a mat (of a gender, when given), from the snapshot's rank list
// at that mat: one step into the list, never a scan of the field.
std::optional<Leader> leader_at(const race::RaceSnapshot& race, int contest, int point,
                                race::Gender gender) {
  race::StandingsQuery q;
  q.contest = contest;
  q.point = point;
  q.scope = gender == race::Gender::invalid ? race::Scope::overall : race::Scope::gender;
  q.gender = gender;
  q.limit = 1;
  const auto top = race.standings(q);
  if (top.empty()) return std::nullopt;
  return Leader{top.front().runner, race.runner(top.front().runner).point(point).time};
}

std::string gender_words(race::Gender g) {
  switch (g) {
    case race::Gender::male:
      return " (men)";
    case race::Gender::female:
      return " (women)";
    case race::Gender::nonbinary:
      return " (non-binary)";
    case race::Gender::invalid:
      break;
  }
  return "";
}

// Placeholder values every fact of a rule about a contest has.
Fact base_fact(const Rules& rules, std::size_t rule, int contest, const race::RaceSnapshot& race,
               core::UtcMs at) {
  Fact f;
  f.rule = rule;
  f.at = at;
  f.values["rule"] = rules.rules[rule].name;
  if (contest >= 0) {
    const race::Contest& c = race.config().contests[static_cast<std::size_t>(contest)];
    f.values["contest"] = c.id;
    f.values["contest_name"] = c.name;
  }
  return f;
}

// A runner's fact at a mat: who, where and in what time; returns "bib 12 Name, 1:02:03".
std::string add_runner(const race::RaceSnapshot& race, race::RunnerId id, int contest, int point,
                       Fact& f) {
  const race::Participant& p = race.participant(id);
  const race::Contest& c = race.config().contests[static_cast<std::size_t>(contest)];
  const race::ContestPoint& cp = c.points[static_cast<std::size_t>(point)];
  auto elapsed = race.rank_elapsed(id, point);
  if (!elapsed) elapsed = race.gun_elapsed(id, point);
  f.values["bib"] = p.bib;
  f.values["name"] = p.display_name();
  f.values["first_name"] = p.first_name;
  f.values["last_name"] = p.last_name;
  f.values["country"] = p.country;
  f.values["gender"] = std::string(race::to_string(p.gender));
  f.values["mat"] = cp.mat;
  f.values["label"] = cp.shown_label();
  f.values["time"] = elapsed ? core::format_hms(*elapsed) : "";
  const std::string name = p.display_name();
  return "bib " + p.bib + (name.empty() ? "" : " " + name) +
         (elapsed ? ", " + core::format_hms(*elapsed) : std::string());
}

std::string signed_short(core::Ms d) {
  return (d.count() < 0 ? "-" : "+") + core::format_short(core::Ms(std::abs(d.count())));
}

}  // namespace

void VipCache::refresh(const race::RaceSnapshot& race) {
  // A vip flag changes only through a participant update, which the model counts as an
  // event that is not a passing: rescan the table only when such events or the field's
  // size have changed.
  const auto& k = race.counters();
  const std::uint64_t other = k.events - k.passings;
  if (race.runner_count() == runner_count && other == other_events) return;
  runners.clear();
  for (std::size_t i = 0; i < race.runner_count(); ++i) {
    const auto id = static_cast<race::RunnerId>(i);
    if (race.participant(id).vip) runners.push_back(id);
  }
  runner_count = race.runner_count();
  other_events = other;
}

void leader_facts(const race::RaceSnapshot& race, core::UtcMs now, const Rules& rules,
                  LeaderWatch& w, std::vector<Fact>& out) {
  if (w.leader >= 0) return;
  const Rule& r = rules.rules[w.rule];
  const auto l = leader_at(race, w.contest, w.point, r.gender);
  if (!l || l->at > now) return;
  w.leader = l->runner;
  Fact f = base_fact(rules, w.rule, w.contest, race, l->at);
  const std::string who = add_runner(race, l->runner, w.contest, w.point, f);
  const std::string contest = f.values["contest_name"] + gender_words(r.gender);
  f.reason = w.finisher ? "first finisher of " + contest + ": " + who
                        : "leader of " + contest + " passed " + f.values["label"] + ": " + who;
  out.push_back(std::move(f));
}

void record_facts(const race::RaceSnapshot& race, core::UtcMs now, const Rules& rules,
                  RecordWatch& w, std::vector<Fact>& out) {
  const race::Contest& c = race.config().contests[static_cast<std::size_t>(w.contest)];
  const race::CourseRecord& rec = c.records[w.record];
  const int n = static_cast<int>(c.points.size());
  // Mats are compared in course order. A mat nobody has crossed while a later one has a
  // leader is a dead mat and is skipped; a crossing after `now` waits for a later step.
  for (int p = w.next_point; p < n; ++p) {
    const race::ContestPoint& cp = c.points[static_cast<std::size_t>(p)];
    if (cp.role == race::PointRole::start) continue;
    const auto l = leader_at(race, w.contest, p, rec.gender);
    if (!l) continue;
    if (l->at > now) break;
    const auto elapsed = race.rank_elapsed(l->runner, p);
    if (!elapsed) break;  // no gun yet: nothing to compare with
    const core::Ms delta = *elapsed - race::record_time_at(c, rec, cp.distance_m);
    // Exactly on record pace is on neither side: the previous side holds.
    const int sign = delta.count() < 0 ? -1 : delta.count() > 0 ? 1 : w.sign;
    if (w.sign != 0 && sign != w.sign) {
      Fact f = base_fact(rules, w.rule, w.contest, race, l->at);
      const std::string who = add_runner(race, l->runner, w.contest, p, f);
      const std::string before = c.points[static_cast<std::size_t>(w.last_point)].shown_label();
      f.values["delta"] = signed_short(delta);
      f.values["record"] = rec.label;
      f.reason = "leader of " + c.name + gender_words(rec.gender) + " at " + cp.shown_label() +
                 " " + (sign < 0 ? "ahead of " : "behind ") + rec.label + " pace by " +
                 core::format_short(core::Ms(std::abs(delta.count()))) +
                 (sign < 0 ? " (behind at " : " (ahead at ") + before + "): " + who;
      out.push_back(std::move(f));
    }
    w.sign = sign;
    w.last_point = p;
    w.next_point = p + 1;
  }
}

void vip_facts(const race::RaceSnapshot& race, core::UtcMs now, const Rules& rules,
               const VipCache& vips, VipWatch& w, std::vector<Fact>& out) {
  const Rule& r = rules.rules[w.rule];
  for (const race::RunnerId id : vips.runners) {
    const race::RunnerState& s = race.runner(id);
    if (s.contest != w.contest) continue;
    if (r.gender != race::Gender::invalid && s.gender != r.gender) continue;
    const race::PointTime pt = s.point(w.point);
    if (!pt.usable() || pt.time > now) continue;
    if (!w.announced.insert(id).second) continue;
    Fact f = base_fact(rules, w.rule, w.contest, race, pt.time);
    const std::string who = add_runner(race, id, w.contest, w.point, f);
    f.reason = "VIP passed " + f.values["label"] + " (" + f.values["contest_name"] + "): " + who;
    out.push_back(std::move(f));
  }
}

void every_facts(const race::RaceSnapshot& race, core::UtcMs now, core::UtcMs oldest,
                 const Rules& rules, EveryWatch& w, std::vector<Fact>& out) {
  const Rule& r = rules.rules[w.rule];
  std::optional<core::UtcMs> gun;
  if (w.contest >= 0) {
    gun = race.contest_gun_time(w.contest);
  } else {
    for (std::size_t c = 0; c < race.config().contests.size(); ++c) {
      const auto g = race.contest_gun_time(static_cast<int>(c));
      if (g && (!gun || *g < *gun)) gun = g;
    }
  }
  if (!gun || now < *gun) return;
  const std::int64_t period = std::int64_t{r.minutes} * 60'000;
  const std::int64_t k_now = (now - *gun).count() / period;
  std::int64_t k = std::max<std::int64_t>(w.last_tick + 1, 1);
  if (oldest > *gun) k = std::max(k, ((oldest - *gun).count() + period - 1) / period);
  for (; k <= k_now; ++k) {
    const core::Ms elapsed(k * period);
    Fact f = base_fact(rules, w.rule, w.contest, race, *gun + elapsed);
    f.values["elapsed"] = core::format_hms(elapsed);
    if (r.gender != race::Gender::invalid)
      f.values["gender"] = std::string(race::to_string(r.gender));
    f.reason = "every " + std::to_string(r.minutes) + " min: " + core::format_hms(elapsed) +
               " after the " + (w.contest >= 0 ? f.values["contest_name"] : "first") + " gun";
    out.push_back(std::move(f));
  }
  w.last_tick = std::max(w.last_tick, k_now);
}

}  // namespace director::detail
