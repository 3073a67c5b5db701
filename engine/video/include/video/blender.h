// OverlayBlender: puts the rendered overlay (premultiplied RGBA) over video pictures on the
// CPU. Where the overlay changed it is converted once to premultiplied YUV 4:2:0 with alpha
// (BT.709, limited range); each picture then blends only the tiles that hold anything. On a
// machine without a GPU this costs far less than uploading, compositing and reading back
// whole frames (docs/benchmarks.md, bench pipeline).
// Thread-safety: one thread at a time (the render loop's).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "video/picture.h"

namespace video {

// Whole pixels, rows from the top.
struct Box {
  int x = 0, y = 0, w = 0, h = 0;
};

class OverlayBlender {
 public:
  // Tiles are this many luma pixels square (even).
  static constexpr int kTile = 32;

  // Converts the `changed` boxes of `rgba` (width × height, premultiplied, rows top down);
  // a new size converts everything. Boxes are clamped to the overlay.
  void update(const std::uint8_t* rgba, int width, int height, std::span<const Box> changed);
  // Blends the overlay over `picture`, which must have the overlay's size (else throws
  // core::Error). No overlay yet: leaves it alone.
  void blend(Picture& picture) const;
  // Share of tiles holding anything (0..1).
  double covered() const;
  int width() const { return w_; }
  int height() const { return h_; }

 private:
  void convert(const std::uint8_t* rgba, Box box);
  void mark_tiles(Box box);

  int w_ = 0, h_ = 0, tiles_x_ = 0, tiles_y_ = 0;
  std::vector<std::uint8_t> y_, a_;       // luma resolution: premultiplied Y, alpha
  std::vector<std::uint8_t> u_, v_, ac_;  // chroma resolution: premultiplied U, V, alpha
  std::vector<std::uint8_t> used_;        // per tile: any alpha
  std::size_t used_count_ = 0;
};

}  // namespace video
