#include "render/geometry.h"

#include <cstdio>

namespace render {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<Color> Color::parse(std::string_view text) {
  if (text == "transparent") return Color{0, 0, 0, 0};
  if (text.empty() || text[0] != '#') return std::nullopt;
  text.remove_prefix(1);
  if (text.size() != 3 && text.size() != 6 && text.size() != 8) return std::nullopt;
  int v[8] = {};
  for (std::size_t i = 0; i < text.size(); ++i) {
    v[i] = hex_digit(text[i]);
    if (v[i] < 0) return std::nullopt;
  }
  auto byte = [&](int i) { return float(v[2 * i] * 16 + v[2 * i + 1]) / 255.f; };
  if (text.size() == 3) {
    return Color{float(v[0] * 17) / 255.f, float(v[1] * 17) / 255.f, float(v[2] * 17) / 255.f, 1};
  }
  return Color{byte(0), byte(1), byte(2), text.size() == 8 ? byte(3) : 1.f};
}

std::string Color::to_hex() const {
  auto to_byte = [](float f) {
    return static_cast<unsigned>(std::lround(std::clamp(f, 0.f, 1.f) * 255));
  };
  char buf[10];
  std::snprintf(buf, sizeof buf, "#%02X%02X%02X%02X", to_byte(r), to_byte(g), to_byte(b),
                to_byte(a));
  return buf;
}

Color Color::mix(const Color& to, float t) const {
  return {r + (to.r - r) * t, g + (to.g - g) * t, b + (to.b - b) * t, a + (to.a - a) * t};
}

Rect Affine::map(const Rect& rc) const {
  const Vec2 p[4] = {apply({rc.x, rc.y}), apply({rc.right(), rc.y}),
                     apply({rc.right(), rc.bottom()}), apply({rc.x, rc.bottom()})};
  float l = p[0].x, t = p[0].y, rr = p[0].x, bb = p[0].y;
  for (const Vec2& q : p) {
    l = std::min(l, q.x);
    t = std::min(t, q.y);
    rr = std::max(rr, q.x);
    bb = std::max(bb, q.y);
  }
  return {l, t, rr - l, bb - t};
}

}  // namespace render
