// Leaderboard: the rows are the standings (live, at a mat, per gender and category), times
// and gaps are right, places gained show, rows slide when places change, pages rotate, the
// board follows frame.now on a later snapshot, empty races, stale badge, parameters,
// determinism.
#include <catch2/catch.hpp>

#include "fixture.h"
#include "overlays/registry.h"
#include "race/as_of.h"
#include "race/model_fixture.h"
#include "render/text.h"
#include "scene/scene.h"

namespace leaderboard_test {

namespace {

using overlay_test::all_problems;
using overlay_test::describe;
using overlay_test::draw;
using overlay_test::find_text;
using overlay_test::gap_text;
using overlay_test::hms;
using overlay_test::last_upper;
using overlay_test::params;
using race::Gender;

// The op showing a runner's name: "First LAST", "F. LAST", or either cut with "…".
const render::DrawOp* name_op(const render::DrawList& list, const race::Participant& p) {
  const std::string full = p.first_name + " " + last_upper(p);
  std::size_t n = 1;
  while (n < p.first_name.size() && (static_cast<unsigned char>(p.first_name[n]) & 0xC0) == 0x80)
    ++n;
  const std::string initial = p.first_name.substr(0, n) + ". " + last_upper(p);
  for (const auto& op : list.ops) {
    const auto* t = std::get_if<render::TextOp>(&op.op);
    if (!t) continue;
    if (t->text == full || t->text == initial) return &op;
    if (t->text.ends_with("…")) {
      const std::string prefix = t->text.substr(0, t->text.size() - std::string("…").size());
      if (prefix.size() >= 2 && (full.starts_with(prefix) || initial.starts_with(prefix)))
        return &op;
    }
  }
  return nullptr;
}

// Output-pixel vertical centre of the first text op showing `part` (nullopt when none).
std::optional<float> y_of(const render::DrawList& list, std::string_view part) {
  for (const auto& op : list.ops) {
    const auto* t = std::get_if<render::TextOp>(&op.op);
    if (t && t->text.find(part) != std::string::npos)
      return overlay_test::text_bounds(op).center().y;
  }
  return std::nullopt;
}
std::optional<float> opacity_of(const render::DrawList& list, std::string_view part) {
  for (const auto& op : list.ops) {
    const auto* t = std::get_if<render::TextOp>(&op.op);
    if (t && t->text.find(part) != std::string::npos) return op.state.opacity;
  }
  return std::nullopt;
}

// Every row of the board in order: the name op's text for each expected runner is present,
// and the place and value shown on the same line.
void check_rows(const render::DrawList& list, const race::RaceSnapshot& race,
                const std::vector<race::Standing>& rows, bool gaps) {
  REQUIRE_FALSE(rows.empty());
  float last_y = -1;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const race::Participant& p = race.participant(rows[i].runner);
    INFO("row " << i << " bib " << p.bib << " " << p.first_name << " " << p.last_name);
    const render::DrawOp* name = name_op(list, p);
    REQUIRE(name);
    const auto y = std::optional<float>(overlay_test::text_bounds(*name).center().y);
    CHECK(*y > last_y);
    last_y = *y;
    const std::string value =
        (!gaps || i == 0 || rows[i].place == 1) ? hms(rows[i].time) : gap_text(rows[i].gap);
    bool value_on_line = false, place_on_line = false;
    for (const auto& op : list.ops) {
      const auto* t = std::get_if<render::TextOp>(&op.op);
      if (!t || std::abs(overlay_test::text_bounds(op).center().y - *y) > 6) continue;
      value_on_line = value_on_line || t->text == value;
      place_on_line = place_on_line || t->text == std::to_string(rows[i].place);
    }
    CHECK(value_on_line);
    CHECK(place_on_line);
  }
}

race::StandingsQuery query(int contest, int point, std::size_t limit) {
  race::StandingsQuery q;
  q.contest = contest;
  q.point = point;
  q.limit = limit;
  return q;
}

// A 10 km where runner 3 passes runners 1 and 2 between the 5 km and the pre-finish mat.
struct Passing10k {
  std::shared_ptr<race::RaceConfig> config = fixture::config();
  std::vector<race::Participant> people;
  std::vector<race::Event> events;
  Passing10k() {
    for (int i = 1; i <= 6; ++i) {
      auto p = fixture::runner(std::to_string(i), i % 2 ? Gender::male : Gender::female, 30);
      p.first_name = "Runner";
      p.last_name = std::string("Number") + char('A' + i);
      p.country = "KAZ";
      people.push_back(p);
    }
    for (int i = 1; i <= 6; ++i)
      events.push_back(fixture::passing(std::to_string(i), "5K", fixture::at(9, 17, 10 * i)));
    events.push_back(fixture::passing("3", "pre", fixture::at(9, 33, 0)));
    events.push_back(fixture::passing("1", "pre", fixture::at(9, 33, 20)));
    events.push_back(fixture::passing("2", "pre", fixture::at(9, 33, 40)));
  }
};

}  // namespace

