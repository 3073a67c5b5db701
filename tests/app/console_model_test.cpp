// The console's pure parts, no window: hotkeys carried out through a real Control, the pace
// plot against the record on a real race model, parameter choices from the race, the
// program mailbox's reduction and the YUV conversion.
#include <catch2/catch.hpp>

#include <SDL_keycode.h>

#include "console_announcer.h"
#include "console_model.h"
#include "console_video.h"
#include "overlays/registry.h"
#include "race/model.h"
#include "race/model_fixture.h"

namespace console_model_test {

struct Race {
  race::RaceModel model{fixture::config(),
                        {fixture::runner("1", race::Gender::male, 30),
                         fixture::runner("2", race::Gender::female, 30)}};
  control::Control control{overlays::kinds(), control::Hooks{}};
  Race() {
    model.apply(fixture::passing("1", "start", fixture::at(9, 0, 5), 1));
    model.apply(fixture::passing("1", "5K", fixture::at(9, 15, 5), 2));    // 3:00/km
    model.apply(fixture::passing("1", "pre", fixture::at(9, 30, 59), 3));  // 3:15/km
    control.set_race(model.publish());
  }
};

}  // namespace console_model_test

using console_model_test::Race;

TEST_CASE("console: hotkeys map to actions and act on the list's order", "[console]") {
  using app::HotkeyAction;
  CHECK(app::hotkey_for(SDLK_F1, 0, false)->action == HotkeyAction::cue);
  CHECK(app::hotkey_for(SDLK_F12, 0, false)->position == 11);
  CHECK(app::hotkey_for(SDLK_F3, KMOD_LCTRL, false)->action == HotkeyAction::take);
  CHECK(app::hotkey_for(SDLK_F3, KMOD_RSHIFT, true)->action == HotkeyAction::clear);
  CHECK(app::hotkey_for(SDLK_SPACE, 0, false)->action == HotkeyAction::take_cued);
  CHECK(app::hotkey_for(SDLK_RETURN, 0, false)->action == HotkeyAction::take_cued);
  CHECK(app::hotkey_for(SDLK_ESCAPE, 0, false)->action == HotkeyAction::clear_all);
  CHECK(app::hotkey_for(SDLK_f, KMOD_LCTRL, true)->action == HotkeyAction::focus_search);
  // Typing in a field: Space, Enter and Esc are the field's; Alt+F4 the desktop's.
  CHECK_FALSE(app::hotkey_for(SDLK_SPACE, 0, true));
  CHECK_FALSE(app::hotkey_for(SDLK_ESCAPE, 0, true));
  CHECK_FALSE(app::hotkey_for(SDLK_F4, KMOD_LALT, false));
  CHECK_FALSE(app::hotkey_for(SDLK_a, 0, false));

  Race r;
  auto& c = r.control;
  const int board = c.add("leaderboard", {{"contest", "10k"}}, "", "api");
  const int clock = c.add("race_clock", {}, "", "api");
  const auto list = c.overlays();
  CHECK_THAT(app::apply_hotkey(c, {HotkeyAction::cue, 1}, list, "console"),
             Catch::Contains("F2: cued overlay 2"));
  CHECK(c.overlay(clock).state == control::SlotState::cued);
  CHECK(c.overlay(clock).by == "console");
  CHECK_THAT(app::apply_hotkey(c, {HotkeyAction::take_cued, -1}, list, "console"),
             Catch::Contains("1 overlay(s) on air"));
  CHECK(c.overlay(clock).state == control::SlotState::on_air);
  // Cueing what is on air is refused by Control, as for the API.
  CHECK_THROWS_AS(app::apply_hotkey(c, {HotkeyAction::cue, 1}, list, "console"),
                  control::ControlError);
  CHECK_THAT(app::apply_hotkey(c, {HotkeyAction::cue, 8}, list, "console"),
             Catch::Contains("F9: no overlay 9"));
  app::apply_hotkey(c, {HotkeyAction::take, 0}, list, "console");
  CHECK(c.overlay(board).state == control::SlotState::on_air);
  CHECK_THAT(app::apply_hotkey(c, {HotkeyAction::clear_all, -1}, list, "console"),
             Catch::Contains("2 overlay(s) off"));
  CHECK(c.overlay(board).state == control::SlotState::off);
}

