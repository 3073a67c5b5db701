// Private to the render module: which output pixels differ between the frame the target
// shows and the next one, found by comparing the two frames' DrawList ops (a compact copy
// of the shown frame's ops is kept), as a few whole-pixel rectangles to redraw.
// Thread-safety: plain value; one thread at a time (the renderer's).
#pragma once

#include <cstddef>
#include <memory>
#include <variant>
#include <vector>

#include "gl_dirty.h"
#include "gl_frame.h"
#include "render/canvas.h"

namespace render::gl {

class DamageTracker {
 public:
  // At most this many rectangles come out of diff(); closer ones are merged.
  static constexpr std::size_t kMaxRects = 16;
  // Output pixels added around each changed op (anti-aliasing, shadow softness).
  static constexpr float kMargin = 2;
  // Two rectangles merge when their union adds at most this many pixels: each one is a
  // pass over the batches (about what a 64×64 llvmpipe tile of pixels costs).
  static constexpr long long kPassPixels = 4096;

  // Records the ops of the frame about to be drawn; `frame` is what QuadBuilder built
  // from `list` (its op_rects say where each op's quads land).
  void stage(const DrawList& list, const Frame& frame);
  // Compares the staged frame with the shown one, then the staged frame counts as shown.
  // Fills `out` with rectangles (inside `width` × `height`) covering every pixel whose
  // value may differ; returns their total area. Without a stage() since the last call,
  // nothing changed: `out` is empty.
  std::size_t diff(int width, int height, std::vector<PixelRect>& out);

 private:
  // What decides an op's pixels; text and images by pointer (same pointer, same pixels).
  struct TextKey {
    Vec2 origin;
    std::shared_ptr<const ShapedText> shaped;
    Color color;
    Rect ink;
  };
  struct Record {
    DrawState state;
    std::variant<BoxOp, LineOp, ImageOp, TextKey> op;
    Rect damage;  // output pixels it may change, margin included; empty: none
  };
  // Edits (ops added plus removed) the matching of unequal lists looks for.
  static constexpr int kMaxEdits = 512;

  static bool same(const Record& a, const Record& b);
  // Damages what differs between `was` and `now`, the same op in two frames: where a box
  // only moved one edge (a progress bar growing), the pixels near that edge; else both.
  void add_changed(const Record& was, const Record& now);
  void diff_middle(std::size_t a0, std::size_t a1, std::size_t b0, std::size_t b1);
  void add(const Rect& r);
  void merge(std::size_t limit);

  std::vector<Record> shown_, staged_;
  bool has_staged_ = false;
  int width_ = 0, height_ = 0;
  std::vector<PixelRect> rects_;       // scratch for diff()
  std::vector<int> trace_, furthest_;  // scratch for diff_middle()
};

}  // namespace render::gl
