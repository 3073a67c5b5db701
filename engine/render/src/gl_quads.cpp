#include "gl_quads.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "core/error.h"

namespace render::gl {

struct QuadBuilder::Ctx {
  Affine m;
  float scale = 1;  // output pixels per local unit
  Rect clip;        // output pixels, inside the target
  float opacity = 1;
};

namespace {

// A box's plain interior gets its own quad (four more for the rim) only when it has at
// least this many output pixels: on llvmpipe each extra quad costs about as much as a few
// thousand pixels of the rounded-box shader.
constexpr float kSplitMinPixels = 8192;

std::uint8_t to_byte(float v) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.f, 1.f) * 255.f));
}

void premultiply(const Color& c, float opacity, std::uint8_t (&out)[4]) {
  const float a = std::clamp(c.a * opacity, 0.f, 1.f);
  out[0] = to_byte(std::clamp(c.r, 0.f, 1.f) * a);
  out[1] = to_byte(std::clamp(c.g, 0.f, 1.f) * a);
  out[2] = to_byte(std::clamp(c.b, 0.f, 1.f) * a);
  out[3] = to_byte(a);
}

Vertex base_vertex(QuadMode mode, float scale, const Rect& clip) {
  Vertex v{};
  v.params[0] = float(static_cast<int>(mode));
  v.params[1] = scale;
  v.clip[0] = clip.x;
  v.clip[1] = clip.y;
  v.clip[2] = clip.right();
  v.clip[3] = clip.bottom();
  return v;
}

float set_radii(Vertex& v, const std::array<float, 4>& radius, float hx, float hy) {
  const float limit = std::min(hx, hy);
  float largest = 0;
  for (int i = 0; i < 4; ++i) {
    v.radii[i] = std::clamp(radius[i], 0.f, limit);
    largest = std::max(largest, v.radii[i]);
  }
  return largest;
}

bool visible(const Color& c) {
  return c.a > 0;
}

Rect centred(float hx, float hy) {
  return {-hx, -hy, 2 * hx, 2 * hy};
}

}  // namespace

void Frame::clear() {
  width = height = 0;
  ops = 0;
  vertices.clear();
  batches.clear();
  images.clear();
  touched.clear();
  op_rects.clear();
  atlas = nullptr;
}

void QuadBuilder::build(const DrawList& list, TextEngine& text, Frame& out) {
  if (list.width <= 0 || list.height <= 0) {
    throw core::Error("renderer: cannot draw a " + std::to_string(list.width) + "x" +
                      std::to_string(list.height) + " draw list; give the Canvas a size");
  }
  out.clear();
  out.width = list.width;
  out.height = list.height;
  out.ops = list.ops.size();
  out.atlas = &text.atlas();
  frame_ = &out;
  batcher_.begin(list.width, list.height);
  text.begin_frame();
  const Rect target{0, 0, float(list.width), float(list.height)};
  out.op_rects.reserve(list.ops.size());
  for (const DrawOp& op : list.ops) {
    out.op_rects.emplace_back();
    op_bounds_ = &out.op_rects.back();
    const Ctx c{op.state.transform, op.state.transform.uniform_scale(),
                op.state.clip.intersect(target), std::clamp(op.state.opacity, 0.f, 1.f)};
    if (c.opacity <= 0 || c.clip.empty() || !(c.scale > 0) || !std::isfinite(c.scale)) continue;
    if (const auto* box = std::get_if<BoxOp>(&op.op)) {
      add_shadow(c, *box);
      add_box(c, *box);
    } else if (const auto* line = std::get_if<LineOp>(&op.op)) {
      add_line(c, *line);
    } else if (const auto* image = std::get_if<ImageOp>(&op.op)) {
      add_image(c, *image);
    } else if (const auto* run = std::get_if<TextOp>(&op.op)) {
      add_text(c, *run, text);
    }
  }
  batcher_.finish(out);
  frame_ = nullptr;
  op_bounds_ = nullptr;
}

