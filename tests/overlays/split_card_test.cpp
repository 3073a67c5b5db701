// Split card: split, segment pace, place and places gained, gap, projected finish at the
// runner's latest mat or a chosen one, the waiting text, the bib and long names inside their
// boxes, stale badge, parameters, determinism.
#include <catch2/catch.hpp>
#include <cmath>

#include "fixture.h"
#include "overlays/registry.h"
#include "race/model_fixture.h"
#include "race/projection.h"
#include "scene/scene.h"

namespace split_card_test {

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

// Whether a text op showing exactly `text` sits on the same line (±6 px) as `y`, right of `x`.
bool beside(const render::DrawList& list, std::string_view text, float y, float x) {
  for (const auto& op : list.ops) {
    const auto* t = std::get_if<render::TextOp>(&op.op);
    if (!t || t->text != text) continue;
    const auto b = overlay_test::text_bounds(op);
    if (std::abs(b.center().y - y) < 6 && b.x > x) return true;
  }
  return false;
}

// What the card should say at a point, computed from the snapshot's raw reads.
struct Expected {
  int point = -1;
  std::string label, split, pace, place, gap, projected;
  int gained = 0;
};

Expected expected(const race::RaceSnapshot& race, race::RunnerId id, int point) {
  Expected e;
  e.point = point;
  const race::RunnerState& r = race.runner(id);
  const race::Contest& c = race.contest_of(id);
  const auto& cp = c.points[static_cast<std::size_t>(point)];
  e.label = cp.label.empty() ? cp.mat : cp.label;
  auto read = [&](int p) { return r.kind[static_cast<std::size_t>(p)] == race::ReadKind::read; };
  auto time = [&](int p) { return r.time[static_cast<std::size_t>(p)]; };
  const auto gun = race.gun_time(id);
  REQUIRE(gun);
  REQUIRE(c.rank_by == race::RankBy::gun);
  e.split = hms(time(point) - *gun);
  // Pace: from the previous read (the start mat counts), else from the gun.
  int prev = -1;
  for (int p = point - 1; p >= 0 && prev < 0; --p)
    if (read(p)) prev = p;
  const core::UtcMs from = prev >= 0 ? time(prev) : *race.start_time(id);
  const double metres =
      cp.distance_m - (prev >= 0 ? c.points[static_cast<std::size_t>(prev)].distance_m : 0);
  const double s_per_km = double((time(point) - from).count()) / metres;
  e.pace = hms(core::Ms(std::llround(s_per_km) * 1000));
  const int place = race.place(id, point, race::Scope::overall);
  e.place = std::to_string(place);
  for (int p = point - 1; p > 0; --p) {
    if (!read(p)) continue;
    e.gained = race.place(id, p, race::Scope::overall) - place;
    break;
  }
  const auto gap = race.gap_to_leader(id, point, race::Scope::overall);
  REQUIRE(gap);
  e.gap = gap->count() < 1000 ? "LEADER" : gap_text(*gap);
  if (cp.role != race::PointRole::finish) {
    const auto proj = race::project_finish(race, id);
    REQUIRE(proj);
    e.projected = hms(proj->gun);
  }
  return e;
}

// The latest mat after the start with a read by `now`.
int latest_point(const race::RaceSnapshot& race, race::RunnerId id, core::UtcMs now) {
  const race::RunnerState& r = race.runner(id);
  for (int p = static_cast<int>(race.contest_of(id).points.size()) - 1; p > 0; --p) {
    const auto i = static_cast<std::size_t>(p);
    if (r.kind[i] == race::ReadKind::read && r.time[i] <= now) return p;
  }
  return -1;
}

void check_card(const render::DrawList& list, const Expected& e) {
  INFO("point " << e.label);
  CHECK(all_problems(list).empty());
  CHECK(exact(list, e.label));
  CHECK(exact(list, "SPLIT"));
  CHECK(exact(list, e.split));
  CHECK(exact(list, "PACE /KM"));
  CHECK(exact(list, e.pace));
  CHECK(exact(list, "PLACE"));
  const auto* place = exact(list, e.place);
  REQUIRE(place);
  CHECK(exact(list, "GAP"));
  CHECK(exact(list, e.gap));
  if (!e.projected.empty()) {
    CHECK(exact(list, "PROJECTED"));
    CHECK(exact(list, e.projected));
  } else {
    CHECK_FALSE(exact(list, "PROJECTED"));
  }
  // Places gained or lost: the count beside the place.
  if (e.gained != 0) {
    const auto b = overlay_test::text_bounds(*place);
    CHECK(beside(list, std::to_string(std::abs(e.gained)), b.center().y, b.right()));
  }
  // Nothing in the card is cut.
  for (const auto* t : overlay_test::texts(list)) CHECK_FALSE(t->text.ends_with("…"));
}

// A 10 km (gun ranked): runner 3 goes from 3rd at 5 km to 1st at the pre-finish mat.
struct Passing10k {
  std::shared_ptr<race::RaceConfig> config = fixture::config();
  std::vector<race::Participant> people;
  std::vector<race::Event> events;
  Passing10k() {
    for (int i = 1; i <= 4; ++i) {
      auto p = fixture::runner(std::to_string(i), Gender::male, 30);
      p.last_name = std::string("Number") + char('A' + i);
      p.country = "KAZ";
      people.push_back(p);
    }
    for (int i = 1; i <= 4; ++i)
      events.push_back(fixture::passing(std::to_string(i), "5K", fixture::at(9, 17, 10 * i)));
    events.push_back(fixture::passing("3", "pre", fixture::at(9, 33, 0)));
    events.push_back(fixture::passing("1", "pre", fixture::at(9, 33, 20)));
  }
};

}  // namespace

