// Control's rundown: loaded from the TOML the operator writes, stepped by hand (next, back,
// go), its items taken in one slot on the real program scene, every step logged and emitted.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "bundle/almaty.h"
#include "control_fixture.h"
#include "core/file.h"
#include "director/rundown.h"
#include "race/config_toml.h"

namespace rundown_control_test {

using control::SlotState;
using control_test::Engine;
using control_test::kT0;
using control_test::log_has;
using control_test::on_air_kinds;
using control_test::Program;
using control_test::refusal;
using control_test::three_items;
using Json = nlohmann::json;

TEST_CASE("rundown: without one, every step is refused with what to do", "[control][rundown]") {
  Engine e;
  auto& c = e.control;
  CHECK_FALSE(c.rundown().loaded);
  CHECK_THAT(refusal([&] { c.rundown_next("api"); }),
             Catch::StartsWith("409 no_rundown") && Catch::Contains("--rundown FILE"));
  CHECK_THAT(refusal([&] { c.rundown_back("api"); }), Catch::StartsWith("409 no_rundown"));
  CHECK_THAT(refusal([&] { c.rundown_go(0, "api"); }), Catch::StartsWith("409 no_rundown"));
  CHECK(Json::parse(c.state_json())["rundown"].is_null());
}

TEST_CASE("rundown: next takes each item in one slot, replacing the one before, to the end",
          "[control][rundown]") {
  Engine e;
  Program p;
  auto& c = e.control;
  const auto race = e.publish();
  c.set_rundown(three_items(), "show.toml", "startup");
  CHECK(c.rundown().cursor == 0);
  CHECK_FALSE(c.rundown().on_air);
  CHECK(log_has(c, "startup", "rundown loaded from show.toml: 3 items, cursor on item 0"));

  CHECK(c.rundown_next("console") == 0);
  auto r = c.rundown();
  CHECK(r.cursor == 1);
  CHECK(r.on_air == std::optional<std::size_t>(0));
  REQUIRE(r.slot > 0);
  const int slot = r.slot;
  CHECK(c.overlay(slot).kind == "race_clock");
  CHECK(c.overlay(slot).state == SlotState::on_air);
  CHECK(c.overlay(slot).by == "console");
  CHECK(c.overlay(slot).label == "Rundown 0: Clock");
  p.program.apply(c, p.scene, kT0, *race);
  CHECK(on_air_kinds(p.scene) == std::vector<std::string>{"race_clock"});

  // The next item goes on air with its parameters, for its seconds, in the same slot; the
  // clock goes out.
  CHECK(c.rundown_next("api") == 1);
  r = c.rundown();
  CHECK(r.slot == slot);
  CHECK(r.on_air == std::optional<std::size_t>(1));
  CHECK(c.overlay(slot).kind == "leaderboard");
  CHECK(c.overlay(slot).params.at("rows") == "10");
  CHECK(c.overlay(slot).auto_clear_s == std::optional<double>(20.0));
  CHECK(c.overlays().size() == 1);
  p.program.apply(c, p.scene, kT0 + core::Ms(1000), *race);
  CHECK(on_air_kinds(p.scene) == std::vector<std::string>{"leaderboard"});
  CHECK(p.scene.layers().size() == 2);  // the clock animating out
  REQUIRE(p.program.layer_of(slot));

  // Its 20 s run out: the slot is off, nothing of the rundown on air, the cursor unmoved.
  p.program.apply(c, p.scene, kT0 + core::Ms(21000), *race);
  CHECK(c.overlay(slot).state == SlotState::off);
  CHECK_FALSE(c.rundown().on_air);
  CHECK(c.rundown().cursor == 2);

  CHECK(c.rundown_next("api") == 2);
  p.program.apply(c, p.scene, kT0 + core::Ms(22000), *race);
  CHECK(on_air_kinds(p.scene) == std::vector<std::string>{"split_card"});
  CHECK(c.rundown().cursor == 3);

  // Past the end: refused, the last item stays on air.
  CHECK_THAT(refusal([&] { c.rundown_next("api"); }),
             Catch::StartsWith("409 rundown_end") && Catch::Contains("\"index\": 0"));
  CHECK(c.rundown().cursor == 3);
  CHECK(c.overlay(slot).state == SlotState::on_air);
  CHECK(log_has(c, "console", "rundown: took item 0 of 3 (Clock), cursor on item 1 of 3"));
  CHECK(log_has(c, "api", "rundown: took item 2 of 3 (Leader), cursor at the end"));
}

TEST_CASE("rundown: back stops at the first item, go cues without taking, out of range is 400",
          "[control][rundown]") {
  Engine e;
  auto& c = e.control;
  c.set_rundown(three_items(), "show.toml", "startup");
  c.rundown_back("console");  // at the start: stays
  CHECK(c.rundown().cursor == 0);
  c.rundown_go(2, "api");
  CHECK(c.rundown().cursor == 2);
  CHECK(c.rundown().slot == 0);  // nothing taken
  CHECK(c.overlays().empty());
  c.rundown_go(3, "api");  // the end
  CHECK(c.rundown().cursor == 3);
  c.rundown_back("console");
  CHECK(c.rundown().cursor == 2);
  CHECK_THAT(refusal([&] { c.rundown_go(4, "api"); }),
             Catch::StartsWith("400 bad_index") && Catch::Contains("numbered 0 to 2"));
  CHECK_THAT(refusal([&] { c.rundown_go(-1, "api"); }), Catch::StartsWith("400 bad_index"));
  CHECK(c.rundown().cursor == 2);
  c.rundown_go(1, "api");
  CHECK(c.rundown_next("api") == 1);  // takes the item gone to
  c.rundown_back("api");
  c.rundown_back("api");
  CHECK(c.rundown_next("api") == 0);
  CHECK(log_has(c, "console", "rundown: back, cursor on item 2 of 3 (Leader)"));
  CHECK(log_has(c, "api", "rundown: go, cursor on item 2 of 3 (Leader)"));
  CHECK(log_has(c, "api", "rundown: go, cursor at the end"));
}

TEST_CASE("rundown: an item the race refuses stays under the cursor; the operator can skip it",
          "[control][rundown]") {
  Engine e;
  auto& c = e.control;
  constexpr const char* kBad = R"([[item]]
show = "split_card"
params = { bib = "9999" }
[[item]]
show = "race_clock"
)";
  c.set_rundown(director::parse_rundown(kBad, "bad.toml", overlays::kinds()), "bad.toml", "t");
  CHECK_THAT(refusal([&] { c.rundown_next("api"); }),
             Catch::StartsWith("400 bad_parameter") &&
                 Catch::Contains("rundown item 0 (split_card, bad.toml:1)") &&
                 Catch::Contains("{\"index\": 1}"));
  CHECK(c.rundown().cursor == 0);
  c.rundown_go(1, "api");
  CHECK(c.rundown_next("api") == 1);
}

