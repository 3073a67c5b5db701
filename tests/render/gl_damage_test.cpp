// Incremental (damage-region) drawing in the GL renderer: over sequences of frames, the
// pixels of a renderer that redraws only what changed are byte for byte those of one that
// redraws everything, and the damage it reports is what changed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "render/canvas.h"
#include "render/gl_context.h"
#include "render/renderer.h"
#include "render/text.h"

namespace gl_damage_test {

using namespace render;

namespace {

// One context with two renderers: `incremental` (the default) and `reference`, which
// redraws every frame in full.
struct Pair {
  GlContext context{ContextOptions{}};
  TextEngine text{TextEngine::Options{}};
  GlRenderer incremental{context};
  GlRenderer reference{context};
  Image got, want;
  Pair() { reference.set_incremental(false); }
};
Pair& pair() {
  static Pair instance;
  instance.context.make_current();  // other test files keep their own context
  return instance;
}

BoxStyle solid(Color c) {
  BoxStyle s;
  s.fill.color = c;
  return s;
}

BoxStyle panel(Color c, float radius) {
  BoxStyle s = solid(c).rounded(radius);
  s.shadow = {{3, 6}, 14, 2, {0, 0, 0, 0.55f}};
  s.border_width = 2;
  s.border_color = {1, 1, 1, 0.4f};
  return s;
}

// A width × height list of boxes, each unclipped and untransformed.
DrawList boxes(int width, int height, std::initializer_list<std::pair<Rect, BoxStyle>> items) {
  DrawList list;
  list.width = width;
  list.height = height;
  DrawState state;
  state.clip = {0, 0, float(width), float(height)};
  for (const auto& [rect, style] : items) list.ops.push_back(DrawOp{state, BoxOp{rect, style}});
  return list;
}

// Where two images first differ and how many pixels do.
std::string describe_difference(const Image& got, const Image& want) {
  if (got.width != want.width || got.height != want.height) return "sizes differ";
  std::size_t differing = 0;
  int first_x = -1, first_y = -1;
  for (int y = 0; y < got.height; ++y) {
    for (int x = 0; x < got.width; ++x) {
      if (std::equal(got.pixel(x, y), got.pixel(x, y) + 4, want.pixel(x, y))) continue;
      if (differing++ == 0) first_x = x, first_y = y;
    }
  }
  if (differing == 0) return "identical";
  const std::uint8_t* g = got.pixel(first_x, first_y);
  const std::uint8_t* w = want.pixel(first_x, first_y);
  return std::to_string(differing) + " pixels differ, first at (" + std::to_string(first_x) + "," +
         std::to_string(first_y) + "): got " + std::to_string(g[0]) + "," + std::to_string(g[1]) +
         "," + std::to_string(g[2]) + "," + std::to_string(g[3]) + " want " + std::to_string(w[0]) +
         "," + std::to_string(w[1]) + "," + std::to_string(w[2]) + "," + std::to_string(w[3]);
}

struct RunResult {
  int frames = 0;
  int incremental_frames = 0;  // drawn without a full redraw
  bool identical = true;
};

// Draws `frames` frames (`scene` records frame i on the canvas) with both renderers and
// compares every frame byte for byte; stops at the first difference.
RunResult run(
    int width, int height, int frames, const std::function<void(Canvas&, int)>& scene,
    const std::function<Color(int)>& clear = [](int) {
      return Color{0, 0, 0, 0};
    }) {
  Pair& p = pair();
  Canvas canvas(p.text, width, height);
  RunResult result;
  for (int i = 0; i < frames; ++i) {
    canvas.reset(width, height);
    scene(canvas, i);
    const Color c = clear(i);
    const RenderStats stats = p.incremental.render(canvas.draw_list(), p.text, c);
    p.reference.render(canvas.draw_list(), p.text, c);
    p.incremental.read_pixels(p.got);
    p.reference.read_pixels(p.want);
    ++result.frames;
    result.incremental_frames += stats.full_redraw ? 0 : 1;
    if (p.got.rgba != p.want.rgba) {
      INFO("frame " << i << " (" << (stats.full_redraw ? "full" : "incremental") << ", "
                    << stats.damaged_pixels
                    << " px damaged): " << describe_difference(p.got, p.want));
      const bool identical = false;
      CHECK(identical);
      result.identical = false;
      break;
    }
  }
  return result;
}

ImagePtr checker(int size, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  auto img = std::make_shared<Image>(size, size);
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      std::uint8_t* px = img->pixel(x, y);
      const bool on = ((x / 4) + (y / 4)) % 2 == 0;
      px[0] = on ? r : 255 - r;
      px[1] = on ? g : 255 - g;
      px[2] = on ? b : 255 - b;
      px[3] = std::uint8_t(128 + (x * 127) / std::max(size - 1, 1));
    }
  }
  return img;
}

