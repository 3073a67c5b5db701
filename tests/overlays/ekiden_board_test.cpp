// Ekiden board: team places, the leg on the course, time and gap per team, the gaps at the
// latest exchange, finished and DNF teams, paging, waiting before the start, long team names,
// stale badge, parameters, determinism.
#include <catch2/catch.hpp>
#include <cmath>

#include "fixture.h"
#include "overlays/registry.h"
#include "race/model_fixture.h"
#include "race/relay.h"
#include "scene/scene.h"

namespace ekiden_board_test {

namespace {

using overlay_test::all_problems;
using overlay_test::describe;
using overlay_test::draw;
using overlay_test::exact;
using overlay_test::find_text;
using overlay_test::gap_text;
using overlay_test::hms;
using overlay_test::params;
using race::Gender;

// The texts on the same line (±6 px) as `op`, left to right.
std::vector<std::string> line_of(const render::DrawList& list, const render::DrawOp& op) {
  const float y = overlay_test::text_bounds(op).center().y;
  std::vector<std::pair<float, std::string>> found;
  for (const auto& o : list.ops) {
    const auto* t = std::get_if<render::TextOp>(&o.op);
    if (!t) continue;
    const auto b = overlay_test::text_bounds(o);
    if (std::abs(b.center().y - y) < 6) found.emplace_back(b.x, t->text);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

// The row a team should have: place, team, leg, time, gap (empty parts left out).
std::vector<std::string> expected_row(const race::TeamStanding& t, int legs) {
  std::vector<std::string> row;
  row.push_back(t.place > 0 ? std::to_string(t.place) : "–");
  row.push_back(t.team);
  if (t.status != race::RunnerStatus::ok) {
    row.push_back(std::string(race::to_string(t.status)));
  } else if (t.furthest >= 0) {
    row.push_back(t.current_leg > legs
                      ? "FIN"
                      : "LEG " + std::to_string(t.current_leg) + "/" + std::to_string(legs));
  }
  if (t.furthest >= 0) row.push_back(hms(t.time));
  if (t.place > 1) row.push_back(gap_text(t.gap));
  return row;
}

void check_rows(const render::DrawList& list, const std::vector<race::TeamStanding>& teams,
                std::size_t first, std::size_t count, int legs) {
  REQUIRE(teams.size() >= first + count);
  float last_y = -1;
  for (std::size_t i = first; i < first + count; ++i) {
    INFO("team " << i << " " << teams[i].team);
    const auto* name = exact(list, teams[i].team);
    REQUIRE(name);
    const float y = overlay_test::text_bounds(*name).center().y;
    CHECK(y > last_y);
    last_y = y;
    CHECK(line_of(list, *name) == expected_row(teams[i], legs));
  }
}

// "AT X3: Team A · Team B +12 · …": every team through the leader's latest exchange, in the
// order they passed it, gaps behind the first.
std::vector<std::string> expected_exchange(const race::RaceSnapshot& race, int contest,
                                           const std::vector<race::TeamStanding>& teams,
                                           std::size_t limit) {
  const auto& c = race.config().contests[static_cast<std::size_t>(contest)];
  const int legs = static_cast<int>(c.legs.size());
  const int k = std::min(teams.at(0).current_leg - 2, legs - 1);
  if (k < 0) return {};
  std::vector<std::pair<core::Ms, std::string>> through;
  for (const auto& t : teams) {
    const auto& g = t.exchange_gaps.at(static_cast<std::size_t>(k));
    if (g) through.emplace_back(*g, t.team);
  }
  std::sort(through.begin(), through.end());
  const int point = race.point_index(contest, c.legs[static_cast<std::size_t>(k)].end_mat);
  const auto& cp = c.points[static_cast<std::size_t>(point)];
  std::vector<std::string> parts{"AT " + (cp.label.empty() ? cp.mat : cp.label) + ":"};
  for (std::size_t i = 0; i < through.size() && i < limit; ++i) {
    parts.push_back((i == 0 ? " " : " · ") + through[i].second +
                    (i == 0 ? "" : " " + gap_text(through[i].first)));
  }
  return parts;
}

// A two-leg relay (5 km + 5 km): Alpha finished, Beta on leg 2, Gamma's second runner
// dropped out, Delta has not started.
struct SmallRelay {
  std::shared_ptr<race::RaceConfig> config = fixture::config();
  std::vector<race::Participant> people;
  std::vector<race::Event> events;
  SmallRelay() {
    int bib = 1;
    for (const char* team : {"Alpha", "Beta", "Gamma", "Delta"}) {
      for (int leg = 1; leg <= 2; ++leg) {
        auto p = fixture::runner(std::to_string(bib++), Gender::male, 30, "relay");
        p.team = team;
        p.leg = leg;
        people.push_back(p);
      }
    }
    events.push_back(fixture::passing("1", "X1", fixture::at(9, 20, 0)));
    events.push_back(fixture::passing("3", "X1", fixture::at(9, 21, 30)));
    events.push_back(fixture::passing("5", "X1", fixture::at(9, 22, 0)));
    events.push_back(fixture::passing("2", "finish", fixture::at(9, 41, 0)));
    race::StatusChange dnf;
    dnf.bib = "6";
    dnf.status = race::RunnerStatus::dnf;
    events.push_back(dnf);
  }
};

}  // namespace

TEST_CASE("ekiden board: team places, legs, times and gaps in the sample",
          "[overlays][ekiden_board]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const auto now = overlay_test::local(race->config(), "08:00:00");
  const int ekiden = race->contest_index("ekiden");
  const auto teams = race::relay_standings(*race, ekiden);
  const auto list = draw("ekiden_board", race, now);
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(exact(list, "EKIDEN RELAY"));  // the contest name, in the title font's capitals
  check_rows(list, teams, 0, 8, 6);
  CHECK_FALSE(exact(list, teams[8].team));
  // The gaps at the latest exchange the leading team passed: as many teams as fit, whole.
  const auto parts = expected_exchange(*race, ekiden, teams, 4);
  REQUIRE(parts.size() >= 3);
  const auto* footer = find_text(list, parts[0]);
  REQUIRE(footer);
  std::string shown = parts[0] + parts[1] + parts[2];
  bool matched = footer->text == shown;
  for (std::size_t i = 3; i < parts.size() && !matched; ++i) {
    shown += parts[i];
    matched = footer->text == shown;
  }
  INFO("footer: " << footer->text);
  CHECK(matched);
  CHECK(std::get<render::TextOp>(exact(list, footer->text)->op).box.contains(footer->ink, 1));
}

TEST_CASE("ekiden board: finished, on course, dropped out, not started",
          "[overlays][ekiden_board]") {
  SmallRelay r;
  const auto race = overlay_test::make_snapshot(r.config, r.people, r.events);
  const auto teams = race::relay_standings(*race, 2);
  REQUIRE(teams.size() == 4);
  const auto list = draw("ekiden_board", race, fixture::at(9, 45, 0));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(exact(list, "RELAY"));
  // Written out: Alpha 41:00 at the finish; Beta at the exchange 1:30 behind Alpha there.
  const auto* alpha = exact(list, "Alpha");
  REQUIRE(alpha);
  CHECK(line_of(list, *alpha) == std::vector<std::string>{"1", "Alpha", "FIN", "41:00"});
  const auto* beta = exact(list, "Beta");
  REQUIRE(beta);
  CHECK(line_of(list, *beta) == std::vector<std::string>{"2", "Beta", "LEG 2/2", "21:30", "+1:30"});
  const auto* gamma = exact(list, "Gamma");
  REQUIRE(gamma);
  CHECK(line_of(list, *gamma) == std::vector<std::string>{"–", "Gamma", "DNF", "22:00"});
  const auto* delta = exact(list, "Delta");
  REQUIRE(delta);
  CHECK(line_of(list, *delta) == std::vector<std::string>{"–", "Delta"});
  check_rows(list, teams, 0, 4, 2);
  // Alpha has passed the last exchange (the finish): only Alpha is through it.
  CHECK(exact(list, "AT FINISH: Alpha"));
  // Before Alpha's finish the latest exchange is X1, with every team through it.
  const auto early = draw(
      "ekiden_board",
      overlay_test::make_snapshot(r.config, r.people, {r.events.begin(), r.events.begin() + 3}),
      fixture::at(9, 25, 0));
  INFO(describe(early));
  CHECK(exact(early, "AT X1: Alpha · Beta +1:30 · Gamma +2:00"));
}

TEST_CASE("ekiden board: pages rotate, waiting before the start", "[overlays][ekiden_board]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const auto now = overlay_test::local(race->config(), "08:00:00");
  const auto teams = race::relay_standings(*race, race->contest_index("ekiden"));
  auto o = params({{"rows", "3"}, {"pages", "2"}});
  o.on_air = core::Ms(10'000);  // the second page (8 s each)
  auto list = draw("ekiden_board", race, now, o);
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(exact(list, "2/2"));
  check_rows(list, teams, 3, 3, 6);
  CHECK_FALSE(exact(list, teams[0].team));
  o.on_air = core::Ms(17'000);
  list = draw("ekiden_board", race, now, o);
  CHECK(exact(list, "1/2"));
  check_rows(list, teams, 0, 3, 6);

  const auto before = overlay_test::almaty_at("06:00:00");
  list = draw("ekiden_board", before, overlay_test::local(before->config(), "06:00:00"));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(exact(list, "Waiting for the start"));
  CHECK_FALSE(find_text(list, "AT "));
}

TEST_CASE("ekiden board: long and Kazakh team names are cut inside their column",
          "[overlays][ekiden_board]") {
  SmallRelay r;
  r.people[0].team = r.people[1].team = "Қазақстан Темір Жолы Корпоративтік Жүгіру Клубы Алматы";
  r.people[2].team = r.people[3].team = "Қазпошта Өңір";
  const auto race = overlay_test::make_snapshot(r.config, r.people, r.events);
  const auto list = draw("ekiden_board", race, fixture::at(9, 45, 0));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(exact(list, "Қазпошта Өңір"));
  const render::TextOp* cut = find_text(list, "Қазақстан Темір");
  REQUIRE(cut);
  CHECK(cut->text.ends_with("…"));
  CHECK(cut->box.contains(cut->ink, 1));
}

TEST_CASE("ekiden board: stale badge, and a clean layout on other screens",
          "[overlays][ekiden_board]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const auto now = overlay_test::local(race->config(), "08:00:00");
  auto o = params({});
  CHECK(overlay_test::stale_badge_problems("ekiden_board", race, now, o) == "");
  CHECK(overlay_test::problems_at_other_sizes("ekiden_board", race, now,
                                              params({{"rows", "20"}})) == "");
}

TEST_CASE("ekiden board: bad parameters say what is wrong and what is accepted",
          "[overlays][ekiden_board]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const auto now = overlay_test::local(race->config(), "08:00:00");
  auto fails = [&](const race::SnapshotPtr& r, std::map<std::string, std::string> p) {
    return overlay_test::param_error("ekiden_board", r, now, std::move(p));
  };
  CHECK_THAT(fails(race, {{"contest", "marathon"}}), Catch::Contains("contest=marathon") &&
                                                         Catch::Contains("not a relay") &&
                                                         Catch::Contains("ekiden"));
  CHECK_THAT(fails(race, {{"contest", "ultra"}}), Catch::Contains("contest=ultra"));
  CHECK_THAT(fails(race, {{"rows", "50"}}),
             Catch::Contains("rows=50") && Catch::Contains("3 to 20"));
  CHECK_THAT(fails(race, {{"pages", "9"}}),
             Catch::Contains("pages=9") && Catch::Contains("1 to 5"));
  auto config = fixture::config();
  config->contests.pop_back();  // the relay
  const auto individual = overlay_test::make_snapshot(config, {}, {});
  CHECK_THAT(fails(individual, {}), Catch::Contains("needs a relay contest"));
}

TEST_CASE("ekiden board: the same frame draws the same ops, in any order",
          "[overlays][ekiden_board]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const auto t2 = overlay_test::local(race->config(), "08:00:00");
  const std::map<std::string, std::string> p{{"rows", "4"}, {"pages", "2"}};
  auto o = params(p);
  o.on_air = core::Ms(8'200);  // the second page coming in
  const auto once = describe(draw("ekiden_board", race, t2, o));
  CHECK(once == describe(draw("ekiden_board", race, t2, o)));
  const auto take = t2 - o.on_air;
  const auto after = overlay_test::draw_after(
      "ekiden_board", race, p, take,
      {take + core::Ms(20'000), take + core::Ms(100), take + core::Ms(4'000)}, t2);
  CHECK(describe(after) == once);
}

}  // namespace ekiden_board_test
