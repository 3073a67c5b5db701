// The director on a replay of the Almaty sample (full field, every event through the real
// RaceModel, a step every 5 s of race time): leaders at the mats, first finishers, `every`
// ticks and a restart mid-race, each checked against what the events themselves say.
#include <catch2/catch.hpp>

#include <set>
#include <tuple>

#include "replay.h"

namespace leaders_test {

namespace {

using namespace director_test;
using namespace std::chrono_literals;

const race::Contest& contest(std::string_view id) {
  return *almaty_config()->find_contest(id);
}

// Checks that `fired` holds exactly one split card per mat of the contest after the start,
// for the first runner the events show there, at that runner's crossing time, within one step.
void check_leaders(const std::vector<Fired>& fired, std::string_view contest_id,
                   race::Gender gender, core::UtcMs until) {
  const auto expected = first_crossings(contest_id, gender, until);
  const race::Contest& c = contest(contest_id);
  CHECK(fired.size() == c.points.size() - 1);
  for (const race::ContestPoint& p : c.points) {
    if (p.role == race::PointRole::start) continue;
    INFO(contest_id << " " << race::to_string(gender) << " at " << p.mat);
    std::vector<const Fired*> at_mat;
    for (const auto& f : fired)
      if (f.action.params.at("point") == p.mat) at_mat.push_back(&f);
    REQUIRE(at_mat.size() == 1);
    const Fired& f = *at_mat.front();
    const Crossing& want = expected.at(p.mat);
    CHECK(clock(*almaty_config(), f.action.at) == clock(*almaty_config(), want.at));
    CHECK(f.action.params.at("bib") == want.bib);
    CHECK(f.step >= f.action.at);
    CHECK(f.step - f.action.at < 5s);
    CHECK(f.action.kind == "split_card");
    CHECK(f.action.on_air == 8s);
  }
}

}  // namespace

TEST_CASE("leader_passes fires once per mat, at the first crossing, with that runner's bib",
          "[director][almaty]") {
  director::Director d(rules(R"(
[[rule]]
name = "leader"
when = "leader_passes"
contest = "marathon"
show = "split_card"
params = { bib = "{bib}", point = "{mat}" }

[[rule]]
name = "women"
when = "leader_passes"
contest = "marathon"
gender = "F"
mat = "*"
show = "split_card"
params = { bib = "{bib}", point = "{mat}" }

[[rule]]
name = "half at 10K"
when = "leader_passes"
contest = "half"
mat = "10K"
show = "split_card"
params = { bib = "{bib}", point = "{mat}" }
)"),
                       *almaty_config());
  const auto fired = run_almaty(d, "06:25:00", "09:30:00");
  const core::UtcMs until = local(*almaty_config(), "09:30:00");
  check_leaders(of_rule(fired, "leader"), "marathon", race::Gender::invalid, until);
  check_leaders(of_rule(fired, "women"), "marathon", race::Gender::female, until);

  const auto half = of_rule(fired, "half at 10K");
  REQUIRE(half.size() == 1);
  CHECK(half[0].action.params.at("bib") ==
        first_crossings("half", race::Gender::invalid, until).at("10K").bib);
  // The reason names the contest, the mat, the runner and the time there.
  const auto leader = of_rule(fired, "leader");
  CHECK_THAT(leader.back().action.reason,
             Catch::Matches("leader of Marathon passed FINISH: bib \\S+ .+, 2:\\d\\d:\\d\\d"));
  CHECK_THAT(of_rule(fired, "women").front().action.reason,
             Catch::StartsWith("leader of Marathon (women) passed 5K: bib "));
}

TEST_CASE("first_finisher fires once per individual contest at its first finish read",
          "[director][almaty]") {
  director::Director d(rules(R"(
[[rule]]
name = "first"
when = "first_finisher"
show = "split_card"
params = { bib = "{bib}", point = "{mat}" }
seconds = 30
)"),
                       *almaty_config());
  const auto fired = run_almaty(d, "06:25:00", "10:00:00");
  const core::UtcMs until = local(*almaty_config(), "10:00:00");
  std::set<std::string> contests;
  for (const auto& f : fired) {
    const std::string c = f.action.reason.substr(0, f.action.reason.find(':'));
    INFO(f.action.reason);
    CHECK(contests.insert(c).second);  // once per contest
    CHECK(f.action.params.at("point") == "finish");
  }
  // The Ekiden is a relay: its finishers are teams, not ranked runners.
  REQUIRE(fired.size() == 4);
  for (const char* id : {"marathon", "half", "10k", "nordic"}) {
    INFO(id);
    const Crossing want = first_crossings(id, race::Gender::invalid, until).at("finish");
    const std::string name = contest(id).name;
    const auto it = std::find_if(fired.begin(), fired.end(), [&](const Fired& f) {
      return f.action.reason.starts_with("first finisher of " + name + ":");
    });
    REQUIRE(it != fired.end());
    CHECK(it->action.params.at("bib") == want.bib);
    CHECK(clock(*almaty_config(), it->action.at) == clock(*almaty_config(), want.at));
    CHECK(it->action.on_air == 30s);
  }
}

TEST_CASE("every fires at multiples of its period from the contest's gun, or the first gun",
          "[director][almaty]") {
  director::Director d(rules(R"(
[[rule]]
name = "marathon board"
when = "every"
contest = "marathon"
minutes = 10
show = "leaderboard"
params = { contest = "{contest}", title = "Marathon after {elapsed}" }

[[rule]]
name = "half board"
when = "every"
contest = "half"
minutes = 15
show = "leaderboard"
params = { contest = "{contest}" }

[[rule]]
name = "all"
when = "every"
minutes = 25
show = "finish_board"
)"),
                       *almaty_config());
  const auto fired = run_almaty(d, "06:00:00", "09:00:00");
  const core::UtcMs until = local(*almaty_config(), "09:00:00");
  auto ticks = [&](core::UtcMs gun, std::chrono::minutes period) {
    std::vector<std::string> out;
    for (core::UtcMs t = gun + period; t <= until; t += period)
      out.push_back(clock(*almaty_config(), t));
    return out;
  };
  auto instants = [&](std::string_view rule) {
    std::vector<std::string> out;
    for (const auto& f : of_rule(fired, rule)) {
      CHECK(f.step - f.action.at < 5s);
      out.push_back(clock(*almaty_config(), f.action.at));
    }
    return out;
  };
  const core::UtcMs marathon = gun_of("marathon"), half = gun_of("half");
  CHECK(instants("marathon board") == ticks(marathon, 10min));
  CHECK(instants("half board") == ticks(half, 15min));
  // The first gun of the day is the marathon's (the Ekiden shares it).
  CHECK(instants("all") == ticks(std::min(marathon, gun_of("ekiden")), 25min));
  CHECK(of_rule(fired, "marathon board").size() == 14);  // 06:40 ... 08:50
  const auto first = of_rule(fired, "marathon board").front().action;
  CHECK(first.params.at("title") == "Marathon after 0:10:00");
  CHECK(first.params.at("contest") == "marathon");
  CHECK(first.reason == "every 10 min: 0:10:00 after the Marathon gun");
}

TEST_CASE("a director started mid-race fires nothing older than max_age", "[director][almaty]") {
  constexpr std::string_view kRules = R"(
[[rule]]
name = "leader"
when = "leader_passes"
contest = "*"
show = "split_card"
params = { bib = "{bib}", point = "{mat}" }

[[rule]]
name = "board"
when = "every"
contest = "marathon"
minutes = 5
show = "leaderboard"
params = { contest = "{contest}" }

[[rule]]
name = "guest"
when = "vip_passes"
show = "lower_third"
params = { bib = "{bib}" }

[[rule]]
name = "first"
when = "first_finisher"
show = "finish_board"
params = { contest = "{contest}" }

[[rule]]
name = "record"
when = "record_delta_crosses_zero"
show = "record_pace"
params = { contest = "{contest}", gender = "{gender}" }
)";
  const auto& config = *almaty_config();
  director::Director all_day(rules(kRules), config);
  using Key = std::tuple<std::string, core::UtcMs, std::map<std::string, std::string>>;
  // Restarts while the marathon's leaders finish and later, when only guests, ticks and the
  // back of the field remain.
  struct Restart {
    core::UtcMs at;
    std::optional<director::Director> director;
    std::vector<Key> fired;
    std::size_t first_step = 0;  // actions of its first step
  };
  std::vector<Restart> restarts(2);
  restarts[0].at = local(config, "08:50:00");
  restarts[1].at = local(config, "10:00:00");
  std::vector<Key> continuous;
  replay(almaty_config(), almaty_race().participants, almaty_race().events,
         local(config, "06:25:00"), local(config, "11:00:00"), 5s,
         [&](const race::RaceSnapshot& s, core::UtcMs now) {
           for (const auto& a : all_day.step(s, now))
             continuous.emplace_back(a.rule, a.at, a.params);
           for (Restart& r : restarts) {
             if (now < r.at) continue;
             const bool first = !r.director;
             if (first) r.director.emplace(rules(kRules), config);
             const auto actions = r.director->step(s, now);
             if (first) r.first_step = actions.size();
             for (const auto& a : actions) r.fired.emplace_back(a.rule, a.at, a.params);
           }
         });
  CHECK(continuous.size() > 60);
  for (const Restart& r : restarts) {
    INFO("restarted at " << clock(config, r.at));
    // The hours before held dozens of facts; the restart replays only the last two minutes'.
    CHECK(r.first_step <= 3);
    const core::UtcMs oldest = r.at - director::kDefaultMaxAge;
    for (const auto& k : r.fired) CHECK(std::get<1>(k) >= oldest);
    // From then on it fires exactly what a director running all morning fires.
    std::vector<Key> recent;
    for (const auto& k : continuous)
      if (std::get<1>(k) >= oldest) recent.push_back(k);
    CHECK(r.fired == recent);
    CHECK(r.fired.size() >= 10);
  }
}

}  // namespace leaders_test