TEST_CASE("rundown: each step is a change message; the state has the rundown",
          "[control][rundown]") {
  Engine e;
  Program p;
  auto& c = e.control;
  const auto race = e.publish();
  std::vector<Json> rundown_messages;
  const int token = c.subscribe([&](const std::string& m) {
    const Json j = Json::parse(m);
    if (j["type"] == "rundown") rundown_messages.push_back(j);
  });
  c.set_rundown(three_items(), "show.toml", "startup");
  c.rundown_next("console");
  c.rundown_go(2, "api");
  c.rundown_back("api");
  const int slot = c.rundown().slot;
  c.clear(slot, "console");  // the operator clears the rundown's graphic by hand
  c.unsubscribe(token);

  std::vector<std::string> actions;
  for (const auto& m : rundown_messages) actions.push_back(m["action"]);
  CHECK(actions == std::vector<std::string>{"load", "next", "go", "back", "off_air"});
  CHECK(rundown_messages[1]["by"] == "console");
  CHECK(rundown_messages[1]["rundown"]["on_air"] == 0);
  CHECK(rundown_messages[1]["rundown"]["cursor"] == 1);
  CHECK(rundown_messages[2]["rundown"]["cursor"] == 2);
  CHECK(rundown_messages[3]["rundown"]["cursor"] == 1);
  CHECK(rundown_messages[4]["rundown"]["on_air"].is_null());
  CHECK_FALSE(rundown_messages[0]["rundown"].contains("items"));

  const Json state = Json::parse(c.state_json());
  REQUIRE(state["rundown"].is_object());
  CHECK(state["rundown"]["source"] == "show.toml");
  CHECK(state["rundown"]["cursor"] == 1);
  CHECK(state["rundown"]["slot"] == slot);
  REQUIRE(state["rundown"]["items"].size() == 3);
  CHECK(state["rundown"]["items"][1]["title"] == "Top 10");
  CHECK(state["rundown"]["items"][1]["show"] == "leaderboard");
  CHECK(state["rundown"]["items"][1]["params"]["rows"] == "10");
  CHECK(state["rundown"]["items"][1]["seconds"] == 20.0);
  CHECK(state["rundown"]["items"][1]["line"] == 5);

  // A removed rundown slot is made again by the next take.
  c.remove(slot, "api");
  CHECK(c.rundown().slot == 0);
  c.rundown_next("api");
  CHECK(c.rundown().slot > slot);
  p.program.apply(c, p.scene, kT0, *race);
  CHECK(on_air_kinds(p.scene) == std::vector<std::string>{"leaderboard"});
}

TEST_CASE("rundown: the shipped Almaty rundown parses and every item goes on air on its race",
          "[control][rundown]") {
  const std::string file = PACECAST_SOURCE_DIR "/assets/director/almaty-rundown.toml";
  const auto config = std::make_shared<const race::RaceConfig>(race::parse_race_config(
      core::read_file(PACECAST_SOURCE_DIR "/assets/races/almaty/race.toml"), "race.toml"));
  const auto sample = bundle::generate_almaty(*config, {2025, 0.02});
  race::RaceModel model(config, sample.participants);
  control::Control c(overlays::kinds(), {});
  c.set_race(model.publish());
  c.set_rundown(director::parse_rundown(core::read_file(file), file, overlays::kinds()), file,
                "startup");
  const std::size_t size = c.rundown().items.size();
  CHECK(size >= 6);
  for (std::size_t i = 0; i < size; ++i) {
    INFO("item " << i << ": " << c.rundown().items[i].title);
    CHECK(refusal([&] { CHECK(c.rundown_next("test") == i); }) == "no error");
  }
  CHECK(c.rundown().cursor == size);
}

}  // namespace rundown_control_test
