// Facts at the finish and at relay exchanges, from the crossings each step adds: first man
// and woman, category winners, milestones, corrections, and hand-overs.
#include <algorithm>

#include "facts.h"

namespace announcer::detail {
namespace {

// The crossings at a mat after the first `counted` (earliest first), up to `now`. Reads
// come in time order, so the new ones are the latest; a count that went down (a read
// voided) starts the count again from there.
std::vector<Crossing> new_crossings(const Step& s, int contest, int point, std::size_t& counted) {
  std::vector<Crossing> out;
  const std::size_t n = s.race.count_at(contest, point);
  if (n < counted) counted = n;
  if (n == counted) return out;
  for (const race::RunnerId id : s.race.latest_at(contest, point, n - counted)) {
    const core::UtcMs t = s.race.runner(id).point(point).time;
    out.push_back({id, t});
  }
  // A crossing after `now` waits for a later step, and so does everything after it.
  std::sort(out.begin(), out.end(), kEarliestFirst);
  const auto late =
      std::find_if(out.begin(), out.end(), [&](const Crossing& c) { return c.at > s.now; });
  out.erase(late, out.end());
  counted += out.size();
  return out;
}

Fact finisher_fact(const Step& s, CalloutKind kind, std::string id, int point, const Crossing& c) {
  Fact f;
  f.kind = kind;
  f.id = std::move(id);
  f.at = c.at;
  add_runner(s.race, c.runner, f);
  add_time(s.race, c.runner, point, f);
  return f;
}

bool hits(const std::vector<int>& milestones, std::int64_t n) {
  return std::find(milestones.begin(), milestones.end(), n) != milestones.end();
}

}  // namespace

void finish_facts(const Step& s, const CalloutOptions& o, FinishWatch& w,
                  std::vector<Finisher>& day, std::vector<Fact>& out) {
  const race::Contest& c = contest_of(s, w.contest);
  const std::size_t before = w.counted;
  const auto fresh = new_crossings(s, w.contest, w.point, w.counted);
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    const Crossing& x = fresh[i];
    const auto ordinal = static_cast<std::int64_t>(before + i + 1);
    day.push_back({x.runner, x.at, w.contest, ordinal});
    // An uncallable runner is passed over: the next callable finisher is called first.
    if (!s.callable(s.race, x.runner)) continue;
    const race::RunnerState& st = s.race.runner(x.runner);
    const std::string time_of = " in " + c.name + ": " + who(s.race, x.runner);
    race::RunnerId* first = st.gender == race::Gender::male     ? &w.first_man
                            : st.gender == race::Gender::female ? &w.first_woman
                                                                : nullptr;
    if (first && *first < 0) {
      *first = x.runner;
      const bool man = st.gender == race::Gender::male;
      const CalloutKind kind = man ? CalloutKind::first_man : CalloutKind::first_woman;
      Fact f = finisher_fact(s, kind, std::string(to_string(kind)) + "/" + c.id, w.point, x);
      f.group = st.gender;
      f.reason = std::string(man ? "first man" : "first woman") + " to finish" + time_of + ", " +
                 f.values["time"];
      out.push_back(std::move(f));
    }
    if (st.category >= 0 && w.categories.insert(st.category).second) {
      const race::Category& cat = s.race.config().categories[static_cast<std::size_t>(st.category)];
      Fact f = finisher_fact(s, CalloutKind::category_winner,
                             "category_winner/" + c.id + "/" + cat.id, w.point, x);
      f.values["category"] = cat.name.empty() ? cat.id : cat.name;
      f.reason = "first finisher of " + cat.id + time_of + ", " + f.values["time"];
      out.push_back(std::move(f));
    }
    if (hits(o.contest_milestones, ordinal)) {
      Fact f =
          finisher_fact(s, CalloutKind::contest_milestone,
                        "contest_milestone/" + c.id + "/" + std::to_string(ordinal), w.point, x);
      f.count = ordinal;
      f.reason = "finisher number " + std::to_string(ordinal) + time_of;
      out.push_back(std::move(f));
    }
  }
}

