#include "video/blender.h"

#include <algorithm>
#include <string>

#include "core/error.h"

namespace video {
namespace {

// BT.709 limited range from 8-bit RGB, in 1/65536 units: Y = 16 + 219 (kr R + kg G + kb B)
// / 255 and so on. Premultiplied input gives premultiplied output with the offsets scaled
// by alpha.
constexpr int kYr = 11966, kYg = 40254, kYb = 4064;    // 0.18259, 0.61423, 0.06201
constexpr int kUr = -6596, kUg = -22189, kUb = 28785;  // -0.10064, -0.33857, 0.43922
constexpr int kVr = 28785, kVg = -26145, kVb = -2639;  // 0.43922, -0.39894, -0.04027

inline std::uint8_t clamp8(int v) {
  return std::uint8_t(std::clamp(v, 0, 255));
}

}  // namespace

void OverlayBlender::update(const std::uint8_t* rgba, int width, int height,
                            std::span<const Box> changed) {
  if (width <= 0 || height <= 0 || !rgba) return;
  if (width != w_ || height != h_) {
    w_ = width;
    h_ = height;
    tiles_x_ = (w_ + kTile - 1) / kTile;
    tiles_y_ = (h_ + kTile - 1) / kTile;
    y_.assign(std::size_t(w_) * std::size_t(h_), 0);
    a_.assign(y_.size(), 0);
    u_.assign(std::size_t((w_ + 1) / 2) * std::size_t((h_ + 1) / 2), 0);
    v_.assign(u_.size(), 0);
    ac_.assign(u_.size(), 0);
    used_.assign(std::size_t(tiles_x_) * std::size_t(tiles_y_), 0);
    used_count_ = 0;
    const Box all{0, 0, w_, h_};
    convert(rgba, all);
    mark_tiles(all);
    return;
  }
  for (Box b : changed) {
    // Whole chroma samples: even edges.
    const int x0 = std::clamp(b.x, 0, w_) & ~1, y0 = std::clamp(b.y, 0, h_) & ~1;
    const int x1 = std::min((std::clamp(b.x + b.w, 0, w_) + 1) & ~1, w_);
    const int y1 = std::min((std::clamp(b.y + b.h, 0, h_) + 1) & ~1, h_);
    if (x1 <= x0 || y1 <= y0) continue;
    const Box box{x0, y0, x1 - x0, y1 - y0};
    convert(rgba, box);
    mark_tiles(box);
  }
}

void OverlayBlender::convert(const std::uint8_t* rgba, Box b) {
  const int cw = (w_ + 1) / 2;
  for (int y = b.y; y < b.y + b.h; ++y) {
    const std::uint8_t* src = rgba + (std::size_t(y) * std::size_t(w_) + std::size_t(b.x)) * 4;
    std::uint8_t* yo = y_.data() + std::size_t(y) * std::size_t(w_) + std::size_t(b.x);
    std::uint8_t* ao = a_.data() + std::size_t(y) * std::size_t(w_) + std::size_t(b.x);
    for (int x = 0; x < b.w; ++x) {
      const int r = src[4 * x], g = src[4 * x + 1], bl = src[4 * x + 2], a = src[4 * x + 3];
      const int offset = (16 * 65536 * a + 127) / 255;
      yo[x] = clamp8((offset + kYr * r + kYg * g + kYb * bl + 32768) >> 16);
      ao[x] = std::uint8_t(a);
    }
  }
  // Chroma: the mean of each 2×2 block (the box has even edges; a frame of odd size has a
  // last column or row of half blocks).
  for (int cy = b.y / 2; cy < (b.y + b.h + 1) / 2; ++cy) {
    const int y0 = 2 * cy, y1 = std::min(2 * cy + 1, h_ - 1);
    const std::uint8_t* r0 = rgba + std::size_t(y0) * std::size_t(w_) * 4;
    const std::uint8_t* r1 = rgba + std::size_t(y1) * std::size_t(w_) * 4;
    std::uint8_t* uo = u_.data() + std::size_t(cy) * std::size_t(cw);
    std::uint8_t* vo = v_.data() + std::size_t(cy) * std::size_t(cw);
    std::uint8_t* ao = ac_.data() + std::size_t(cy) * std::size_t(cw);
    for (int cx = b.x / 2; cx < (b.x + b.w + 1) / 2; ++cx) {
      const int x0 = 2 * cx, x1 = std::min(2 * cx + 1, w_ - 1);
      int sum[4];
      for (int c = 0; c < 4; ++c) {
        sum[c] = r0[4 * x0 + c] + r0[4 * x1 + c] + r1[4 * x0 + c] + r1[4 * x1 + c];
      }
      const int r = (sum[0] + 2) / 4, g = (sum[1] + 2) / 4, bl = (sum[2] + 2) / 4;
      const int a = (sum[3] + 2) / 4;
      const int offset = (128 * 65536 * a + 127) / 255;
      uo[cx] = clamp8((offset + kUr * r + kUg * g + kUb * bl + 32768) >> 16);
      vo[cx] = clamp8((offset + kVr * r + kVg * g + kVb * bl + 32768) >> 16);
      ao[cx] = std::uint8_t(a);
    }
  }
}

void OverlayBlender::mark_tiles(Box b) {
  const int tx0 = b.x / kTile, ty0 = b.y / kTile;
  const int tx1 = (b.x + b.w + kTile - 1) / kTile, ty1 = (b.y + b.h + kTile - 1) / kTile;
  for (int ty = ty0; ty < ty1 && ty < tiles_y_; ++ty) {
    for (int tx = tx0; tx < tx1 && tx < tiles_x_; ++tx) {
      bool any = false;
      const int x0 = tx * kTile, x1 = std::min(w_, x0 + kTile);
      for (int y = ty * kTile; y < std::min(h_, (ty + 1) * kTile) && !any; ++y) {
        const std::uint8_t* a = a_.data() + std::size_t(y) * std::size_t(w_);
        for (int x = x0; x < x1; ++x) any = any || a[x] != 0;
      }
      std::uint8_t& used = used_[std::size_t(ty) * std::size_t(tiles_x_) + std::size_t(tx)];
      if (used && !any) --used_count_;
      if (!used && any) ++used_count_;
      used = any ? 1 : 0;
    }
  }
}

namespace {

// dst = dst × (255 − a) / 255 + over, saturated; written so the compiler vectorises it
// (twice as wide with AVX2, chosen at run time where the processor has it).
__attribute__((target_clones("avx2", "default"))) void blend_span(
    std::uint8_t* __restrict dst, const std::uint8_t* __restrict over,
    const std::uint8_t* __restrict alpha, int n) {
  for (int i = 0; i < n; ++i) {
    const std::uint16_t keep = std::uint16_t(255 - alpha[i]);
    std::uint16_t v = std::uint16_t(dst[i] * keep + 128);
    v = std::uint16_t((v + (v >> 8)) >> 8);
    v = std::uint16_t(v + over[i]);
    dst[i] = std::uint8_t(v > 255 ? 255 : v);
  }
}

}  // namespace

void OverlayBlender::blend(Picture& p) const {
  if (w_ == 0 || used_count_ == 0) return;
  if (p.width != w_ || p.height != h_) {
    throw core::Error("overlay blender: picture is " + std::to_string(p.width) + "x" +
                      std::to_string(p.height) + ", overlay " + std::to_string(w_) + "x" +
                      std::to_string(h_));
  }
  const int cw = w_ / 2, ocw = (w_ + 1) / 2;
  for (int ty = 0; ty < tiles_y_; ++ty) {
    const std::uint8_t* used = used_.data() + std::size_t(ty) * std::size_t(tiles_x_);
    const int y0 = ty * kTile, y1 = std::min(h_, y0 + kTile);
    // Runs of consecutive used tiles: long spans vectorise well.
    for (int tx = 0; tx < tiles_x_;) {
      if (!used[tx]) {
        ++tx;
        continue;
      }
      int end = tx;
      while (end < tiles_x_ && used[end]) ++end;
      const int x0 = tx * kTile, x1 = std::min(w_, end * kTile);
      tx = end;
      for (int y = y0; y < y1; ++y) {
        const std::size_t row = std::size_t(y) * std::size_t(w_) + std::size_t(x0);
        blend_span(p.y.data() + row, y_.data() + row, a_.data() + row, x1 - x0);
      }
      for (int cy = y0 / 2; cy < y1 / 2; ++cy) {
        const std::size_t src = std::size_t(cy) * std::size_t(ocw) + std::size_t(x0 / 2);
        const std::size_t dst = std::size_t(cy) * std::size_t(cw) + std::size_t(x0 / 2);
        const int n = std::min(x1 / 2, cw) - x0 / 2;
        blend_span(p.u.data() + dst, u_.data() + src, ac_.data() + src, n);
        blend_span(p.v.data() + dst, v_.data() + src, ac_.data() + src, n);
      }
    }
  }
}

double OverlayBlender::covered() const {
  return used_.empty() ? 0.0 : double(used_count_) / double(used_.size());
}

}  // namespace video
