// The GL renderer on a headless context (Mesa llvmpipe in CI): what each kind of DrawOp
// puts into the pixels read back, and that the same list always gives the same bytes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numbers>
#include <string>
#include <vector>

#include "render/gl_context.h"
#include "render/renderer.h"
#include "render/text.h"

namespace gl_test {

using namespace render;

namespace {

// One context, text engine and renderer per test process (ctest runs each case alone).
struct Gl {
  GlContext context{ContextOptions{}};
  TextEngine text{TextEngine::Options{}};
  GlRenderer renderer{context};
};
Gl& gl() {
  static Gl instance;
  instance.context.make_current();  // other test files keep their own context
  return instance;
}

using Px = std::array<int, 4>;
Px px(const Image& img, int x, int y) {
  const std::uint8_t* p = img.pixel(x, y);
  return {p[0], p[1], p[2], p[3]};
}
std::string str(const Px& p) {
  return "(" + std::to_string(p[0]) + "," + std::to_string(p[1]) + "," + std::to_string(p[2]) +
         "," + std::to_string(p[3]) + ")";
}
bool near(const Px& p, const Px& want, int tolerance = 2) {
  for (int i = 0; i < 4; ++i) {
    if (std::abs(p[i] - want[i]) > tolerance) return false;
  }
  return true;
}
#define CHECK_PX(img, x, y, ...)                                 \
  do {                                                           \
    const Px got_ = px(img, x, y);                               \
    INFO("pixel (" << (x) << "," << (y) << ") = " << str(got_)); \
    CHECK(near(got_, Px{__VA_ARGS__}));                          \
  } while (0)
#define CHECK_CLEAR(img, x, y)                                   \
  do {                                                           \
    const Px got_ = px(img, x, y);                               \
    INFO("pixel (" << (x) << "," << (y) << ") = " << str(got_)); \
    CHECK(got_[3] == 0);                                         \
  } while (0)

DrawState full(int w, int h) {
  DrawState s;
  s.clip = {0, 0, float(w), float(h)};
  return s;
}

DrawList list_of(int w, int h) {
  DrawList list;
  list.width = w;
  list.height = h;
  return list;
}

void add_box(DrawList& list, const Rect& r, const BoxStyle& style, DrawState state) {
  list.ops.push_back(DrawOp{state, BoxOp{r, style}});
}
void add_box(DrawList& list, const Rect& r, const BoxStyle& style) {
  add_box(list, r, style, full(list.width, list.height));
}
BoxStyle solid(Color c) {
  BoxStyle s;
  s.fill.color = c;
  return s;
}

Image draw(const DrawList& list, const Color& clear = {0, 0, 0, 0}) {
  gl().renderer.render(list, gl().text, clear);
  return gl().renderer.read_pixels();
}

}  // namespace

TEST_CASE("gl: the context is OpenGL 3.3 or later and names its renderer", "[gl]") {
  const std::string version = gl().context.version();
  int major = 0, minor = 0;
  REQUIRE(std::sscanf(version.c_str(), "%d.%d", &major, &minor) == 2);
  INFO(version << " on " << gl().context.renderer());
  CHECK(major * 10 + minor >= 33);
  CHECK_FALSE(gl().context.renderer().empty());
  CHECK(gl().context.mode() == ContextMode::headless);
}

TEST_CASE("gl: a solid box fills its rectangle and nothing else", "[gl]") {
  DrawList list = list_of(100, 80);
  add_box(list, {20, 20, 40, 30}, solid({1, 0, 0, 1}));
  const Image img = draw(list);
  REQUIRE(img.width == 100);
  REQUIRE(img.height == 80);
  CHECK_PX(img, 40, 35, 255, 0, 0, 255);
  CHECK_PX(img, 20, 20, 255, 0, 0, 255);  // whole-pixel edges are crisp
  CHECK_PX(img, 59, 49, 255, 0, 0, 255);
  CHECK_CLEAR(img, 19, 35);
  CHECK_CLEAR(img, 60, 35);
  CHECK_CLEAR(img, 40, 50);
  CHECK_CLEAR(img, 5, 5);
}

TEST_CASE("gl: rounded corners leave the corner pixel transparent", "[gl]") {
  DrawList list = list_of(120, 120);
  add_box(list, {10, 10, 100, 100}, solid({1, 1, 1, 1}).rounded(40));
  const Image img = draw(list);
  CHECK_CLEAR(img, 10, 10);
  CHECK_CLEAR(img, 109, 10);
  CHECK_CLEAR(img, 109, 109);
  CHECK_CLEAR(img, 10, 109);
  CHECK_CLEAR(img, 18, 18);  // still outside the arc (distance from its centre > 40)
  CHECK_PX(img, 60, 60, 255, 255, 255, 255);
  CHECK_PX(img, 10, 60, 255, 255, 255, 255);  // straight edges stay full
  CHECK_PX(img, 60, 10, 255, 255, 255, 255);
  CHECK_PX(img, 25, 25, 255, 255, 255, 255);  // inside the arc
}

TEST_CASE("gl: a gradient at 0 degrees runs from the first colour at the left", "[gl]") {
  DrawList list = list_of(200, 20);
  BoxStyle s;
  s.fill.color = {1, 0, 0, 1};
  s.fill.color_to = Color{0, 0, 1, 1};
  s.fill.angle_deg = 0;
  add_box(list, {0, 0, 200, 20}, s);
  const Image img = draw(list);
  const Px left = px(img, 0, 10), right = px(img, 199, 10), middle = px(img, 100, 10);
  INFO("left " << str(left) << " middle " << str(middle) << " right " << str(right));
  CHECK(left[0] >= 250);
  CHECK(left[2] <= 5);
  CHECK(right[0] <= 5);
  CHECK(right[2] >= 250);
  CHECK(std::abs(middle[0] - 127) <= 4);
  CHECK(std::abs(middle[2] - 128) <= 4);
  CHECK(px(img, 100, 0) == px(img, 100, 19));  // no vertical change at 0 degrees

  s.fill.angle_deg = 90;  // top to bottom
  list.ops.clear();
  add_box(list, {0, 0, 200, 20}, s);
  const Image vertical = draw(list);
  CHECK(px(vertical, 100, 0)[0] > px(vertical, 100, 19)[0]);
  CHECK(px(vertical, 0, 10) == px(vertical, 199, 10));
}

TEST_CASE("gl: a border is drawn inside the box around the fill", "[gl]") {
  DrawList list = list_of(100, 80);
  BoxStyle s = solid({1, 1, 1, 1});
  s.border_width = 6;
  s.border_color = {1, 0, 0, 1};
  add_box(list, {10, 10, 80, 60}, s);
  const Image img = draw(list);
  CHECK_PX(img, 12, 40, 255, 0, 0, 255);
  CHECK_PX(img, 50, 68, 255, 0, 0, 255);
  CHECK_PX(img, 50, 40, 255, 255, 255, 255);
  CHECK_PX(img, 17, 40, 255, 255, 255, 255);  // the border stops 6 px in
  CHECK_CLEAR(img, 9, 40);
}

TEST_CASE("gl: a shadow shows beside the box on the offset side and fades out", "[gl]") {
  DrawList list = list_of(160, 160);
  BoxStyle s = solid({1, 1, 1, 1});
  s.shadow = {{0, 10}, 8, 0, {0, 0, 0, 1}};
  add_box(list, {50, 50, 60, 40}, s);
  const Image img = draw(list);
  CHECK_PX(img, 80, 70, 255, 255, 255, 255);  // the box covers its own shadow
  CHECK(px(img, 80, 92)[3] > 100);            // just below: dark shadow
  CHECK(px(img, 80, 104)[3] > 0);             // fading
  CHECK(px(img, 80, 104)[3] < px(img, 80, 92)[3]);
  CHECK(px(img, 80, 47)[3] < px(img, 80, 92)[3]);  // less above than below
  CHECK_CLEAR(img, 80, 118);
  CHECK_CLEAR(img, 5, 5);

  // A translucent box does not darken over its own shadow.
  list.ops.clear();
  BoxStyle glass = solid({1, 1, 1, 0.5f});
  glass.shadow = {{0, 0}, 8, 0, {0, 0, 0, 1}};
  add_box(list, {50, 50, 60, 40}, glass);
  const Image translucent = draw(list);
  CHECK_PX(translucent, 80, 70, 255, 255, 255, 128);
}

TEST_CASE("gl: a clip rectangle cuts a box at its edge", "[gl]") {
  DrawList list = list_of(100, 80);
  DrawState state = full(100, 80);
  state.clip = {0, 0, 50, 80};
  add_box(list, {20, 20, 60, 40}, solid({0, 1, 0, 1}), state);
  const Image img = draw(list);
  CHECK_PX(img, 30, 40, 0, 255, 0, 255);
  CHECK_PX(img, 49, 40, 0, 255, 0, 255);
  CHECK_CLEAR(img, 50, 40);
  CHECK_CLEAR(img, 70, 40);
}

TEST_CASE("gl: opacity 0.5 halves alpha", "[gl]") {
  DrawList list = list_of(40, 40);
  DrawState state = full(40, 40);
  state.opacity = 0.5f;
  add_box(list, {0, 0, 40, 40}, solid({1, 1, 1, 1}), state);
  const Image img = draw(list);
  CHECK_PX(img, 20, 20, 255, 255, 255, 128);
}

TEST_CASE("gl: a 50% red box reads back as straight alpha", "[gl]") {
  DrawList list = list_of(40, 40);
  add_box(list, {0, 0, 40, 40}, solid({1, 0, 0, 0.5f}));
  const Image img = draw(list);
  CHECK_PX(img, 20, 20, 255, 0, 0, 128);
}

TEST_CASE("gl: transforms move, scale and rotate boxes", "[gl]") {
  DrawList list = list_of(120, 120);
  DrawState state = full(120, 120);
  state.transform = Affine::translate(30, 10) * Affine::scale(2, 2);
  add_box(list, {0, 0, 10, 10}, solid({1, 1, 1, 1}), state);  // → (30,10)–(50,30)
  Image img = draw(list);
  CHECK_PX(img, 30, 10, 255, 255, 255, 255);
  CHECK_PX(img, 49, 29, 255, 255, 255, 255);
  CHECK_CLEAR(img, 29, 20);
  CHECK_CLEAR(img, 50, 20);
  CHECK_CLEAR(img, 40, 30);
  CHECK_CLEAR(img, 5, 5);  // where the untransformed box would be

  // A 40×4 bar turned 90° about (50,50) becomes 4 wide and 40 tall: x 46..50, y 50..90.
  list.ops.clear();
  state.transform = Affine::translate(50, 50) * Affine::rotate(std::numbers::pi_v<float> / 2);
  add_box(list, {0, 0, 40, 4}, solid({1, 1, 1, 1}), state);
  img = draw(list);
  CHECK_PX(img, 48, 70, 255, 255, 255, 255);
  CHECK_PX(img, 47, 52, 255, 255, 255, 255);
  CHECK_PX(img, 47, 88, 255, 255, 255, 255);
  CHECK_CLEAR(img, 70, 52);  // where the bar lies unrotated
  CHECK_CLEAR(img, 44, 70);
  CHECK_CLEAR(img, 52, 70);
  CHECK_CLEAR(img, 48, 92);
}

TEST_CASE("gl: a horizontal line covers its length and width", "[gl]") {
  DrawList list = list_of(100, 40);
  list.ops.push_back(DrawOp{full(100, 40), LineOp{{10, 20}, {90, 20}, 2, {1, 1, 0, 1}}});
  const Image img = draw(list);
  for (int x = 10; x < 90; x += 7) {
    CHECK_PX(img, x, 19, 255, 255, 0, 255);
    CHECK_PX(img, x, 20, 255, 255, 0, 255);
  }
  CHECK_CLEAR(img, 50, 17);
  CHECK_CLEAR(img, 50, 22);
  CHECK_CLEAR(img, 8, 20);
  CHECK_CLEAR(img, 92, 20);
}

TEST_CASE("gl: a 2x2 PNG survives a round trip and scales up into four quadrants", "[gl]") {
  auto checker = std::make_shared<Image>(2, 2);
  const std::uint8_t colours[4][4] = {
      {255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {255, 255, 255, 255}};
  for (int i = 0; i < 4; ++i) std::copy(colours[i], colours[i] + 4, checker->pixel(i % 2, i / 2));
  const auto path = std::filesystem::temp_directory_path() / "pacecast_gl_test_checker.png";
  write_png(path, *checker);
  const auto loaded = std::make_shared<const Image>(load_png(path));
  std::filesystem::remove(path);
  REQUIRE(loaded->width == 2);
  REQUIRE(loaded->height == 2);
  CHECK(loaded->rgba == checker->rgba);

  // 102 px: the pixel centres 25.5 and 76.5 fall on the texel centres, where bilinear
  // filtering gives each texel's own colour.
  DrawList list = list_of(102, 102);
  list.ops.push_back(DrawOp{full(102, 102), ImageOp{{0, 0, 102, 102}, loaded}});
  const Image img = draw(list);
  CHECK_PX(img, 25, 25, 255, 0, 0, 255);
  CHECK_PX(img, 76, 25, 0, 255, 0, 255);
  CHECK_PX(img, 25, 76, 0, 0, 255, 255);
  CHECK_PX(img, 76, 76, 255, 255, 255, 255);
  CHECK_PX(img, 10, 90, 0, 0, 255, 255);  // near the corners: clamped, not wrapped
  CHECK_PX(img, 101, 0, 0, 255, 0, 255);

  // A tint multiplies; a second frame reuses the uploaded texture.
  list.ops[0] = DrawOp{full(102, 102), ImageOp{{0, 0, 102, 102}, loaded, {1, 1, 1, 0.5f}}};
  gl().renderer.prepare(list, gl().text);
  const RenderStats stats = gl().renderer.draw();
  CHECK(stats.texture_uploads == 0);
  CHECK_PX(gl().renderer.read_pixels(), 25, 25, 255, 0, 0, 128);
}

TEST_CASE("gl: text draws ink of its colour inside its ink rectangle", "[gl]") {
  auto& g = gl();
  TextStyle style;
  style.size = 40;
  const auto shaped = g.text.shape("Hello", style, 40);
  REQUIRE_FALSE(shaped->glyphs.empty());
  const Vec2 origin{20.37f, 60.81f};  // off the pixel grid on purpose
  const Rect ink{origin.x, origin.y - shaped->ascent, shaped->width,
                 shaped->ascent + shaped->descent};
  DrawList list = list_of(240, 100);
  list.ops.push_back(
      DrawOp{full(240, 100), TextOp{origin, shaped, {0, 1, 0, 1}, ink, ink, shaped->text}});
  const RenderStats stats = g.renderer.render(list, g.text);
  CHECK(stats.draw_calls == 1);
  const Image img = g.renderer.read_pixels();

  int inked = 0, strays = 0;
  const Rect allowed = ink.inset(-2, -2);
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      const Px p = px(img, x, y);
      if (p[3] == 0) continue;
      if (!allowed.contains(Vec2{x + 0.5f, y + 0.5f})) ++strays;
      if (p[3] == 255 && p[0] == 0 && p[1] == 255 && p[2] == 0) ++inked;
    }
  }
  CHECK(inked > 50);
  CHECK(strays == 0);

