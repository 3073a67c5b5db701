// GlRenderer: draws a Canvas's DrawList into an offscreen RGBA framebuffer with the
// shaders from shaders/ (rounded boxes with gradients, borders and shadows as signed
// distance fields; glyphs from the TextEngine's atlas; images), and reads it back.
// Output is premultiplied alpha over a transparent background (ready for key/fill).
// Thread-safety: the thread that owns the GlContext, with that context current.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "render/canvas.h"
#include "render/image.h"
#include "render/text.h"

namespace render {

class GlContext;

struct RenderStats {
  std::size_t ops = 0;
  std::size_t vertices = 0;
  std::size_t draw_calls = 0;
  std::size_t texture_uploads = 0;  // atlas pages and images uploaded this frame
  std::size_t damaged_pixels = 0;   // pixels cleared and redrawn (the whole target if full)
  bool full_redraw = false;         // the whole target was redrawn, not only the damage
};

// Whole output pixels, rows counted from the top.
struct PixelBox {
  int x = 0, y = 0, w = 0, h = 0;
  bool operator==(const PixelBox&) const = default;
};

// A CPU copy of the target as drawn (premultiplied RGBA, rows top to bottom), kept up to
// date by read_changes(): what a compositor blends over video.
struct TargetMirror {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;
  // The boxes the last read_changes() brought up to date; the rest held already.
  std::vector<PixelBox> changed;
};

class GlRenderer {
 public:
  // Compiles the embedded shaders; throws core::Error with the GLSL log on failure.
  explicit GlRenderer(GlContext& context);
  ~GlRenderer();
  GlRenderer(const GlRenderer&) = delete;
  GlRenderer& operator=(const GlRenderer&) = delete;

  // CPU side: turns the ops into vertices and draw calls (rasterising missing glyphs).
  // Separate from draw() so benchmarks can time it apart. Calls text.begin_frame() (the
  // atlas's least-recently-used clock); the list's text and images must come from `text`.
  void prepare(const DrawList& list, TextEngine& text);
  // GPU side: makes the target (resized to the list's size) show what prepare() built over
  // `clear`. Incrementally (the default), only the pixels of ops that differ from the last
  // drawn frame's are cleared and redrawn; the result is byte for byte what a full redraw
  // gives. Everything is redrawn on the first frame, after a size, clear colour or glyph
  // atlas eviction change, after invalidate(), and when over ~60% of the target changed.
  // Returns when the commands are submitted, not finished.
  RenderStats draw(const Color& clear = {0, 0, 0, 0});
  // prepare() + draw().
  RenderStats render(const DrawList& list, TextEngine& text, const Color& clear = {0, 0, 0, 0});
  // Blocks until the GPU is done (for timing).
  void finish();

  // false: every draw() redraws the whole target (the reference incremental frames match).
  void set_incremental(bool incremental);
  // The next draw() redraws everything (say, after the target was written outside).
  void invalidate();

  // Reads the target back as straight-alpha RGBA, rows top to bottom, into `into`, reusing
  // its buffer when it already has the target's size.
  void read_pixels(Image& into);
  Image read_pixels();
  // Brings `mirror` up to date with the target, reading back only what the draws since
  // the last call on this renderer changed (everything the first time, after a size change
  // or when `mirror` was not filled by this renderer); fills mirror.changed. Premultiplied,
  // unlike read_pixels(): ready to blend. Blocks until the draws are done.
  void read_changes(TargetMirror& mirror);
  // The GL texture of the target (for the compositor and the console preview). Read-only
  // for everyone else: incremental draws rely on it keeping the last frame's pixels, so
  // whoever writes into it must call invalidate().
  std::uint32_t target_texture() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace render