TEST_CASE("split card: the leader's latest split in the marathon", "[overlays][split_card]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const auto now = overlay_test::local(race->config(), "08:00:00");
  const auto id = *race->find_bib("1");
  const int point = latest_point(*race, id, now);
  REQUIRE(point > 0);
  const auto e = expected(*race, id, point);
  const auto list = draw("split_card", race, now, params({{"bib", "1"}}));
  INFO(describe(list));
  check_card(list, e);
  const auto& p = race->participant(id);
  CHECK(find_text(list, p.first_name + " " + render::to_upper_utf8(p.last_name)));
  CHECK(exact(list, p.country));
  // The mat's name beside its label in the header.
  const auto& c = race->contest_of(id);
  CHECK(exact(list, race->config().find_mat(c.points[static_cast<std::size_t>(point)].mat)->name));
}

TEST_CASE("split card: a chosen mat shows that mat, not the latest", "[overlays][split_card]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const auto now = overlay_test::local(race->config(), "08:00:00");
  const auto id = *race->find_bib("1");
  const int ten = race->point_index(0, "10K");
  const int latest = latest_point(*race, id, now);
  REQUIRE(latest > ten);
  const auto e = expected(*race, id, ten);
  const auto list = draw("split_card", race, now, params({{"bib", "1"}, {"point", "10K"}}));
  INFO(describe(list));
  check_card(list, e);
  CHECK_FALSE(exact(list, expected(*race, id, latest).split));
  // Any runner at a mat by label, mid-field: places gained or lost show beside the place.
  const int half = race->point_index(0, "HALF");
  auto q = race::StandingsQuery{};
  q.contest = 0;
  q.point = half;
  q.limit = 30;
  const auto rows = race->standings(q);
  REQUIRE(rows.size() == 30);
  for (const auto& row : {rows[12], rows[29]}) {
    const auto& p = race->participant(row.runner);
    const auto mid = draw("split_card", race, now, params({{"bib", p.bib}, {"point", "HALF"}}));
    INFO("bib " << p.bib << "\n" << describe(mid));
    check_card(mid, expected(*race, row.runner, half));
  }
}

