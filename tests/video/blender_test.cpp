// OverlayBlender: premultiplied RGBA over YUV 4:2:0 pictures, BT.709 limited range; only
// what changed is converted, only tiles with something in them are blended.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "core/error.h"
#include "video/blender.h"

namespace blender_test {

using namespace video;

namespace {

struct Overlay {
  int w, h;
  std::vector<std::uint8_t> rgba;
  Overlay(int width, int height) : w(width), h(height), rgba(std::size_t(width * height) * 4, 0) {}
  void fill(int x0, int y0, int x1, int y1, std::uint8_t r, std::uint8_t g, std::uint8_t b,
            std::uint8_t a) {
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) {
        std::uint8_t* p = &rgba[(std::size_t(y) * std::size_t(w) + std::size_t(x)) * 4];
        // Premultiplied.
        p[0] = std::uint8_t(r * a / 255);
        p[1] = std::uint8_t(g * a / 255);
        p[2] = std::uint8_t(b * a / 255);
        p[3] = a;
      }
    }
  }
};

Picture grey(int w, int h, std::uint8_t y = 126) {
  Picture p;
  p.allocate(w, h);
  std::fill(p.y.begin(), p.y.end(), y);
  return p;
}

int Y(const Picture& p, int x, int y) {
  return p.y[std::size_t(y) * std::size_t(p.width) + std::size_t(x)];
}
int U(const Picture& p, int x, int y) {
  return p.u[std::size_t(y / 2) * std::size_t(p.width / 2) + std::size_t(x / 2)];
}
int V(const Picture& p, int x, int y) {
  return p.v[std::size_t(y / 2) * std::size_t(p.width / 2) + std::size_t(x / 2)];
}

}  // namespace

TEST_CASE("blender: opaque colours land as their BT.709 limited-range values", "[blender]") {
  Overlay o(128, 64);
  o.fill(0, 0, 32, 64, 255, 255, 255, 255);  // white
  o.fill(32, 0, 64, 64, 0, 0, 0, 255);       // black
  o.fill(64, 0, 96, 64, 255, 0, 0, 255);     // red
  OverlayBlender b;
  b.update(o.rgba.data(), o.w, o.h, {});
  Picture p = grey(128, 64);
  b.blend(p);
  CHECK(Y(p, 5, 5) == 235);
  CHECK(U(p, 5, 5) == 128);
  CHECK(V(p, 5, 5) == 128);
  CHECK(Y(p, 40, 5) == 16);
  CHECK(U(p, 40, 5) == 128);
  // BT.709 red: Y 63, Cb 102, Cr 240 (± 1 for rounding).
  CHECK(std::abs(Y(p, 70, 5) - 63) <= 1);
  CHECK(std::abs(U(p, 70, 5) - 102) <= 1);
  CHECK(std::abs(V(p, 70, 5) - 240) <= 1);
  // Transparent: the picture shows through untouched.
  CHECK(Y(p, 100, 5) == 126);
  CHECK(U(p, 100, 5) == 128);
}

TEST_CASE("blender: translucent overlay mixes with the picture", "[blender]") {
  Overlay o(64, 64);
  o.fill(0, 0, 64, 64, 255, 255, 255, 128);  // white at 50 %
  OverlayBlender b;
  b.update(o.rgba.data(), o.w, o.h, {});
  Picture p = grey(64, 64, 16);  // black picture
  b.blend(p);
  // Half way between black (16) and white (235).
  CHECK(std::abs(Y(p, 10, 10) - (16 + 235) / 2) <= 2);
  CHECK(std::abs(U(p, 10, 10) - 128) <= 1);
}

TEST_CASE("blender: only changed boxes are converted; tiles empty again are skipped", "[blender]") {
  Overlay o(256, 128);
  OverlayBlender b;
  b.update(o.rgba.data(), o.w, o.h, {});
  CHECK(b.covered() == 0);
  o.fill(10, 10, 50, 50, 255, 255, 255, 255);
  // Not reported as changed: not converted.
  b.update(o.rgba.data(), o.w, o.h, {});
  Picture p = grey(256, 128);
  b.blend(p);
  CHECK(Y(p, 20, 20) == 126);
  const Box box{10, 10, 40, 40};
  b.update(o.rgba.data(), o.w, o.h, std::span<const Box>(&box, 1));
  CHECK(b.covered() > 0);
  p = grey(256, 128);
  b.blend(p);
  CHECK(Y(p, 20, 20) == 235);
  CHECK(Y(p, 60, 60) == 126);
  // Cleared again: nothing left to blend.
  o.fill(10, 10, 50, 50, 0, 0, 0, 0);
  b.update(o.rgba.data(), o.w, o.h, std::span<const Box>(&box, 1));
  CHECK(b.covered() == 0);
  p = grey(256, 128);
  b.blend(p);
  CHECK(Y(p, 20, 20) == 126);
}

TEST_CASE("blender: a picture of another size is refused with both sizes", "[blender]") {
  Overlay o(64, 64);
  o.fill(0, 0, 8, 8, 255, 255, 255, 255);
  OverlayBlender b;
  b.update(o.rgba.data(), o.w, o.h, {});
  Picture p = grey(128, 64);
  CHECK_THROWS_WITH(b.blend(p), Catch::Contains("128x64") && Catch::Contains("64x64"));
}

}  // namespace blender_test