TEST_CASE("leaderboard: live top 10 of the marathon are the standings, gaps right",
          "[leaderboard]") {
  const auto race = overlay_test::almaty_at("08:30:00");
  const auto now = overlay_test::local(race->config(), "08:35:00");
  const auto list = draw("leaderboard", race, now, params({{"contest", "marathon"}}));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(find_text(list, "MARATHON · LIVE"));
  check_rows(list, *race, race->standings(query(0, race::kLive, 10)), true);
}

TEST_CASE("leaderboard: at a mat, per gender and per category, times or gaps", "[leaderboard]") {
  const auto race = overlay_test::almaty_at("09:00:00");
  const auto now = overlay_test::local(race->config(), "09:10:00");
  const int half = race->contest_index("half");
  const int ten = race->point_index(half, "10K");
  SECTION("half at 10K, women, times") {
    auto q = query(half, ten, 8);
    q.scope = race::Scope::gender;
    q.gender = Gender::female;
    const auto list = draw("leaderboard", race, now,
                           params({{"contest", "half"},
                                   {"point", "10K"},
                                   {"gender", "F"},
                                   {"rows", "8"},
                                   {"show", "time"}}));
    INFO(describe(list));
    CHECK(all_problems(list).empty());
    CHECK(find_text(list, "HALF MARATHON · 10K"));
    CHECK(find_text(list, "WOMEN"));
    check_rows(list, *race, race->standings(q), false);
  }
  SECTION("marathon live, category M40-44") {
    auto q = query(0, race::kLive, 10);
    q.scope = race::Scope::category;
    q.category = 3;
    REQUIRE(race->config().categories[3].id == "M40-44");
    const auto list =
        draw("leaderboard", race, now, params({{"contest", "marathon"}, {"category", "M40-44"}}));
    INFO(describe(list));
    CHECK(all_problems(list).empty());
    CHECK(find_text(list, "M40-44"));
    check_rows(list, *race, race->standings(q), true);
  }
  SECTION("portrait big screen and a 4K output keep the layout clean") {
    CHECK(overlay_test::problems_at_other_sizes(
              "leaderboard", race, now, params({{"contest", "half"}, {"rows", "20"}})) == "");
  }
}

TEST_CASE("leaderboard: arrows show places gained since the previous mat", "[leaderboard]") {
  Passing10k r;
  const auto race = overlay_test::make_snapshot(r.config, r.people, r.events);
  const auto list = draw("leaderboard", race, fixture::at(9, 40, 0), params({{"contest", "10k"}}));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  // Runner 3 was 3rd at 5 km and leads at the pre-finish mat: +2 on the leader's line.
  const auto y3 = y_of(list, "NUMBERD");
  REQUIRE(y3);
  bool two = false;
  for (const auto& op : list.ops) {
    const auto* t = std::get_if<render::TextOp>(&op.op);
    if (t && t->text == "2" && std::abs(overlay_test::text_bounds(op).center().y - *y3) < 6)
      two = true;
  }
  CHECK(two);
  // Live rows show where each runner is.
  CHECK(find_text(list, "PRE"));
  CHECK(find_text(list, "5K"));
}

TEST_CASE("leaderboard: rows slide to their new places when the order changes", "[leaderboard]") {
  Passing10k r;
  const auto race = overlay_test::make_snapshot(r.config, r.people, r.events);
  auto o = params({{"contest", "10k"}, {"rows", "3"}});
  // Settled once the last change of the top 3 (runner 2 at the pre-finish mat, 9:33:40) is
  // 800 ms old: 3, 1, 2.
  const auto t_c = fixture::at(9, 33, 40);
  const auto settled = draw("leaderboard", race, t_c + core::Ms(900), o);
  INFO(describe(settled));
  CHECK(all_problems(settled).empty());
  const float row_1 = *y_of(settled, "NUMBERD");  // 3
  const float row_2 = *y_of(settled, "NUMBERB");  // 1
  const float row_3 = *y_of(settled, "NUMBERC");  // 2
  CHECK(row_1 < row_2);
  CHECK(row_2 < row_3);
  // Halfway through the move after 3's read (9:33:00): 3 slides up from 3rd to 1st.
  const auto mid = draw("leaderboard", race, fixture::at(9, 33, 0) + core::Ms(400), o);
  INFO(describe(mid));
  const float moving = *y_of(mid, "NUMBERD");
  CHECK(moving > row_1 + 1);
  CHECK(moving < row_3 - 1);
  // At the start of the move every row is where it was before the change.
  const auto start = draw("leaderboard", race, fixture::at(9, 33, 0), o);
  CHECK(*y_of(start, "NUMBERD") == Approx(row_3).margin(0.5));
  CHECK(*y_of(start, "NUMBERB") == Approx(row_1).margin(0.5));
  const auto done = draw("leaderboard", race, fixture::at(9, 33, 0) + core::Ms(800), o);
  CHECK(*y_of(done, "NUMBERD") == Approx(row_1).margin(0.5));
}

