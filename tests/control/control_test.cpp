#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "control_fixture.h"
#include "core/log.h"

namespace control_test {

using control::SlotState;
using control_test::Engine;
using control_test::Program;
using Json = nlohmann::json;

TEST_CASE("control: an overlay is added, cued, taken and cleared, and who did it is kept",
          "[control]") {
  Engine e;
  auto& c = e.control;
  const int id = c.add("leaderboard", {{"contest", "10k"}, {"rows", "5"}}, "", "console");
  CHECK(id == 1);
  CHECK(c.add("race_clock", {}, "Clock", "api") == 2);
  auto s = c.overlay(id);
  CHECK(s.state == SlotState::off);
  CHECK(s.label == "leaderboard contest=10k rows=5");
  CHECK(s.by == "console");

  c.cue(id, "console");
  CHECK(c.overlay(id).state == SlotState::cued);
  REQUIRE(c.preview_layers().size() == 1);
  CHECK(c.preview_layers()[0].params.get("rows") == "5");

  CHECK(c.take_cued("api") == std::vector<int>{id});
  CHECK(c.overlay(id).state == SlotState::on_air);
  CHECK(c.overlay(id).by == "api");
  CHECK(c.preview_layers().empty());
  CHECK(c.take_cued("api").empty());  // nothing cued any more

  c.take(2, "console");
  CHECK(c.clear_all("console") == std::vector<int>{1, 2});
  CHECK(c.overlay(id).state == SlotState::off);
  c.clear(id, "console");  // already off: nothing happens
  c.remove(2, "api");
  CHECK(c.overlays().size() == 1);
  CHECK(log_has(c, "console", "added overlay 1 (leaderboard contest=10k rows=5)"));
  CHECK(log_has(c, "api", "took overlay 1"));
  CHECK(log_has(c, "console", "cleared overlay 2 (Clock)"));
  CHECK(log_has(c, "api", "removed overlay 2"));
}

TEST_CASE("control: unknown kinds, parameters and values are refused naming what is accepted",
          "[control]") {
  Engine e;
  auto& c = e.control;
  CHECK_THAT(refusal([&] { c.add("circle", {}, "", "api"); }),
             Catch::StartsWith("400 unknown_kind") && Catch::Contains("leaderboard") &&
                 Catch::Contains("split_card"));
  CHECK_THAT(refusal([&] {
               c.add("leaderboard", {{"colour", "red"}}, "", "api");
             }),
             Catch::StartsWith("400 bad_parameter") &&
                 Catch::Contains("unknown parameter 'colour'") && Catch::Contains("contest"));
  CHECK_THAT(refusal([&] {
               c.add("leaderboard", {{"scope", "sideways"}}, "", "api");
             }),
             Catch::StartsWith("400 bad_parameter") && Catch::Contains("overall, gender"));
  // Values are checked by configuring the kind against the race.
  CHECK_THAT(refusal([&] {
               c.add("leaderboard", {{"contest", "ultra"}}, "", "api");
             }),
             Catch::StartsWith("400 bad_parameter") && Catch::Contains("ultra"));
  CHECK_THAT(refusal([&] {
               c.add("lower_third", {{"bib", "999"}}, "", "api");
             }),
             Catch::StartsWith("400 bad_parameter") && Catch::Contains("999"));
  CHECK_THAT(refusal([&] {
               c.add("race_clock", {{"take", "25:99"}}, "", "api");
             }),
             Catch::StartsWith("400 bad_parameter"));
  CHECK(c.overlays().empty());
  const int id = c.add("leaderboard", {{"contest", "10k"}}, "", "api");
  CHECK_THAT(refusal([&] {
               c.set_params(id, {{"rows", "99"}}, "api");
             }),
             Catch::StartsWith("400 bad_parameter") && Catch::Contains("rows"));
  CHECK(c.overlay(id).params.count("rows") == 0);  // unchanged
}

TEST_CASE("control: unknown ids are 404; cueing an overlay on air is 409", "[control]") {
  Engine e;
  auto& c = e.control;
  for (auto fn : std::vector<std::function<void()>>{
           [&] { c.cue(9, "api"); }, [&] { c.take(9, "api"); }, [&] { c.clear(9, "api"); },
           [&] { c.remove(9, "api"); }, [&] { c.set_params(9, {}, "api"); }, [&] { c.overlay(9); },
           [&] { c.set_label(9, "x", "api"); }})
    CHECK_THAT(refusal(fn), Catch::StartsWith("404 unknown_overlay") && Catch::Contains("9"));
  const int id = c.add("race_clock", {}, "", "api");
  c.take(id, "api");
  CHECK_THAT(refusal([&] { c.cue(id, "api"); }), Catch::StartsWith("409 on_air"));
  CHECK_THAT(refusal([&] { c.take(id, "api", -1.0); }), Catch::StartsWith("400 bad_value"));
  CHECK_THAT(refusal([&] { c.set_label(id, std::string(300, 'x'), "api"); }),
             Catch::StartsWith("400 bad_value"));
}

TEST_CASE("program scene: takes, updates and clears reach the real scene", "[control]") {
  Engine e;
  Program p;
  auto& c = e.control;
  const auto race = e.publish();
  const int board = c.add("leaderboard", {{"contest", "10k"}}, "", "console");
  c.cue(board, "console");
  p.program.apply(c, p.scene, kT0, *race);
  CHECK(p.scene.layers().empty());  // cueing never touches the program

  c.take(board, "console");
  CHECK(p.scene.layers().empty());  // the render loop carries it out
  p.program.apply(c, p.scene, kT0, *race);
  REQUIRE(p.scene.layers().size() == 1);
  CHECK(p.scene.layers()[0].kind == "leaderboard");
  CHECK(p.scene.layers()[0].take_at == kT0);
  REQUIRE(p.program.layer_of(board));

  c.set_params(board, {{"rows", "5"}}, "console");
  c.set_params(board, {{"rows", ""}, {"scope", "gender"}, {"gender", "F"}}, "console");
  CHECK(c.overlay(board).params == std::map<std::string, std::string>{
                                       {"contest", "10k"}, {"gender", "F"}, {"scope", "gender"}});
  p.program.apply(c, p.scene, kT0 + core::Ms(40), *race);
  REQUIRE(p.scene.layers().size() == 1);
  CHECK(p.scene.layers()[0].params.get("scope") == "gender");
  CHECK_FALSE(p.scene.layers()[0].params.has("rows"));

  c.clear(board, "console");
  p.program.apply(c, p.scene, kT0 + core::Ms(80), *race);
  REQUIRE(p.scene.layers().size() == 1);
  CHECK(p.scene.layers()[0].out_at == kT0 + core::Ms(80));  // animating out
  CHECK_FALSE(p.program.layer_of(board));

  // Taken, cleared and taken again before the render loop runs: one layer, on air.
  c.take(board, "console");
  c.clear(board, "console");
  c.take(board, "console");
  p.program.apply(c, p.scene, kT0 + core::Ms(120), *race);
  CHECK(on_air_kinds(p.scene) == std::vector<std::string>{"leaderboard"});
  CHECK(c.overlay(board).state == SlotState::on_air);
}

TEST_CASE("program scene: what is taken before the first frame is cut in, later takes animate",
          "[control]") {
  Engine e;
  Program p;
  auto& c = e.control;
  const auto race = e.publish();
  const int board = c.add("leaderboard", {{"contest", "10k"}}, "", "startup");
  c.take(board, "startup");
  p.program.apply(c, p.scene, kT0, *race);  // the program's first frame
  REQUIRE(p.scene.layers().size() == 1);
  CHECK(p.scene.layers()[0].cut);

  const int clock = c.add("race_clock", {{"contest", "10k"}}, "", "console");
  c.take(clock, "console");
  p.program.apply(c, p.scene, kT0 + core::Ms(40), *race);
  REQUIRE(p.scene.layers().size() == 2);
  CHECK_FALSE(p.scene.layers()[1].cut);
  CHECK(p.scene.layers()[1].take_at == kT0 + core::Ms(40));
}

TEST_CASE("program scene: an overlay taken for some seconds clears itself in scene time",
          "[control]") {
  Engine e;
  Program p;
  auto& c = e.control;
  const auto race = e.publish();
  const int card = c.add("split_card", {{"bib", "1"}}, "", "director");
  c.take(card, "director", 8.0);
  p.program.apply(c, p.scene, kT0, *race);
  CHECK(c.overlay(card).clear_at == kT0 + core::Ms(8000));
  p.program.apply(c, p.scene, kT0 + core::Ms(7999), *race);
  CHECK(c.overlay(card).state == SlotState::on_air);
  p.program.apply(c, p.scene, kT0 + core::Ms(8000), *race);
  CHECK(c.overlay(card).state == SlotState::off);
  REQUIRE(p.scene.layers().size() == 1);
  CHECK(p.scene.layers()[0].out_at == kT0 + core::Ms(8000));
  CHECK(log_has(c, "director", "cleared overlay 1 (split_card bib=1) after 8 s"));

  // Taking an overlay already on air only moves its clear.
  c.take(card, "director", 5.0);
  p.program.apply(c, p.scene, kT0 + core::Ms(9000), *race);
  c.take(card, "director");  // now until cleared
  p.program.apply(c, p.scene, kT0 + core::Ms(10000), *race);
  CHECK_FALSE(c.overlay(card).clear_at);
  p.program.apply(c, p.scene, kT0 + core::Ms(60000), *race);
  CHECK(c.overlay(card).state == SlotState::on_air);
}

TEST_CASE(
    "control: a hand clear of the director's overlay cancels its auto clear, logged as "
    "an override; paused automation refuses the director",
    "[control]") {
  Engine e;
  Program p;
  auto& c = e.control;
  const auto race = e.publish();
  const int card = c.add("split_card", {{"bib", "2"}}, "", "director");
  c.take(card, "director", 8.0);
  p.program.apply(c, p.scene, kT0, *race);
  c.clear(card, "console");
  CHECK_FALSE(c.overlay(card).clear_at);
  CHECK(log_has(c, "console", "override: cleared overlay 1"));
  CHECK(log_has(c, "console", "cancelling the director's auto clear"));
  p.program.apply(c, p.scene, kT0 + core::Ms(100), *race);
  c.take(card, "console");
  p.program.apply(c, p.scene, kT0 + core::Ms(20000), *race);
  CHECK(c.overlay(card).state == SlotState::on_air);  // the old auto clear is gone

  c.set_automation(false, "console");
  CHECK_FALSE(c.automation());
  CHECK_THAT(refusal([&] { c.take(card, "director", 8.0); }),
             Catch::StartsWith("409 automation_paused"));
  CHECK_THAT(refusal([&] { c.add("race_clock", {}, "", "director"); }),
             Catch::StartsWith("409 automation_paused"));
  c.clear(card, "rundown");  // the operator's rundown still acts
  c.set_automation(true, "api");
  c.take(card, "director");
  CHECK(c.overlay(card).by == "director");
}

TEST_CASE("program scene: a configure error takes the overlay off with the error in the log",
          "[control]") {
  Engine e;
  Program p;
  // No race yet: only names are checked, so a bad value gets through to the scene.
  control::Control bare(overlays::kinds(), {});
  const int id = bare.add("lower_third", {{"bib", "999"}}, "", "api");
  bare.take(id, "api");
  const auto race = e.publish();
  p.program.apply(bare, p.scene, kT0, *race);
  CHECK(p.scene.layers().empty());
  const auto s = bare.overlay(id);
  CHECK(s.state == SlotState::off);
  CHECK_THAT(s.error, Catch::Contains("999"));
  CHECK(log_has(bare, "program", "went off air"));
}

TEST_CASE("control: data delay and automation, with their range", "[control]") {
  Engine e;
  auto& c = e.control;
  CHECK(c.automation());
  CHECK(c.data_delay() == 0);
  c.set_data_delay(2.5, "console");
  CHECK(c.data_delay() == 2.5);
  for (double bad : {-1.0, 601.0, std::nan("")})
    CHECK_THAT(refusal([&] { c.set_data_delay(bad, "api"); }), Catch::StartsWith("400 bad_value"));
  CHECK(c.data_delay() == 2.5);
  c.set_automation(false, "api");
  const auto state = Json::parse(c.state_json());
  CHECK(state["automation"]["enabled"] == false);
  CHECK(state["automation"]["by"] == "api");
  CHECK(state["data_delay_s"] == 2.5);
}

TEST_CASE("control: change messages come in order, outside the lock; the state has everything",
          "[control]") {
  Engine e;
  auto& c = e.control;
  std::vector<Json> messages;
  const int token = c.subscribe([&](const std::string& m) {
    messages.push_back(Json::parse(m));
    (void)c.overlays();  // calling back into Control from a listener does not deadlock
  });
  const int id = c.add("race_clock", {}, "", "api");
  c.take(id, "api");
  c.set_data_delay(1, "api");
  c.set_automation(false, "api");
  control::RunStatus st;
  st.fps = 25;
  st.ticks = 1000;
  st.stage_ms = {{"blend", 1.5}};
  st.sinks.push_back({"out.mp4", "running", 10, 1000, 2500, 0, 0, 0, ""});
  c.set_status(st);
  c.correct_status("12", race::RunnerStatus::dnf, "medical", "api");
  c.remove(id, "api");
  c.unsubscribe(token);
  c.log("console", "after unsubscribing");

  std::vector<std::string> types;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    types.push_back(messages[i]["type"]);
    CHECK(messages[i]["seq"] == static_cast<int>(i + 1));
  }
  const std::vector<std::string> expected = {
      "log",        "overlay", "log", "overlay",    "log", "data_delay", "log",
      "automation", "status",  "log", "correction", "log", "overlay"};
  CHECK(types == expected);
  CHECK(messages[3]["overlay"]["state"] == "on_air");
  CHECK(messages[8]["status"]["sinks"][0]["target"] == "out.mp4");
  CHECK(messages[10]["correction"]["kind"] == "status");
  CHECK(messages.back()["removed"] == id);

  const auto state = Json::parse(c.state_json());
  CHECK(state["seq"] == 14);  // the log line after unsubscribing is message 14
  CHECK(state["status"]["fps"] == 25);
  CHECK(state["status"]["stage_ms"]["blend"] == 1.5);
  CHECK(state["corrections"].size() == 1);
  CHECK(state["race"]["runners"] == 7);
  CHECK(state["overlays"].empty());
  CHECK(state["log_seq"] == 7);
}

TEST_CASE("control: the log keeps the last 1,000 entries", "[control]") {
  Engine e;
  auto& c = e.control;
  core::log::set_level(core::log::Level::warn);  // each entry also goes to the process log
  for (int i = 1; i <= 1005; ++i) c.log("console", "line " + std::to_string(i));
  core::log::set_level(core::log::Level::info);
  const auto all = c.log_since(0);
  REQUIRE(all.size() == 1000);
  CHECK(all.front().seq == 6);
  CHECK(all.front().text == "line 6");
  CHECK(all.back().seq == 1005);
  const auto tail = c.log_since(1003);
  REQUIRE(tail.size() == 2);
  CHECK(tail[0].text == "line 1004");
  CHECK(c.log_since(1005).empty());
}

}  // namespace control_test
