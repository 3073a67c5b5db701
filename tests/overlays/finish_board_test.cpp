// Finish board: the waiting screen, the finisher card with the right values and a name at
// least 110 units high, the rotating top 10, the switch between them as a function of
// time, portrait screens, relay teams, stale badge, parameters and determinism.
#include <algorithm>
#include <catch2/catch.hpp>

#include "fixture.h"
#include "overlays/registry.h"
#include "race/model_fixture.h"
#include "race/relay.h"
#include "render/text.h"
#include "scene/scene.h"

namespace finish_board_test {

namespace {

using overlay_test::all_problems;
using overlay_test::describe;
using overlay_test::draw;
using overlay_test::exact;
using overlay_test::find_text;
using overlay_test::full_name;
using overlay_test::hms;
using overlay_test::nth;

// Finishers of one contest, newest first (ties: higher runner id first, as the board orders).
std::vector<race::RunnerId> newest(const race::RaceSnapshot& race, int contest, int point) {
  auto ids = race.latest_at(contest, point, race.count_at(contest, point));
  std::stable_sort(ids.begin(), ids.end(), [&](race::RunnerId a, race::RunnerId b) {
    const auto ta = race.runner(a).time[static_cast<std::size_t>(point)];
    const auto tb = race.runner(b).time[static_cast<std::size_t>(point)];
    return ta != tb ? ta > tb : a > b;
  });
  return ids;
}

race::Participant runner(const std::string& bib, std::string first, std::string last) {
  return overlay_test::named_runner(bib, std::move(first), std::move(last), race::Gender::female,
                                    30, "KAZ");
}

// A 10 km (gun 09:00): bib i+1 finishes at finishes[i].
race::SnapshotPtr ten_k(const std::vector<core::UtcMs>& finishes,
                        std::vector<race::Participant> people = {}) {
  for (std::size_t i = people.size(); i < finishes.size(); ++i) {
    people.push_back(runner(std::to_string(i + 1), "Runner", "Number" + std::to_string(i + 1)));
  }
  std::vector<race::Event> events;
  for (std::size_t i = 0; i < finishes.size(); ++i) {
    events.push_back(
        fixture::passing(people[i].bib, "finish", finishes[i], static_cast<std::int64_t>(i + 1)));
  }
  return overlay_test::make_snapshot(fixture::config(), people, events);
}

}  // namespace

TEST_CASE("finish_board: before anyone finishes it waits, on landscape and portrait",
          "[finish_board]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  for (const auto& [w, h] : {std::pair{1920, 1080}, std::pair{1080, 1920}}) {
    overlay_test::DrawOptions opt;
    opt.width = w;
    opt.height = h;
    const auto list =
        draw("finish_board", race, overlay_test::local(race->config(), "08:00:00"), opt);
    INFO(w << "x" << h);
    CHECK(find_text(list, "Waiting for the first finishers"));
    CHECK(find_text(list, w > h ? "FINISH · ALMATY MARATHON 2025" : "FINISH"));
    CHECK(all_problems(list).empty());
  }
}

TEST_CASE("finish_board: the latest finisher fills the screen with name, time, place, country",
          "[finish_board]") {
  const auto race = overlay_test::almaty_at("08:40:00");
  const int half = race->contest_index("half");
  const int fp =
      static_cast<int>(race->config().contests[static_cast<std::size_t>(half)].points.size()) - 1;
  const auto ids = newest(*race, half, fp);
  REQUIRE(ids.size() >= 5);
  const core::UtcMs crossed = race->runner(ids[0]).time[static_cast<std::size_t>(fp)];
  overlay_test::DrawOptions opt;
  opt.params = {{"contest", "half"}};
  const auto list = draw("finish_board", race, crossed + core::Ms(2000), opt);
  CHECK(all_problems(list).empty());

  const auto& p = race->participant(ids[0]);
  const auto* name = exact(list, full_name(p));
  REQUIRE(name);
  // Readable from 50 m: the name is at least 110 units (pixels at 1080p) high.
  CHECK(std::get<render::TextOp>(name->op).shaped->px_size >= 110);
  CHECK(exact(list, hms(*race->gun_elapsed(ids[0], fp))));
  CHECK(exact(list, nth(race->place(ids[0], fp, race::Scope::overall))));
  CHECK(exact(list, p.country));
  CHECK(exact(list, "Half Marathon"));
  CHECK(exact(list, "GUN TIME"));
  // The previous four finishers, latest first, below the card.
  float last_y = 0;
  for (std::size_t i = 1; i <= 4; ++i) {
    const auto& prev = race->participant(ids[i]);
    INFO("previous " << i << " " << full_name(prev));
    const auto* row = find_text(list, full_name(prev));
    REQUIRE(row);
    CHECK(row->origin.y > last_y);
    last_y = row->origin.y;
    CHECK(find_text(list, std::to_string(race->place(ids[i], fp, race::Scope::overall))));
  }
}