void QuadBuilder::add_box(const Ctx& c, const BoxOp& op) {
  const BoxStyle& s = op.style;
  const bool border = s.border_width > 0 && visible(s.border_color);
  const bool fill = visible(s.fill.color) || (s.fill.color_to && visible(*s.fill.color_to));
  if (op.rect.empty() || (!fill && !border)) return;
  const float hx = op.rect.w / 2, hy = op.rect.h / 2, px = 1 / c.scale;
  Vertex v = base_vertex(QuadMode::box, c.scale, c.clip);
  v.half[0] = hx;
  v.half[1] = hy;
  const float radius = set_radii(v, s.radius, hx, hy);
  premultiply(s.fill.color, c.opacity, v.color0);
  premultiply(s.fill.color_to.value_or(s.fill.color), c.opacity, v.color1);
  if (s.fill.color_to) {
    // CSS-like: the gradient line spans the box's extent along the angle, so the two
    // colours land exactly on the farthest corners.
    const float rad = s.fill.angle_deg * std::numbers::pi_v<float> / 180.f;
    const float dx = std::cos(rad), dy = std::sin(rad);
    const float length = 2 * (std::abs(hx * dx) + std::abs(hy * dy));
    if (length > 0) {
      v.grad[0] = dx / length;
      v.grad[1] = dy / length;
    }
  }
  const float border_width = border ? std::min(s.border_width, std::min(hx, hy)) : 0.f;
  if (border) {
    v.params[2] = border_width;
    premultiply(s.border_color, c.opacity, v.border);
  }
  const Affine to_output = c.m * Affine::translate(op.rect.center().x, op.rect.center().y);
  // Deeper than every corner arc and the border's inner edge, pixels are plain fill.
  const float depth = std::max(radius, border_width) + px;
  Rect interior = centred(hx - depth, hy - depth);
  if (interior.empty() || interior.w * interior.h * c.scale * c.scale < kSplitMinPixels) {
    interior = Rect{};
  }
  emit_ring(v, to_output, centred(hx + px, hy + px), interior);
  commit(QuadMode::box, -1, false);
  if (fill && !interior.empty()) {
    v.params[0] = float(static_cast<int>(QuadMode::fill));
    emit_rect(v, to_output, interior);
    commit(QuadMode::fill, -1, false);
  }
}

void QuadBuilder::add_shadow(const Ctx& c, const BoxOp& op) {
  const Shadow& s = op.style.shadow;
  if (op.rect.empty() || !visible(s.color)) return;
  const float hx = op.rect.w / 2, hy = op.rect.h / 2, px = 1 / c.scale;
  if (hx + s.spread <= 0 || hy + s.spread <= 0) return;
  // `blur` is a blur radius as in CSS box-shadow: the gaussian's sigma is half of it.
  const float sigma = std::max(s.blur, 0.f) / 2;
  Vertex v = base_vertex(QuadMode::shadow, c.scale, c.clip);
  v.half[0] = hx;
  v.half[1] = hy;
  const float radius = set_radii(v, op.style.radius, hx, hy);
  v.grad[0] = -s.offset.x;  // the box's centre, seen from the shadow's
  v.grad[1] = -s.offset.y;
  v.params[2] = s.spread;
  v.params[3] = sigma;
  premultiply(s.color, c.opacity, v.color0);
  const float reach = s.spread + 3 * sigma + px;
  const Vec2 centre = op.rect.center();
  const Affine to_output = c.m * Affine::translate(centre.x + s.offset.x, centre.y + s.offset.y);
  // The box hides its own shadow (the shader cuts it out), so its inside is skipped.
  const float depth = radius + px;
  Rect hole = centred(hx - depth, hy - depth).offset(-s.offset.x, -s.offset.y);
  if (hole.empty() || hole.w * hole.h * c.scale * c.scale < kSplitMinPixels) hole = Rect{};
  emit_ring(v, to_output, centred(hx + reach, hy + reach), hole);
  commit(QuadMode::shadow, -1, false);
}