// A backdrop that does not change: panels, a gradient, text.
void backdrop(Canvas& c) {
  BoxStyle grad = solid({0.1f, 0.2f, 0.5f, 0.85f}).rounded(16);
  grad.fill.color_to = Color{0.6f, 0.1f, 0.3f, 0.85f};
  grad.fill.angle_deg = 20;
  c.box({20, 20, 600, 150}, grad);
  c.box({40, 200, 560, 120}, panel({0.05f, 0.05f, 0.08f, 0.9f}, 12));
  TextStyle style;
  style.size = 28;
  c.text({60, 210, 520, 40}, "ALMATY MARATHON 2:07:31", style);
  style.size = 18;
  style.color = {0.9f, 0.8f, 0.2f, 1};
  c.text({60, 260, 520, 30}, "Record pace · 42.195 km · Kenenisa", style);
}

}  // namespace

TEST_CASE("gl damage: moving, rotating and fading boxes with shadows match a full redraw",
          "[gl][damage]") {
  const RunResult r = run(640, 360, 40, [](Canvas& c, int i) {
    backdrop(c);
    c.box({30.f + 7.f * float(i), 60, 90, 50}, panel({0.9f, 0.3f, 0.1f, 0.95f}, 14));
    c.save();
    c.translate(500, 110);
    c.rotate(0.11f * float(i));
    c.box({-40, -25, 80, 50}, panel({0.2f, 0.8f, 0.4f, 1}, 8));
    c.restore();
    c.save();
    c.multiply_opacity(float(i % 10) / 9.f);
    c.box({300, 240, 120, 60}, panel({1, 1, 1, 0.8f}, 20));
    c.restore();
    c.line({10, 340}, {10.f + 15.f * float(i), 300}, 3, {1, 1, 0, 1});
    // Sub-pixel motion: damage must cover anti-aliased edges.
    c.box({100.3f + 0.37f * float(i), 280.6f, 33.3f, 21.7f}, solid({0, 1, 1, 0.6f}));
  });
  CHECK(r.identical);
  CHECK(r.frames == 40);
  CHECK(r.incremental_frames >= 35);
}

TEST_CASE("gl damage: bars growing and shrinking at one edge match a full redraw", "[gl][damage]") {
  // Progress bars: only the pixels near the moving edge are redrawn, so sub-pixel steps,
  // rounded ends, borders, shadows and a scaling transform must all come out exact.
  const RunResult r = run(640, 360, 48, [](Canvas& c, int i) {
    backdrop(c);
    const float t = float(i);
    c.box({40, 60, 560, 18}, solid({0.3f, 0.3f, 0.35f, 0.8f}).rounded(9));
    c.box({40, 60, 30.f + 9.37f * t, 18}, solid({0.1f, 0.6f, 0.9f, 1}).rounded(9));
    c.box({40, 100, 200.f + 4.1f * t, 24}, panel({0.9f, 0.8f, 0.1f, 0.9f}, 6));
    c.box({600.f - 6.3f * t, 140, 6.3f * t + 1.f, 14}, solid({1, 0.2f, 0.2f, 0.7f}));
    c.box({560, 330.f - 3.7f * t, 20, 3.7f * t + 2.f}, panel({0.2f, 0.9f, 0.5f, 1}, 4));
    c.save();
    c.translate(120, 280);
    c.scale(1.5f, 1.5f);
    c.multiply_opacity(0.8f);
    c.box({0, 0, 20.f + 5.1f * float(i % 30), 12}, panel({1, 1, 1, 0.9f}, 6));
    c.restore();
  });
  CHECK(r.identical);
  CHECK(r.frames == 48);
  CHECK(r.incremental_frames >= 46);
}

