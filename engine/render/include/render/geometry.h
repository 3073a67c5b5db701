// Plain value types shared by the Canvas, the text engine and the GL renderer: colours,
// points, rectangles and 2-D affine transforms. Pure; safe from any thread.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace render {

// A colour with straight (not premultiplied) alpha; components 0..1, sRGB.
struct Color {
  float r = 0, g = 0, b = 0, a = 1;

  // "#RGB", "#RRGGBB", "#RRGGBBAA" (case-insensitive) or "transparent"; nullopt otherwise.
  static std::optional<Color> parse(std::string_view text);
  std::string to_hex() const;  // "#RRGGBBAA"
  Color with_alpha(float alpha) const { return {r, g, b, alpha}; }
  // Linear mix in sRGB space: t = 0 gives *this, 1 gives `to`.
  Color mix(const Color& to, float t) const;
  friend bool operator==(const Color&, const Color&) = default;
};

struct Vec2 {
  float x = 0, y = 0;
  friend bool operator==(const Vec2&, const Vec2&) = default;
};

// An axis-aligned rectangle: top-left corner, width, height (y grows downwards).
struct Rect {
  float x = 0, y = 0, w = 0, h = 0;

  float right() const { return x + w; }
  float bottom() const { return y + h; }
  Vec2 center() const { return {x + w / 2, y + h / 2}; }
  bool empty() const { return w <= 0 || h <= 0; }
  bool contains(Vec2 p) const { return p.x >= x && p.x <= right() && p.y >= y && p.y <= bottom(); }
  // True when `r` lies inside this rectangle, allowing `slack` units of overhang.
  bool contains(const Rect& r, float slack = 0) const {
    return r.x >= x - slack && r.y >= y - slack && r.right() <= right() + slack &&
           r.bottom() <= bottom() + slack;
  }
  Rect intersect(const Rect& o) const {
    const float l = std::max(x, o.x), t = std::max(y, o.y);
    const float rr = std::min(right(), o.right()), bb = std::min(bottom(), o.bottom());
    return {l, t, std::max(0.f, rr - l), std::max(0.f, bb - t)};
  }
  bool overlaps(const Rect& o) const { return !intersect(o).empty(); }
  Rect inset(float dx, float dy) const { return {x + dx, y + dy, w - 2 * dx, h - 2 * dy}; }
  Rect offset(float dx, float dy) const { return {x + dx, y + dy, w, h}; }
  friend bool operator==(const Rect&, const Rect&) = default;
};

// x' = a·x + c·y + e,  y' = b·x + d·y + f.
struct Affine {
  float a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;

  static Affine translate(float x, float y) { return {1, 0, 0, 1, x, y}; }
  static Affine scale(float sx, float sy) { return {sx, 0, 0, sy, 0, 0}; }
  static Affine rotate(float radians) {
    const float cs = std::cos(radians), sn = std::sin(radians);
    return {cs, sn, -sn, cs, 0, 0};
  }
  // (*this * o) applies `o` first, then *this.
  Affine operator*(const Affine& o) const {
    return {a * o.a + c * o.b, b * o.a + d * o.b,     a * o.c + c * o.d,
            b * o.c + d * o.d, a * o.e + c * o.f + e, b * o.e + d * o.f + f};
  }
  Vec2 apply(Vec2 p) const { return {a * p.x + c * p.y + e, b * p.x + d * p.y + f}; }
  // The scale a length undergoes (geometric mean of the axes); 1 for pure translations.
  float uniform_scale() const { return std::sqrt(std::abs(a * d - b * c)); }
  bool axis_aligned() const { return b == 0 && c == 0; }
  // The bounding box of a transformed rectangle.
  Rect map(const Rect& r) const;
  friend bool operator==(const Affine&, const Affine&) = default;
};

}  // namespace render
