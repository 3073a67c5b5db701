#include "gl_batcher.h"

#include <algorithm>
#include <cmath>

namespace render::gl {
namespace {

// How far back a piece looks for a batch of its kind.
constexpr std::size_t kLookback = 16;
// Rectangle tests allowed per piece when the coarse cells cannot decide.
constexpr int kExactTestBudget = 256;

// Strict: rectangles that only touch along an edge share no pixel.
bool overlap(const Rect& a, const Rect& b) {
  return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}

}  // namespace

void Batcher::begin(int width, int height) {
  cols_ = std::max(1, (width + kCell - 1) / kCell);
  rows_ = std::max(1, (height + kCell - 1) / kCell);
  newest_.assign(std::size_t(cols_) * std::size_t(rows_), -1);
  for (std::size_t i = 0; i < used_; ++i) {
    buckets_[i].vertices.clear();
    buckets_[i].rects.clear();
  }
  used_ = 0;
  touched_.clear();
}

template <class Fn>
void Batcher::for_cells(const Rect& r, Fn&& fn) {
  const int c0 = std::clamp(int(std::floor(r.x / kCell)), 0, cols_ - 1);
  const int c1 = std::clamp(int(std::floor(r.right() / kCell)), 0, cols_ - 1);
  const int r0 = std::clamp(int(std::floor(r.y / kCell)), 0, rows_ - 1);
  const int r1 = std::clamp(int(std::floor(r.bottom() / kCell)), 0, rows_ - 1);
  for (int row = r0; row <= r1; ++row) {
    for (int col = c0; col <= c1; ++col) fn(newest_[std::size_t(row) * std::size_t(cols_) + col]);
  }
}

// True unless the piece provably overlaps nothing drawn by buckets after `target`.
bool Batcher::lies_under_later(std::size_t target, const Rect& bounds,
                               const std::vector<Rect>& rects, int newest) const {
  if (newest <= int(target)) return false;  // the coarse cells already rule it out
  int budget = kExactTestBudget;
  for (std::size_t i = target + 1; i < used_; ++i) {
    const Bucket& b = buckets_[i];
    if (!overlap(bounds, b.bounds)) continue;
    for (const Rect& r : b.rects) {
      if (!overlap(bounds, r)) continue;
      for (const Rect& p : rects) {
        if (--budget < 0 || overlap(p, r)) return true;
      }
    }
  }
  return false;
}

void Batcher::add(QuadMode mode, int texture, const std::vector<Vertex>& vertices,
                  std::vector<Rect>& rects, bool merge_rects) {
  if (vertices.empty() || rects.empty()) return;
  Rect bounds;
  for (const Rect& r : rects) bounds = unite(bounds, r);
  if (merge_rects) rects.assign(1, bounds);
  int newest = -1;
  for (const Rect& r : rects) for_cells(r, [&](int& cell) { newest = std::max(newest, cell); });

  std::size_t target = used_;
  for (std::size_t i = used_; i-- > 0 && used_ - i <= kLookback;) {
    if (buckets_[i].mode == mode && buckets_[i].texture == texture) {
      target = i;
      break;
    }
  }
  if (target < used_ && lies_under_later(target, bounds, rects, newest)) target = used_;
  if (target == used_) {
    if (used_ == buckets_.size()) buckets_.emplace_back();
    Bucket& fresh = buckets_[used_++];
    fresh.mode = mode;
    fresh.texture = texture;
    fresh.bounds = Rect{};
  }
  Bucket& b = buckets_[target];
  b.vertices.insert(b.vertices.end(), vertices.begin(), vertices.end());
  b.rects.insert(b.rects.end(), rects.begin(), rects.end());
  b.bounds = unite(b.bounds, bounds);
  for (const Rect& r : rects) for_cells(r, [&](int& cell) { cell = std::max(cell, int(target)); });
  touched_.push_back(bounds);
}

void Batcher::finish(Frame& out) {
  for (std::size_t i = 0; i < used_; ++i) {
    const Bucket& b = buckets_[i];
    Batch batch;
    batch.mode = b.mode;
    batch.texture = b.texture;
    batch.first_quad = static_cast<std::uint32_t>(out.vertices.size() / 4);
    batch.quads = static_cast<std::uint32_t>(b.vertices.size() / 4);
    batch.bounds = b.bounds;
    out.batches.push_back(batch);
    out.vertices.insert(out.vertices.end(), b.vertices.begin(), b.vertices.end());
  }
  out.touched.insert(out.touched.end(), touched_.begin(), touched_.end());
}

}  // namespace render::gl