TEST_CASE("finish_board: otherwise a top 10 per contest, rotating with time on air",
          "[finish_board]") {
  const auto race = overlay_test::almaty_at("09:00:00");
  overlay_test::DrawOptions opt;
  opt.params = {{"hold_ms", "0"}};  // never the card: always the board
  const core::UtcMs now = overlay_test::local(race->config(), "09:00:00");
  const auto& contests = race->config().contests;
  // The contests with finishers, in race.toml order; each one's top 10 as (name, time).
  std::vector<std::pair<int, std::vector<std::pair<std::string, std::string>>>> rotation;
  for (int c = 0; c < static_cast<int>(contests.size()); ++c) {
    const int fp = static_cast<int>(contests[static_cast<std::size_t>(c)].points.size()) - 1;
    std::vector<std::pair<std::string, std::string>> top;
    if (contests[static_cast<std::size_t>(c)].kind == race::ContestKind::relay) {
      for (const auto& team : race::relay_standings(*race, c)) {
        if (team.furthest == fp && top.size() < 10) top.emplace_back(team.team, hms(team.time));
      }
    } else {
      race::StandingsQuery q;
      q.contest = c;
      q.point = fp;
      q.limit = 10;
      for (const auto& st : race->standings(q)) {
        top.emplace_back(full_name(race->participant(st.runner)), hms(st.time));
      }
    }
    if (!top.empty()) rotation.emplace_back(c, std::move(top));
  }
  REQUIRE(rotation.size() == 4);  // marathon, half, 10 km, and one Ekiden team by 09:00
  for (std::size_t turn = 0; turn < 5; ++turn) {
    opt.on_air = core::Ms(static_cast<std::int64_t>(turn) * 8000 + 4000);
    const auto list = draw("finish_board", race, now, opt);
    CHECK(all_problems(list).empty());
    const auto& [c, top] = rotation[turn % rotation.size()];
    const auto& contest = contests[static_cast<std::size_t>(c)];
    INFO("turn " << turn << " " << contest.name);
    CHECK(find_text(list, render::to_upper_utf8(contest.name) + " · TOP 10"));
    float last_y = 0;
    for (const auto& [name, time] : top) {
      const auto* row = find_text(list, name.substr(0, 10));
      REQUIRE(row);
      CHECK(row->origin.y > last_y);
      last_y = row->origin.y;
      CHECK(exact(list, time));
    }
    CHECK(exact(list, "1"));
  }
}

