#include <catch2/catch.hpp>

#include "race/model.h"
#include "render/text.h"
#include "scene/scene.h"

namespace scene_test {

namespace {

// A minimal overlay kind for exercising the scene: one box, its size from a parameter.
class BoxOverlay : public scene::Overlay {
 public:
  void configure(const scene::Params& params, const race::RaceSnapshot&) override {
    size_ = static_cast<float>(params.get_int("size", 100, 10, 500));
  }
  void draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) override {
    last_ = frame;
    canvas.fill_rect({frame.safe.x, frame.safe.y, size_, size_}, look.color("fill", {1, 1, 1, 1}));
  }
  float size_ = 100;
  scene::Frame last_;
};

std::vector<scene::OverlayKind> kinds() {
  scene::OverlayKind k;
  k.name = "box";
  k.description = "a box";
  k.params = {{"size", "box size", "100", {}}, {"mode", "a choice", "a", {"a", "b"}}};
  k.default_look = "fill = \"#FF0000\"\n[animation]\nin_ms = 1000\nout_ms = 500\nslide_y = 40\n";
  k.make = [] { return std::make_unique<BoxOverlay>(); };
  return {k};
}

constexpr std::string_view kTheme = "[animation]\nin_ms = 450\nout_ms = 350\n";

race::SnapshotPtr empty_race() {
  auto config = std::make_shared<race::RaceConfig>();
  config->name = "Test";
  config->date = core::Date{std::chrono::year(2025), std::chrono::month(9), std::chrono::day(28)};
  race::RaceModel model(config, {});
  return model.publish();
}

render::TextEngine& text() {
  static render::TextEngine engine(render::TextEngine::Options{});
  return engine;
}

const render::DrawOp* only_op(const render::DrawList& list) {
  return list.ops.size() == 1 ? &list.ops[0] : nullptr;
}

// The box kind on a scene, drawn onto a 1080p canvas at offsets from t0.
struct BoxScene {
  BoxScene() : looks(kTheme, {{"box", box_kinds[0].default_look}}, std::nullopt) {}
  render::DrawList frame_at(core::Ms offset) {
    canvas.reset(1920, 1080);
    scene.draw(canvas, {t0 + offset, race, false});
    return canvas.draw_list();
  }
  std::vector<scene::OverlayKind> box_kinds = kinds();
  scene::LookStore looks;
  scene::Scene scene{box_kinds, looks};
  race::SnapshotPtr race = empty_race();
  core::UtcMs t0{core::Ms(1'000'000)};
  render::Canvas canvas{text(), 1920, 1080};
};

}  // namespace