  // Whole pixels: the first glyph's pixels are exactly its atlas bitmap, not resampled.
  const ShapedGlyph& first = shaped->glyphs.front();
  const AtlasGlyph ag = g.text.glyph(first.font, first.glyph, shaped->px_size);
  REQUIRE(ag.w > 0);
  const auto& page = g.text.atlas().pages()[std::size_t(ag.page)];
  const int size = g.text.atlas().page_size();
  const int x0 = int(std::lround(origin.x + first.x + ag.left));
  const int y0 = int(std::lround(origin.y + first.y - ag.top));
  int mismatches = 0;
  for (int y = 0; y < ag.h; ++y) {
    for (int x = 0; x < ag.w; ++x) {
      const int texel = page.pixels[std::size_t((ag.y + y) * size + ag.x + x)];
      mismatches += std::abs(px(img, x0 + x, y0 + y)[3] - texel) > 1;
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("gl: the same DrawList renders to the same bytes twice", "[gl]") {
  DrawList list = list_of(320, 180);
  BoxStyle panel = solid({0.1f, 0.2f, 0.4f, 0.9f}).rounded(12);
  panel.shadow = {{3, 6}, 12, 2, {0, 0, 0, 0.6f}};
  panel.border_width = 2;
  panel.border_color = {1, 1, 1, 0.5f};
  add_box(list, {20, 20, 200, 100}, panel);
  DrawState turned = full(320, 180);
  turned.transform = Affine::translate(250, 90) * Affine::rotate(0.3f);
  turned.opacity = 0.7f;
  BoxStyle grad = solid({1, 0.5f, 0, 1}).rounded(6);
  grad.fill.color_to = Color{0.2f, 0, 1, 1};
  grad.fill.angle_deg = 30;
  add_box(list, {-40, -20, 80, 40}, grad, turned);
  list.ops.push_back(DrawOp{full(320, 180), LineOp{{10, 170}, {310, 150}, 1.5f, {1, 1, 1, 1}}});
  TextStyle style;
  const auto shaped = gl().text.shape("Almaty 2:07:31", style, 24);
  list.ops.push_back(DrawOp{full(320, 180), TextOp{{30, 80}, shaped, {1, 1, 1, 1}, {}, {}, ""}});
  const Image first = draw(list);
  const Image second = draw(list);
  CHECK(first.rgba == second.rgba);
  std::size_t inked = 0;
  for (std::size_t i = 3; i < first.rgba.size(); i += 4) inked += first.rgba[i] != 0;
  CHECK(inked > 1000);
}

TEST_CASE("gl: a list with nothing visible clears to the given colour", "[gl]") {
  DrawList list = list_of(16, 8);
  add_box(list, {0, 0, 16, 8}, solid({1, 0, 0, 1}), DrawState{});  // empty clip
  const RenderStats stats = gl().renderer.render(list, gl().text, {0, 0, 1, 1});
  CHECK(stats.draw_calls == 0);
  const Image img = gl().renderer.read_pixels();
  CHECK_PX(img, 8, 4, 0, 0, 255, 255);
}

TEST_CASE("gl: painter's order holds when ops of one kind share a draw call", "[gl]") {
  auto tile = std::make_shared<Image>(1, 1);
  tile->rgba = {0, 255, 0, 255};
  DrawList list = list_of(200, 60);
  add_box(list, {0, 0, 60, 60}, solid({1, 0, 0, 1}));                         // red
  list.ops.push_back(DrawOp{full(200, 60), ImageOp{{30, 0, 60, 60}, tile}});  // green on it
  add_box(list, {60, 0, 60, 60}, solid({0, 0, 1, 1}));                        // blue on that
  add_box(list, {140, 0, 60, 60}, solid({1, 1, 0, 1}));                       // apart: yellow
  const RenderStats stats = gl().renderer.render(list, gl().text);
  const Image img = gl().renderer.read_pixels();
  CHECK_PX(img, 15, 30, 255, 0, 0, 255);
  CHECK_PX(img, 45, 30, 0, 255, 0, 255);
  CHECK_PX(img, 75, 30, 0, 0, 255, 255);  // the blue box stays above the image
  CHECK_PX(img, 170, 30, 255, 255, 0, 255);
  CHECK(stats.draw_calls == 3);  // the yellow box joined the red one's call
}

TEST_CASE("gl: a new frame shows nothing of the previous one", "[gl]") {
  // Large enough that the second frame clears only the tiles the first one drew on.
  DrawList first = list_of(1000, 600);
  add_box(first, {10, 10, 40, 40}, solid({1, 0, 0, 1}));
  add_box(first, {200, 120, 90, 70}, solid({0, 1, 0, 1}));
  draw(first);
  DrawList second = list_of(1000, 600);
  add_box(second, {100, 50, 20, 20}, solid({0, 0, 1, 1}));
  Image img = draw(second);
  CHECK_CLEAR(img, 20, 20);
  CHECK_CLEAR(img, 250, 150);
  CHECK_PX(img, 110, 60, 0, 0, 255, 255);
  img = draw(second, {0, 0, 0, 1});  // another clear colour: everything is cleared
  CHECK_PX(img, 20, 20, 0, 0, 0, 255);
  CHECK_PX(img, 110, 60, 0, 0, 255, 255);
  img = draw(first, {0, 0, 0, 1});
  CHECK_PX(img, 110, 60, 0, 0, 0, 255);
  CHECK_PX(img, 20, 20, 255, 0, 0, 255);
}

TEST_CASE("gl: a large box is seamless between its edge and its inside", "[gl]") {
  DrawList list = list_of(320, 220);
  BoxStyle s = solid({0.2f, 0.6f, 1, 1}).rounded(20);
  s.border_width = 3;
  s.border_color = {1, 1, 1, 1};
  add_box(list, {10, 10, 300, 200}, s);
  BoxStyle glass = solid({1, 1, 1, 0.5f});  // big enough that its shadow skips the inside
  glass.shadow = {{0, 0}, 10, 0, {0, 0, 0, 1}};
  DrawList shaded = list_of(320, 220);
  add_box(shaded, {10, 10, 300, 200}, glass);
  const Image img = draw(list);
  const Px fill = px(img, 160, 110);
  CHECK(near(fill, Px{51, 153, 255, 255}));
  int seams = 0;
  for (int x = 15; x < 305; ++x) seams += px(img, x, 110) != fill;  // across the rim strips
  for (int y = 15; y < 205; ++y) seams += px(img, 160, y) != fill;
  CHECK(seams == 0);
  CHECK_PX(img, 11, 110, 255, 255, 255, 255);  // border
  CHECK_CLEAR(img, 10, 10);                    // rounded corner

  s.fill.color_to = Color{1, 0.6f, 0.2f, 1};
  s.fill.angle_deg = 0;
  list.ops.clear();
  add_box(list, {10, 10, 300, 200}, s);
  const Image graded = draw(list);
  int jumps = 0;
  for (int x = 15; x < 304; ++x) {
    const Px a = px(graded, x, 110), b = px(graded, x + 1, 110);
    for (int c = 0; c < 3; ++c) jumps += std::abs(a[c] - b[c]) > 2;
  }
  CHECK(jumps == 0);

  const Image glassy = draw(shaded);
  CHECK_PX(glassy, 160, 110, 255, 255, 255, 128);  // no shadow under the glass
  CHECK(px(glassy, 5, 110)[3] > 0);                // but around it
}

TEST_CASE("gl: rotated text draws along its rotation", "[gl]") {
  TextStyle style;
  const auto shaped = gl().text.shape("Rotated", style, 24);
  DrawList list = list_of(120, 200);
  DrawState state = full(120, 200);
  state.transform = Affine::translate(50, 20) * Affine::rotate(std::numbers::pi_v<float> / 2);
  list.ops.push_back(DrawOp{state, TextOp{{0, 0}, shaped, {1, 1, 1, 1}, {}, {}, ""}});
  const Image img = draw(list);
  // Turned 90°: the line runs down from (50,20); ascenders point to +x.
  const Rect allowed{50 - shaped->descent - 2, 18, shaped->ascent + shaped->descent + 4,
                     shaped->width + 4};
  int inked = 0, strays = 0;
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      if (px(img, x, y)[3] == 0) continue;
      ++inked;
      strays += !allowed.contains(Vec2{x + 0.5f, y + 0.5f});
    }
  }
  CHECK(inked > 100);
  CHECK(strays == 0);
}

}  // namespace gl_test
