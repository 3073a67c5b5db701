// Text shaping as viewers see it: Kazakh and accented names drawn by the bundled Inter,
// upper-casing, tabular race times, ellipsis truncation, per-character font fallback,
// bad input, crisp glyphs at 16-200 px, and the shaped-line cache.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "render/text.h"

namespace text_test {

namespace {

render::TextEngine& engine() {
  static render::TextEngine instance(render::TextEngine::Options{});
  return instance;
}

render::TextStyle inter(int weight = 400) {
  render::TextStyle s;
  s.family = "Inter";
  s.weight = weight;
  return s;
}

std::size_t char_count(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool from_bundled_inter(render::TextEngine& e, const render::ShapedText& t) {
  static const std::regex file(".*/Inter-[A-Za-z]+\\.otf$");
  const std::string dir = render::bundled_font_dir().string();
  for (const auto& g : t.glyphs) {
    const std::string path = e.font_path(g.font);
    if (!std::regex_match(path, file) || path.rfind(dir, 0) != 0) {
      UNSCOPED_INFO("glyph " << g.glyph << " comes from " << path);
      return false;
    }
  }
  return true;
}

// The displayed text before the ellipsis.
std::string before_ellipsis(const std::string& s) {
  const std::string ellipsis = "\u2026";
  REQUIRE(s.size() >= ellipsis.size());
  REQUIRE(s.compare(s.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0);
  return s.substr(0, s.size() - ellipsis.size());
}

}  // namespace

TEST_CASE("text: Kazakh names are drawn entirely by the bundled Inter", "[text]") {
  const char* names[] = {"Әлихан Қасымұлы",
                         "ҒАБИТ ҮСЕНҰЛЫ",
                         "Ұлпан Һадиева",
                         "Ә",
                         "Ғ",
                         "Қ",
                         "Ң",
                         "Ө",
                         "Ұ",
                         "Ү",
                         "Һ",
                         "І",
                         "ә",
                         "ғ",
                         "қ",
                         "ң",
                         "ө",
                         "ұ",
                         "ү",
                         "һ",
                         "і"};
  for (int weight : {400, 700}) {
    for (const char* name : names) {
      INFO(name << " weight " << weight);
      auto t = engine().shape(name, inter(weight), 48);
      CHECK(t->missing == 0);
      CHECK(t->glyphs.size() == char_count(name));
      CHECK(from_bundled_inter(engine(), *t));
      CHECK(t->width > 0);
    }
  }
}

TEST_CASE("text: the style's weight picks the matching Inter file", "[text]") {
  const std::pair<int, const char*> weights[] = {{400, "Inter-Regular.otf"},
                                                 {500, "Inter-Medium.otf"},
                                                 {600, "Inter-SemiBold.otf"},
                                                 {700, "Inter-Bold.otf"},
                                                 {800, "Inter-ExtraBold.otf"}};
  for (const auto& [weight, file] : weights) {
    auto t = engine().shape("Almaty", inter(weight), 32);
    REQUIRE(t->fonts.size() == 1);
    const std::string path = engine().font_path(t->fonts[0]);
    INFO(weight << " → " << path);
    CHECK(path.size() > std::string(file).size());
    CHECK(path.compare(path.size() - std::string(file).size(), std::string::npos, file) == 0);
    CHECK(engine().font_family(t->fonts[0]) == "Inter");
  }
}

TEST_CASE("text: accented Latin names, precomposed and decomposed, have every glyph", "[text]") {
  const char* names[] = {"Zoë Ñúñez-Çelik", "Łukasz Żółć", "Ødegård Åsa",
                         "Dvořák",          "e\u0301",     "Jose\u0301 Nu\u0301n\u0303ez"};
  for (const char* name : names) {
    INFO(name);
    auto t = engine().shape(name, inter(), 40);
    CHECK(t->missing == 0);
    CHECK_FALSE(t->glyphs.empty());
    CHECK(from_bundled_inter(engine(), *t));
  }
  // The decomposed é is as wide as the precomposed one (same glyph or base + zero-width mark).
  CHECK(engine().shape("e\u0301", inter(), 40)->width ==
        Approx(engine().shape("\u00e9", inter(), 40)->width).margin(0.01));
}

TEST_CASE("text: upper-casing is locale-independent and covers Kazakh", "[text]") {
  CHECK(render::to_upper_utf8("әлихан қасымұлы") == "ӘЛИХАН ҚАСЫМҰЛЫ");
  CHECK(render::to_upper_utf8("ә ғ қ ң ө ұ ү һ і") == "Ә Ғ Қ Ң Ө Ұ Ү Һ І");
  CHECK(render::to_upper_utf8("zoë") == "ZOË");
  CHECK(render::to_upper_utf8("straße") == "STRAßE");
  CHECK(render::to_upper_utf8("łukasz żółć dvořák ødegård") == "ŁUKASZ ŻÓŁĆ DVOŘÁK ØDEGÅRD");
  CHECK(render::to_upper_utf8("ıi ÿ ǆ ǉ ə ɛ ɔ") == "II Ÿ Ǆ Ǉ Ə Ɛ Ɔ");
  CHECK(render::to_upper_utf8("σοφοκλής άέήίόύώ") == "ΣΟΦΟΚΛΉΣ ΆΈΉΊΌΎΏ");
  CHECK(render::to_upper_utf8("ёжик щука ї ґ ў") == "ЁЖИК ЩУКА Ї Ґ Ў");
  CHECK(render::to_upper_utf8("nguyễn văn đức") == "NGUYỄN VĂN ĐỨC");
  CHECK(render::to_upper_utf8("ABC 123 :-") == "ABC 123 :-");
  CHECK(render::to_upper_utf8("a\xFF"
                              "b\xC3") == "A\uFFFDB\uFFFD");

  render::TextStyle style = inter();
  style.uppercase = true;
  auto t = engine().shape("әлихан қасымұлы", style, 32);
  CHECK(t->text == "ӘЛИХАН ҚАСЫМҰЛЫ");
  CHECK(t->width == Approx(engine().shape("ӘЛИХАН ҚАСЫМҰЛЫ", inter(), 32)->width));
}

TEST_CASE("text: tabular figures give race times one width", "[text]") {
  render::TextStyle tab = inter();
  tab.tabular = true;
  const float w = engine().shape("1:11:11", tab, 48)->width;
  CHECK(engine().shape("0:00:00", tab, 48)->width == Approx(w).margin(0.01));
  CHECK(engine().shape("2:08:48", tab, 48)->width == Approx(w).margin(0.01));
  const float one = engine().shape("1", tab, 48)->width;
  for (char d = '0'; d <= '9'; ++d) {
    INFO("digit " << d);
    CHECK(engine().shape(std::string(1, d), tab, 48)->width == Approx(one).margin(0.01));
  }
  // Without tnum, Inter's default figures are proportional: "1" is narrower than "0",
  // so a ticking clock would jitter. That is why times use tabular = true.
  const render::TextStyle prop = inter();
  CHECK(engine().shape("1", prop, 48)->width < engine().shape("0", prop, 48)->width - 1);
  CHECK(engine().shape("1:11:11", prop, 48)->width <
        engine().shape("0:00:00", prop, 48)->width - 1);
}

TEST_CASE("text: metrics, tracking and sizes", "[text]") {
  auto t = engine().shape("Almaty", inter(), 100);
  CHECK(t->px_size == 100);
  CHECK(t->ascent == Approx(96.875).margin(0.5));  // Inter: ascender 0.96875 em
  CHECK(t->descent == Approx(24.2).margin(0.5));   // descender 0.2421875 em
  CHECK(t->truncated == false);
  REQUIRE(t->glyphs.size() == 6);
  for (std::size_t i = 1; i < t->glyphs.size(); ++i) CHECK(t->glyphs[i].x > t->glyphs[i - 1].x);
  CHECK(t->glyphs[2].cluster == 2);

  render::TextStyle tracked = inter();
  tracked.tracking = 100;  // 0.1 em between characters: 5 gaps at 100 px
  CHECK(engine().shape("Almaty", tracked, 100)->width == Approx(t->width + 50).margin(0.01));
  // A mark sits on its base: tracking goes between characters, not inside one.
  CHECK(engine().shape("e\u0301e", tracked, 100)->width ==
        Approx(engine().shape("\u00e9e", tracked, 100)->width).margin(0.01));

  CHECK(engine().shape("", inter(), 32)->glyphs.empty());
  CHECK(engine().shape("", inter(), 32)->ascent > 0);
  auto zero = engine().shape("Almaty", inter(), 0);
  CHECK(zero->glyphs.empty());
  CHECK(zero->width == 0);
  CHECK(engine().shape("Almaty", inter(), -5)->glyphs.empty());
}

TEST_CASE("text: names too long for their box end with an ellipsis", "[text]") {
  const std::string longname = "Konstantina Papadopoulou-Vasilakopoulou";
  auto t = engine().shape(longname, inter(), 32, 200);
  CHECK(t->truncated);
  CHECK(t->width <= 200);
  CHECK(t->width > 150);  // the longest prefix that fits, not a short one
  const std::string kept = before_ellipsis(t->text);
  CHECK(longname.rfind(kept, 0) == 0);
  CHECK(kept.size() > 5);

  auto shortname = engine().shape("Ann Lee", inter(), 32, 200);
  CHECK_FALSE(shortname->truncated);
  CHECK(shortname->text == "Ann Lee");

  // Exactly as wide as the box: fits.
  const float full = engine().shape(longname, inter(), 32)->width;
  CHECK_FALSE(engine().shape(longname, inter(), 32, std::ceil(full))->truncated);

  auto tiny = engine().shape(longname, inter(), 32, 3);
  CHECK(tiny->truncated);
  CHECK(tiny->text == "\u2026");

  render::TextStyle upper = inter();
  upper.uppercase = true;
  upper.tracking = 50;
  auto u = engine().shape("Әлихан Қасымұлы", upper, 40, 180);
  CHECK(u->truncated);
  CHECK(u->width <= 180);
  CHECK(std::string("ӘЛИХАН ҚАСЫМҰЛЫ").rfind(before_ellipsis(u->text), 0) == 0);
}

TEST_CASE("text: truncation never separates a letter from its accent or leaves a space", "[text]") {
  const std::string name = "Rene\u0301e Ame\u0301lie Le\u0301a Se\u0301ve\u0301rine";
  const float full = engine().shape(name, inter(), 30)->width;
  int truncated = 0;
  for (float box = 5; box < full + 10; box += 1.5f) {
    auto t = engine().shape(name, inter(), 30, box);
    INFO("box " << box << " → " << t->text);
    CHECK(core::valid_utf8(t->text));
    if (!t->truncated) {
      CHECK(t->text == name);
      CHECK(t->width <= box);
      continue;
    }
    ++truncated;
    const std::string kept = before_ellipsis(t->text);
    REQUIRE(name.rfind(kept, 0) == 0);
    CHECK(name.compare(kept.size(), 2, "\u0301") != 0);  // the cut is not before a mark
    CHECK((kept.empty() || kept.back() != ' '));
    CHECK(t->missing == 0);
    if (t->text != "\u2026") CHECK(t->width <= box);
  }
  CHECK(truncated > 20);
}

TEST_CASE("text: characters Inter lacks come from a system font", "[text]") {
  // Georgian and Armenian: DejaVu Sans and Noto have them, Inter does not.
  for (const char* text : {"\u10d0", "\u0531", "Zoë \u10d0\u10d1\u10d2"}) {
    INFO(text);
    auto t = engine().shape(text, inter(), 40);
    CHECK(t->missing == 0);
    REQUIRE_FALSE(t->glyphs.empty());
    const auto& last = t->glyphs.back();
    CHECK(last.glyph != 0);
    CHECK(engine().font_family(last.font) != "Inter");
    CHECK(engine().font_path(last.font).find("Inter") == std::string::npos);
  }
  auto mixed = engine().shape("Zoë \u10d0\u10d1\u10d2", inter(), 40);
  CHECK(mixed->fonts.size() == 2);
  CHECK(engine().font_family(mixed->fonts[0]) == "Inter");
}

TEST_CASE("text: characters no font has are counted, bad bytes never crash", "[text]") {
  auto pua = engine().shape("A\U000F0001B", inter(), 32);  // supplementary private use
  CHECK(pua->missing == 1);
  CHECK(pua->glyphs.size() == 3);
  auto unassigned = engine().shape("\u0378", inter(), 32);
  CHECK(unassigned->missing == 1);

  const std::string bad[] = {"\xFF\xFE",
                             "abc\xC3",
                             "\xE2\x82",
                             "\xED\xA0\x80 surrogate",
                             "\xF4\x90\x80\x80",
                             "\xC0\xAF overlong",
                             std::string("a\0b", 3),
                             "tab\there\nnewline"};
  for (const std::string& s : bad) {
    auto t = engine().shape(s, inter(), 24, 40);
    CHECK(core::valid_utf8(t->text));
    auto u = engine().shape(
        s,
        [] {
          render::TextStyle st = inter();
          st.uppercase = true;
          return st;
        }(),
        24);
    CHECK(core::valid_utf8(u->text));
    CHECK(u->text.find('\n') == std::string::npos);
  }
  // Unknown families fall back to a font that exists.
  render::TextStyle nosuch = inter();
  nosuch.family = "No Such Family 1234";
  auto t = engine().shape("Almaty", nosuch, 32);
  CHECK(t->missing == 0);
  CHECK(t->width > 0);
}

namespace {

int count_pixels(const render::TextEngine& e, const render::AtlasGlyph& g, int row_from, int row_to,
                 int at_least) {
  const auto& page = e.atlas().pages().at(std::size_t(g.page));
  const auto size = std::size_t(e.atlas().page_size());
  int n = 0;
  for (int y = row_from; y < row_to; ++y) {
    for (int x = 0; x < g.w; ++x) {
      n += page.pixels[std::size_t(g.y + y) * size + std::size_t(g.x + x)] >= at_least;
    }
  }
  return n;
}

}  // namespace

TEST_CASE("text: glyphs are crisp from 16 to 200 px", "[text][atlas]") {
  render::TextEngine e(render::TextEngine::Options{});
  auto h = e.shape("H", inter(), 16);
  REQUIRE(h->glyphs.size() == 1);
  const auto font = h->glyphs[0].font;
  const auto glyph = h->glyphs[0].glyph;
  for (int px = 12; px <= 200; ++px) {
    INFO(px << " px");
    const render::AtlasGlyph g = e.glyph(font, glyph, float(px));
    const float cap = 0.7273f * float(px);  // Inter's cap height: 2048 / 2816 em
    CHECK(std::abs(float(g.h) - cap) <= 1.f);
    CHECK(std::abs(g.top - cap) <= 1.f);  // and it stands on the baseline
    CHECK(float(g.w) > 0.5f * float(px));
    if (px == 16 || px == 20 || px == 24) {
      // Small text is snapped to the grid: the stems' top and bottom rows are solid.
      CHECK(count_pixels(e, g, 0, 1, 200) >= 2);
      CHECK(count_pixels(e, g, g.h - 1, g.h, 200) >= 2);
    }
    if (px == 200) CHECK(count_pixels(e, g, 0, g.h, 255) > 1000);  // solid, not a blur
  }
}

TEST_CASE("text: font directories and a machine without fonts", "[text]") {
  // A directory that does not exist is skipped (with a warning): system fonts still work.
  render::TextEngine::Options options;
  options.font_dirs = {"/nonexistent/pacecast-fonts"};
  render::TextEngine e(options);
  auto t = e.shape("Әлихан Zoë", inter(), 32);
  CHECK(t->missing == 0);
  CHECK(t->width > 0);

  // No system fonts and no font directory: the engine refuses to start and says why.
  const auto dir = std::filesystem::temp_directory_path() / "pacecast-text-test-nofonts";
  std::filesystem::create_directories(dir);
  const auto conf = dir / "fonts.conf";
  {
    std::ofstream out(conf);
    out << "<?xml version=\"1.0\"?>\n<fontconfig><cachedir>" << dir.string()
        << "</cachedir></fontconfig>\n";
  }
  const char* previous = std::getenv("FONTCONFIG_FILE");
  const std::string saved = previous ? previous : "";
  setenv("FONTCONFIG_FILE", conf.c_str(), 1);
  std::string message;
  try {
    render::TextEngine none(options);
  } catch (const core::Error& error) {
    message = error.what();
  }
  if (previous) {
    setenv("FONTCONFIG_FILE", saved.c_str(), 1);
  } else {
    unsetenv("FONTCONFIG_FILE");
  }
  std::filesystem::remove_all(dir);
  CHECK(message.find("no fonts found") != std::string::npos);
  CHECK(message.find("install fonts-dejavu-core or set PACECAST_FONT_DIR") != std::string::npos);
}

TEST_CASE("text: shaping the same text twice returns the cached line", "[text]") {
  render::TextEngine::Options options;
  options.shape_cache_entries = 2;
  render::TextEngine e(options);
  auto a = e.shape("Almaty Marathon", inter(), 32);
  CHECK(e.shape("Almaty Marathon", inter(), 32) == a);
  CHECK(e.shape("Almaty Marathon", inter(), 32.01f) == a);  // same 1/8 px
  CHECK(e.shape("Almaty Marathon", inter(), 33) != a);      // evicts nothing yet: 2 entries
  CHECK(e.shape("Almaty Marathon", inter(), 32) == a);      // now the most recent
  auto b = e.shape("Boston", inter(), 32);                  // evicts the 33 px line
  CHECK(e.shape("Almaty Marathon", inter(), 32) == a);
  CHECK(e.shape("Almaty Marathon", inter(700), 32) != a);  // evicts Boston
  CHECK(e.shape("Boston", inter(), 32) != b);
  CHECK(e.shape("Almaty Marathon", inter(), 32, 100) != a);
}

}  // namespace text_test