TEST_CASE("leaderboard: a runner new to the list fades in, one leaving fades out",
          "[leaderboard]") {
  Passing10k r;
  // Runner 6 reaches the pre-finish mat at 9:33:30, before runner 2: the top 3 goes from
  // 3, 1, 2 (at 5 km) to 3, 1, 6 (drawn as of 9:33:30, before 2's read at 9:33:40).
  r.events.push_back(fixture::passing("6", "pre", fixture::at(9, 33, 30)));
  const auto race = overlay_test::make_snapshot(r.config, r.people, r.events);
  auto o = params({{"contest", "10k"}, {"rows", "3"}});
  const auto mid = draw("leaderboard", race, fixture::at(9, 33, 30) + core::Ms(400), o);
  INFO(describe(mid));
  REQUIRE(opacity_of(mid, "NUMBERG"));
  CHECK(*opacity_of(mid, "NUMBERG") < 1);  // runner 6 (from 6th, off the list) fades in
  CHECK(*opacity_of(mid, "NUMBERG") > 0);
  REQUIRE(opacity_of(mid, "NUMBERC"));
  CHECK(*opacity_of(mid, "NUMBERC") < 1);  // runner 2 drops to 4th: fades out
  const auto done = draw("leaderboard", race, fixture::at(9, 33, 30) + core::Ms(1000), o);
  CHECK_FALSE(find_text(done, "NUMBERC"));
  CHECK(*opacity_of(done, "NUMBERG") == Approx(1));
}

