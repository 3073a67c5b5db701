// Private to the render module: files the quads of each drawn piece into as few draw
// calls as painter's order allows. A piece may join an earlier batch of its kind only when
// nothing drawn by the batches in between lies under it.
// Thread-safety: one thread at a time per Batcher; no GL calls here.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "gl_frame.h"

namespace render::gl {

// The smallest rectangle holding `a` and `b`, for bounds grown one piece at a time: an empty
// `a` (nothing added yet) gives `b`.
inline Rect unite(const Rect& a, const Rect& b) {
  if (a.empty()) return b;
  const float l = std::min(a.x, b.x), t = std::min(a.y, b.y);
  return {l, t, std::max(a.right(), b.right()) - l, std::max(a.bottom(), b.bottom()) - t};
}

class Batcher {
 public:
  // Starts a frame for a target of `width` × `height` output pixels.
  void begin(int width, int height);
  // Files one piece: `vertices` (four per quad) touching only the output rectangles
  // `rects`. With `merge_rects`, their union stands for them (many small glyph quads).
  void add(QuadMode mode, int texture, const std::vector<Vertex>& vertices,
           std::vector<Rect>& rects, bool merge_rects);
  // Appends the frame's batches in draw order to `out` (vertices, batches, touched).
  void finish(Frame& out);

 private:
  struct Bucket {
    QuadMode mode = QuadMode::invalid;
    int texture = -1;
    std::vector<Vertex> vertices;
    std::vector<Rect> rects;
    Rect bounds;
  };
  bool lies_under_later(std::size_t target, const Rect& bounds, const std::vector<Rect>& rects,
                        int newest) const;
  template <class Fn>
  void for_cells(const Rect& r, Fn&& fn);

  static constexpr int kCell = 32;  // output pixels per side of an occupancy cell
  int cols_ = 0, rows_ = 0;
  std::vector<int> newest_;      // per cell: the latest bucket drawing there; -1 none
  std::vector<Bucket> buckets_;  // a pool: the first used_ are this frame's, in draw order
  std::size_t used_ = 0;
  std::vector<Rect> touched_;
};

}  // namespace render::gl