TEST_CASE("scene: an overlay eases in, stays, eases out and leaves", "[scene]") {
  BoxScene b;
  auto& scene = b.scene;
  const auto t0 = b.t0;
  const int id = scene.take("box", {}, t0, *b.race);
  auto frame_at = [&](core::Ms offset) { return b.frame_at(offset); };
  CHECK(frame_at(core::Ms(-1)).ops.empty());  // before the take
  CHECK(frame_at(core::Ms(0)).ops.empty());   // fully transparent at the take

  const auto mid = frame_at(core::Ms(500));
  REQUIRE(only_op(mid));
  const float eased = scene::ease_out_cubic(0.5f);
  CHECK(mid.ops[0].state.opacity == Approx(eased));
  CHECK(mid.ops[0].state.transform.f == Approx(40 * (1 - eased)));

  const auto on = frame_at(core::Ms(5000));
  REQUIRE(only_op(on));
  CHECK(on.ops[0].state.opacity == 1);
  CHECK(on.ops[0].bounds() == render::Rect{96, 54, 100, 100});  // 5% safe area, 1080p

  REQUIRE(scene.take_out(id, t0 + core::Ms(10'000)));
  CHECK_FALSE(scene.take_out(id, t0 + core::Ms(10'000)));  // already leaving
  const auto leaving = frame_at(core::Ms(10'250));
  REQUIRE(only_op(leaving));
  CHECK(leaving.ops[0].state.opacity == Approx(scene::ease_out_cubic(0.5f)));
  CHECK(frame_at(core::Ms(10'500)).ops.empty());
  CHECK(scene.layers().empty());
}

TEST_CASE("scene: a layer cut in is whole at its first frame and still eases out", "[scene]") {
  BoxScene b;
  auto& scene = b.scene;
  const int id = scene.take("box", {}, b.t0, *b.race, scene::Scene::Entry::cut);
  auto frame_at = [&](core::Ms offset) { return b.frame_at(offset); };
  CHECK(frame_at(core::Ms(-1)).ops.empty());  // not before its take
  for (const core::Ms at : {core::Ms(0), core::Ms(20), core::Ms(500)}) {
    const auto list = frame_at(at);
    REQUIRE(only_op(list));
    CHECK(list.ops[0].state.opacity == 1);
    CHECK(list.ops[0].state.transform.f == 0);  // no slide
    CHECK(list.ops[0].bounds() == render::Rect{96, 54, 100, 100});
  }
  REQUIRE(scene.take_out(id, b.t0 + core::Ms(10'000)));
  const auto leaving = frame_at(core::Ms(10'250));
  REQUIRE(only_op(leaving));
  CHECK(leaving.ops[0].state.opacity == Approx(scene::ease_out_cubic(0.5f)));
  CHECK(frame_at(core::Ms(10'500)).ops.empty());
}

TEST_CASE("scene: frames at the same presentation time are identical", "[scene]") {
  const auto k = kinds();
  scene::LookStore looks(kTheme, {{"box", k[0].default_look}}, std::nullopt);
  scene::Scene scene(k, looks);
  const auto race = empty_race();
  const core::UtcMs t0{core::Ms(1'000'000)};
  scene.take("box", scene::Params({{"size", "200"}}), t0, *race);
  render::Canvas canvas(text(), 1280, 720);
  auto ops_at = [&](core::Ms offset) {
    canvas.reset(1280, 720);
    scene.draw(canvas, {t0 + offset, race, false});
    std::vector<render::Rect> v;
    for (const auto& op : canvas.draw_list().ops) v.push_back(op.bounds());
    return std::make_pair(v, canvas.draw_list().ops.at(0).state.opacity);
  };
  const auto a = ops_at(core::Ms(333));
  ops_at(core::Ms(900));
  ops_at(core::Ms(100));
  CHECK(ops_at(core::Ms(333)) == a);
  // 720p is the same design scaled by 2/3.
  CHECK(a.first.at(0).w == Approx(200.f * 720 / 1080));
}

TEST_CASE("scene: unknown kinds, parameters and values are refused with the accepted ones",
          "[scene]") {
  const auto k = kinds();
  scene::LookStore looks(kTheme, {{"box", k[0].default_look}}, std::nullopt);
  scene::Scene scene(k, looks);
  const auto race = empty_race();
  const core::UtcMs t0{core::Ms(1'000'000)};
  CHECK_THROWS_WITH(scene.take("circle", {}, t0, *race),
                    Catch::Contains("no overlay called 'circle'") && Catch::Contains("box"));
  CHECK_THROWS_WITH(
      scene.take("box", scene::Params({{"colour", "red"}}), t0, *race),
      Catch::Contains("unknown parameter 'colour'") && Catch::Contains("size, mode, take, out"));
  CHECK_THROWS_WITH(scene.take("box", scene::Params({{"mode", "c"}}), t0, *race),
                    Catch::Contains("mode=c is not allowed; use one of: a, b"));
  CHECK_THROWS_WITH(scene.take("box", scene::Params({{"size", "5000"}}), t0, *race),
                    Catch::Contains("size=5000: expected a whole number from 10 to 500"));
  CHECK_THROWS_WITH(scene.take("box", scene::Params({{"take", "25:00:00"}}), t0, *race),
                    Catch::Contains("take=25:00:00"));
  CHECK(scene.layers().empty());
  CHECK_THROWS_WITH(scene.update(7, {}, *race), Catch::Contains("no layer 7"));
}

TEST_CASE("scene: take and out parameters place the animation in race time", "[scene]") {
  const auto k = kinds();
  scene::LookStore looks(kTheme, {{"box", k[0].default_look}}, std::nullopt);
  scene::Scene scene(k, looks);
  const auto race = empty_race();
  const auto& config = race->config();
  const auto at = [&](int h, int m, int s) {
    return core::local_to_utc(
        config.date, std::chrono::hours(h) + std::chrono::minutes(m) + std::chrono::seconds(s),
        config.utc_offset);
  };
  scene.take("box", scene::Params({{"take", "08:00:00"}, {"out", "08:00:10"}}), at(9, 0, 0), *race);
  render::Canvas canvas(text(), 1920, 1080);
  canvas.reset(1920, 1080);
  scene.draw(canvas, {at(7, 59, 59), race, false});
  CHECK(canvas.draw_list().ops.empty());
  canvas.reset(1920, 1080);
  scene.draw(canvas, {at(8, 0, 5), race, true});
  REQUIRE(canvas.draw_list().ops.size() == 1);
  CHECK(canvas.draw_list().ops[0].state.opacity == 1);
  canvas.reset(1920, 1080);
  scene.draw(canvas, {at(8, 0, 11), race, false});
  CHECK(canvas.draw_list().ops.empty());
}

}  // namespace scene_test
