// Private to the render module: what prepare() hands to draw(): quads (four vertices each)
// for the canvas shaders, grouped into draw calls, with the textures they need.
// Thread-safety: plain data; one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "render/canvas.h"
#include "render/text.h"

namespace render::gl {

// Which program of shaders/canvas.frag draws a quad (MODE_FILL, MODE_BOX, ...).
enum class QuadMode : std::uint8_t { invalid, fill, box, shadow, glyph, glyph_smooth, image };
inline constexpr int kQuadModes = 7;

// One vertex of a quad; layout mirrors shaders/canvas.vert.
struct Vertex {
  float pos[2];            // output pixels, y down
  float local[2];          // local units from the shape's centre; atlas texel or uv for glyphs
  float half[2];           // half size of the shape (shadow: of the box casting it)
  float radii[4];          // top-left, top-right, bottom-right, bottom-left
  float grad[2];           // box: gradient direction / projected length; shadow: box centre
  float params[4];         // mode, output pixels per unit, border width or spread, sigma
  float clip[4];           // output pixels: left, top, right, bottom
  std::uint8_t color0[4];  // premultiplied, opacity applied
  std::uint8_t color1[4];  // gradient end, premultiplied
  std::uint8_t border[4];  // border colour, premultiplied
};

// Consecutive quads drawn with one call.
struct Batch {
  QuadMode mode = QuadMode::invalid;
  int texture = -1;  // glyph modes: atlas page; image: index into Frame::images; else -1
  std::uint32_t first_quad = 0, quads = 0;
  Rect bounds;  // output pixels its quads may change (clipped)
};

// What prepare() built: everything draw() needs, with the images it references kept alive.
struct Frame {
  int width = 0, height = 0;
  std::size_t ops = 0;
  std::vector<Vertex> vertices;  // four per quad: top-left, top-right, bottom-right, bottom-left
  std::vector<Batch> batches;
  std::vector<ImagePtr> images;
  std::vector<Rect> touched;          // output pixels each piece may change
  std::vector<Rect> op_rects;         // per DrawList op: output pixels its quads may change
  const GlyphAtlas* atlas = nullptr;  // the TextEngine's; must outlive draw()
  void clear();
};

}  // namespace render::gl