TEST_CASE("gl damage: text crawling over a translucent bar matches a full redraw", "[gl][damage]") {
  // A ticker: the bar's fill lies under the crawl, so its damage is redrawn from the fill
  // up without a clear; the bar's anti-aliased ends, its shadow and a panel under part of
  // it leave strips that are cleared and redrawn as usual.
  TextStyle style;
  style.size = 22;
  const RunResult r = run(640, 360, 40, [&](Canvas& c, int i) {
    c.box({0, 250, 180, 90}, panel({0.2f, 0.2f, 0.3f, 0.9f}, 10));
    BoxStyle bar = solid({0.05f, 0.1f, 0.2f, 0.8f});
    bar.shadow = {{0, -2}, 10, 0, {0, 0, 0, 0.5f}};
    c.box({0.5f, 300, 640, 40}, bar);
    c.save();
    c.clip({120, 300, 520, 40});
    const float x = 640 - 7.4f * float(i);
    c.text({x, 300, 300, 40}, "Aibek SULTANALIEV 2:31:07", style);
    c.box({x + 310.3f, 312, 40, 16}, solid({0.3f, 0.3f, 0.4f, 1}).rounded(4));
    c.text({x + 360, 300, 200, 40}, "Ғалия ҚАСЫМОВА", style);
    c.restore();
  });
  CHECK(r.identical);
  CHECK(r.frames == 40);
  CHECK(r.incremental_frames >= 38);
  // Over an opaque clear colour there is no shortcut; still exact.
  const RunResult opaque = run(
      640, 360, 12,
      [&](Canvas& c, int i) {
        c.box({0, 300, 640, 40}, solid({0.05f, 0.1f, 0.2f, 0.8f}));
        c.text({600 - 9.f * float(i), 300, 300, 40}, "Daniel KIBIWOTT", style);
      },
      [](int) {
        return Color{0.2f, 0.4f, 0.3f, 1};
      });
  CHECK(opaque.identical);
}

TEST_CASE("gl damage: a bar that grows damages only its growing end", "[gl][damage]") {
  Pair& p = pair();
  DrawList list = boxes(400, 100, {{{20, 40, 200, 20}, solid({1, 0, 0, 1}).rounded(10)}});
  p.incremental.render(list, p.text);
  std::get<BoxOp>(list.ops[0].op).rect.w = 203;
  RenderStats s = p.incremental.render(list, p.text);
  CHECK_FALSE(s.full_redraw);
  // The 3-pixel step plus radius and anti-aliasing on each side, the bar's height plus
  // the same: far less than the 200-pixel bar.
  CHECK(s.damaged_pixels > 0);
  CHECK(s.damaged_pixels <= 40 * 50);
  // A gradient spans the whole box: all of it changes.
  std::get<BoxOp>(list.ops[0].op).style.fill.color_to = Color{0, 0, 1, 1};
  p.incremental.render(list, p.text);
  std::get<BoxOp>(list.ops[0].op).rect.w = 206;
  s = p.incremental.render(list, p.text);
  CHECK(s.damaged_pixels >= 206 * 20);
}

