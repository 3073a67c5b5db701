// AtlasStore: the bookkeeping behind a GlyphAtlas: shelf packing of glyph bitmaps into
// pages, the glyph → place map, and least-recently-used page eviction. It writes into the
// GlyphAtlas's pages and stats, which TextEngine hands it; TextEngine owns both.
// Not thread-safe (the engine thread only).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "render/text.h"

namespace render {

// A rasterised glyph: 8-bit coverage rows, `pitch` bytes apart (may be negative).
struct GlyphBitmap {
  const std::uint8_t* pixels = nullptr;
  int width = 0, height = 0, pitch = 0;
  int left = 0, top = 0;  // offset from the pen position (top: up)
};

class AtlasStore {
 public:
  AtlasStore(std::vector<GlyphAtlas::Page>& pages, GlyphAtlas::Stats& stats, int page_size,
             int max_pages);

  // Key of a glyph of a face at a size in quarter pixels.
  static std::uint64_t key(FontId font, std::uint32_t glyph, int quarter_px) {
    return (std::uint64_t(font) << 48) | (std::uint64_t(glyph) << 16) |
           std::uint64_t(quarter_px & 0xFFFF);
  }

  // The cached entry, marking its page used in this frame; null when not cached.
  const AtlasGlyph* find(std::uint64_t key);
  // Copies the bitmap into a page (making room as needed) and caches the entry. A bitmap
  // wider or taller than a page is not stored: the entry has w = h = 0 (warned once).
  const AtlasGlyph& insert(std::uint64_t key, const GlyphBitmap& bitmap);
  void begin_frame() { ++frame_; }
  std::uint64_t frame() const { return frame_; }

 private:
  struct Shelf {
    int y = 0, height = 0, x = 0;
  };
  struct PageSlots {
    std::vector<Shelf> shelves;
    int next_y = 0;
    std::vector<std::uint64_t> keys;  // glyphs stored in the page
    std::uint64_t last_use = 0;       // use_tick_ of the last glyph looked up or stored
  };
  struct Place {
    int page = -1, x = 0, y = 0;
  };

  bool place_in(int page, int w, int h, Place& out);
  Place make_room(int w, int h);
  int add_page();
  int victim_page();
  void clear_page(int page);

  std::vector<GlyphAtlas::Page>& pages_;
  GlyphAtlas::Stats& stats_;
  int page_size_;
  int max_pages_;
  std::uint64_t frame_ = 0;
  std::uint64_t use_tick_ = 0;  // counts every lookup: orders page use within a frame
  std::vector<PageSlots> slots_;
  std::unordered_map<std::uint64_t, AtlasGlyph> entries_;
  bool warned_too_small_ = false;
  bool warned_too_big_ = false;
};

}  // namespace render
