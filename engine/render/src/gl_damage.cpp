#include "gl_damage.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace render::gl {
namespace {

// Stands for an op whose extent is not a number: the whole target.
constexpr Rect kEverywhere{-1e9f, -1e9f, 2e9f, 2e9f};

bool finite(const Rect& r) {
  return std::isfinite(r.x) && std::isfinite(r.y) && std::isfinite(r.w) && std::isfinite(r.h);
}

// The smallest rectangle holding the non-empty ones of `a` and `b`.
Rect unite_nonempty(const Rect& a, const Rect& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  const float l = std::min(a.x, b.x), t = std::min(a.y, b.y);
  return {l, t, std::max(a.right(), b.right()) - l, std::max(a.bottom(), b.bottom()) - t};
}

std::size_t area(const PixelRect& r) {
  return std::size_t(r.w) * std::size_t(r.h);
}

PixelRect unite(const PixelRect& a, const PixelRect& b) {
  const int l = std::min(a.x, b.x), t = std::min(a.y, b.y);
  const int r = std::max(a.x + a.w, b.x + b.w), bottom = std::max(a.y + a.h, b.y + b.h);
  return {l, t, r - l, bottom - t};
}

// Pixels the union would redraw beyond the two (negative when they overlap).
long long merge_cost(const PixelRect& a, const PixelRect& b) {
  return static_cast<long long>(area(unite(a, b))) - static_cast<long long>(area(a)) -
         static_cast<long long>(area(b));
}

bool same_style(const BoxStyle& a, const BoxStyle& b) {
  const Shadow &sa = a.shadow, &sb = b.shadow;
  return a.fill.color == b.fill.color && a.fill.color_to == b.fill.color_to &&
         a.fill.angle_deg == b.fill.angle_deg && a.radius == b.radius &&
         a.border_width == b.border_width && a.border_color == b.border_color &&
         sa.offset == sb.offset && sa.blur == sb.blur && sa.spread == sb.spread &&
         sa.color == sb.color;
}

}  // namespace

bool DamageTracker::same(const Record& a, const Record& b) {
  if (!(a.state.transform == b.state.transform) || !(a.state.clip == b.state.clip) ||
      a.state.opacity != b.state.opacity || a.op.index() != b.op.index()) {
    return false;
  }
  return std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        const T& y = std::get<T>(b.op);
        if constexpr (std::is_same_v<T, BoxOp>) {
          return x.rect == y.rect && same_style(x.style, y.style);
        } else if constexpr (std::is_same_v<T, LineOp>) {
          return x.from == y.from && x.to == y.to && x.width == y.width && x.color == y.color;
        } else if constexpr (std::is_same_v<T, ImageOp>) {
          return x.rect == y.rect && x.image == y.image && x.tint == y.tint;
        } else {
          return x.origin == y.origin && x.shaped == y.shaped && x.color == y.color &&
                 x.ink == y.ink;
        }
      },
      a.op);
}

void DamageTracker::stage(const DrawList& list, const Frame& frame) {
  staged_.clear();
  staged_.reserve(list.ops.size());
  for (std::size_t i = 0; i < list.ops.size(); ++i) {
    const DrawOp& op = list.ops[i];
    Record& r = staged_.emplace_back();
    r.state = op.state;
    if (const auto* text = std::get_if<TextOp>(&op.op)) {
      r.op = TextKey{text->origin, text->shaped, text->color, text->ink};
    } else {
      std::visit(
          [&](const auto& o) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(o)>, TextOp>) r.op = o;
          },
          op.op);
    }
    // Where the quads land, and where the op says it draws (looser for shadows).
    const Rect bounds = op.bounds();
    const Rect quads = i < frame.op_rects.size() ? frame.op_rects[i] : Rect{};
    if (!finite(bounds) || !finite(op.state.clip) || !finite(quads)) {
      r.damage = kEverywhere;
    } else {
      r.damage = unite_nonempty(quads, bounds.intersect(op.state.clip));
      if (!r.damage.empty()) r.damage = r.damage.inset(-kMargin, -kMargin);
    }
  }
  has_staged_ = true;
}