TEST_CASE("gl damage: text appearing, changing and disappearing matches a full redraw",
          "[gl][damage]") {
  const RunResult r = run(640, 360, 36, [](Canvas& c, int i) {
    backdrop(c);
    TextStyle style;
    style.size = 24;
    style.tabular = true;
    c.text({400, 20, 200, 40}, "0:0" + std::to_string(i / 3) + "." + std::to_string(i % 10), style,
           Align::right);
    if (i % 7 < 4) c.text({60, 100, 300, 40}, "Split " + std::to_string(i / 5), style);
    if (i % 5 == 2) c.box({50, 90, 200, 50}, solid({0, 0, 0, 0.5f}));  // ops come and go
    for (int k = 0; k < (i % 4); ++k) {
      c.text({60.f + 120.f * float(k), 320, 110, 30}, "bib " + std::to_string(100 + k), style);
    }
    c.save();
    c.translate(520, 300);
    c.rotate(-0.05f * float(i));
    c.text_at({-60, 0}, "ROTATED", style);
    c.restore();
  });
  CHECK(r.identical);
  CHECK(r.incremental_frames >= 30);
}

TEST_CASE("gl damage: changing clips match a full redraw", "[gl][damage]") {
  const RunResult r = run(480, 270, 32, [](Canvas& c, int i) {
    backdrop(c);
    c.save();
    c.clip({40, 40, 10.f + 9.f * float(i), 100});
    c.box({40, 40, 300, 100}, panel({0.3f, 0.3f, 0.9f, 1}, 10));
    TextStyle style;
    style.size = 30;
    c.text({50, 60, 400, 40}, "WIPING IN", style);
    c.restore();
    c.save();
    c.clip({200.f - float(i), 150, 20.f + 2.f * float(i), 80});
    c.box({180, 150, 120, 80}, solid({1, 0.5f, 0, 1}));
    c.restore();
  });
  CHECK(r.identical);
  CHECK(r.incremental_frames >= 28);
}

TEST_CASE("gl damage: images moving, swapped and coming and going match a full redraw",
          "[gl][damage]") {
  std::vector<ImagePtr> images;
  for (int k = 0; k < 4; ++k) {
    images.push_back(checker(32, std::uint8_t(60 * k), 200, std::uint8_t(255 - 50 * k)));
  }
  const RunResult r = run(480, 270, 32, [&](Canvas& c, int i) {
    backdrop(c);
    c.image({20.f + 5.f * float(i), 30, 64, 64}, images[0]);
    c.image({300, 40, 48, 48}, images[std::size_t(1 + (i / 5) % 3)]);  // new picture
    if (i % 6 < 3) c.image({200, 180, 40, 40}, images[0], {1, 1, 1, 0.5f});
    c.save();
    c.translate(400, 200);
    c.rotate(0.2f * float(i));
    c.image({-20, -20, 40, 40}, images[2]);
    c.restore();
  });
  CHECK(r.identical);
  CHECK(r.incremental_frames >= 28);
}

TEST_CASE("gl damage: a box moving across static text matches a full redraw", "[gl][damage]") {
  const RunResult r = run(640, 200, 40, [](Canvas& c, int i) {
    TextStyle style;
    style.size = 40;
    c.text({20, 20, 600, 60}, "STATIC TEXT UNDER", style);
    c.box({-60.f + 17.f * float(i), 10, 70, 80}, panel({0.8f, 0.1f, 0.2f, 0.7f}, 12));
    style.color = {0.1f, 1, 0.3f, 1};
    c.text({20, 110, 600, 60}, "STATIC TEXT ABOVE", style);
    c.box({-60.f + 15.f * float(i), 100, 70, 80}, solid({0.2f, 0.2f, 1, 0.8f}));
    style.color = {1, 1, 1, 0.9f};
    c.text({20, 120, 600, 60}, "... over the box", style);
  });
  CHECK(r.identical);
  CHECK(r.incremental_frames >= 36);
}

