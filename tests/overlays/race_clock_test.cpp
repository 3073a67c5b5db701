// Race clock: digits locked to the frame time (exact second boundaries), countdown and start
// time before the gun, fixed width, layout, stale badge, parameters, determinism.
#include <catch2/catch.hpp>

#include "fixture.h"
#include "overlays/registry.h"
#include "race/model_fixture.h"
#include "race_clock/race_clock.h"
#include "scene/scene.h"

namespace race_clock_test {

namespace {

using overlay_test::all_problems;
using overlay_test::describe;
using overlay_test::draw;
using overlay_test::find_text;

core::UtcMs marathon_gun(const race::RaceSnapshot& race) {
  const auto gun = race.contest_gun_time(race.contest_index("marathon"));
  REQUIRE(gun);
  return *gun;
}

core::Ms hms(int h, int m, int s, int ms = 0) {
  return core::Ms(((h * 60 + m) * 60 + s) * 1000 + ms);
}

// The panel: the first box op.
render::Rect panel_of(const render::DrawList& list) {
  for (const auto& op : list.ops) {
    if (const auto* box = std::get_if<render::BoxOp>(&op.op)) return box->rect;
  }
  return {};
}

}  // namespace

TEST_CASE("race_clock: clock_text floors to the unit shown", "[race_clock]") {
  using overlays::clock_text;
  CHECK(clock_text(hms(1, 2, 3, 999), false) == "1:02:03");
  CHECK(clock_text(hms(1, 2, 4), false) == "1:02:04");
  CHECK(clock_text(hms(0, 0, 0), false) == "0:00:00");
  CHECK(clock_text(hms(0, 0, 59, 999), false) == "0:00:59");
  CHECK(clock_text(hms(10, 0, 0), false) == "10:00:00");
  CHECK(clock_text(hms(1, 2, 3, 999), true) == "1:02:03.9");
  CHECK(clock_text(hms(1, 2, 3, 99), true) == "1:02:03.0");
  // Before the gun the minus sign is U+2212 and the countdown reaches 0:00:00 at the gun.
  CHECK(clock_text(-core::Ms(1), false) ==
        "\xE2\x88\x92"
        "0:00:01");
  CHECK(clock_text(-hms(0, 4, 59), false) ==
        "\xE2\x88\x92"
        "0:04:59");
  CHECK(clock_text(-hms(0, 4, 59, 500), false) ==
        "\xE2\x88\x92"
        "0:05:00");
  CHECK(clock_text(-core::Ms(1000), false) ==
        "\xE2\x88\x92"
        "0:00:01");
  CHECK(clock_text(-core::Ms(50), true) ==
        "\xE2\x88\x92"
        "0:00:00.1");
}

TEST_CASE("race_clock: digits are locked to the frame time at exact second boundaries",
          "[race_clock]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const core::UtcMs gun = marathon_gun(*race);
  overlay_test::DrawOptions opt;
  opt.params = {{"contest", "marathon"}};

  auto shown = [&](core::Ms elapsed) {
    const auto list = draw("race_clock", race, gun + elapsed, opt);
    for (const auto* t : overlay_test::texts(list)) {
      if (t->text.find(':') != std::string::npos) return t->text;
    }
    return std::string("(none)");
  };
  CHECK(shown(hms(1, 2, 3, 999)) == "1:02:03");
  CHECK(shown(hms(1, 2, 4)) == "1:02:04");
  CHECK(shown(hms(1, 2, 4, 1)) == "1:02:04");
  CHECK(shown(hms(0, 59, 59, 999)) == "0:59:59");
  CHECK(shown(hms(1, 0, 0)) == "1:00:00");
  CHECK(shown(core::Ms(0)) == "0:00:00");
  CHECK(shown(-core::Ms(1)) ==
        "\xE2\x88\x92"
        "0:00:01");

  opt.params["tenths"] = "true";
  CHECK(shown(hms(1, 2, 3, 999)) == "1:02:03.9");
  CHECK(shown(hms(1, 2, 4)) == "1:02:04.0");
}

TEST_CASE("race_clock: before the gun a countdown within 10 minutes, the start time before",
          "[race_clock]") {
  const auto race = overlay_test::almaty_at("06:00:00");
  const int half = race->contest_index("half");
  const auto gun = race->contest_gun_time(half);  // scheduled 07:20, no gun event yet
  REQUIRE(gun);
  CHECK(*gun == overlay_test::local(race->config(), "07:20:00"));
  overlay_test::DrawOptions opt;
  opt.params = {{"contest", "half"}};

  auto list = draw("race_clock", race, *gun - hms(0, 4, 59), opt);
  CHECK(find_text(list,
                  "\xE2\x88\x92"
                  "0:04:59"));
  list = draw("race_clock", race, *gun - hms(0, 10, 0), opt);
  CHECK(find_text(list,
                  "\xE2\x88\x92"
                  "0:10:00"));
  list = draw("race_clock", race, *gun - hms(0, 10, 0, 1), opt);
  CHECK(find_text(list, "STARTS 07:20"));
  CHECK_FALSE(find_text(list, "0:10:00"));
  list = draw("race_clock", race, overlay_test::local(race->config(), "06:00:00"), opt);
  CHECK(find_text(list, "STARTS 07:20"));

  // The look's other choices, through the pure reading.
  overlays::ClockOptions options;
  options.before = overlays::BeforeGun::countdown;
  CHECK(overlays::read_clock(*race, half, *gun - hms(1, 0, 0), options).text ==
        "\xE2\x88\x92"
        "1:00:00");
  options.before = overlays::BeforeGun::start_time;
  const auto r = overlays::read_clock(*race, half, *gun - core::Ms(1000), options);
  CHECK(r.state == overlays::ClockState::scheduled);
  CHECK(r.text == "STARTS 07:20");
  CHECK(overlays::parse_before_gun("auto") == overlays::BeforeGun::automatic);
  CHECK(overlays::parse_before_gun("sometimes") == overlays::BeforeGun::invalid);
}

TEST_CASE("race_clock: a gun event replaces the scheduled gun; no gun at all says so",
          "[race_clock]") {
  auto config = fixture::config();
  config->contests[2].gun.reset();  // the relay: no scheduled gun
  race::GunEvent gun;
  gun.origin = {"test", "e1", 1};
  gun.contest = "10k";
  gun.time = fixture::at(9, 0, 42);
  const auto race = overlay_test::make_snapshot(config, {}, {gun});

  overlay_test::DrawOptions opt;
  opt.params = {{"contest", "10k"}};
  auto list = draw("race_clock", race, fixture::at(9, 10, 42.5), opt);
  CHECK(find_text(list, "0:10:00"));
  CHECK(find_text(list, "10 KM"));  // the contest's name as the label (label font: capitals)

  opt.params = {{"contest", "relay"}};
  list = draw("race_clock", race, fixture::at(9, 10, 0), opt);
  CHECK(find_text(list, "START TBA"));
  CHECK(all_problems(list).empty());
}

TEST_CASE("race_clock: the panel keeps its width while the clock runs", "[race_clock]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const core::UtcMs gun = marathon_gun(*race);
  const auto a = panel_of(draw("race_clock", race, gun + hms(1, 11, 11)));
  const auto b = panel_of(draw("race_clock", race, gun + hms(1, 0, 0)));
  const auto c = panel_of(draw("race_clock", race, gun - hms(0, 1, 0)));
  CHECK(a.w > 0);
  CHECK(a == b);
  CHECK(a == c);  // the countdown fits the same box
}

TEST_CASE("race_clock: layout on 16:9 and portrait, stale badge per feed and look",
          "[race_clock]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const core::UtcMs now = marathon_gun(*race) + hms(1, 30, 0);
  for (const auto& [w, h] : {std::pair{1920, 1080}, std::pair{1280, 720}, std::pair{1080, 1920}}) {
    overlay_test::DrawOptions opt;
    opt.width = w;
    opt.height = h;
    for (bool stale : {false, true}) {
      opt.stale = stale;
      const auto list = draw("race_clock", race, now, opt);
      INFO(w << "x" << h << " stale " << stale);
      CHECK(all_problems(list).empty());
      CHECK((find_text(list, "DATA DELAYED") != nullptr) == stale);
    }
  }
  // A looong label is cut, not spilled.
  overlay_test::DrawOptions opt;
  opt.params = {{"label", "Almaty Marathon 2025 — elite men and women, wheelchair and handbike"}};
  const auto list = draw("race_clock", race, now, opt);
  const auto* label = find_text(list, "ALMATY");
  REQUIRE(label);
  CHECK(label->text.ends_with("\xE2\x80\xA6"));
  CHECK(all_problems(list).empty());
}

TEST_CASE("race_clock: bad parameters say what is wrong and what is accepted", "[race_clock]") {
  const auto race = overlay_test::almaty_at("06:00:00");
  const core::UtcMs now = overlay_test::local(race->config(), "06:00:00");
  overlay_test::DrawOptions opt;
  opt.params = {{"contest", "ultra"}};
  CHECK_THROWS_WITH(draw("race_clock", race, now, opt), Catch::Contains("contest=ultra") &&
                                                            Catch::Contains("marathon") &&
                                                            Catch::Contains("nordic"));
  opt.params = {{"tenths", "maybe"}};
  CHECK_THROWS_AS(draw("race_clock", race, now, opt), scene::ParamError);
  CHECK_THROWS_WITH(draw("race_clock", race, now, opt),
                    Catch::Contains("tenths") && Catch::Contains("true"));
  opt.params = {{"colour", "red"}};
  CHECK_THROWS_WITH(draw("race_clock", race, now, opt),
                    Catch::Contains("colour") && Catch::Contains("contest, label, tenths"));
}

TEST_CASE("race_clock: the same frame draws the same ops, in any order", "[race_clock]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const core::UtcMs t2 = marathon_gun(*race) + hms(1, 0, 0, 250);
  overlay_test::DrawOptions opt;
  opt.on_air = core::Ms(200);  // mid-animation
  opt.params = {{"tenths", "true"}};
  CHECK(describe(draw("race_clock", race, t2, opt)) == describe(draw("race_clock", race, t2, opt)));

  // One scene drawing t1 then t2 against a fresh one drawing t2 only.
  const auto after = overlay_test::draw_after("race_clock", race, opt.params, t2 - opt.on_air,
                                              {t2 - core::Ms(150)}, t2);
  CHECK(describe(after) == describe(draw("race_clock", race, t2, opt)));
}

}  // namespace race_clock_test
