// The Canvas records what overlays draw (no GL): state stack, clipping, opacity, transforms,
// culling, and text placement in boxes with truncation.
#include <catch2/catch.hpp>

#include "render/canvas.h"
#include "render/text.h"

namespace canvas_test {

namespace {

render::TextEngine& text() {
  static render::TextEngine engine(render::TextEngine::Options{});
  return engine;
}

}  // namespace

TEST_CASE("canvas: colours parse and print", "[canvas]") {
  CHECK(render::Color::parse("#FF0000") == render::Color{1, 0, 0, 1});
  CHECK(render::Color::parse("#00ff0080")->a == Approx(128.f / 255));
  CHECK(render::Color::parse("#fff") == render::Color{1, 1, 1, 1});
  CHECK(render::Color::parse("transparent")->a == 0);
  CHECK_FALSE(render::Color::parse("red"));
  CHECK_FALSE(render::Color::parse("#12345"));
  CHECK_FALSE(render::Color::parse("#GG0000"));
  CHECK(render::Color::parse("#0C1B33EB")->to_hex() == "#0C1B33EB");
}

TEST_CASE("canvas: transforms, save/restore, clip and opacity are recorded per op", "[canvas]") {
  render::Canvas c(text(), 1920, 1080);
  c.fill_rect({10, 10, 100, 50}, {1, 0, 0, 1});
  c.save();
  c.translate(100, 200);
  c.scale(2, 2);
  c.multiply_opacity(0.5f);
  c.clip({0, 0, 40, 40});  // → output (100,200)–(180,280)
  c.fill_rect({0, 0, 100, 100}, {0, 1, 0, 1});
  c.restore();
  c.fill_rect({0, 0, 10, 10}, {0, 0, 1, 1});
  const auto& ops = c.draw_list().ops;
  REQUIRE(ops.size() == 3);
  CHECK(ops[0].bounds() == render::Rect{10, 10, 100, 50});
  CHECK(ops[1].bounds() == render::Rect{100, 200, 200, 200});
  CHECK(ops[1].state.clip == render::Rect{100, 200, 80, 80});
  CHECK(ops[1].state.opacity == 0.5f);
  CHECK(ops[2].state.opacity == 1);
  CHECK(ops[2].state.transform == render::Affine{});
  c.restore();  // unbalanced: harmless
  c.fill_rect({0, 0, 1, 1}, {1, 1, 1, 1});
  CHECK(c.draw_list().ops.size() == 4);
}

TEST_CASE("canvas: invisible and off-screen drawing records nothing", "[canvas]") {
  render::Canvas c(text(), 640, 360);
  c.fill_rect({700, 0, 50, 50}, {1, 0, 0, 1});  // right of the screen
  c.fill_rect({0, 0, 0, 50}, {1, 0, 0, 1});     // empty
  c.fill_rect({0, 0, 50, 50}, {1, 0, 0, 0});    // transparent
  c.line({0, 0}, {10, 10}, 0, {1, 1, 1, 1});    // zero width
  c.save();
  c.multiply_opacity(0);
  c.fill_rect({0, 0, 50, 50}, {1, 0, 0, 1});
  c.restore();
  c.save();
  c.clip({0, 0, 10, 10});
  c.fill_rect({20, 20, 50, 50}, {1, 0, 0, 1});  // outside the clip
  c.restore();
  CHECK(c.draw_list().ops.empty());
  // A shadow reaching on screen keeps an off-screen box.
  render::BoxStyle s;
  s.shadow = {{0, 0}, 20, 0, {0, 0, 0, 1}};
  c.box({-30, 10, 20, 20}, s);
  CHECK(c.draw_list().ops.size() == 1);
  c.reset(100, 100);
  CHECK(c.draw_list().ops.empty());
  CHECK(c.width() == 100);
}

TEST_CASE("canvas: rotation maps bounds", "[canvas]") {
  render::Canvas c(text(), 1000, 1000);
  c.translate(500, 500);
  c.rotate(3.14159265f / 2);
  c.fill_rect({0, 0, 100, 10}, {1, 1, 1, 1});
  const auto b = c.draw_list().ops.at(0).bounds();
  CHECK(b.x == Approx(490).margin(0.01));
  CHECK(b.y == Approx(500).margin(0.01));
  CHECK(b.w == Approx(10).margin(0.01));
  CHECK(b.h == Approx(100).margin(0.01));
}

TEST_CASE("canvas: text is aligned in its box and truncated to it", "[canvas][text]") {
  render::Canvas c(text(), 1920, 1080);
  render::TextStyle style;
  style.size = 40;
  const render::Rect box{100, 100, 600, 60};
  const auto left = c.text(box, "Сәуле Жақыпбекова", style, render::Align::left);
  const auto right = c.text(box, "Сәуле Жақыпбекова", style, render::Align::right);
  const auto centre = c.text(box, "Сәуле Жақыпбекова", style, render::Align::center);
  REQUIRE(c.draw_list().ops.size() == 3);
  const auto& l = std::get<render::TextOp>(c.draw_list().ops[0].op);
  const auto& r = std::get<render::TextOp>(c.draw_list().ops[1].op);
  const auto& m = std::get<render::TextOp>(c.draw_list().ops[2].op);
  CHECK_FALSE(left.truncated);
  CHECK(l.origin.x == Approx(100));
  CHECK(r.origin.x + right.width == Approx(700));
  CHECK(m.origin.x - 100 == Approx(700 - (m.origin.x + centre.width)).margin(0.01));
  // Baseline centres the line vertically in the box.
  CHECK(l.ink.y - box.y == Approx(box.bottom() - l.ink.bottom()).margin(0.01));
  CHECK(l.shaped->missing == 0);

  const auto cut = c.text({100, 200, 300, 60}, "Алтынбекова-Жұмабаева Ақмарал Серікқызы", style);
  CHECK(cut.truncated);
  CHECK(cut.width <= 300);
  const auto& t = std::get<render::TextOp>(c.draw_list().ops.back().op);
  CHECK(t.text.ends_with("…"));
  CHECK(t.ink.right() <= 400 + 0.01);
}

TEST_CASE("canvas: text is shaped at the output scale and measured in canvas units",
          "[canvas][text]") {
  render::Canvas c(text(), 3840, 2160);
  render::TextStyle style;
  style.size = 30;
  const auto at1 = c.measure("2:08:48", style);
  c.save();
  c.scale(2, 2);
  const auto at2 = c.measure("2:08:48", style);
  c.text({0, 0, 500, 50}, "2:08:48", style);
  c.restore();
  CHECK(at2.width == Approx(at1.width).epsilon(0.03));
  const auto& op = std::get<render::TextOp>(c.draw_list().ops.at(0).op);
  CHECK(op.shaped->px_size == Approx(60));
}

}  // namespace canvas_test
