#include "gl_readback.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>

namespace render::gl {
namespace {

// Straight colour from premultiplied: table[alpha][channel], rounded, at most 255.
using UnpremultiplyTable = std::array<std::array<std::uint8_t, 256>, 256>;
const UnpremultiplyTable& unpremultiply_table() {
  static const UnpremultiplyTable table = [] {
    UnpremultiplyTable t{};
    for (unsigned a = 1; a < 256; ++a) {
      for (unsigned c = 0; c < 256; ++c)
        t[a][c] = std::uint8_t(std::min(255u, (c * 255 + a / 2) / a));
    }
    return t;
  }();
  return table;
}

}  // namespace

// Swaps each row with its mirror, unpremultiplying both on the way: one pass over memory.
void straighten_rows(std::uint8_t* rgba, int width, int height) {
  const int w = width, h = height;
  const std::size_t row = std::size_t(std::max(w, 0)) * 4;
  const UnpremultiplyTable& table = unpremultiply_table();
  const auto straight = [&table](const std::uint8_t(&src)[4], std::uint8_t* dst) {
    const unsigned a = src[3];
    if (a == 255) {
      std::memcpy(dst, src, 4);
    } else if (a == 0) {
      std::memset(dst, 0, 4);
    } else {
      const std::uint8_t* f = table[a].data();
      dst[0] = f[src[0]];
      dst[1] = f[src[1]];
      dst[2] = f[src[2]];
      dst[3] = std::uint8_t(a);
    }
  };
  for (int y = 0; y < (h + 1) / 2; ++y) {
    std::uint8_t* top = rgba + std::size_t(y) * row;
    std::uint8_t* bottom = rgba + std::size_t(h - 1 - y) * row;
    for (std::size_t x = 0; x < row; x += 4) {
      std::uint8_t t[4], b[4];
      std::memcpy(t, top + x, 4);
      std::memcpy(b, bottom + x, 4);
      straight(b, top + x);
      if (bottom != top) straight(t, bottom + x);
    }
  }
}

}  // namespace render::gl