TEST_CASE("gl damage: random edits of a random scene match a full redraw", "[gl][damage]") {
  struct Item {
    int kind;  // 0 box, 1 shadowed box, 2 text, 3 line, 4 rotated box
    Rect rect;
    Color color;
    float angle;
    float opacity;
  };
  std::mt19937 rng(20240611);
  auto uniform = [&](float lo, float hi) {
    return std::uniform_real_distribution<float>(lo, hi)(rng);
  };
  auto random_item = [&] {
    Item it;
    it.kind = std::uniform_int_distribution<int>(0, 4)(rng);
    it.rect = {uniform(-20, 600), uniform(-20, 340), uniform(4, 120), uniform(4, 60)};
    it.color = {uniform(0, 1), uniform(0, 1), uniform(0, 1), uniform(0.2f, 1)};
    it.angle = uniform(-1, 1);
    it.opacity = uniform(0.3f, 1);
    return it;
  };
  std::vector<Item> items;
  for (int k = 0; k < 40; ++k) items.push_back(random_item());
  const std::vector<std::string> words = {"Leader", "2:06:59", "Almaty", "+0:12", "KEN", "35K"};
  const RunResult r = run(640, 360, 60, [&](Canvas& c, int frame) {
    if (frame > 0) {
      // A few edits per frame: move, recolour, insert, remove.
      const int edits = std::uniform_int_distribution<int>(0, 3)(rng);
      for (int e = 0; e < edits; ++e) {
        const int what = std::uniform_int_distribution<int>(0, 3)(rng);
        const std::size_t at = std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng);
        if (what == 0) {
          items[at].rect = items[at].rect.offset(uniform(-9, 9), uniform(-5, 5));
        } else if (what == 1) {
          items[at].color.a = uniform(0.2f, 1);
          items[at].opacity = uniform(0.3f, 1);
        } else if (what == 2 && items.size() < 60) {
          items.insert(items.begin() + std::ptrdiff_t(at), random_item());
        } else if (items.size() > 20) {
          items.erase(items.begin() + std::ptrdiff_t(at));
        }
      }
    }
    for (std::size_t k = 0; k < items.size(); ++k) {
      const Item& it = items[k];
      c.save();
      c.multiply_opacity(it.opacity);
      switch (it.kind) {
        case 0:
          c.box(it.rect, solid(it.color).rounded(5));
          break;
        case 1:
          c.box(it.rect, panel(it.color, 9));
          break;
        case 2: {
          TextStyle style;
          style.size = 14 + it.rect.h / 3;
          style.color = it.color;
          c.text(it.rect, words[k % words.size()], style);
          break;
        }
        case 3:
          c.line({it.rect.x, it.rect.y}, {it.rect.right(), it.rect.bottom()}, 2, it.color);
          break;
        default:
          c.translate(it.rect.center().x, it.rect.center().y);
          c.rotate(it.angle);
          c.box({-it.rect.w / 2, -it.rect.h / 2, it.rect.w, it.rect.h}, panel(it.color, 6));
      }
      c.restore();
    }
  });
  CHECK(r.identical);
  CHECK(r.incremental_frames >= 30);
}

TEST_CASE("gl damage: a new clear colour or size redraws everything and still matches",
          "[gl][damage]") {
  const auto scene = [](Canvas& c, int i) {
    backdrop(c);
    c.box({50.f + 3.f * float(i), 50, 40, 40}, panel({1, 0, 0, 1}, 6));
  };
  const RunResult r = run(320, 240, 12, scene, [](int i) {
    return i < 6 ? Color{0, 0, 0, 0} : Color{0.1f, 0.1f, 0.1f, 1};
  });
  CHECK(r.identical);
  CHECK(r.incremental_frames == 10);  // the first frame and the new colour are full
  const RunResult bigger = run(400, 240, 3, scene);
  CHECK(bigger.identical);
  CHECK(bigger.incremental_frames == 2);
}