TEST_CASE("console: the pace plot compares each segment with the record's pace", "[console]") {
  Race r;
  const auto race = r.control.race();
  const auto id = race->find_bib("1");
  REQUIRE(id);
  const auto plot = app::pace_plot(*race, *id);
  REQUIRE(plot);
  REQUIRE(plot->segments == std::vector<std::string>{"START-5K", "5K-PRE"});
  // 5 km in 15:00, then 4.8 km in 15:54 (3:18.75/km); the record is 30:00 at even pace.
  CHECK(plot->runner_s_per_km[0] == Approx(180.0));
  CHECK(plot->runner_s_per_km[1] == Approx(198.75));
  REQUIRE(plot->record_s_per_km.size() == 2);
  CHECK(plot->record_s_per_km[0] == Approx(180.0));
  CHECK(plot->record_s_per_km[1] == Approx(180.0));
  CHECK_THAT(plot->record, Catch::StartsWith("course record 0:30:00 (Record Holder 2020)"));
  CHECK(plot->min_s < 180.0f);
  CHECK(plot->max_s > 198.75f);
  CHECK(app::format_pace(198.75f) == "3:18/km");
  // Runner 2 has no time yet; the women's record does not exist: no plot.
  CHECK_FALSE(app::pace_plot(*race, *race->find_bib("2")));
}

TEST_CASE("console: parameter choices come from the kind and the race", "[console]") {
  Race r;
  const auto race = r.control.race();
  const auto& config = race->config();
  const scene::ParamSpec contest{"contest", "", "", {}};
  CHECK(app::param_choices(contest, &config, {}) ==
        std::vector<std::string>{"10k", "10k-net", "relay"});
  const scene::ParamSpec point{"point", "", "live", {}};
  CHECK(app::param_choices(point, &config, {{"contest", "relay"}}) ==
        std::vector<std::string>{"live", "start", "X1", "finish"});
  const scene::ParamSpec scope{"scope", "", "overall", {"overall", "gender"}};
  CHECK(app::param_choices(scope, nullptr, {}) == scope.choices);
  CHECK(app::param_choices(contest, nullptr, {}).empty());
}

TEST_CASE("console: the program mailbox reduces pictures and the monitor converts BT.709",
          "[console]") {
  app::ProgramMailbox box(640, 1000);
  video::Picture in;
  in.allocate(1920, 1080);
  // Left half pure red, right half pure green (BT.709, limited range).
  for (int y = 0; y < 1080; ++y) {
    for (int x = 0; x < 1920; ++x)
      in.y[std::size_t(y) * 1920 + std::size_t(x)] = x < 960 ? 63 : 173;
  }
  for (int y = 0; y < 540; ++y) {
    for (int x = 0; x < 960; ++x) {
      in.u[std::size_t(y) * 960 + std::size_t(x)] = x < 480 ? 102 : 42;
      in.v[std::size_t(y) * 960 + std::size_t(x)] = x < 480 ? 240 : 26;
    }
  }
  video::Picture out;
  CHECK_FALSE(box.take(out));
  box.offer(in);
  box.offer(in);  // the first is not taken yet: skipped
  CHECK(box.skipped() == 1);
  REQUIRE(box.take(out));
  CHECK(out.width == 640);
  CHECK(out.height == 360);
  std::vector<std::uint8_t> rgba;
  app::yuv_to_rgba(out, rgba);
  REQUIRE(rgba.size() == 640u * 360u * 4u);
  const std::uint8_t* left = &rgba[(180u * 640u + 100u) * 4u];
  const std::uint8_t* right = &rgba[(180u * 640u + 500u) * 4u];
  CHECK(left[0] > 240);
  CHECK(left[1] < 20);
  CHECK(left[2] < 20);
  CHECK(right[0] < 20);
  CHECK(right[1] > 240);
  CHECK(right[2] < 20);
  CHECK(left[3] == 255);
}

TEST_CASE("console: a runner's card is cued in the overlay made for them, or a new one",
          "[console]") {
  Race r;
  auto& c = r.control;
  app::ConsoleModel m;
  app::refresh(m, c);
  control::RunnerHit hit;
  hit.bib = "1";
  hit.name = "Runner 1";
  const int id = app::cue_runner_card(c, m, "split_card", "Split card", hit, "console");
  CHECK(c.overlay(id).state == control::SlotState::cued);
  CHECK(c.overlay(id).label == "Split card 1 Runner 1");
  CHECK(c.overlay(id).params == std::map<std::string, std::string>{{"bib", "1"}});
  app::refresh(m, c);
  c.clear(id, "api");
  CHECK(app::cue_runner_card(c, m, "split_card", "Split card", hit, "console") == id);
  CHECK(app::cue_runner_card(c, m, "lower_third", "Lower third", hit, "console") != id);
  c.take(id, "api");
  CHECK_THROWS_AS(app::cue_runner_card(c, m, "split_card", "Split card", hit, "console"),
                  control::ControlError);
  hit.bib = "999";
  CHECK_THROWS_AS(app::cue_runner_card(c, m, "split_card", "Split card", hit, "console"),
                  control::ControlError);
}