void QuadBuilder::add_line(const Ctx& c, const LineOp& op) {
  const float dx = op.to.x - op.from.x, dy = op.to.y - op.from.y;
  const float length = std::hypot(dx, dy);
  if (!(length > 1e-6f) || !(op.width > 0) || !visible(op.color)) return;
  // A box rotated along the segment: local x runs from `from` to `to`.
  const float ux = dx / length, uy = dy / length;
  const float hx = length / 2, hy = op.width / 2, px = 1 / c.scale;
  Vertex v = base_vertex(QuadMode::box, c.scale, c.clip);
  v.half[0] = hx;
  v.half[1] = hy;
  premultiply(op.color, c.opacity, v.color0);
  std::copy(std::begin(v.color0), std::end(v.color0), std::begin(v.color1));
  const Affine along{ux, uy, -uy, ux, (op.from.x + op.to.x) / 2, (op.from.y + op.to.y) / 2};
  emit_rect(v, c.m * along, centred(hx + px, hy + px));
  commit(QuadMode::box, -1, false);
}

void QuadBuilder::add_image(const Ctx& c, const ImageOp& op) {
  if (!op.image || op.image->empty() || op.rect.empty() || !visible(op.tint)) return;
  const float hx = op.rect.w / 2, hy = op.rect.h / 2, px = 1 / c.scale;
  Vertex v = base_vertex(QuadMode::image, c.scale, c.clip);
  v.half[0] = hx;
  v.half[1] = hy;
  premultiply(op.tint, c.opacity, v.color0);
  emit_rect(v, c.m * Affine::translate(op.rect.center().x, op.rect.center().y),
            centred(hx + px, hy + px));
  if (!piece_.empty()) commit(QuadMode::image, image_index(op.image), false);
}

void QuadBuilder::add_text(const Ctx& c, const TextOp& op, TextEngine& text) {
  if (!op.shaped || !visible(op.color)) return;
  const ShapedText& s = *op.shaped;
  Vertex v = base_vertex(QuadMode::glyph, c.scale, c.clip);
  premultiply(op.color, c.opacity, v.color0);
  if (v.color0[3] == 0) return;
  const Vec2 o = c.m.apply(op.origin);
  // Glyphs are rasterised at output size: only the transform's rotation applies to them.
  const bool upright = c.m.axis_aligned() && c.m.a > 0 && c.m.d > 0;
  const QuadMode mode = upright ? QuadMode::glyph : QuadMode::glyph_smooth;
  v.params[0] = float(static_cast<int>(mode));
  const float angle = upright ? 0.f : std::atan2(c.m.b, c.m.a);
  const float cs = std::cos(angle), sn = std::sin(angle);
  auto rotate = [&](float x, float y) { return Vec2{cs * x - sn * y, sn * x + cs * y}; };
  int page = -1;
  for (const ShapedGlyph& g : s.glyphs) {
    const AtlasGlyph ag = text.glyph(g.font, g.glyph, s.px_size);  // copy: later calls move it
    if (ag.w <= 0 || ag.h <= 0) continue;
    if (ag.page != page && !piece_.empty()) commit(mode, page, true);
    page = ag.page;
    float u0 = float(ag.x), v0 = float(ag.y), u1 = float(ag.x + ag.w), v1 = float(ag.y + ag.h);
    Vec2 pos[4];
    if (upright) {
      // Whole output pixels, so each texel lands on one pixel: crisp text.
      const float x0 = std::round(o.x + g.x + ag.left), y0 = std::round(o.y + g.y - ag.top);
      const float x1 = x0 + float(ag.w), y1 = y0 + float(ag.h);
      pos[0] = {x0, y0};
      pos[1] = {x1, y0};
      pos[2] = {x1, y1};
      pos[3] = {x0, y1};
    } else {
      const float inv = 1.f / float(text.atlas().page_size());
      u0 *= inv, v0 *= inv, u1 *= inv, v1 *= inv;
      const Vec2 pen = rotate(g.x, g.y);
      const float l = ag.left, t = -ag.top, r = l + float(ag.w), b = t + float(ag.h);
      const Vec2 corner[4] = {{l, t}, {r, t}, {r, b}, {l, b}};
      for (int i = 0; i < 4; ++i) {
        const Vec2 q = rotate(corner[i].x, corner[i].y);
        pos[i] = {o.x + pen.x + q.x, o.y + pen.y + q.y};
      }
    }
    const Vec2 uv[4] = {{u0, v0}, {u1, v0}, {u1, v1}, {u0, v1}};
    emit_quad(v, pos, uv);
  }
  commit(mode, page, true);
}

