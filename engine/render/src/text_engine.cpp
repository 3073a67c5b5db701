// TextEngine: single-line shaping (runs of one face each, HarfBuzz), truncation with an
// ellipsis, the shaped-line cache, and glyph rasterisation (FreeType) into the atlas.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "core/log.h"
#include "font_library.h"
#include "glyph_atlas.h"
#include "render/text.h"
#include "shape_cache.h"
#include "utf8.h"

namespace render {
namespace {

using HbBufferPtr = std::unique_ptr<hb_buffer_t, FreeWith<hb_buffer_destroy>>;

constexpr std::string_view kEllipsis = "\u2026";
constexpr float kFitSlackPx = 1e-3f;
constexpr float kMaxPx = 8192;
constexpr float kMaxWidthPx = 1e6f;

// Hinting: below kAutohintBelowPx, FreeType's auto-hinter in light mode snaps outlines to
// the pixel grid vertically only, so baseline, x-height and cap height land on whole
// pixels: small text gets solid horizontal edges, while horizontal shapes stay as designed
// and match HarfBuzz's unhinted advances. From that size up the outlines are rendered as
// designed (no hinting): a soft edge row no longer shows, heights stay within a pixel of
// the design (the auto-hinter rounds x-height and scales caps with it), and size animations
// grow smoothly. The bundled Inter carries no hints of its own, so native "light" hinting
// would not snap anything.
constexpr float kAutohintBelowPx = 28;
constexpr FT_Int32 kSmallLoadFlags =
    FT_LOAD_TARGET_LIGHT | FT_LOAD_FORCE_AUTOHINT | FT_LOAD_NO_BITMAP;
constexpr FT_Int32 kLargeLoadFlags = FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP;

constexpr hb_feature_t feature(char a, char b, char c, char d) {
  return hb_feature_t{HB_TAG(a, b, c, d), 1, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END};
}
constexpr hb_feature_t kFeatures[] = {feature('k', 'e', 'r', 'n'), feature('t', 'n', 'u', 'm')};

// Sizes in 1/8 px (shape cache) and 1/4 px (atlas); NaN and negatives become 0.
std::int32_t eighths(float px, bool round_down) {
  if (!(px > 0)) return 0;
  const float v = std::min(px, round_down ? kMaxWidthPx : kMaxPx) * 8;
  return std::int32_t(round_down ? std::floor(v) : std::lround(v));
}

int quarters(float px) {
  if (!(px > 0)) return 0;
  return int(std::clamp(std::lround(std::min(px, kMaxPx) * 4), 1L, 0xFFFFL));
}

std::string px_text(int quarter_px) {
  const int frac = quarter_px % 4;
  return std::to_string(quarter_px / 4) + (frac ? "." + std::to_string(frac * 25) : "");
}

// Valid UTF-8 with control characters as spaces, upper-cased when asked.
std::string normalise(std::string_view in, bool uppercase) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t pos = 0; pos < in.size();) {
    char32_t c = utf8::decode(in, pos);
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) c = ' ';
    utf8::append(out, uppercase ? utf8::to_upper(c) : c);
  }
  return out;
}

std::size_t trim_trailing_spaces(std::string_view text, std::size_t end) {
  while (end > 0 && (text[end - 1] == ' ')) --end;
  return end;
}

}  // namespace

struct TextEngine::Impl {
  // What shapes a line besides its text, resolved.
  struct LineStyle {
    StyleId style = 0;
    float px = 0;
    float tracking_px = 0;
    bool tabular = false;
  };
  FontLibrary fonts;
  AtlasStore atlas;
  ShapeCache cache;
  HbBufferPtr buffer{hb_buffer_create()};
  hb_language_t language = hb_language_from_string("und", -1);
  struct Run {
    std::size_t begin = 0, end = 0;
    FontId font = 0;
  };
  std::vector<Run> runs;           // scratch of shape_line
  std::vector<float> pens;         // pen x before each glyph of the last shape_line
  std::vector<int> face_quarters;  // the size each FreeType face is set to
  AtlasGlyph empty_glyph;
  bool warned_raster = false;

  Impl(const Options& o, GlyphAtlas& a)
      : fonts(o.font_dirs),
        atlas(a.pages_, a.stats_, a.page_size_, a.max_pages_),
        cache(o.shape_cache_entries) {}

  void itemise(std::string_view text, const LineStyle& ls, int& missing);
  void shape_line(std::string_view text, const LineStyle& ls, ShapedText& out);
  std::shared_ptr<ShapedText> shape_new(std::string_view utf8, const TextStyle& style, float px,
                                        float max_width);
  std::shared_ptr<ShapedText> fit(std::string text, const LineStyle& ls, float max_width,
                                  std::shared_ptr<ShapedText> full);
  GlyphBitmap rasterise(FontId font, std::uint32_t glyph, int quarter_px);
};