namespace console_model_test {

announcer::Arrival arrival(race::RunnerId id, std::string bib, double to_go) {
  announcer::Arrival a;
  a.runner = id;
  a.bib = std::move(bib);
  a.name = "Runner " + a.bib;
  a.contest = "marathon";
  a.provenance = announcer::Provenance::provisional;
  a.callable = true;
  a.seconds_to_go = to_go;
  return a;
}

announcer::Callout callout(std::string id, std::map<std::string, std::string> text) {
  announcer::Callout c;
  c.id = std::move(id);
  c.priority = announcer::Priority::normal;
  c.text = std::move(text);
  c.reason = "because " + c.id;
  c.bibs = {"7"};
  return c;
}

}  // namespace console_model_test

TEST_CASE("console: the announcer tab's countdowns", "[console][announcer]") {
  CHECK(app::format_countdown(65) == "1:05");
  CHECK(app::format_countdown(7) == "0:07");
  CHECK(app::format_countdown(6.2) == "0:07");  // rounded up: never "0:00" before it is due
  CHECK(app::format_countdown(0.3) == "0:01");
  CHECK(app::format_countdown(720) == "12:00");
  CHECK(app::format_countdown(0) == "due");
  CHECK(app::format_countdown(-4) == "due");
}

TEST_CASE("console: the announcer tab's arrivals: soonest first, groups, weak runners marked",
          "[console][announcer]") {
  using console_model_test::arrival;
  announcer::Arrivals a;
  announcer::ArrivalGroup later, sooner;
  later.arrivals = {arrival(3, "30", 42.0)};
  auto weak = arrival(2, "20", 10.4);
  weak.provenance = announcer::Provenance::weak;
  weak.callable = false;
  weak.provenance_reason = "no read at 30K";
  auto vip = arrival(1, "10", 10.0);
  vip.vip = true;
  vip.pronunciation = "ah-LEE-khan";
  vip.place_overall = 12;
  vip.place_gender = 3;
  vip.notes = {{announcer::NoteKind::vip, "VIP"}, {announcer::NoteKind::own, "first marathon"}};
  auto uncallable = arrival(4, "40", 11.0);  // consistent reads, yet not callable
  uncallable.callable = false;
  sooner.arrivals = {vip, weak, uncallable};
  a.groups = {later, sooner};  // out of order: the rows are sorted all the same

  const auto rows = app::announcer_rows(a);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].bib == "10");
  CHECK(rows[1].bib == "20");
  CHECK(rows[2].bib == "40");
  CHECK(rows[3].bib == "30");
  CHECK(rows[0].countdown == "0:10");
  CHECK(rows[3].countdown == "0:42");
  CHECK(rows[0].group_start);
  CHECK_FALSE(rows[1].group_start);
  CHECK(rows[3].group_start);
  CHECK(rows[0].place == "12 (3)");
  CHECK(rows[3].place == "");
  CHECK(rows[0].notes == "VIP · first marathon");  // the VIP note is not said twice
  CHECK(rows[0].vip);
  CHECK(rows[0].pronunciation == "ah-LEE-khan");
  CHECK_FALSE(rows[0].weak);
  CHECK(rows[0].provenance == "provisional");
  CHECK(rows[1].weak);
  CHECK(rows[1].provenance == "weak");
  CHECK(rows[1].reason == "no read at 30K");
  CHECK(rows[2].weak);
  CHECK(rows[2].reason == "doubtful data");
  const control::RunnerHit hit = app::runner_hit(rows[0]);
  CHECK(hit.id == 1);
  CHECK(hit.bib == "10");
  CHECK(hit.name == "Runner 10");
  CHECK(hit.contest == "marathon");
}

TEST_CASE("console: the announcer tab's callouts: newest first, in the language asked for",
          "[console][announcer]") {
  using console_model_test::callout;
  std::vector<announcer::Callout> oldest_first{
      callout("a", {{"en", "Leader at 30K"}, {"ru", "Лидер на 30 км"}}),
      callout("b", {{"en", "First woman home"}}),  // no Russian: English instead
      callout("c", {{"kk", "Қош келдіңіз"}}),      // neither: what there is
      callout("d", {}),                            // nothing: the reason
  };
  oldest_first[0].priority = announcer::Priority::high;
  const auto ru = app::callout_lines(oldest_first, "ru");
  REQUIRE(ru.size() == 4);
  CHECK(ru[0].text == "because d");
  CHECK(ru[0].lang == "");
  CHECK(ru[1].text == "Қош келдіңіз");
  CHECK(ru[1].lang == "kk");
  CHECK(ru[2].text == "First woman home");
  CHECK(ru[2].lang == "en");
  CHECK(ru[3].text == "Лидер на 30 км");
  CHECK(ru[3].lang == "ru");
  CHECK(ru[3].priority == announcer::Priority::high);
  CHECK(ru[3].bib == "7");
  CHECK(ru[3].reason == "because a");
  const auto en = app::callout_lines(oldest_first, "en");
  CHECK(en[3].text == "Leader at 30K");
  CHECK(app::callout_lines({}, "en").empty());
}