void QuadBuilder::emit_quad(const Vertex& base, const Vec2 (&pos)[4], const Vec2 (&local)[4]) {
  float l = pos[0].x, t = pos[0].y, r = pos[0].x, b = pos[0].y;
  for (const Vec2& p : pos) {
    l = std::min(l, p.x);
    t = std::min(t, p.y);
    r = std::max(r, p.x);
    b = std::max(b, p.y);
  }
  // Pixels outside the clip are left untouched, so the clipped box is what the quad touches.
  const Rect touched = Rect{l, t, r - l, b - t}.intersect(
      Rect{base.clip[0], base.clip[1], base.clip[2] - base.clip[0], base.clip[3] - base.clip[1]});
  if (touched.empty()) return;
  piece_rects_.push_back(touched);
  if (op_bounds_) *op_bounds_ = unite(*op_bounds_, touched);
  for (int i = 0; i < 4; ++i) {
    Vertex v = base;
    v.pos[0] = pos[i].x;
    v.pos[1] = pos[i].y;
    v.local[0] = local[i].x;
    v.local[1] = local[i].y;
    piece_.push_back(v);
  }
}

void QuadBuilder::emit_rect(const Vertex& base, const Affine& to_output, const Rect& local) {
  if (local.empty()) return;
  const Vec2 corners[4] = {{local.x, local.y},
                           {local.right(), local.y},
                           {local.right(), local.bottom()},
                           {local.x, local.bottom()}};
  Vec2 pos[4];
  for (int i = 0; i < 4; ++i) pos[i] = to_output.apply(corners[i]);
  emit_quad(base, pos, corners);
}

// `outer` minus `hole` as up to four strips: full-width top and bottom, then the sides.
void QuadBuilder::emit_ring(const Vertex& base, const Affine& to_output, const Rect& outer,
                            Rect hole) {
  hole = hole.empty() ? Rect{} : hole.intersect(outer);
  if (hole.empty()) {
    emit_rect(base, to_output, outer);
    return;
  }
  emit_rect(base, to_output, {outer.x, outer.y, outer.w, hole.y - outer.y});
  emit_rect(base, to_output, {outer.x, hole.y, hole.x - outer.x, hole.h});
  emit_rect(base, to_output, {hole.right(), hole.y, outer.right() - hole.right(), hole.h});
  emit_rect(base, to_output, {outer.x, hole.bottom(), outer.w, outer.bottom() - hole.bottom()});
}

void QuadBuilder::commit(QuadMode mode, int texture, bool merge_rects) {
  batcher_.add(mode, texture, piece_, piece_rects_, merge_rects);
  piece_.clear();
  piece_rects_.clear();
}

int QuadBuilder::image_index(const ImagePtr& image) {
  // A frame holds few images: a linear search beats hashing and allocates nothing.
  const auto& images = frame_->images;
  const auto found = std::find(images.begin(), images.end(), image);
  if (found != images.end()) return int(found - images.begin());
  frame_->images.push_back(image);
  return int(images.size()) - 1;
}

}  // namespace render::gl