TEST_CASE("leaderboard: pages rotate through rows x pages places", "[leaderboard]") {
  const auto race = overlay_test::almaty_at("08:30:00");
  const auto now = overlay_test::local(race->config(), "08:35:00");
  const auto rows = race->standings(query(0, race::kLive, 6));
  REQUIRE(rows.size() == 6);
  auto o = params({{"contest", "marathon"}, {"rows", "3"}, {"pages", "2"}});
  o.on_air = core::Ms(10'000);  // the second page (8 s each)
  auto list = draw("leaderboard", race, now, o);
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(find_text(list, "2/2"));
  CHECK(name_op(list, race->participant(rows[3].runner)));
  CHECK_FALSE(name_op(list, race->participant(rows[0].runner)));
  o.on_air = core::Ms(17'000);  // back to the first
  list = draw("leaderboard", race, now, o);
  CHECK(find_text(list, "1/2"));
  CHECK(name_op(list, race->participant(rows[0].runner)));
}

TEST_CASE("leaderboard: on a later snapshot the board shows the race as of frame.now",
          "[leaderboard]") {
  Passing10k r;
  const auto race = overlay_test::make_snapshot(r.config, r.people, r.events);
  const auto t = fixture::at(9, 25, 0);  // before any pre-finish read
  const auto list = draw("leaderboard", race, t, params({{"contest", "10k"}, {"rows", "6"}}));
  INFO(describe(list));
  check_rows(list, *race, race::standings_as_of(*race, query(0, race::kLive, 6), t), true);
  CHECK_FALSE(find_text(list, "PRE"));
}

TEST_CASE("leaderboard: long and non-Latin names are cut to their column", "[leaderboard]") {
  auto config = fixture::config();
  auto a = fixture::runner("1", Gender::female, 30);
  a.first_name = "Әйгерім-Гүлназ";
  a.last_name = "Қожахметова-Сұлтанбекова-Нұрмағамбетова";
  a.country = "KAZ";
  auto b = fixture::runner("2", Gender::male, 30);
  b.first_name = "José";
  b.last_name = "Ñúñez";
  const auto race =
      overlay_test::make_snapshot(config, {a, b},
                                  {fixture::passing("1", "5K", fixture::at(9, 18, 0)),
                                   fixture::passing("2", "5K", fixture::at(9, 19, 0))});
  const auto list = draw("leaderboard", race, fixture::at(9, 30, 0), params({{"contest", "10k"}}));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  const render::TextOp* cut = find_text(list, "Ә. ҚОЖАХ");
  REQUIRE(cut);
  CHECK(cut->text.ends_with("…"));
  CHECK(cut->box.contains(cut->ink, 1));
  CHECK(find_text(list, "José ÑÚÑEZ"));
}

TEST_CASE("leaderboard: an empty race says what it waits for", "[leaderboard]") {
  const auto race = overlay_test::almaty_at("06:00:00");
  auto list = draw("leaderboard", race, overlay_test::local(race->config(), "06:00:00"),
                   params({{"contest", "marathon"}}));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(find_text(list, "Waiting for the start"));
  const auto early = overlay_test::almaty_at("06:45:00");
  list = draw("leaderboard", early, overlay_test::local(early->config(), "06:45:00"),
              params({{"contest", "marathon"}, {"point", "40K"}}));
  CHECK(find_text(list, "Waiting for the first runners at 40K"));
  CHECK(all_problems(list).empty());
}

TEST_CASE("leaderboard: stale badge shown when the feed is stale, unless the look says no",
          "[leaderboard]") {
  Passing10k r;
  const auto race = overlay_test::make_snapshot(r.config, r.people, r.events);
  CHECK(overlay_test::stale_badge_problems("leaderboard", race, fixture::at(9, 40, 0),
                                           params({{"contest", "10k"}})) == "");

  const auto off = overlay_test::draw_stale_with_look(
      "leaderboard", race, fixture::at(9, 40, 0), {{"contest", "10k"}}, "[stale]\nshow = false\n");
  CHECK_FALSE(find_text(off, "DATA DELAYED"));
  CHECK(find_text(off, "NUMBERD"));
}

TEST_CASE("leaderboard: bad parameters say what is wrong and what is accepted", "[leaderboard]") {
  const auto race = overlay_test::almaty_at("06:00:00");
  const auto now = overlay_test::local(race->config(), "06:00:00");
  auto fails = [&](std::map<std::string, std::string> p) {
    return overlay_test::param_error("leaderboard", race, now, std::move(p));
  };
  CHECK_THAT(fails({{"contest", "ultra"}}),
             Catch::Contains("contest=ultra") && Catch::Contains("marathon, half"));
  CHECK_THAT(fails({{"contest", "marathon"}, {"point", "41K"}}),
             Catch::Contains("point=41K") && Catch::Contains("HALF"));
  CHECK_THAT(fails({{"scope", "gender"}}), Catch::Contains("gender=M, F or X"));
  CHECK_THAT(fails({{"gender", "W"}}), Catch::Contains("gender=W") && Catch::Contains("M, F, X"));
  CHECK_THAT(fails({{"scope", "club"}}),
             Catch::Contains("scope=club") && Catch::Contains("overall, gender, category"));
  CHECK_THAT(fails({{"contest", "marathon"}, {"category", "M15-17"}}),
             Catch::Contains("category=M15-17") && Catch::Contains("M40-44"));
  CHECK_THAT(fails({{"rows", "50"}}), Catch::Contains("rows=50") && Catch::Contains("3 to 20"));
  CHECK_THAT(fails({{"pages", "0"}}), Catch::Contains("pages=0") && Catch::Contains("1 to 5"));
  CHECK_THAT(fails({{"show", "pace"}}), Catch::Contains("show=pace") && Catch::Contains("gap"));
  CHECK_THAT(fails({{"contest", "ekiden"}}),
             Catch::Contains("contest=ekiden") && Catch::Contains("ekiden_board"));
  CHECK_THAT(fails({{"colour", "red"}}), Catch::Contains("colour"));
}

TEST_CASE("leaderboard: the same frame draws the same ops, in any order", "[leaderboard]") {
  Passing10k r;
  const auto race = overlay_test::make_snapshot(r.config, r.people, r.events);
  const std::map<std::string, std::string> p{{"contest", "10k"}, {"rows", "3"}, {"pages", "2"}};
  const auto take = fixture::at(9, 32, 59.8);  // rows still coming in, then a reorder
  const auto t2 = fixture::at(9, 33, 0.3);
  auto o = params(p);
  o.on_air = t2 - take;
  const auto once = describe(draw("leaderboard", race, t2, o));
  CHECK(once == describe(draw("leaderboard", race, t2, o)));
  const auto after = overlay_test::draw_after(
      "leaderboard", race, p, take,
      {fixture::at(9, 40, 0), fixture::at(9, 33, 0.1), fixture::at(9, 20, 0)}, t2);
  CHECK(describe(after) == once);
}

}  // namespace leaderboard_test
