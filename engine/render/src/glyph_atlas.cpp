#include "glyph_atlas.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/log.h"

namespace render {
namespace {

constexpr int kPadding = 1;  // empty texels right of and below each glyph

// Shelves come in height classes so that glyphs of one size share shelves while a small
// glyph does not waste a tall shelf.
int shelf_class(int h) {
  const int step = h <= 32 ? 4 : h <= 128 ? 8 : 16;
  return (h + step - 1) / step * step;
}

}  // namespace

AtlasStore::AtlasStore(std::vector<GlyphAtlas::Page>& pages, GlyphAtlas::Stats& stats,
                       int page_size, int max_pages)
    : pages_(pages), stats_(stats), page_size_(page_size), max_pages_(max_pages) {}

const AtlasGlyph* AtlasStore::find(std::uint64_t key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  const AtlasGlyph& g = it->second;
  if (g.w > 0 && g.h > 0) {
    pages_[std::size_t(g.page)].last_used_frame = frame_;
    slots_[std::size_t(g.page)].last_use = ++use_tick_;
  }
  return &g;
}

const AtlasGlyph& AtlasStore::insert(std::uint64_t key, const GlyphBitmap& bitmap) {
  AtlasGlyph g;
  g.left = float(bitmap.left);
  g.top = float(bitmap.top);
  const int w = bitmap.width, h = bitmap.height;
  if (w <= 0 || h <= 0 || !bitmap.pixels) return entries_[key] = g;
  if (w + kPadding > page_size_ || h + kPadding > page_size_) {
    if (!warned_too_big_) {
      warned_too_big_ = true;
      core::log::warn("text: a glyph of " + std::to_string(w) + "x" + std::to_string(h) +
                      " px does not fit an atlas page of " + std::to_string(page_size_) +
                      " px and is not drawn; use smaller text or a larger atlas_page_size");
    }
    return entries_[key] = g;
  }
  const Place at = make_room(w + kPadding, h + kPadding);
  GlyphAtlas::Page& page = pages_[std::size_t(at.page)];
  for (int row = 0; row < h; ++row) {
    const std::uint8_t* src = bitmap.pixels + std::ptrdiff_t(row) * bitmap.pitch;
    std::memcpy(
        page.pixels.data() + std::size_t(at.y + row) * std::size_t(page_size_) + std::size_t(at.x),
        src, std::size_t(w));
  }
  ++page.generation;
  page.last_used_frame = frame_;
  slots_[std::size_t(at.page)].last_use = ++use_tick_;
  slots_[std::size_t(at.page)].keys.push_back(key);
  g.page = at.page;
  g.x = at.x;
  g.y = at.y;
  g.w = w;
  g.h = h;
  ++stats_.glyphs;
  return entries_[key] = g;
}

bool AtlasStore::place_in(int page, int w, int h, Place& out) {
  PageSlots& s = slots_[std::size_t(page)];
  const int cls = std::min(shelf_class(h), page_size_);
  Shelf* best = nullptr;
  for (Shelf& shelf : s.shelves) {
    if (shelf.height < h || shelf.height > cls || shelf.x + w > page_size_) continue;
    if (!best || shelf.height < best->height) best = &shelf;
  }
  if (!best) {
    if (s.next_y + h > page_size_) return false;
    const int height = std::min(cls, page_size_ - s.next_y);
    s.shelves.push_back(Shelf{s.next_y, height, 0});
    s.next_y += height;
    best = &s.shelves.back();
  }
  out = Place{page, best->x, best->y};
  best->x += w;
  return true;
}

AtlasStore::Place AtlasStore::make_room(int w, int h) {
  Place at;
  // Most recently used pages first: new glyphs of this frame cluster on few pages.
  std::vector<int> order(slots_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = int(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return slots_[std::size_t(a)].last_use > slots_[std::size_t(b)].last_use;
  });
  for (int page : order) {
    if (place_in(page, w, h, at)) return at;
  }
  const int page = int(pages_.size()) < max_pages_ ? add_page() : victim_page();
  place_in(page, w, h, at);  // an empty page holds any glyph smaller than the page
  return at;
}

int AtlasStore::add_page() {
  GlyphAtlas::Page page;
  page.pixels.assign(std::size_t(page_size_) * std::size_t(page_size_), 0);
  page.generation = 1;
  page.last_used_frame = frame_;
  pages_.push_back(std::move(page));
  slots_.emplace_back();
  stats_.pages = int(pages_.size());
  return int(pages_.size()) - 1;
}

// The least recently used page; while a page not used in this frame exists, that is one.
int AtlasStore::victim_page() {
  int victim = 0;
  for (std::size_t i = 1; i < slots_.size(); ++i) {
    if (slots_[i].last_use < slots_[std::size_t(victim)].last_use) victim = int(i);
  }
  if (pages_[std::size_t(victim)].last_used_frame == frame_ && !warned_too_small_) {
    warned_too_small_ = true;
    core::log::warn("text: the glyph atlas (" + std::to_string(max_pages_) + " pages of " +
                    std::to_string(page_size_) +
                    " px) is too small for one frame's text; glyphs drawn earlier in the frame "
                    "may show wrong; raise atlas_max_pages or atlas_page_size");
  }
  clear_page(victim);
  return victim;
}

void AtlasStore::clear_page(int page) {
  PageSlots& s = slots_[std::size_t(page)];
  for (std::uint64_t key : s.keys) entries_.erase(key);
  stats_.glyphs -= s.keys.size();
  s.keys.clear();
  s.shelves.clear();
  s.next_y = 0;
  GlyphAtlas::Page& p = pages_[std::size_t(page)];
  std::fill(p.pixels.begin(), p.pixels.end(), std::uint8_t(0));
  ++p.generation;
  ++stats_.evictions;
}

}  // namespace render
