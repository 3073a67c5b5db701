// Private to the render module: turns a DrawList into quads (four vertices each) for the
// canvas shaders, per mode of shaders/canvas.frag; the Batcher groups them into draw calls.
// Thread-safety: one thread at a time per QuadBuilder; no GL calls here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "gl_batcher.h"
#include "render/canvas.h"
#include "render/text.h"

namespace render::gl {

// Large boxes are split into an anti-aliased rim and a plain interior, and large shadows
// skip the part their box covers, so the expensive shaders run on few pixels.
class QuadBuilder {
 public:
  // Replaces `out` with the quads of `list`; rasterises missing glyphs through `text`.
  void build(const DrawList& list, TextEngine& text, Frame& out);

 private:
  struct Ctx;
  void add_box(const Ctx& c, const BoxOp& op);
  void add_shadow(const Ctx& c, const BoxOp& op);
  void add_line(const Ctx& c, const LineOp& op);
  void add_image(const Ctx& c, const ImageOp& op);
  void add_text(const Ctx& c, const TextOp& op, TextEngine& text);

  // Quads of one piece gather in piece_ until commit() hands them to the batcher.
  void emit_quad(const Vertex& base, const Vec2 (&pos)[4], const Vec2 (&local)[4]);
  void emit_rect(const Vertex& base, const Affine& to_output, const Rect& local);
  void emit_ring(const Vertex& base, const Affine& to_output, const Rect& outer, Rect hole);
  void commit(QuadMode mode, int texture, bool merge_rects);
  int image_index(const ImagePtr& image);

  Frame* frame_ = nullptr;
  Rect* op_bounds_ = nullptr;  // the current op's entry in Frame::op_rects
  std::vector<Vertex> piece_;
  std::vector<Rect> piece_rects_;
  Batcher batcher_;
};

}  // namespace render::gl