void DamageTracker::add_changed(const Record& was, const Record& now) {
  const auto* a = std::get_if<BoxOp>(&was.op);
  const auto* b = std::get_if<BoxOp>(&now.op);
  // Same place, style and solid fill (a gradient spans the whole box, so it moves with an
  // edge): pixels further from the moved edge than its corners, border, shadow and
  // anti-aliasing reach are the same in both frames.
  const bool candidate = a && b && was.state.transform == now.state.transform &&
                         was.state.clip == now.state.clip &&
                         was.state.opacity == now.state.opacity && same_style(a->style, b->style) &&
                         !a->style.fill.color_to && !b->style.fill.color_to;
  const float scale = candidate ? now.state.transform.uniform_scale() : 0.f;
  if (!(scale > 0) || !std::isfinite(scale)) {
    add(was.damage);
    add(now.damage);
    return;
  }
  const Rect &ra = a->rect, &rb = b->rect;
  float lo = 0, hi = 0;  // the moved edge's range, along x (horizontal) or y
  bool horizontal = false;
  if (ra.y == rb.y && ra.h == rb.h && (ra.x == rb.x || ra.right() == rb.right())) {
    horizontal = true;
    lo = ra.x == rb.x ? std::min(ra.right(), rb.right()) : std::min(ra.x, rb.x);
    hi = ra.x == rb.x ? std::max(ra.right(), rb.right()) : std::max(ra.x, rb.x);
  } else if (ra.x == rb.x && ra.w == rb.w && (ra.y == rb.y || ra.bottom() == rb.bottom())) {
    lo = ra.y == rb.y ? std::min(ra.bottom(), rb.bottom()) : std::min(ra.y, rb.y);
    hi = ra.y == rb.y ? std::max(ra.bottom(), rb.bottom()) : std::max(ra.y, rb.y);
  } else {
    add(was.damage);
    add(now.damage);
    return;
  }
  const BoxStyle& st = b->style;
  float reach = *std::max_element(st.radius.begin(), st.radius.end()) + st.border_width;
  const Shadow& sh = st.shadow;
  if (sh.color.a > 0) {
    reach += std::max(sh.spread, 0.f) + 1.5f * std::max(sh.blur, 0.f) +
             std::max(std::abs(sh.offset.x), std::abs(sh.offset.y));
  }
  reach += 2 / scale;  // anti-aliasing, in local units
  const Rect outer = unite_nonempty(ra, rb).inset(-reach, -reach);
  const Rect local = horizontal ? Rect{lo - reach, outer.y, hi - lo + 2 * reach, outer.h}
                                : Rect{outer.x, lo - reach, outer.w, hi - lo + 2 * reach};
  const Rect out = now.state.transform.map(local).intersect(now.state.clip);
  if (!finite(out)) {
    add(was.damage);
    add(now.damage);
    return;
  }
  add(out.inset(-kMargin, -kMargin).intersect(unite_nonempty(was.damage, now.damage)));
}

void DamageTracker::add(const Rect& r) {
  if (r.empty()) return;
  PixelRect p{0, 0, width_, height_};
  if (finite(r)) {
    const auto clamp_x = [&](float v) { return int(std::clamp(v, 0.f, float(width_))); };
    const auto clamp_y = [&](float v) { return int(std::clamp(v, 0.f, float(height_))); };
    p.x = clamp_x(std::floor(r.x));
    p.y = clamp_y(std::floor(r.y));
    p.w = clamp_x(std::ceil(r.right())) - p.x;
    p.h = clamp_y(std::ceil(r.bottom())) - p.y;
  }
  if (p.w <= 0 || p.h <= 0) return;
  rects_.push_back(p);
  if (rects_.size() > 2 * kMaxRects) merge(kMaxRects);
}

// Merges the pair that adds the fewest pixels until at most `limit` remain and no pair
// would merge for less than another pass costs.
void DamageTracker::merge(std::size_t limit) {
  while (rects_.size() > 1) {
    long long best = std::numeric_limits<long long>::max();
    std::size_t bi = 0, bj = 0;
    for (std::size_t i = 0; i < rects_.size(); ++i) {
      for (std::size_t j = i + 1; j < rects_.size(); ++j) {
        const long long cost = merge_cost(rects_[i], rects_[j]);
        if (cost < best) {
          best = cost;
          bi = i;
          bj = j;
        }
      }
    }
    if (best > kPassPixels && rects_.size() <= limit) break;
    rects_[bi] = unite(rects_[bi], rects_[bj]);
    rects_[bj] = rects_.back();
    rects_.pop_back();
  }
}