TEST_CASE("split card: follows frame.now on a later snapshot", "[overlays][split_card]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const auto earlier = overlay_test::local(race->config(), "07:20:00");
  const auto id = *race->find_bib("1");
  const int point = latest_point(*race, id, earlier);
  REQUIRE(point > 0);
  REQUIRE(point < latest_point(*race, id, overlay_test::local(race->config(), "08:00:00")));
  const auto list = draw("split_card", race, earlier, params({{"bib", "1"}}));
  INFO(describe(list));
  CHECK(exact(list, expected(*race, id, point).label));
  CHECK(exact(list, expected(*race, id, point).split));
  // The projection reads the whole snapshot, which knows later splits: left out.
  CHECK_FALSE(exact(list, "PROJECTED"));
  CHECK(all_problems(list).empty());
}

TEST_CASE("split card: places gained, gap, segment pace in a small race",
          "[overlays][split_card]") {
  Passing10k r;
  const auto race = overlay_test::make_snapshot(r.config, r.people, r.events);
  const auto now = fixture::at(9, 35, 0);
  SECTION("runner 3 takes the lead: +2, LEADER") {
    const auto list = draw("split_card", race, now, params({{"bib", "3"}}));
    INFO(describe(list));
    // 5 km at 9:17:30, pre-finish (9.8 km) at 9:33:00: 930 s for 4.8 km = 3:13.75 → 3:14.
    Expected e{2, "PRE", "33:00", "3:14", "1", "LEADER", "", 2};
    e.projected = hms(race::project_finish(*race, *race->find_bib("3"))->gun);
    check_card(list, e);
    CHECK(exact(list, "#3"));
    CHECK(exact(list, "Pre-finish"));
  }
  SECTION("runner 1 drops to 2nd: -1, +20") {
    const auto list = draw("split_card", race, now, params({{"bib", "1"}}));
    INFO(describe(list));
    Expected e{2, "PRE", "33:20", "3:22", "2", "+20", "", -1};
    e.projected = hms(race::project_finish(*race, *race->find_bib("1"))->gun);
    check_card(list, e);
  }
  SECTION("at 5 km: the pace from the gun") {
    const auto list = draw("split_card", race, now, params({{"bib", "2"}, {"point", "5K"}}));
    INFO(describe(list));
    // 17:20 for 5 km = 208 s/km.
    Expected e{1, "5K", "17:20", "3:28", "2", "+10", "", 0};
    e.projected = hms(race::project_finish(*race, *race->find_bib("2"))->gun);
    check_card(list, e);
  }
}

TEST_CASE("split card: a finisher's card has no projection", "[overlays][split_card]") {
  Passing10k r;
  r.events.push_back(fixture::passing("3", "finish", fixture::at(9, 33, 40)));
  const auto race = overlay_test::make_snapshot(r.config, r.people, r.events);
  const auto list = draw("split_card", race, fixture::at(9, 40, 0), params({{"bib", "3"}}));
  INFO(describe(list));
  check_card(list, {3, "FINISH", "33:40", "3:20", "1", "LEADER", "", 0});
}

TEST_CASE("split card: before the first split, and before a chosen mat", "[overlays][split_card]") {
  const auto early = overlay_test::almaty_at("06:20:00");
  auto list = draw("split_card", early, overlay_test::local(early->config(), "06:20:00"),
                   params({{"bib", "1"}}));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(exact(list, "Waiting for the first split"));
  CHECK(exact(list, "SPLIT"));  // the header's title
  CHECK(exact(list, "#1"));
  CHECK_FALSE(exact(list, "PACE /KM"));

  const auto race = overlay_test::almaty_at("08:00:00");
  list = draw("split_card", race, overlay_test::local(race->config(), "08:00:00"),
              params({{"bib", "1"}, {"point", "40K"}}));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(exact(list, "Not yet at 40K"));
  CHECK(exact(list, "40K"));
  CHECK_FALSE(exact(list, "PLACE"));
}

