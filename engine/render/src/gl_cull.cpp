#include "gl_cull.h"

#include <algorithm>

namespace render::gl {

void QuadCuller::index(const Frame& frame) {
  const std::size_t n = frame.vertices.size() / 4;
  quads_.resize(n);
  for (std::size_t q = 0; q < n; ++q) {
    const Vertex* v = &frame.vertices[q * 4];
    Box box{v[0].pos[0], v[0].pos[1], v[0].pos[0], v[0].pos[1]};
    for (int i = 1; i < 4; ++i) {
      box.l = std::min(box.l, v[i].pos[0]);
      box.t = std::min(box.t, v[i].pos[1]);
      box.r = std::max(box.r, v[i].pos[0]);
      box.b = std::max(box.b, v[i].pos[1]);
    }
    // Clipping happens in the vertex stage: nothing outside the clip is touched.
    box.l = std::max(box.l, v[0].clip[0]);
    box.t = std::max(box.t, v[0].clip[1]);
    box.r = std::min(box.r, v[0].clip[2]);
    box.b = std::min(box.b, v[0].clip[3]);
    quads_[q] = box;
  }
}

bool QuadCuller::runs(const Batch& batch, const PixelRect& rect) {
  counts_.clear();
  offsets_.clear();
  const float l = float(rect.x), t = float(rect.y);
  const float r = float(rect.x + rect.w), b = float(rect.y + rect.h);
  const std::uint32_t end =
      std::min<std::uint32_t>(batch.first_quad + batch.quads, std::uint32_t(quads_.size()));
  std::uint32_t run_first = 0, run_last = 0;  // quads [run_first, run_last)
  bool open = false;
  const auto close = [&] {
    counts_.push_back(int((run_last - run_first) * 6));
    offsets_.push_back(
        reinterpret_cast<const void*>(std::size_t(run_first) * 6 * sizeof(std::uint32_t)));
  };
  for (std::uint32_t q = batch.first_quad; q < end; ++q) {
    const Box& box = quads_[q];
    // Not NaN-safe on purpose: a quad with NaN corners is kept (the comparisons fail).
    if (box.r <= l || box.l >= r || box.b <= t || box.t >= b) continue;
    if (open && q - run_last <= kBridge) {
      run_last = q + 1;
      continue;
    }
    if (open) close();
    run_first = q;
    run_last = q + 1;
    open = true;
  }
  if (open) close();
  return !counts_.empty();
}

std::uint32_t QuadCuller::first_quad() const {
  return std::uint32_t(reinterpret_cast<std::size_t>(offsets_.front()) /
                       (6 * sizeof(std::uint32_t)));
}

Rect QuadCuller::box(std::uint32_t q) const {
  if (q >= quads_.size()) return {};
  const Box& b = quads_[q];
  return {b.l, b.t, b.r - b.l, b.b - b.t};
}

bool QuadCuller::upright(const Frame& frame, std::uint32_t q) {
  if (std::size_t(q) * 4 + 4 > frame.vertices.size()) return false;
  // Every corner on the bounding box's edges, and each triangle's diagonal across it.
  const Vertex* v = &frame.vertices[std::size_t(q) * 4];
  float l = v[0].pos[0], t = v[0].pos[1], r = l, b = t;
  for (int i = 1; i < 4; ++i) {
    l = std::min(l, v[i].pos[0]);
    t = std::min(t, v[i].pos[1]);
    r = std::max(r, v[i].pos[0]);
    b = std::max(b, v[i].pos[1]);
  }
  for (int i = 0; i < 4; ++i) {
    if ((v[i].pos[0] != l && v[i].pos[0] != r) || (v[i].pos[1] != t && v[i].pos[1] != b)) {
      return false;
    }
  }
  const auto opposite = [&](int i, int j) {
    return v[i].pos[0] != v[j].pos[0] && v[i].pos[1] != v[j].pos[1];
  };
  return opposite(0, 2) && opposite(1, 3);
}

void QuadCuller::skip_first_quad() {
  if (counts_.empty()) return;
  counts_.front() -= 6;
  offsets_.front() = static_cast<const char*>(offsets_.front()) + 6 * sizeof(std::uint32_t);
  if (counts_.front() <= 0) {
    counts_.erase(counts_.begin());
    offsets_.erase(offsets_.begin());
  }
}

}  // namespace render::gl