TEST_CASE("finish_board: the card and the board switch with a fade driven by the frame time",
          "[finish_board]") {
  using fixture::at;
  const core::UtcMs crossed = at(9, 40, 0);
  const auto race = ten_k({at(9, 35, 0), at(9, 37, 0), crossed});
  auto opacity = [&](core::Ms since, std::string_view text) -> float {
    overlay_test::DrawOptions opt;
    const auto list = draw("finish_board", race, crossed + since, opt);
    CHECK(all_problems(list).empty());  // never two texts on top of each other
    const auto* op = exact(list, text);
    return op ? op->state.opacity : 0.f;
  };
  // The board's header, and a label only the card shows.
  const std::string board = "10 KM · TOP 10", hero = "GUN TIME";
  CHECK(opacity(-core::Ms(1000), board) == Approx(1));
  CHECK(opacity(-core::Ms(1000), hero) == 0);
  CHECK(opacity(core::Ms(150), board) == Approx(0.5).margin(0.01));  // 600 ms switch: dip
  CHECK(opacity(core::Ms(150), hero) == 0);
  CHECK(opacity(core::Ms(450), board) == 0);
  CHECK(opacity(core::Ms(450), hero) == Approx(0.5).margin(0.01));
  CHECK(opacity(core::Ms(3000), hero) == Approx(1));
  CHECK(opacity(core::Ms(5999), hero) == Approx(1));
  CHECK(opacity(core::Ms(6450), board) == Approx(0.5).margin(0.01));
  CHECK(opacity(core::Ms(6450), hero) == 0);
  CHECK(opacity(core::Ms(7000), board) == Approx(1));

  // hold_ms sets how long the card stays.
  overlay_test::DrawOptions opt;
  opt.params = {{"hold_ms", "20000"}};
  CHECK(find_text(draw("finish_board", race, crossed + core::Ms(15'000), opt), hero));
}

TEST_CASE("finish_board: long names shrink, then are cut; portrait screens lay out",
          "[finish_board]") {
  using fixture::at;
  const auto race = ten_k({at(9, 35, 0), at(9, 40, 0)},
                          {runner("1", "Nursultan", "Abdrakhmanov"),
                           runner("2", "Maria-Fernanda Alessandra Guadalupe",
                                  "de los Santos Rodríguez y Villaseñor-Echeverría")});
  const auto list = draw("finish_board", race, at(9, 40, 2));
  const auto* name = find_text(list, "Maria-Fernanda");
  REQUIRE(name);
  CHECK(name->text.ends_with("\xE2\x80\xA6"));
  CHECK(name->shaped->px_size < 140);
  CHECK(name->shaped->px_size >= 110);
  CHECK(name->ink.right() <= name->box.right() + 0.5f);
  CHECK(all_problems(list).empty());

  for (core::Ms since : {core::Ms(2000), core::Ms(60'000)}) {  // the card, then the board
    overlay_test::DrawOptions opt;
    opt.width = 1080;
    opt.height = 1920;
    const auto portrait = draw("finish_board", race, at(9, 40, 0) + since, opt);
    INFO("portrait " << since.count() << " ms after the finish");
    CHECK(find_text(portrait, "Maria"));
    CHECK(find_text(portrait, "Nursultan"));
    CHECK(all_problems(portrait).empty());
  }
}

TEST_CASE("finish_board: a relay team finishes as a team", "[finish_board]") {
  using fixture::at;
  auto leg1 = runner("R1", "Dana", "Omarova");
  leg1.contest = "relay";
  leg1.team = "Kaspi Bank Runners";
  leg1.leg = 1;
  auto leg2 = leg1;
  leg2.bib = "R2";
  leg2.leg = 2;
  leg2.first_name = "Aliya";
  leg2.chips = {"CR2"};
  const auto race =
      overlay_test::make_snapshot(fixture::config(), {leg1, leg2},
                                  {fixture::passing("R1", "X1", at(9, 20, 0), 1),
                                   fixture::passing("R2", "finish", at(9, 41, 5), 2)});
  const auto list = draw("finish_board", race, at(9, 41, 7));
  CHECK(exact(list, "Kaspi Bank Runners"));
  CHECK(exact(list, "41:05"));
  CHECK(exact(list, "1st"));
  CHECK(exact(list, "Relay"));
  CHECK(all_problems(list).empty());
}

TEST_CASE("finish_board: stale badge in the header; bad parameters are explained",
          "[finish_board]") {
  using fixture::at;
  const auto race = ten_k({at(9, 35, 0)});
  overlay_test::DrawOptions opt;
  opt.stale = true;
  for (core::Ms since : {core::Ms(1000), core::Ms(60'000)}) {
    const auto list = draw("finish_board", race, at(9, 35, 0) + since, opt);
    CHECK(find_text(list, "DATA DELAYED"));
    CHECK(all_problems(list).empty());
  }
  opt.stale = false;
  CHECK_FALSE(find_text(draw("finish_board", race, at(9, 36, 0), opt), "DATA DELAYED"));

  opt.params = {{"hold_ms", "-5"}};
  CHECK_THROWS_WITH(draw("finish_board", race, at(9, 36, 0), opt),
                    Catch::Contains("hold_ms=-5") && Catch::Contains("0 to 600000"));
  opt.params = {{"rotate_ms", "100"}};
  CHECK_THROWS_WITH(draw("finish_board", race, at(9, 36, 0), opt),
                    Catch::Contains("rotate_ms=100") && Catch::Contains("1000 to 600000"));
  opt.params = {{"contest", "ultra"}};
  CHECK_THROWS_AS(draw("finish_board", race, at(9, 36, 0), opt), scene::ParamError);
  CHECK_THROWS_WITH(draw("finish_board", race, at(9, 36, 0), opt),
                    Catch::Contains("contest=ultra") && Catch::Contains("10k"));
}

TEST_CASE("finish_board: the same frame draws the same ops, whatever was drawn before",
          "[finish_board]") {
  const auto race = overlay_test::almaty_at("09:00:00");
  const core::UtcMs t2 = overlay_test::local(race->config(), "09:00:00");
  overlay_test::DrawOptions opt;
  opt.on_air = core::Ms(30'200);
  for (const auto& params :
       std::vector<std::map<std::string, std::string>>{{}, {{"hold_ms", "0"}}}) {
    opt.params = params;
    const auto alone = describe(draw("finish_board", race, t2, opt));
    CHECK(alone == describe(draw("finish_board", race, t2, opt)));
    const auto after = overlay_test::draw_after("finish_board", race, params, t2 - opt.on_air,
                                                {t2 - core::Ms(9000), t2 + core::Ms(4000)}, t2);
    CHECK(describe(after) == alone);
  }
}

}  // namespace finish_board_test
