// Canvas: what overlays draw on. It records resolution-independent drawing operations
// (boxes, lines, images, shaped text) into a DrawList; it never calls GL, so the same
// overlay code runs under the GL renderer and on a null canvas in layout tests.
// Thread-safety: one thread at a time per Canvas (the engine thread). The TextEngine it
// uses must not be used by another thread at the same time.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "render/geometry.h"
#include "render/image.h"

namespace render {

class TextEngine;
struct ShapedText;

// A solid colour, or a linear gradient from `color` to `color_to` along `angle_deg`
// (0 = left to right, 90 = top to bottom).
struct Fill {
  Color color{0, 0, 0, 0};
  std::optional<Color> color_to;
  float angle_deg = 90;
};

// A soft drop shadow behind a box: offset, gaussian blur radius, spread, colour.
struct Shadow {
  Vec2 offset{};
  float blur = 0;
  float spread = 0;
  Color color{0, 0, 0, 0};
};

// How a box looks. Corner radii are top-left, top-right, bottom-right, bottom-left.
struct BoxStyle {
  Fill fill;
  std::array<float, 4> radius{0, 0, 0, 0};
  float border_width = 0;  // drawn inside the box
  Color border_color{0, 0, 0, 0};
  Shadow shadow;

  BoxStyle& rounded(float r) {
    radius = {r, r, r, r};
    return *this;
  }
};

enum class Align : std::uint8_t { invalid, left, center, right };

// How text looks. Sizes are in canvas units (pixels at the reference size); the Canvas
// rasterises at size × the current transform's scale, so text is crisp at any output size.
struct TextStyle {
  std::string family = "Inter";  // fontconfig family; fallback covers missing characters
  int weight = 400;              // 400 regular, 600 semibold, 700 bold, 900 black
  bool italic = false;
  float size = 32;
  Color color{1, 1, 1, 1};
  bool tabular = false;    // tabular figures (OpenType tnum): digits all one width
  bool uppercase = false;  // upper-case the text before shaping (locale-independent)
  float tracking = 0;      // extra space between letters, in 1/1000 em
  friend bool operator==(const TextStyle&, const TextStyle&) = default;
};

struct TextMetrics {
  float width = 0;    // advance width of the line, canvas units
  float ascent = 0;   // above the baseline, positive
  float descent = 0;  // below the baseline, positive
  bool truncated = false;
};

// What a draw call recorded. Geometry is in the caller's local units; `transform` maps
// to output pixels; `clip` is an output-pixel rectangle; `opacity` multiplies alpha.
struct DrawState {
  Affine transform;
  Rect clip;
  float opacity = 1;
};
struct BoxOp {
  Rect rect;
  BoxStyle style;
};
struct LineOp {
  Vec2 from, to;
  float width = 1;
  Color color;
};
struct ImageOp {
  Rect rect;
  ImagePtr image;
  Color tint{1, 1, 1, 1};
};
struct TextOp {
  Vec2 origin;                               // pen position on the baseline, local units
  std::shared_ptr<const ShapedText> shaped;  // glyphs at the output pixel size
  Color color;
  Rect box;          // the box the text was laid out in (local units), for layout checks
  Rect ink;          // where the line lies (local units): origin.x .. +width, ascent/descent
  std::string text;  // what is shown, after truncation (ends with "…" when cut)
};
struct DrawOp {
  DrawState state;
  std::variant<BoxOp, LineOp, ImageOp, TextOp> op;
  Rect bounds() const;  // output-pixel bounding box, before clipping
};

// The recorded frame: painter's order, first op at the back.
struct DrawList {
  int width = 0, height = 0;  // output pixels
  std::vector<DrawOp> ops;
};

class Canvas {
 public:
  // `text` must outlive the Canvas.
  Canvas(TextEngine& text, int width, int height);

  // Starts a new frame: clears the ops and the state stack, keeps caches.
  void reset(int width, int height);
  int width() const { return list_.width; }
  int height() const { return list_.height; }

  // State: transform, clip and opacity, saved and restored as a stack.
  void save();
  void restore();
  void translate(float x, float y);
  void scale(float sx, float sy);
  void rotate(float radians);
  void transform(const Affine& m);
  // Intersects the clip with `r` (local units; a rotated clip clips to its bounding box).
  void clip(const Rect& r);
  void multiply_opacity(float opacity);
  const DrawState& state() const { return state_; }

  void box(const Rect& r, const BoxStyle& style);
  void fill_rect(const Rect& r, const Color& color);
  void line(Vec2 from, Vec2 to, float width, const Color& color);
  void image(const Rect& r, ImagePtr image, const Color& tint = {1, 1, 1, 1});

  // One line of text: measured at the current scale, truncated with "…" to `max_width`
  // when positive.
  TextMetrics measure(std::string_view text, const TextStyle& style, float max_width = 0);
  // Draws one line in `box`: aligned horizontally, centred vertically on the font's
  // ascent+descent, truncated with "…" when wider than the box. Returns what was drawn.
  TextMetrics text(const Rect& box, std::string_view text, const TextStyle& style,
                   Align align = Align::left);
  // Draws one line with its baseline starting at `origin`; no truncation.
  TextMetrics text_at(Vec2 origin, std::string_view text, const TextStyle& style);

  const DrawList& draw_list() const { return list_; }
  TextEngine& text_engine() { return text_; }

 private:
  void push(std::variant<BoxOp, LineOp, ImageOp, TextOp> op);
  TextEngine& text_;
  DrawList list_;
  DrawState state_;
  std::vector<DrawState> stack_;
};

}  // namespace render
