// Private to the render module: which parts of the render target hold something other
// than the clear colour, as a few tile-aligned rectangles, so the next frame clears only
// those (a full 1080p clear costs about a millisecond on llvmpipe).
// Thread-safety: plain value; one thread at a time.
#pragma once

#include <cstdint>
#include <vector>

#include "render/geometry.h"

namespace render::gl {

// Whole pixels, y down.
struct PixelRect {
  int x = 0, y = 0, w = 0, h = 0;
};

class DirtyTiles {
 public:
  // Forgets everything: a target of `width` × `height` pixels with nothing drawn.
  void reset(int width, int height);
  // Marks the tiles under `r` (output pixels; clipped to the target).
  void add(const Rect& r);
  bool empty() const { return marked_ == 0; }
  // Replaces `out` with rectangles covering every marked tile: runs along tile rows,
  // merged down the rows.
  void rects(std::vector<PixelRect>& out);

 private:
  static constexpr int kTile = 64;  // llvmpipe's tile size
  int width_ = 0, height_ = 0, cols_ = 0, rows_ = 0;
  std::size_t marked_ = 0;
  std::vector<std::uint8_t> mask_;  // rows_ × cols_
  struct Open {
    int c0, c1, row0;  // tile columns [c0, c1) from tile row row0 down
  };
  std::vector<Open> open_, next_;  // scratch for rects(), kept to avoid allocations
};

}  // namespace render::gl
