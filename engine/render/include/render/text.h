// TextEngine: finds fonts through fontconfig (bundled assets/fonts first, then the
// system's, with per-character fallback), shapes single lines with HarfBuzz, rasterises
// glyphs with FreeType into a GlyphAtlas, and caches shaped lines.
// Thread-safety: not thread-safe; one thread (the engine thread) owns a TextEngine.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "render/canvas.h"

namespace render {

using FontId = std::uint16_t;  // index into the engine's loaded faces

struct ShapedGlyph {
  FontId font = 0;
  std::uint32_t glyph = 0;    // glyph index in that face
  float x = 0, y = 0;         // pen offset from the line origin, output pixels (y down)
  std::uint32_t cluster = 0;  // byte offset of the character(s) in `text`
};

// One shaped line at one pixel size. Immutable once made; shared by cache and DrawList.
struct ShapedText {
  std::string text;  // what was shaped (after upper-casing and truncation)
  float px_size = 0;
  float width = 0, ascent = 0, descent = 0;  // output pixels
  bool truncated = false;                    // an ellipsis replaced the end
  int missing = 0;                           // characters no font could draw (shown as boxes)
  std::vector<ShapedGlyph> glyphs;
  std::vector<FontId> fonts;  // faces used, in order of first use
};

// Where one rasterised glyph lies in the atlas, and how to place it.
struct AtlasGlyph {
  int page = 0;
  int x = 0, y = 0, w = 0, h = 0;  // texels in the page (w or h 0: nothing to draw)
  float left = 0, top = 0;         // bitmap offset from the pen position (top: up, pixels)
};

// Pages of 8-bit coverage. When every page is full, the page least recently used (not
// used in the current frame) is cleared and its glyphs are rasterised again on demand.
class GlyphAtlas {
 public:
  struct Stats {
    std::size_t glyphs = 0;      // currently cached
    std::size_t rasterised = 0;  // total rasterisations
    std::size_t evictions = 0;   // pages cleared to make room
    int pages = 0;               // pages in use
  };
  struct Page {
    std::vector<std::uint8_t> pixels;  // size × size, row-major
    std::uint64_t generation = 0;      // bumps on every change; the renderer re-uploads
    std::uint64_t last_used_frame = 0;
  };
  int page_size() const { return page_size_; }
  const std::vector<Page>& pages() const { return pages_; }
  const Stats& stats() const { return stats_; }

 private:
  friend class TextEngine;
  int page_size_ = 0;
  int max_pages_ = 0;
  std::vector<Page> pages_;
  Stats stats_;
};

class TextEngine {
 public:
  struct Options {
    // Searched before the system fonts (the project's assets/fonts by default).
    std::vector<std::filesystem::path> font_dirs;
    // 1024² pages: a broadcast set's glyphs fit one (1 MB here and 1 MB on the GPU, against
    // 4 + 4 for 2048²), and a page changed by new glyphs uploads a quarter of the bytes.
    int atlas_page_size = 1024;
    int atlas_max_pages = 16;
    std::size_t shape_cache_entries = 4096;
  };
  // Throws core::Error when fontconfig or FreeType cannot start or no font is found.
  explicit TextEngine(Options options);
  ~TextEngine();
  TextEngine(const TextEngine&) = delete;
  TextEngine& operator=(const TextEngine&) = delete;

  // Shapes one line at `px_size` output pixels. When `max_width_px` > 0 and the line is
  // wider, it is cut at a character boundary and "…" appended so it fits. Cached.
  std::shared_ptr<const ShapedText> shape(std::string_view utf8, const TextStyle& style,
                                          float px_size, float max_width_px = 0);

  // The atlas entry of a glyph at a pixel size, rasterising it when needed. The reference
  // is valid until the next glyph() call (that call may evict the page): copy it.
  const AtlasGlyph& glyph(FontId font, std::uint32_t glyph, float px_size);
  // Marks the start of a frame (for the atlas's least-recently-used eviction).
  void begin_frame();
  const GlyphAtlas& atlas() const { return atlas_; }

  // The file of a loaded face (for tests and logs).
  std::string font_path(FontId font) const;
  std::string font_family(FontId font) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  GlyphAtlas atlas_;
};

// Locale-independent upper-casing of UTF-8 (Latin, Greek, Cyrillic including Kazakh);
// what TextStyle::uppercase applies. Invalid bytes become U+FFFD.
std::string to_upper_utf8(std::string_view utf8);

// The directory of the fonts shipped with Pacecast (assets/fonts).
std::filesystem::path bundled_font_dir();

}  // namespace render
