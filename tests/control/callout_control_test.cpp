// The callout overlay through Control as the app will use it: added with a Russian
// sentence, cued, taken, drawn by the program scene with that text, updated and cleared.
#include <catch2/catch.hpp>

#include "control_fixture.h"
#include "render/canvas.h"
#include "render/text.h"

namespace callout_control_test {

using control::SlotState;
using control_test::Engine;
using control_test::kT0;
using control_test::Program;

namespace {

// Every text the program scene draws at `now`, one per line.
std::string drawn_texts(Program& p, const race::SnapshotPtr& race, core::UtcMs now) {
  static render::TextEngine engine(render::TextEngine::Options{});
  render::Canvas canvas(engine, 1920, 1080);
  p.scene.draw(canvas, {now, race, false});
  std::string out;
  for (const auto& op : canvas.draw_list().ops)
    if (const auto* t = std::get_if<render::TextOp>(&op.op)) out += t->text + "\n";
  return out;
}

}  // namespace

TEST_CASE("control: a callout with a Russian sentence is added, cued, taken and drawn",
          "[control][callout]") {
  Engine e;
  Program p;
  auto& c = e.control;
  const auto race = e.publish();
  const std::string ru = "Новый лидер на отметке 5 км: Жанар Сейітқызы";
  const int id = c.add("callout", {{"text", ru}, {"lang", "ru"}, {"priority", "high"}}, "", "api");
  c.cue(id, "api");
  REQUIRE(c.preview_layers().size() == 1);
  CHECK(c.preview_layers()[0].params.get("text") == ru);
  c.take_cued("api");
  CHECK(c.overlay(id).state == SlotState::on_air);
  p.program.apply(c, p.scene, kT0, *race);
  REQUIRE(p.scene.layers().size() == 1);
  CHECK(p.scene.layers()[0].kind == "callout");
  CHECK(c.overlay(id).error.empty());

  const std::string shown = drawn_texts(p, race, kT0 + core::Ms(2000));
  CHECK_THAT(shown, Catch::Contains(ru + "\n"));
  CHECK_THAT(shown, Catch::Contains("ФИНИШ\n"));

  // The next sentence replaces the text on air.
  const std::string next = "Первая женщина финишировала: Анна Иванова";
  c.set_params(id, {{"text", next}}, "api");
  p.program.apply(c, p.scene, kT0 + core::Ms(3000), *race);
  const std::string after = drawn_texts(p, race, kT0 + core::Ms(3000));
  CHECK_THAT(after, Catch::Contains(next));
  CHECK_THAT(after, !Catch::Contains(ru));

  c.clear(id, "api");
  p.program.apply(c, p.scene, kT0 + core::Ms(4000), *race);
  CHECK(c.overlay(id).state == SlotState::off);
  CHECK(drawn_texts(p, race, kT0 + core::Ms(9000)).empty());
}

TEST_CASE("control: a callout with a bad language is refused naming the languages",
          "[control][callout]") {
  Engine e;
  e.publish();
  try {
    e.control.add("callout", {{"text", "Hi"}, {"lang", "de"}}, "", "api");
    FAIL("no error");
  } catch (const control::ControlError& err) {
    CHECK_THAT(std::string(err.what()), Catch::Contains("ru") && Catch::Contains("kk"));
  }
}

}  // namespace callout_control_test
