#include "gl_dirty.h"

#include <algorithm>
#include <cmath>

namespace render::gl {

void DirtyTiles::reset(int width, int height) {
  width_ = std::max(width, 0);
  height_ = std::max(height, 0);
  cols_ = (width_ + kTile - 1) / kTile;
  rows_ = (height_ + kTile - 1) / kTile;
  mask_.assign(std::size_t(cols_) * std::size_t(rows_), 0);
  marked_ = 0;
}

void DirtyTiles::add(const Rect& r) {
  if (r.empty() || !std::isfinite(r.x) || !std::isfinite(r.y) || !std::isfinite(r.w) ||
      !std::isfinite(r.h)) {
    return;
  }
  const int x0 = std::clamp(int(std::floor(r.x)), 0, width_);
  const int y0 = std::clamp(int(std::floor(r.y)), 0, height_);
  const int x1 = std::clamp(int(std::ceil(r.right())), 0, width_);
  const int y1 = std::clamp(int(std::ceil(r.bottom())), 0, height_);
  if (x0 >= x1 || y0 >= y1) return;
  for (int row = y0 / kTile; row <= (y1 - 1) / kTile; ++row) {
    std::uint8_t* line = &mask_[std::size_t(row) * std::size_t(cols_)];
    for (int col = x0 / kTile; col <= (x1 - 1) / kTile; ++col) {
      marked_ += line[col] == 0;
      line[col] = 1;
    }
  }
}

void DirtyTiles::rects(std::vector<PixelRect>& out) {
  out.clear();
  open_.clear();
  auto close = [&](const Open& o, int row_end) {
    const int x = o.c0 * kTile, y = o.row0 * kTile;
    out.push_back(
        {x, y, std::min(o.c1 * kTile, width_) - x, std::min(row_end * kTile, height_) - y});
  };
  for (int row = 0; row <= rows_; ++row) {
    next_.clear();
    int col = 0;
    while (row < rows_ && col < cols_) {
      const std::uint8_t* line = &mask_[std::size_t(row) * std::size_t(cols_)];
      if (!line[col]) {
        ++col;
        continue;
      }
      const int c0 = col;
      while (col < cols_ && line[col]) ++col;
      // Continue a rectangle from the row above with exactly this run, or start one.
      auto same = std::find_if(open_.begin(), open_.end(),
                               [&](const Open& o) { return o.c0 == c0 && o.c1 == col; });
      if (same != open_.end()) {
        next_.push_back(*same);
        open_.erase(same);
      } else {
        next_.push_back({c0, col, row});
      }
    }
    for (const Open& o : open_) close(o, row);
    open_.swap(next_);
  }
}

}  // namespace render::gl
