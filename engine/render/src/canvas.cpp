#include "render/canvas.h"

#include <cmath>

#include "render/text.h"

namespace render {
namespace {

Rect shadow_bounds(const BoxOp& b) {
  const Shadow& s = b.style.shadow;
  if (s.color.a <= 0) return b.rect;
  const float grow = s.spread + 3 * s.blur;
  Rect r = b.rect.offset(s.offset.x, s.offset.y).inset(-grow, -grow);
  const float l = std::min(r.x, b.rect.x), t = std::min(r.y, b.rect.y);
  const float rr = std::max(r.right(), b.rect.right());
  const float bb = std::max(r.bottom(), b.rect.bottom());
  return {l, t, rr - l, bb - t};
}

}  // namespace

Rect DrawOp::bounds() const {
  const Affine& m = state.transform;
  return std::visit(
      [&](const auto& o) -> Rect {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, BoxOp>) {
          return m.map(shadow_bounds(o));
        } else if constexpr (std::is_same_v<T, LineOp>) {
          const float half = o.width / 2;
          const float l = std::min(o.from.x, o.to.x) - half;
          const float t = std::min(o.from.y, o.to.y) - half;
          const float rr = std::max(o.from.x, o.to.x) + half;
          const float bb = std::max(o.from.y, o.to.y) + half;
          return m.map(Rect{l, t, rr - l, bb - t});
        } else if constexpr (std::is_same_v<T, ImageOp>) {
          return m.map(o.rect);
        } else {
          return m.map(o.ink);
        }
      },
      op);
}

Canvas::Canvas(TextEngine& text, int width, int height) : text_(text) {
  reset(width, height);
}

void Canvas::reset(int width, int height) {
  list_.width = width;
  list_.height = height;
  list_.ops.clear();
  stack_.clear();
  state_ = DrawState{};
  state_.clip = Rect{0, 0, float(width), float(height)};
}

void Canvas::save() {
  stack_.push_back(state_);
}

void Canvas::restore() {
  if (stack_.empty()) return;  // unbalanced restore: keep the base state
  state_ = stack_.back();
  stack_.pop_back();
}

void Canvas::translate(float x, float y) {
  transform(Affine::translate(x, y));
}
void Canvas::scale(float sx, float sy) {
  transform(Affine::scale(sx, sy));
}
void Canvas::rotate(float radians) {
  transform(Affine::rotate(radians));
}
void Canvas::transform(const Affine& m) {
  state_.transform = state_.transform * m;
}

void Canvas::clip(const Rect& r) {
  state_.clip = state_.clip.intersect(state_.transform.map(r));
}

void Canvas::multiply_opacity(float opacity) {
  state_.opacity *= std::clamp(opacity, 0.f, 1.f);
}

void Canvas::push(std::variant<BoxOp, LineOp, ImageOp, TextOp> op) {
  if (state_.opacity <= 0 || state_.clip.empty()) return;  // invisible: record nothing
  DrawOp d{state_, std::move(op)};
  if (!d.bounds().overlaps(state_.clip)) return;
  list_.ops.push_back(std::move(d));
}

void Canvas::box(const Rect& r, const BoxStyle& style) {
  if (r.empty()) return;
  const bool visible =
      style.fill.color.a > 0 || (style.fill.color_to && style.fill.color_to->a > 0) ||
      (style.border_width > 0 && style.border_color.a > 0) || style.shadow.color.a > 0;
  if (!visible) return;
  push(BoxOp{r, style});
}

void Canvas::fill_rect(const Rect& r, const Color& color) {
  BoxStyle s;
  s.fill.color = color;
  box(r, s);
}

void Canvas::line(Vec2 from, Vec2 to, float width, const Color& color) {
  if (width <= 0 || color.a <= 0) return;
  push(LineOp{from, to, width, color});
}

void Canvas::image(const Rect& r, ImagePtr image, const Color& tint) {
  if (r.empty() || !image || image->empty()) return;
  push(ImageOp{r, std::move(image), tint});
}

TextMetrics Canvas::measure(std::string_view text, const TextStyle& style, float max_width) {
  const float scale = std::max(state_.transform.uniform_scale(), 1e-6f);
  auto shaped = text_.shape(text, style, style.size * scale, max_width > 0 ? max_width * scale : 0);
  return {shaped->width / scale, shaped->ascent / scale, shaped->descent / scale,
          shaped->truncated};
}

TextMetrics Canvas::text(const Rect& box, std::string_view text, const TextStyle& style,
                         Align align) {
  const float scale = std::max(state_.transform.uniform_scale(), 1e-6f);
  auto shaped = text_.shape(text, style, style.size * scale, box.w > 0 ? box.w * scale : 0);
  const TextMetrics m{shaped->width / scale, shaped->ascent / scale, shaped->descent / scale,
                      shaped->truncated};
  float x = box.x;
  if (align == Align::center) x = box.x + (box.w - m.width) / 2;
  if (align == Align::right) x = box.right() - m.width;
  const float baseline = box.y + (box.h - (m.ascent + m.descent)) / 2 + m.ascent;
  if (!shaped->text.empty() && style.color.a > 0) {
    TextOp op{{x, baseline},
              shaped,
              style.color,
              box,
              Rect{x, baseline - m.ascent, m.width, m.ascent + m.descent},
              shaped->text};
    push(std::move(op));
  }
  return m;
}

TextMetrics Canvas::text_at(Vec2 origin, std::string_view text, const TextStyle& style) {
  const float scale = std::max(state_.transform.uniform_scale(), 1e-6f);
  auto shaped = text_.shape(text, style, style.size * scale, 0);
  const TextMetrics m{shaped->width / scale, shaped->ascent / scale, shaped->descent / scale,
                      false};
  if (!shaped->text.empty() && style.color.a > 0) {
    const Rect ink{origin.x, origin.y - m.ascent, m.width, m.ascent + m.descent};
    push(TextOp{origin, shaped, style.color, ink, ink, shaped->text});
  }
  return m;
}

}  // namespace render