// Splits the line into runs of one face: each character takes the first face of the
// style's chain that has it; marks, joiners and spaces stay with the face before them
// when it has them, so a base and its marks are shaped together.
void TextEngine::Impl::itemise(std::string_view text, const LineStyle& ls, int& missing) {
  runs.clear();
  const FontId primary = fonts.primary(ls.style);
  FontId current = kNoFont;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = pos;
    const char32_t c = utf8::decode(text, pos);
    FontId f = kNoFont;
    if (utf8::is_default_ignorable(c)) {
      f = current != kNoFont ? current : primary;
    } else if (current != kNoFont && (utf8::is_combining_mark(c) || c == ' ' || c == 0xA0) &&
               fonts.face(current).has_char(c)) {
      f = current;
    } else {
      f = fonts.face_for(ls.style, c);
      if (f == kNoFont) {
        ++missing;
        f = current != kNoFont ? current : primary;
      }
    }
    if (runs.empty() || runs.back().font != f) {
      runs.push_back(Run{start, pos, f});
    } else {
      runs.back().end = pos;
    }
    current = f;
  }
}

void TextEngine::Impl::shape_line(std::string_view text, const LineStyle& ls, ShapedText& out) {
  out.text = std::string(text);
  out.px_size = ls.px;
  const LoadedFace& primary = fonts.face(fonts.primary(ls.style));
  out.ascent = primary.ascender_em * ls.px;
  out.descent = primary.descender_em * ls.px;
  out.missing = 0;
  out.glyphs.clear();
  out.fonts.clear();
  pens.clear();
  itemise(text, ls, out.missing);
  const int scale = int(std::lround(ls.px * 64));
  const unsigned n_features = ls.tabular ? 2 : 1;
  hb_buffer_t* buf = buffer.get();
  float pen = 0;
  for (const Run& run : runs) {
    hb_font_t* font = fonts.face(run.font).hb.get();
    hb_buffer_clear_contents(buf);
    hb_buffer_add_utf8(buf, text.data(), int(text.size()), unsigned(run.begin),
                       int(run.end - run.begin));
    hb_buffer_set_language(buf, language);
    hb_buffer_guess_segment_properties(buf);
    hb_font_set_scale(font, scale, scale);
    hb_shape(font, buf, kFeatures, n_features);
    unsigned count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &count);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &count);
    if (count > 0 && std::find(out.fonts.begin(), out.fonts.end(), run.font) == out.fonts.end()) {
      out.fonts.push_back(run.font);
    }
    for (unsigned i = 0; i < count; ++i) {
      // Tracking goes between characters: never between a base and its marks.
      if (!out.glyphs.empty() && out.glyphs.back().cluster != info[i].cluster) {
        pen += ls.tracking_px;
      }
      pens.push_back(pen);
      out.glyphs.push_back(ShapedGlyph{run.font, info[i].codepoint,
                                       pen + float(pos[i].x_offset) / 64.f,
                                       -float(pos[i].y_offset) / 64.f, info[i].cluster});
      pen += float(pos[i].x_advance) / 64.f;
    }
  }
  out.width = pen;
  out.truncated = false;
}

std::shared_ptr<ShapedText> TextEngine::Impl::shape_new(std::string_view utf8,
                                                        const TextStyle& style, float px,
                                                        float max_width) {
  auto shaped = std::make_shared<ShapedText>();
  std::string text = normalise(utf8, style.uppercase);
  if (px <= 0) {
    shaped->text = std::move(text);
    return shaped;
  }
  LineStyle ls;
  ls.style = fonts.style(style.family, style.weight, style.italic);
  ls.px = px;
  ls.tracking_px = std::isfinite(style.tracking) ? style.tracking / 1000.f * px : 0.f;
  ls.tabular = style.tabular;
  shape_line(text, ls, *shaped);
  if (max_width > 0 && shaped->width > max_width + kFitSlackPx) {
    return fit(std::move(text), ls, max_width, std::move(shaped));
  }
  return shaped;
}

// The longest prefix that ends at a character boundary and, without its trailing spaces
// and with "…" appended, fits `max_width`. Estimates come from the full line's pen
// positions; each estimate that fits is checked by shaping the candidate.
std::shared_ptr<ShapedText> TextEngine::Impl::fit(std::string text, const LineStyle& ls,
                                                  float max_width,
                                                  std::shared_ptr<ShapedText> full) {
  struct Cut {
    std::size_t at;
    float pen;  // pen before the first glyph at `at`, tracking included
  };
  std::vector<Cut> cuts;
  for (std::size_t i = 0; i < full->glyphs.size(); ++i) {
    const std::uint32_t cluster = full->glyphs[i].cluster;
    if (i > 0 && cluster == full->glyphs[i - 1].cluster) continue;
    std::size_t at = cluster;
    if (at == 0 || at >= text.size()) continue;
    std::size_t probe = at;
    if (utf8::is_combining_mark(utf8::decode(text, probe))) continue;
    cuts.push_back(Cut{at, pens[i]});
  }
  std::sort(cuts.begin(), cuts.end(), [](const Cut& a, const Cut& b) { return a.at > b.at; });
  auto pen_at = [&](std::size_t at, float fallback) {
    for (const Cut& c : cuts) {
      if (c.at == at) return c.pen;
    }
    return fallback;
  };
  auto result = std::make_shared<ShapedText>();
  shape_line(kEllipsis, ls, *result);
  const float ellipsis = result->width;
  if (ellipsis <= max_width + kFitSlackPx) {
    std::size_t tried = std::string::npos;
    for (const Cut& cut : cuts) {
      const std::size_t end = trim_trailing_spaces(text, cut.at);
      if (end == 0 || end == tried) continue;
      if (pen_at(end, cut.pen) + ellipsis > max_width + kFitSlackPx) continue;
      tried = end;
      std::string candidate = text.substr(0, end);
      candidate += kEllipsis;
      ShapedText attempt;
      shape_line(candidate, ls, attempt);
      if (attempt.width <= max_width + kFitSlackPx) {
        *result = std::move(attempt);
        break;
      }
    }
  }
  result->truncated = true;
  return result;
}