// Damages the ops of shown_[a0, a1) and staged_[b0, b1) outside a longest common
// subsequence of the two (Myers' O(ND) difference algorithm). Unchanged ops keep their
// relative order, so every pixel outside the damage blends the same ops in the same order.
// Past kMaxEdits edits everything in the two ranges is damaged.
void DamageTracker::diff_middle(std::size_t a0, std::size_t a1, std::size_t b0, std::size_t b1) {
  const int n = int(a1 - a0), m = int(b1 - b0);
  const int max_d = std::min(n + m, kMaxEdits);
  const int off = max_d + 1;  // v[k + off], k in [-d - 1, d + 1]
  trace_.clear();
  std::vector<int>& v = furthest_;
  v.assign(std::size_t(2 * max_d + 3), 0);
  int found = -1;
  for (int d = 0; d <= max_d && found < 0; ++d) {
    // The state before step d, diagonals -d - 1 .. d + 1: it starts at trace_[d² + 2d].
    trace_.insert(trace_.end(), v.begin() + (off - d - 1), v.begin() + (off + d + 2));
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && v[std::size_t(k - 1 + off)] < v[std::size_t(k + 1 + off)]))
                  ? v[std::size_t(k + 1 + off)]
                  : v[std::size_t(k - 1 + off)] + 1;
      int y = x - k;
      while (x < n && y < m && same(shown_[a0 + std::size_t(x)], staged_[b0 + std::size_t(y)])) {
        ++x;
        ++y;
      }
      v[std::size_t(k + off)] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) {
    for (std::size_t i = a0; i < a1; ++i) add(shown_[i].damage);
    for (std::size_t i = b0; i < b1; ++i) add(staged_[i].damage);
    return;
  }
  // Walk back through the saved states: each step is one op removed or one op added
  // after a run of matched ops, which is checked again, so a slip here costs only pixels.
  const auto matched = [&](int from_x, int from_y, int to_x, int to_y) {
    if (to_x - from_x != to_y - from_y || to_x < from_x) return false;
    for (int i = 0; i < to_x - from_x; ++i) {
      if (!same(shown_[a0 + std::size_t(from_x + i)], staged_[b0 + std::size_t(from_y + i)])) {
        return false;
      }
    }
    return true;
  };
  bool consistent = true;
  int x = n, y = m;
  for (int d = found; d > 0 && consistent; --d) {
    const auto pv = [&](int k) { return trace_[std::size_t(d * d + 2 * d + k + d + 1)]; };
    const int k = x - y;
    const bool down = k == -d || (k != d && pv(k - 1) < pv(k + 1));
    const int prev_k = down ? k + 1 : k - 1;
    const int prev_x = pv(prev_k), prev_y = prev_x - prev_k;
    const int mid_x = down ? prev_x : prev_x + 1, mid_y = down ? prev_y + 1 : prev_y;
    consistent =
        prev_x >= 0 && prev_y >= 0 && mid_x <= n && mid_y <= m && matched(mid_x, mid_y, x, y);
    if (!consistent) break;
    if (down) {
      add(staged_[b0 + std::size_t(prev_y)].damage);  // added
    } else {
      add(shown_[a0 + std::size_t(prev_x)].damage);  // removed
    }
    x = prev_x;
    y = prev_y;
  }
  if (!consistent || !matched(0, 0, x, y)) {
    for (std::size_t i = a0; i < a1; ++i) add(shown_[i].damage);
    for (std::size_t i = b0; i < b1; ++i) add(staged_[i].damage);
  }
}

std::size_t DamageTracker::diff(int width, int height, std::vector<PixelRect>& out) {
  out.clear();
  if (!has_staged_) return 0;
  width_ = width;
  height_ = height;
  rects_.clear();
  const std::size_t n = shown_.size(), m = staged_.size();
  if (n == m) {
    for (std::size_t i = 0; i < n; ++i) {
      if (same(shown_[i], staged_[i])) continue;
      add_changed(shown_[i], staged_[i]);
    }
  } else {
    // Ops inserted or removed: trim the common prefix and suffix, then match the rest.
    const std::size_t common = std::min(n, m);
    std::size_t prefix = 0, suffix = 0;
    while (prefix < common && same(shown_[prefix], staged_[prefix])) ++prefix;
    while (suffix < common - prefix && same(shown_[n - 1 - suffix], staged_[m - 1 - suffix])) {
      ++suffix;
    }
    diff_middle(prefix, n - suffix, prefix, m - suffix);
  }
  merge(kMaxRects);
  shown_.swap(staged_);
  staged_.clear();  // lets go of the old frame's text and images
  has_staged_ = false;
  out.assign(rects_.begin(), rects_.end());
  std::size_t total = 0;
  for (const PixelRect& r : out) total += area(r);
  return total;
}

}  // namespace render::gl
