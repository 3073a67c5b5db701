// Private to the render module: for redrawing one damage rectangle under a scissor, which
// quads of a batch reach into it, as a few runs of consecutive quads for
// glMultiDrawElements: the rest would cost vertex work and be scissored away.
// Thread-safety: plain value; one thread at a time (the renderer's).
#pragma once

#include <cstdint>
#include <vector>

#include "gl_dirty.h"
#include "gl_frame.h"

namespace render::gl {

class QuadCuller {
 public:
  // Notes where each quad of `frame` lands (its vertices' box, clipped).
  void index(const Frame& frame);
  // Fills the runs of `batch`'s quads that reach into `rect`: element counts (six per quad)
  // and byte offsets into an index buffer holding six indices per quad in order. Returns
  // false when no quad does.
  bool runs(const Batch& batch, const PixelRect& rect);
  // After runs() returned true: the first quad of its first run, the bottom-most quad of
  // the batch in the rectangle.
  std::uint32_t first_quad() const;
  // Where quad `q` of the indexed frame may draw (output pixels, its clip applied).
  Rect box(std::uint32_t q) const;
  // Whether quad `q` of `frame` (the indexed one) is an upright rectangle: it then draws
  // every pixel whose centre lies inside box(q).
  static bool upright(const Frame& frame, std::uint32_t q);
  // Leaves the first quad out of the runs runs() filled.
  void skip_first_quad();
  const std::vector<int>& counts() const { return counts_; }
  const std::vector<const void*>& offsets() const { return offsets_; }

 private:
  // Quads that miss the rectangle between two that reach it are drawn anyway when there
  // are at most this many: one longer run is cheaper than two draws.
  static constexpr std::uint32_t kBridge = 8;
  struct Box {
    float l, t, r, b;
  };
  std::vector<Box> quads_;
  std::vector<int> counts_;
  std::vector<const void*> offsets_;
};

}  // namespace render::gl