TEST_CASE("gl damage: an unchanged frame damages nothing; a change damages its size",
          "[gl][damage]") {
  Pair& p = pair();
  DrawList list =
      boxes(200, 100,
            {{{20, 20, 10, 10}, solid({1, 0, 0, 1})}, {{150, 50, 30, 30}, solid({0, 1, 0, 1})}});
  RenderStats s = p.incremental.render(list, p.text);
  s = p.incremental.render(list, p.text);
  CHECK_FALSE(s.full_redraw);
  CHECK(s.damaged_pixels == 0);

  // A recoloured 10×10 box: its quad (one pixel of anti-aliasing around it) and a margin
  // of 2 pixels: 16×16.
  std::get<BoxOp>(list.ops[0].op).style.fill.color = {0, 0, 1, 1};
  s = p.incremental.render(list, p.text);
  CHECK_FALSE(s.full_redraw);
  CHECK(s.damaged_pixels == 16 * 16);
  Image img;
  p.incremental.read_pixels(img);
  CHECK(int(img.pixel(25, 25)[2]) == 255);

  // Moved far: where it was and where it is, two rectangles (their union would be larger
  // than another pass costs).
  std::get<BoxOp>(list.ops[0].op).rect = {120, 70, 10, 10};
  s = p.incremental.render(list, p.text);
  CHECK(s.damaged_pixels == 2 * 16 * 16);
  p.incremental.read_pixels(img);
  CHECK(int(img.pixel(25, 25)[3]) == 0);
  CHECK(int(img.pixel(125, 75)[2]) == 255);

  // Moved a little: one rectangle over both places.
  std::get<BoxOp>(list.ops[0].op).rect = {124, 70, 10, 10};
  s = p.incremental.render(list, p.text);
  CHECK(s.damaged_pixels == 20 * 16);

  // Nothing new again; then invalidate() forces a full redraw.
  s = p.incremental.render(list, p.text);
  CHECK(s.damaged_pixels == 0);
  p.incremental.invalidate();
  s = p.incremental.render(list, p.text);
  CHECK(s.full_redraw);
  CHECK(s.damaged_pixels == 200 * 100);
  s = p.reference.render(list, p.text);
  CHECK(s.full_redraw);
}

TEST_CASE("gl damage: read_pixels into an image reuses its buffer", "[gl][damage]") {
  Pair& p = pair();
  DrawList list = boxes(64, 32, {{{0, 0, 32, 32}, solid({1, 0, 0, 0.5f})}});
  p.incremental.render(list, p.text);
  Image into;
  p.incremental.read_pixels(into);
  REQUIRE(into.width == 64);
  REQUIRE(into.height == 32);
  const std::uint8_t* buffer = into.rgba.data();
  std::fill(into.rgba.begin(), into.rgba.end(), std::uint8_t(77));  // stale bytes
  p.incremental.read_pixels(into);
  CHECK(into.rgba.data() == buffer);
  CHECK(into.rgba == p.incremental.read_pixels().rgba);
  CHECK(int(into.pixel(10, 10)[0]) == 255);
  CHECK(int(into.pixel(10, 10)[3]) == 128);
  CHECK(int(into.pixel(50, 10)[3]) == 0);
  CHECK(int(into.pixel(50, 10)[0]) == 0);
}

TEST_CASE("gl damage: read_changes keeps a CPU copy equal to a full readback", "[gl][damage]") {
  // The compositor's mirror is updated from the damage alone; after every frame it must
  // hold what reading the whole target gives.
  Pair& p = pair();
  Canvas canvas(p.text, 320, 180);
  TargetMirror mirror;
  std::size_t read_pixels_total = 0;
  for (int i = 0; i < 20; ++i) {
    canvas.reset(320, 180);
    backdrop(canvas);
    canvas.box({10.f + 9.3f * float(i), 120, 40, 30}, panel({0.9f, 0.3f, 0.1f, 0.95f}, 8));
    p.incremental.render(canvas.draw_list(), p.text);
    p.incremental.read_changes(mirror);
    for (const PixelBox& b : mirror.changed) read_pixels_total += std::size_t(b.w * b.h);
    TargetMirror whole;  // a mirror this renderer never filled: read in full
    p.incremental.read_changes(whole);
    INFO("frame " << i);
    REQUIRE(whole.changed.size() == 1);
    CHECK(whole.changed[0] == PixelBox{0, 0, 320, 180});
    CHECK(mirror.width == 320);
    CHECK(mirror.rgba == whole.rgba);
    // `whole` became the renderer's mirror: hand it back to `mirror` for the next frame.
    p.incremental.read_changes(mirror);
  }
  // After the first frame only the moving panel's surroundings were read: well under a
  // third of the target per frame.
  CHECK(read_pixels_total < 320 * 180 + 19 * (320 * 180 / 3));
}

}  // namespace gl_damage_test