void correction_facts(const Step& s, FinishWatch& w, std::vector<Fact>& out) {
  // A first finisher already called who no longer has a finish read, has a status (DSQ...)
  // or is no longer callable: the announcer takes it back, once.
  const race::Contest& c = contest_of(s, w.contest);
  const auto check = [&](race::RunnerId id, bool& corrected) {
    if (id < 0 || corrected) return;
    const race::RunnerState& st = s.race.runner(id);
    const bool still =
        st.point(w.point).usable() && st.status == race::RunnerStatus::ok && s.callable(s.race, id);
    if (still) return;
    corrected = true;
    Fact f;
    f.kind = CalloutKind::correction;
    f.group = st.gender;
    f.id = "correction/" +
           std::string(st.gender == race::Gender::male ? "first_man/" : "first_woman/") + c.id;
    f.at = s.now;
    add_runner(s.race, id, f);
    f.reason =
        "called as first to finish in " + c.name + " but no longer is: " + who(s.race, id) +
        (st.status != race::RunnerStatus::ok ? " (" + std::string(race::to_string(st.status)) + ")"
                                             : " (finish read voided or doubtful)");
    out.push_back(std::move(f));
  };
  check(w.first_man, w.corrected_man);
  check(w.first_woman, w.corrected_woman);
}

void milestone_facts(const Step& s, const CalloutOptions& o, const std::vector<Finisher>& day,
                     std::int64_t before, std::vector<Fact>& out) {
  for (std::size_t i = 0; i < day.size(); ++i) {
    const std::int64_t n = before + static_cast<std::int64_t>(i) + 1;
    if (!hits(o.day_milestones, n) || !s.callable(s.race, day[i].runner)) continue;
    const race::Contest& c = contest_of(s, day[i].contest);
    const int finish = static_cast<int>(c.points.size()) - 1;
    Fact f = finisher_fact(s, CalloutKind::milestone, "milestone/day/" + std::to_string(n), finish,
                           {day[i].runner, day[i].at});
    f.count = n;
    f.reason = "finisher number " + std::to_string(n) + " of the day (" + c.name +
               "): " + who(s.race, day[i].runner);
    out.push_back(std::move(f));
  }
}

void exchange_facts(const Step& s, const std::map<std::string, std::vector<race::RunnerId>>& teams,
                    ExchangeWatch& w, std::vector<Fact>& out) {
  // Relay runners are not ranked one by one, so the mat's crossing list is empty: each
  // team's runner of this leg is looked at instead (a hundred-odd runners, not the field).
  const race::Contest& c = contest_of(s, w.contest);
  std::vector<Crossing> fresh;
  for (const auto& [name, members] : teams) {
    const auto leg = static_cast<std::size_t>(w.leg - 1);
    if (leg >= members.size() || members[leg] < 0 || w.handed_over.count(members[leg])) continue;
    const race::PointTime pt = s.race.runner(members[leg]).point(w.point);
    if (pt.usable() && pt.time <= s.now) fresh.push_back({members[leg], pt.time});
  }
  std::sort(fresh.begin(), fresh.end(), kEarliestFirst);
  for (const Crossing& x : fresh) {
    w.handed_over.insert(x.runner);
    const int place = static_cast<int>(w.handed_over.size());
    if (!s.callable(s.race, x.runner)) continue;
    const race::Participant& out_runner = s.race.participant(x.runner);
    const auto team = teams.find(out_runner.team);
    const auto next = static_cast<std::size_t>(w.leg);  // index of the next leg's member
    const race::RunnerId in =
        team != teams.end() && next < team->second.size() ? team->second[next] : race::RunnerId{-1};
    Fact f;
    f.kind = CalloutKind::exchange;
    f.at = x.at;
    f.id = "exchange/" + c.id + "/" + out_runner.team + "/" + std::to_string(w.leg + 1);
    if (in >= 0) {
      add_runner(s.race, in, f);
    } else {
      f.values["contest"] = c.name;
    }
    f.values["team"] = out_runner.team;
    f.values["leg"] = std::to_string(w.leg + 1);
    f.values["from"] = out_runner.display_name();
    f.values["mat"] = c.points[static_cast<std::size_t>(w.point)].shown_label();
    if (const auto e = s.race.gun_elapsed(x.runner, w.point)) f.values["time"] = say_time(*e);
    f.runners.push_back(x.runner);
    f.place = place;
    f.demoted = place > 3;  // the leading teams' hand-overs first
    f.reason = "team " + out_runner.team + " hands over to leg " + std::to_string(w.leg + 1) +
               " at " + f.values["mat"] + " in place " + std::to_string(place) + ": " +
               who(s.race, x.runner) + (in >= 0 ? " to " + who(s.race, in) : std::string());
    out.push_back(std::move(f));
  }
}

}  // namespace announcer::detail
