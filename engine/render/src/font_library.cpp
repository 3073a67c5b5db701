#include "font_library.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/error.h"
#include "core/log.h"

namespace render {
namespace {

constexpr std::string_view kInstallHint = "install fonts-dejavu-core or set PACECAST_FONT_DIR";

std::string pattern_string(const FcPattern* p, const char* object, int n = 0) {
  FcChar8* value = nullptr;
  if (FcPatternGetString(p, object, n, &value) != FcResultMatch || !value) return {};
  return reinterpret_cast<const char*>(value);
}

int pattern_int(const FcPattern* p, const char* object, int fallback) {
  int value = fallback;
  FcPatternGetInteger(p, object, 0, &value);
  return value;
}

double pattern_double(const FcPattern* p, const char* object) {
  double value = 0;
  if (FcPatternGetDouble(p, object, 0, &value) != FcResultMatch) {
    int i = 0;
    if (FcPatternGetInteger(p, object, 0, &i) == FcResultMatch) value = i;
  }
  return value;
}

bool pattern_bool(const FcPattern* p, const char* object, bool fallback) {
  FcBool value = fallback ? FcTrue : FcFalse;
  FcPatternGetBool(p, object, 0, &value);
  return value != FcFalse;
}

bool same_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

bool has_family(const FcPattern* p, std::string_view family) {
  for (int i = 0;; ++i) {
    FcChar8* value = nullptr;
    if (FcPatternGetString(p, FC_FAMILY, i, &value) != FcResultMatch) return false;
    if (same_name(reinterpret_cast<const char*>(value), family)) return true;
  }
}

// Two patterns that name the same face (the bundled copy of a font that is also
// installed on the system) share this key.
std::string identity(const FcPattern* p) {
  return pattern_string(p, FC_FAMILY) + '\n' + pattern_string(p, FC_STYLE) + '\n' +
         std::to_string(pattern_double(p, FC_WEIGHT)) + '\n' +
         std::to_string(pattern_int(p, FC_SLANT, 0)) + '\n' +
         std::to_string(pattern_double(p, FC_WIDTH));
}

}  // namespace

bool LoadedFace::has_char(char32_t c) const {
  return FT_Get_Char_Index(ft.get(), c) != 0;
}

FontLibrary::FontLibrary(const std::vector<std::filesystem::path>& font_dirs) {
  if (FT_Init_FreeType(&ft_) != 0) {
    throw core::Error("text: FreeType failed to start (FT_Init_FreeType); reinstall libfreetype6");
  }
  config_.reset(FcInitLoadConfigAndFonts());
  if (!config_) {
    FT_Done_FreeType(ft_);
    throw core::Error(
        "text: fontconfig could not load its configuration; install "
        "fontconfig-config and fonts-dejavu-core, or set PACECAST_FONT_DIR");
  }
  std::vector<std::filesystem::path> dirs = font_dirs;
  if (dirs.empty()) dirs.push_back(bundled_font_dir());
  std::string searched;
  for (const auto& dir : dirs) {
    searched += (searched.empty() ? "" : ", ") + dir.string();
    const auto* name = reinterpret_cast<const FcChar8*>(dir.c_str());
    if (!std::filesystem::is_directory(dir) || !FcConfigAppFontAddDir(config_.get(), name)) {
      core::log::warn("text: font directory " + dir.string() +
                      " cannot be read; using system fonts only (set PACECAST_FONT_DIR to the "
                      "directory holding Inter-*.otf)");
    }
  }
  int total = 0;
  if (FcFontSet* app = FcConfigGetFonts(config_.get(), FcSetApplication)) {
    total += app->nfont;
    for (int i = 0; i < app->nfont; ++i) app_files_.insert(pattern_string(app->fonts[i], FC_FILE));
  }
  if (FcFontSet* system = FcConfigGetFonts(config_.get(), FcSetSystem)) total += system->nfont;
  if (total == 0) {
    config_.reset();
    FT_Done_FreeType(ft_);
    throw core::Error("text: no fonts found (searched the system and " + searched + "); " +
                      std::string(kInstallHint));
  }
}

FontLibrary::~FontLibrary() {
  styles_.clear();
  faces_.clear();
  FT_Done_FreeType(ft_);
}

std::vector<FontLibrary::Candidate> FontLibrary::sorted_candidates(std::string_view family,
                                                                   int weight, bool italic) {
  FcPatternPtr pattern(FcPatternCreate());
  const std::string family_name(family);
  FcPatternAddString(pattern.get(), FC_FAMILY,
                     reinterpret_cast<const FcChar8*>(family_name.c_str()));
  FcPatternAddInteger(pattern.get(), FC_WEIGHT, FcWeightFromOpenType(std::clamp(weight, 1, 1000)));
  FcPatternAddInteger(pattern.get(), FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
  FcPatternAddBool(pattern.get(), FC_SCALABLE, FcTrue);
  FcConfigSubstitute(config_.get(), pattern.get(), FcMatchPattern);
  FcDefaultSubstitute(pattern.get());
  FcResult result = FcResultNoMatch;
  FcFontSetPtr sorted(FcFontSort(config_.get(), pattern.get(), FcFalse, nullptr, &result));

  std::vector<Candidate> out;
  std::unordered_map<std::string, std::size_t> seen;
  for (int i = 0; sorted && i < sorted->nfont; ++i) {
    FcPattern* p = sorted->fonts[i];
    FcCharSet* charset = nullptr;
    const std::string file = pattern_string(p, FC_FILE);
    if (file.empty() || !pattern_bool(p, FC_SCALABLE, false) ||
        pattern_bool(p, FC_VARIABLE, false) || pattern_bool(p, FC_COLOR, false) ||
        FcPatternGetCharSet(p, FC_CHARSET, 0, &charset) != FcResultMatch) {
      continue;
    }
    FcPatternReference(p);
    Candidate c{FcPatternPtr(p), charset, kNoFont};
    auto [it, inserted] = seen.emplace(identity(p), out.size());
    if (inserted) {
      out.push_back(std::move(c));
    } else if (app_files_.count(file) &&
               !app_files_.count(pattern_string(out[it->second].pattern.get(), FC_FILE))) {
      out[it->second] = std::move(c);  // the bundled copy wins over the system's
    }
  }
  // Keep only faces that add characters to those before them: the first face with a
  // character is the same in the short chain as in the long one.
  FcCharSetPtr covered(FcCharSetCreate());
  std::vector<Candidate> chain;
  for (auto& c : out) {
    FcBool changed = FcFalse;
    FcCharSetMerge(covered.get(), c.charset, &changed);
    if (changed || chain.empty()) chain.push_back(std::move(c));
  }
  return chain;
}

StyleId FontLibrary::style(std::string_view family, int weight, bool italic) {
  auto key = std::make_tuple(std::string(family), weight, italic);
  if (auto it = style_ids_.find(key); it != style_ids_.end()) return it->second;
  Style s;
  s.chain = sorted_candidates(family, weight, italic);
  for (auto& c : s.chain) {
    s.primary = load(c);
    if (s.primary != kNoFont) break;
  }
  if (s.primary == kNoFont) {
    throw core::Error("text: no usable scalable font for family '" + std::string(family) +
                      "' weight " + std::to_string(weight) + "; " + std::string(kInstallHint));
  }
  const FcPattern* best = nullptr;
  for (const auto& c : s.chain) {
    if (c.loaded == s.primary) best = c.pattern.get();
  }
  if (best && !has_family(best, family)) {
    core::log::warn("text: font family '" + std::string(family) + "' is not installed; using '" +
                    faces_[s.primary]->family + "' (" + faces_[s.primary]->path +
                    "); add the font to PACECAST_FONT_DIR or fix the look's font family");
  }
  const auto id = static_cast<StyleId>(styles_.size());
  styles_.push_back(std::move(s));
  style_ids_.emplace(std::move(key), id);
  return id;
}

FontId FontLibrary::primary(StyleId style) {
  return styles_.at(style).primary;
}

FontId FontLibrary::face_for(StyleId style, char32_t c) {
  Style& s = styles_.at(style);
  if (auto it = s.by_char.find(c); it != s.by_char.end()) return it->second;
  FontId found = kNoFont;
  for (auto& candidate : s.chain) {
    if (!FcCharSetHasChar(candidate.charset, c)) continue;
    const FontId id = load(candidate);
    if (id != kNoFont && faces_[id]->has_char(c)) {
      found = id;
      break;
    }
  }
  s.by_char.emplace(c, found);
  return found;
}

FontId FontLibrary::load(Candidate& candidate) {
  static constexpr FontId kFailed = kNoFont - 1;
  if (candidate.loaded == kFailed) return kNoFont;
  if (candidate.loaded != kNoFont) return candidate.loaded;
  const FcPattern* p = candidate.pattern.get();
  const std::string path = pattern_string(p, FC_FILE);
  const int index = pattern_int(p, FC_INDEX, 0);
  if (auto it = face_ids_.find({path, index}); it != face_ids_.end()) {
    return candidate.loaded = it->second;
  }
  candidate.loaded = kFailed;
  if (faces_.size() >= kFailed) return kNoFont;
  auto face = std::make_unique<LoadedFace>();
  face->path = path;
  face->index = index;
  face->family = pattern_string(p, FC_FAMILY);
  FT_Face ft = nullptr;
  if (FT_New_Face(ft_, path.c_str(), index, &ft) != 0 || !ft) {
    core::log::warn("text: FreeType cannot open " + path + "; the font is skipped");
    return kNoFont;
  }
  face->ft.reset(ft);
  if (ft->units_per_EM == 0) return kNoFont;
  FT_Select_Charmap(ft, FT_ENCODING_UNICODE);
  hb_blob_t* blob = hb_blob_create_from_file_or_fail(path.c_str());
  if (!blob) {
    core::log::warn("text: HarfBuzz cannot read " + path + "; the font is skipped");
    return kNoFont;
  }
  hb_face_t* hb_face = hb_face_create(blob, unsigned(index) & 0xFFFFu);
  hb_blob_destroy(blob);
  face->hb.reset(hb_font_create(hb_face));
  hb_face_destroy(hb_face);
  if (index >> 16) hb_font_set_var_named_instance(face->hb.get(), unsigned(index >> 16) - 1);
  const float upem = float(ft->units_per_EM);
  face->ascender_em = float(ft->ascender) / upem;
  face->descender_em = -float(ft->descender) / upem;
  const auto id = static_cast<FontId>(faces_.size());
  faces_.push_back(std::move(face));
  face_ids_.emplace(std::make_pair(path, index), id);
  return candidate.loaded = id;
}

}  // namespace render