TEST_CASE("split card: the bib is shown whole at every output size", "[overlays][split_card]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const auto now = overlay_test::local(race->config(), "08:00:00");
  for (auto [w, h] : {std::pair{1920, 1080}, std::pair{1280, 720}, std::pair{3840, 2160},
                      std::pair{1080, 1920}}) {
    for (const char* bib : {"1", "1001"}) {
      auto o = params({{"bib", bib}});
      o.width = w;
      o.height = h;
      const auto list = draw("split_card", race, now, o);
      INFO(w << "x" << h << " bib " << bib << "\n" << describe(list));
      CHECK(all_problems(list).empty());
      const auto* op = exact(list, std::string("#") + bib);
      REQUIRE(op);
      const auto& t = std::get<render::TextOp>(op->op);
      CHECK_FALSE(t.shaped->truncated);
      CHECK(t.box.contains(t.ink, 0.5f));
    }
  }
}

TEST_CASE("split card: Kazakh names, and long names cut inside their box",
          "[overlays][split_card]") {
  auto config = fixture::config();
  auto a = fixture::runner("7", Gender::female, 30);
  a.first_name = "Әйгерім";
  a.last_name = "Қожахметова";
  a.country = "KAZ";
  auto b = fixture::runner("8", Gender::female, 30);
  b.first_name = "Гүлназ-Әйгерім";
  b.last_name = "Нұрмағамбетова-Сұлтанбекова-Қожахметова";
  b.country = "KAZ";
  const auto race =
      overlay_test::make_snapshot(config, {a, b},
                                  {fixture::passing("7", "5K", fixture::at(9, 18, 0)),
                                   fixture::passing("8", "5K", fixture::at(9, 19, 0))});
  const auto now = fixture::at(9, 25, 0);
  auto list = draw("split_card", race, now, params({{"bib", "7"}}));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(exact(list, "Әйгерім ҚОЖАХМЕТОВА"));

  list = draw("split_card", race, now, params({{"bib", "8"}}));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  const render::TextOp* cut = find_text(list, "Гүлназ-Әйгерім НҰРМАҒ");
  REQUIRE(cut);
  CHECK(cut->text.ends_with("…"));
  CHECK(cut->box.contains(cut->ink, 1));
  // The bib keeps its place at the right of the cut name.
  const auto* bib = exact(list, "#8");
  REQUIRE(bib);
  CHECK(std::get<render::TextOp>(bib->op).ink.x > cut->box.right());
}

TEST_CASE("split card: stale badge, and a clean layout on other screens",
          "[overlays][split_card]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const auto now = overlay_test::local(race->config(), "08:00:00");
  auto o = params({{"bib", "1"}});
  CHECK(overlay_test::stale_badge_problems("split_card", race, now, o) == "");
  CHECK(overlay_test::problems_at_other_sizes("split_card", race, now, o) == "");
}

TEST_CASE("split card: bad parameters say what is wrong", "[overlays][split_card]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const auto now = overlay_test::local(race->config(), "08:00:00");
  auto fails = [&](std::map<std::string, std::string> p) {
    return overlay_test::param_error("split_card", race, now, std::move(p));
  };
  CHECK_THAT(fails({{"bib", "999999"}}),
             Catch::Contains("bib=999999") && Catch::Contains("participants.csv"));
  CHECK_THAT(fails({}), Catch::Contains("bib is required"));
  CHECK_THAT(fails({{"bib", "1"}, {"point", "41K"}}),
             Catch::Contains("point=41K") && Catch::Contains("30K"));
  CHECK_THAT(fails({{"bib", "1"}, {"point", "START"}}), Catch::Contains("start has no split"));
  CHECK_THAT(fails({{"bib", "1"}, {"rows", "3"}}), Catch::Contains("rows"));
}