GlyphBitmap TextEngine::Impl::rasterise(FontId font, std::uint32_t glyph, int quarter_px) {
  FT_Face ft = fonts.face(font).ft.get();
  if (face_quarters.size() < fonts.face_count()) face_quarters.resize(fonts.face_count(), 0);
  bool ok = true;
  if (face_quarters[font] != quarter_px) {
    ok = FT_Set_Char_Size(ft, 0, FT_F26Dot6(quarter_px) * 16, 72, 72) == 0;
    face_quarters[font] = ok ? quarter_px : 0;
  }
  const FT_Int32 flags = quarter_px < kAutohintBelowPx * 4 ? kSmallLoadFlags : kLargeLoadFlags;
  ok = ok && FT_Load_Glyph(ft, glyph, flags) == 0;
  if (ok && ft->glyph->format == FT_GLYPH_FORMAT_OUTLINE && ft->glyph->outline.n_points == 0) {
    return {};  // a space: nothing to draw
  }
  ok = ok && FT_Render_Glyph(ft->glyph, FT_RENDER_MODE_NORMAL) == 0 &&
       ft->glyph->bitmap.pixel_mode == FT_PIXEL_MODE_GRAY;
  if (!ok) {
    if (!warned_raster) {
      warned_raster = true;
      core::log::warn("text: FreeType cannot render glyph " + std::to_string(glyph) + " of " +
                      fonts.face(font).path + " at " + px_text(quarter_px) +
                      " px; it is left blank (other failures are not logged)");
    }
    return {};
  }
  const FT_GlyphSlot slot = ft->glyph;
  return GlyphBitmap{slot->bitmap.buffer, int(slot->bitmap.width), int(slot->bitmap.rows),
                     slot->bitmap.pitch,  slot->bitmap_left,       slot->bitmap_top};
}

TextEngine::TextEngine(Options options) {
  atlas_.page_size_ = std::clamp(options.atlas_page_size, 64, 8192);
  atlas_.max_pages_ = std::max(options.atlas_max_pages, 1);
  impl_ = std::make_unique<Impl>(options, atlas_);
  // Resolve the default style now so a machine without fonts fails at start-up.
  const TextStyle defaults;
  impl_->fonts.style(defaults.family, defaults.weight, defaults.italic);
}

TextEngine::~TextEngine() = default;

std::shared_ptr<const ShapedText> TextEngine::shape(std::string_view utf8, const TextStyle& style,
                                                    float px_size, float max_width_px) {
  ShapeKey key;
  key.text = utf8;
  key.family = style.family;
  key.weight = style.weight;
  key.tracking = std::isfinite(style.tracking) ? style.tracking : 0.f;
  key.px8 = eighths(px_size, false);
  key.width8 = eighths(max_width_px, true);
  key.italic = style.italic;
  key.tabular = style.tabular;
  key.uppercase = style.uppercase;
  if (const ShapeCache::Value* hit = impl_->cache.find(key)) return *hit;
  std::shared_ptr<const ShapedText> shaped =
      impl_->shape_new(utf8, style, float(key.px8) / 8.f, float(key.width8) / 8.f);
  impl_->cache.insert(key, shaped);
  return shaped;
}

const AtlasGlyph& TextEngine::glyph(FontId font, std::uint32_t glyph, float px_size) {
  const int q = quarters(px_size);
  if (font >= impl_->fonts.face_count() || q == 0) return impl_->empty_glyph;
  const std::uint64_t key = AtlasStore::key(font, glyph, q);
  if (const AtlasGlyph* hit = impl_->atlas.find(key)) return *hit;
  ++atlas_.stats_.rasterised;
  return impl_->atlas.insert(key, impl_->rasterise(font, glyph, q));
}

void TextEngine::begin_frame() {
  impl_->atlas.begin_frame();
}

std::string TextEngine::font_path(FontId font) const {
  return font < impl_->fonts.face_count() ? impl_->fonts.face(font).path : std::string();
}

std::string TextEngine::font_family(FontId font) const {
  return font < impl_->fonts.face_count() ? impl_->fonts.face(font).family : std::string();
}

std::filesystem::path bundled_font_dir() {
  if (const char* dir = std::getenv("PACECAST_FONT_DIR"); dir && *dir) return dir;
  return std::filesystem::path(PACECAST_SOURCE_DIR) / "assets" / "fonts";
}

}  // namespace render
