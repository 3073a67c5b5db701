// Record pace: the delta against the record at the leader's latest mat, the ghost and the
// leader's marker moving every frame, a second record, the projection against the record,
// the finish, before the gun, whole bar labels, stale badge, parameters, determinism.
#include <catch2/catch.hpp>
#include <cmath>

#include "fixture.h"
#include "overlays/registry.h"
#include "race/model_fixture.h"
#include "race/projection.h"
#include "scene/scene.h"

namespace record_pace_test {

namespace {

using overlay_test::all_problems;
using overlay_test::describe;
using overlay_test::draw;
using overlay_test::exact;
using overlay_test::find_text;
using overlay_test::hms;
using overlay_test::params;
using race::Gender;

// "0:15 behind course record pace" for a delta (runner minus record) in ms.
std::string pace_text(double delta_ms, const std::string& record) {
  const auto ms = static_cast<long long>(delta_ms);
  if (std::abs(ms) < 1000) return "on " + record + " pace";
  return hms(core::Ms(ms)) + (ms < 0 ? " ahead of " : " behind ") + record + " pace";
}

constexpr float kMarker = 22;     // bar.marker_size in the default look
constexpr float kThickness = 12;  // bar.thickness

// The course bar's track: the widest box as high as the bar (the progress fill is shorter).
render::Rect track_of(const render::DrawList& list) {
  render::Rect best;
  for (const auto& op : list.ops) {
    const auto* box = std::get_if<render::BoxOp>(&op.op);
    if (box && box->rect.h == kThickness && box->rect.w > best.w)
      best = op.state.transform.map(box->rect);
  }
  return best;
}
// Centres (output x) of the round markers on the bar, in drawing order: the ghost, the
// second ghost, then the leader.
std::vector<float> markers(const render::DrawList& list) {
  std::vector<float> out;
  for (const auto& op : list.ops) {
    const auto* box = std::get_if<render::BoxOp>(&op.op);
    if (box && box->rect.w == kMarker && box->rect.h == kMarker)
      out.push_back(op.state.transform.map(box->rect).center().x);
  }
  return out;
}

// Where the even-paced record is after `elapsed`, as a share of the course.
double record_share(core::Ms elapsed, core::Ms record) {
  return std::clamp(double(elapsed.count()) / double(record.count()), 0.0, 1.0);
}

const core::Ms kMarathonRecord = core::Ms((2 * 3600 + 19 * 60 + 44) * 1000);

race::Standing marathon_leader(const race::RaceSnapshot& race, Gender g) {
  race::StandingsQuery q;
  q.contest = race.contest_index("marathon");
  q.scope = race::Scope::gender;
  q.gender = g;
  q.limit = 1;
  const auto rows = race.standings(q);
  REQUIRE(rows.size() == 1);
  return rows[0];
}

// The fixture's 10 km with a national record beside the course record (30:00 / 29:00).
std::shared_ptr<race::RaceConfig> two_records() {
  auto config = fixture::config();
  race::CourseRecord national;
  national.label = "national record";
  national.gender = Gender::male;
  national.time = core::Ms(29 * 60 * 1000);
  national.holder = "Nat Holder";
  national.country = "KAZ";
  national.year = 2021;
  config->contests[0].records.push_back(national);
  return config;
}

}  // namespace

TEST_CASE("record pace: the marathon leader against the course record", "[overlays][record_pace]") {
  const auto race = overlay_test::almaty_at("08:10:00");
  const auto now = overlay_test::local(race->config(), "08:10:00");
  const auto leader = marathon_leader(*race, Gender::male);
  REQUIRE(leader.point > 0);
  const auto& c = race->config().contests[0];
  const auto& point = c.points[static_cast<std::size_t>(leader.point)];
  const auto list = draw("record_pace", race, now, params({{"contest", "marathon"}}));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(exact(list, "RECORD PACE"));
  CHECK(exact(list, "MARATHON · MEN"));
  CHECK(exact(list, "Course record 2:19:44 · Ilia Tiapkin (KGZ, 2024)"));
  const auto& p = race->participant(leader.runner);
  CHECK(exact(list, p.first_name + " " + render::to_upper_utf8(p.last_name)));
  CHECK(exact(list, "at " + point.label));
  // The record at even pace: 2:19:44 × distance / 42195.
  const double record_there =
      double(kMarathonRecord.count()) * point.distance_m / double(c.distance_m);
  const std::string delta = pace_text(double(leader.time.count()) - record_there, "course record");
  INFO("expected " << delta);
  CHECK(exact(list, delta));
  // Projected finish against the record.
  const auto proj = race::project_finish(*race, leader.runner);
  REQUIRE(proj);
  const core::Ms versus = proj->gun - kMarathonRecord;
  CHECK(exact(list, "Projected finish " + hms(proj->gun) + " · " + hms(versus) +
                        (versus.count() < 0 ? " under the " : " over the ") + "course record"));
  // The default contest is the first with records: the marathon.
  CHECK(describe(draw("record_pace", race, now)) == describe(list));
}

TEST_CASE("record pace: the women's leader and record", "[overlays][record_pace]") {
  const auto race = overlay_test::almaty_at("08:10:00");
  const auto now = overlay_test::local(race->config(), "08:10:00");
  const auto leader = marathon_leader(*race, Gender::female);
  const auto list = draw("record_pace", race, now, params({{"gender", "F"}}));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(exact(list, "MARATHON · WOMEN"));
  CHECK(exact(list, "Course record 2:42:44 · Alexandra Kalanova (RUS, 2019)"));
  const auto& p = race->participant(leader.runner);
  CHECK(exact(list, p.first_name + " " + render::to_upper_utf8(p.last_name)));
}

TEST_CASE("record pace: the ghost and the leader move every frame", "[overlays][record_pace]") {
  const auto race = overlay_test::almaty_at("08:10:00");
  const auto t1 = overlay_test::local(race->config(), "08:10:00");
  const auto t2 = t1 + core::Ms(1000);
  const auto gun = race->contest_gun_time(0);
  REQUIRE(gun);
  const auto leader = marathon_leader(*race, Gender::male);
  const auto a = draw("record_pace", race, t1);
  const auto b = draw("record_pace", race, t2);
  INFO(describe(a));
  const auto track = track_of(a);
  REQUIRE(track.w > 400);
  const auto ma = markers(a), mb = markers(b);
  REQUIRE(ma.size() == 2);  // ghost, leader
  REQUIRE(mb.size() == 2);
  // The ghost: the record's even pace from the gun.
  for (auto [x, t] : {std::pair{ma[0], t1}, std::pair{mb[0], t2}}) {
    CHECK(x == Approx(track.x + track.w * record_share(t - *gun, kMarathonRecord)).margin(0.01));
  }
  CHECK(mb[0] - ma[0] == Approx(track.w * 1000.0 / double(kMarathonRecord.count())).margin(0.005));
  // The leader: the estimated position along the course.
  for (auto [x, t] : {std::pair{ma[1], t1}, std::pair{mb[1], t2}}) {
    const auto m = race::estimate_position_m(*race, leader.runner, t);
    REQUIRE(m);
    CHECK(x == Approx(track.x + track.w * *m / 42195.0).margin(0.01));
  }
  CHECK(mb[1] > ma[1]);
  // Only the markers moved: the words stay the same.
  std::vector<std::string> words_a, words_b;
  for (const auto* t : overlay_test::texts(a)) words_a.push_back(t->text);
  for (const auto* t : overlay_test::texts(b)) words_b.push_back(t->text);
  CHECK(words_a == words_b);
}

TEST_CASE("record pace: START and FINISH are shown whole", "[overlays][record_pace]") {
  const auto race = overlay_test::almaty_at("08:10:00");
  const auto now = overlay_test::local(race->config(), "08:10:00");
  for (auto [w, h] : {std::pair{1920, 1080}, std::pair{1280, 720}, std::pair{3840, 2160}}) {
    auto o = params({});
    o.width = w;
    o.height = h;
    const auto list = draw("record_pace", race, now, o);
    INFO(w << "x" << h << "\n" << describe(list));
    CHECK(all_problems(list).empty());
    const auto track = track_of(list);
    for (const char* label : {"START", "FINISH"}) {
      const auto* op = exact(list, label);
      REQUIRE(op);
      const auto& t = std::get<render::TextOp>(op->op);
      CHECK_FALSE(t.shaped->truncated);
      CHECK(t.box.contains(t.ink, 0.5f));
      // Either side of the track, clear of it.
      const auto b = overlay_test::text_bounds(*op);
      CHECK((b.right() < track.x || b.x > track.right()));
    }
    for (const auto* t : overlay_test::texts(list)) CHECK_FALSE(t->text.ends_with("…"));
  }
}

TEST_CASE("record pace: a second record gets its ghost and its line", "[overlays][record_pace]") {
  auto config = two_records();
  auto a = fixture::runner("1", Gender::male, 30);
  a.first_name = "Ержан";
  a.last_name = "Қасымов";
  a.country = "KAZ";
  // 5 km in 15:30: 0:30 behind the course record (15:00 there), 1:00 behind the national
  // record (14:30 there).
  const auto race =
      overlay_test::make_snapshot(config, {a, fixture::runner("2", Gender::male, 30)},
                                  {fixture::passing("1", "5K", fixture::at(9, 15, 30)),
                                   fixture::passing("2", "5K", fixture::at(9, 16, 0))});
  const auto now = fixture::at(9, 20, 0);
  const auto list =
      draw("record_pace", race, now, params({{"contest", "10k"}, {"second", "national record"}}));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(exact(list, "Ержан ҚАСЫМОВ"));
  CHECK(exact(list, "at 5K"));
  CHECK(exact(list, "0:30 behind course record pace"));
  const auto proj = race::project_finish(*race, *race->find_bib("1"));
  REQUIRE(proj);
  const core::Ms over_course = proj->gun - core::Ms(30 * 60 * 1000);
  const core::Ms over_national = proj->gun - core::Ms(29 * 60 * 1000);
  REQUIRE(over_course.count() > 0);
  CHECK(exact(list, "Projected finish " + hms(proj->gun) + " · " + hms(over_course) +
                        " over the course record"));
  CHECK(
      exact(list, "1:00 behind national record pace · projected " + hms(over_national) + " over"));
  // Two ghosts under the bar and the leader: the national record is further along.
  CHECK(exact(list, "RECORD"));
  CHECK(exact(list, "NATIONAL RECORD"));
  const auto m = markers(list);
  REQUIRE(m.size() == 3);
  const auto track = track_of(list);
  const core::Ms elapsed = now - fixture::at(9, 0, 0);
  CHECK(m[0] ==
        Approx(track.x + track.w * record_share(elapsed, core::Ms(1'800'000))).margin(0.01));
  CHECK(m[1] ==
        Approx(track.x + track.w * record_share(elapsed, core::Ms(1'740'000))).margin(0.01));
  CHECK(m[1] > m[0]);
  // Without `second`: one ghost, no national line.
  const auto one = draw("record_pace", race, now, params({{"contest", "10k"}}));
  CHECK(markers(one).size() == 2);
  CHECK_FALSE(find_text(one, "national"));
}

TEST_CASE("record pace: a finished leader, and a leader ahead of the record",
          "[overlays][record_pace]") {
  auto config = two_records();
  auto a = fixture::runner("1", Gender::male, 30);
  a.last_name = "Fast";
  const auto race =
      overlay_test::make_snapshot(config, {a},
                                  {fixture::passing("1", "5K", fixture::at(9, 14, 50)),
                                   fixture::passing("1", "finish", fixture::at(9, 29, 30))});
  auto list = draw("record_pace", race, fixture::at(9, 29, 40), params({{"contest", "10k"}}));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(exact(list, "at FINISH"));
  CHECK(exact(list, "0:30 ahead of course record pace"));
  CHECK(exact(list, "Finished 29:30 · 0:30 under the course record"));
  // As of 9:20 the same snapshot shows the 5 km: 0:10 ahead.
  list = draw("record_pace", race, fixture::at(9, 20, 0), params({{"contest", "10k"}}));
  INFO(describe(list));
  CHECK(exact(list, "at 5K"));
  CHECK(exact(list, "0:10 ahead of course record pace"));
  // The snapshot knows the finish, the frame does not yet: no projection from the future.
  CHECK_FALSE(find_text(list, "Finished"));
  CHECK_FALSE(find_text(list, "Projected"));
}

TEST_CASE("record pace: before the gun the record waits at the start", "[overlays][record_pace]") {
  const auto race = overlay_test::almaty_at("06:00:00");
  const auto list = draw("record_pace", race, overlay_test::local(race->config(), "06:00:00"));
  INFO(describe(list));
  CHECK(all_problems(list).empty());
  CHECK(exact(list, "Course record 2:19:44 · Ilia Tiapkin (KGZ, 2024)"));
  CHECK(exact(list, "Waiting for the first split"));
  CHECK_FALSE(find_text(list, "Projected"));
  const auto m = markers(list);
  REQUIRE(m.size() == 1);  // the ghost only
  CHECK(m[0] == Approx(track_of(list).x).margin(0.01));
  // Just after the gun, nobody at a mat yet: still waiting, the ghost on its way.
  const auto started = overlay_test::almaty_at("06:40:00");
  const auto after = draw("record_pace", started, overlay_test::local(race->config(), "06:40:00"));
  INFO(describe(after));
  CHECK(exact(after, "Waiting for the first split"));
  CHECK(markers(after).at(0) > track_of(after).x + 1);
}

TEST_CASE("record pace: stale badge and other screens", "[overlays][record_pace]") {
  const auto race = overlay_test::almaty_at("08:10:00");
  const auto now = overlay_test::local(race->config(), "08:10:00");
  auto o = params({});
  CHECK(overlay_test::stale_badge_problems("record_pace", race, now, o) == "");
  CHECK(overlay_test::problems_at_other_sizes("record_pace", race, now, o) == "");
}

TEST_CASE("record pace: bad parameters say what is wrong and what is accepted",
          "[overlays][record_pace]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const auto now = overlay_test::local(race->config(), "08:00:00");
  auto fails = [&](const race::SnapshotPtr& r, std::map<std::string, std::string> p) {
    return overlay_test::param_error("record_pace", r, now, std::move(p));
  };
  CHECK_THAT(fails(race, {{"contest", "10k"}}),
             Catch::Contains("contest=10k") && Catch::Contains("marathon, half"));
  CHECK_THAT(fails(race, {{"contest", "ekiden"}}), Catch::Contains("contest=ekiden"));
  CHECK_THAT(fails(race, {{"gender", "W"}}), Catch::Contains("gender=W"));
  CHECK_THAT(fails(race, {{"record", "world record"}}),
             Catch::Contains("record=world record") && Catch::Contains("course record"));
  CHECK_THAT(fails(race, {{"second", "national record"}}),
             Catch::Contains("second=national record") && Catch::Contains("course record"));
  auto config = fixture::config();
  config->contests[0].records.clear();
  const auto none = overlay_test::make_snapshot(config, {}, {});
  CHECK_THAT(fails(none, {}), Catch::Contains("no contest in race.toml has"));
}

TEST_CASE("record pace: the same frame draws the same ops, in any order",
          "[overlays][record_pace]") {
  const auto race = overlay_test::almaty_at("08:10:00");
  const auto t2 = overlay_test::local(race->config(), "08:05:00");
  auto o = params({});
  o.on_air = core::Ms(250);
  const auto once = describe(draw("record_pace", race, t2, o));
  CHECK(once == describe(draw("record_pace", race, t2, o)));
  std::vector<core::UtcMs> before;
  for (auto at : {"08:10:00", "06:20:00", "07:30:00"})
    before.push_back(overlay_test::local(race->config(), at));
  const auto after = overlay_test::draw_after("record_pace", race, {}, t2 - o.on_air, before, t2);
  CHECK(describe(after) == once);
}

}  // namespace record_pace_test