TEST_CASE("split card: the same frame draws the same ops, in any order", "[overlays][split_card]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const auto t2 = overlay_test::local(race->config(), "08:00:00");
  auto o = params({{"bib", "1"}});
  o.on_air = core::Ms(200);  // still coming in
  const auto once = describe(draw("split_card", race, t2, o));
  CHECK(once == describe(draw("split_card", race, t2, o)));
  std::vector<core::UtcMs> before;
  for (auto at : {"07:10:00", "06:40:00", "08:30:00"})
    before.push_back(overlay_test::local(race->config(), at));
  const auto after =
      overlay_test::draw_after("split_card", race, o.params, t2 - o.on_air, before, t2);
  CHECK(describe(after) == once);
}

TEST_CASE("split card, record pace, Ekiden board: on air with the whole broadcast set",
          "[overlays][split_card][record_pace][ekiden_board]") {
  // Default positions at 1920x1080: race clock top right, leaderboard (or the Ekiden board)
  // top left, ticker along the bottom, lower third above it at the left; the split card goes
  // under the clock and record pace above the ticker at the right. With the feed stale every
  // badge shows too, and still nothing overlaps.
  const auto race = overlay_test::almaty_at("08:10:00");
  const auto now = overlay_test::local(race->config(), "08:10:00");
  using Set = std::vector<std::pair<std::string, std::map<std::string, std::string>>>;
  const Set common{{"race_clock", {{"contest", "marathon"}}},
                   {"ticker", {}},
                   {"lower_third", {{"bib", "2"}}},
                   {"split_card", {{"bib", "1"}}},
                   {"record_pace", {}}};
  for (const char* board : {"leaderboard", "ekiden_board"}) {
    Set set = common;
    set.push_back({board, {}});
    for (bool stale : {false, true}) {
      INFO(board << (stale ? ", stale" : ""));
      // Each overlay drawn on its own: none of the boxes and texts of the split card, record
      // pace or the Ekiden board (badges included) touches one of another overlay.
      std::vector<std::pair<std::string, std::vector<render::Rect>>> drawn;
      for (const auto& [kind, p] : set) {
        auto o = params(p);
        o.stale = stale;
        const auto list = draw(kind, race, now, o);
        std::vector<render::Rect> rects;
        for (const auto& op : list.ops) {
          if (const auto* box = std::get_if<render::BoxOp>(&op.op)) {
            rects.push_back(op.state.transform.map(box->rect));
          } else if (std::get_if<render::TextOp>(&op.op)) {
            rects.push_back(overlay_test::text_bounds(op));
          }
        }
        REQUIRE_FALSE(rects.empty());
        drawn.emplace_back(kind, std::move(rects));
      }
      auto mine = [](const std::string& k) {
        return k == "split_card" || k == "record_pace" || k == "ekiden_board";
      };
      for (std::size_t i = 0; i < drawn.size(); ++i) {
        for (std::size_t j = i + 1; j < drawn.size(); ++j) {
          if (!mine(drawn[i].first) && !mine(drawn[j].first)) continue;
          INFO(drawn[i].first << " and " << drawn[j].first);
          int touching = 0;
          for (const auto& a : drawn[i].second) {
            for (const auto& b : drawn[j].second) {
              const auto overlap = a.intersect(b);
              touching += overlap.w > 1 && overlap.h > 1 ? 1 : 0;
            }
          }
          CHECK(touching == 0);
        }
      }
      // All of them through one scene: no text over another overlay's text.
      scene::Scene scene(overlays::kinds(), overlay_test::looks());
      for (const auto& [kind, p] : set) {
        scene.take(kind, scene::Params(p), now - core::Ms(60'000), *race);
      }
      render::Canvas canvas(overlay_test::text_engine(), 1920, 1080);
      scene.draw(canvas, {now, race, stale});
      const std::string problems = all_problems(canvas.draw_list(), false);
      INFO(problems);
      CHECK(problems.empty());
    }
  }
}

}  // namespace split_card_test
