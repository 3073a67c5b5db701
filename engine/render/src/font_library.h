// FontLibrary: the fonts of one TextEngine. Finds faces through fontconfig (the given font
// directories first, then the system's), loads each face file once with FreeType and
// HarfBuzz, and answers "which face draws this character in this style" with fallback.
// Owned by TextEngine's implementation; not thread-safe (the engine thread only).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>

#include "render/text.h"

namespace render {

template <auto Fn>
struct FreeWith {
  template <class T>
  void operator()(T* p) const noexcept {
    if (p) Fn(p);
  }
};
using FcConfigPtr = std::unique_ptr<FcConfig, FreeWith<FcConfigDestroy>>;
using FcPatternPtr = std::unique_ptr<FcPattern, FreeWith<FcPatternDestroy>>;
using FcFontSetPtr = std::unique_ptr<FcFontSet, FreeWith<FcFontSetDestroy>>;
using FcCharSetPtr = std::unique_ptr<FcCharSet, FreeWith<FcCharSetDestroy>>;
using FtFacePtr = std::unique_ptr<FT_FaceRec_, FreeWith<FT_Done_Face>>;
using HbFontPtr = std::unique_ptr<hb_font_t, FreeWith<hb_font_destroy>>;

// A loaded face: FreeType for rasterising, HarfBuzz (its own OpenType functions, from the
// same file) for shaping, so changing FreeType's size never affects shaping.
struct LoadedFace {
  std::string path;
  int index = 0;  // face index in the file (fontconfig's, named instance in the high bits)
  std::string family;
  FtFacePtr ft;
  HbFontPtr hb;
  float ascender_em = 0;   // above the baseline, in em
  float descender_em = 0;  // below the baseline, positive, in em
  bool has_char(char32_t c) const;
};

using StyleId = std::uint32_t;
constexpr FontId kNoFont = 0xFFFF;

class FontLibrary {
 public:
  // Throws core::Error when fontconfig or FreeType cannot start or no font is installed.
  explicit FontLibrary(const std::vector<std::filesystem::path>& font_dirs);
  ~FontLibrary();
  FontLibrary(const FontLibrary&) = delete;
  FontLibrary& operator=(const FontLibrary&) = delete;

  // The fallback chain for family + weight (OpenType 100..900) + slant, made on first use.
  // Throws core::Error when no scalable font matches at all.
  StyleId style(std::string_view family, int weight, bool italic);
  // The best match of the style: its metrics are the line's.
  FontId primary(StyleId style);
  // The first face of the style's chain that has `c`, or kNoFont.
  FontId face_for(StyleId style, char32_t c);

  const LoadedFace& face(FontId id) const { return *faces_.at(id); }
  std::size_t face_count() const { return faces_.size(); }
  FT_Library freetype() const { return ft_; }

 private:
  struct Candidate {
    FcPatternPtr pattern;
    FcCharSet* charset = nullptr;  // owned by pattern
    FontId loaded = kNoFont;
  };
  struct Style {
    std::vector<Candidate> chain;  // fontconfig's order, duplicates and no-ops removed
    FontId primary = kNoFont;
    std::unordered_map<char32_t, FontId> by_char;
  };

  std::vector<Candidate> sorted_candidates(std::string_view family, int weight, bool italic);
  FontId load(Candidate& candidate);

  FT_Library ft_ = nullptr;
  FcConfigPtr config_;
  std::unordered_set<std::string> app_files_;  // files found in the given font directories
  std::vector<std::unique_ptr<LoadedFace>> faces_;
  std::map<std::pair<std::string, int>, FontId> face_ids_;
  std::vector<Style> styles_;
  std::map<std::tuple<std::string, int, bool>, StyleId, std::less<>> style_ids_;
};

}  // namespace render
