// The glyph atlas under pressure: a small atlas that must evict, never grows past its
// page limit, rasterises evicted glyphs again to the same bytes, and never evicts glyphs
// the current frame uses while a page the frame has not used exists.
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <vector>

#include "render/text.h"

namespace atlas_test {

namespace {

struct GlyphRef {
  render::FontId font;
  std::uint32_t glyph;
  float px;
};

std::vector<std::uint8_t> bytes_of(const render::TextEngine& e, const render::AtlasGlyph& g) {
  std::vector<std::uint8_t> out;
  const auto& page = e.atlas().pages().at(std::size_t(g.page));
  const auto size = std::size_t(e.atlas().page_size());
  for (int y = 0; y < g.h; ++y) {
    const auto* row = page.pixels.data() + std::size_t(g.y + y) * size + std::size_t(g.x);
    out.insert(out.end(), row, row + g.w);
  }
  return out;
}

render::TextEngine::Options small_atlas() {
  render::TextEngine::Options o;
  o.atlas_page_size = 256;
  o.atlas_max_pages = 2;
  return o;
}

// The glyphs of a line of letters and digits at one size.
std::vector<GlyphRef> glyphs_at(render::TextEngine& e, float px) {
  render::TextStyle style;
  auto t =
      e.shape("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ӘҒҚҢӨҰҮҺІ", style, px);
  std::vector<GlyphRef> out;
  for (const auto& g : t->glyphs) out.push_back({g.font, g.glyph, px});
  return out;
}

}  // namespace

TEST_CASE("atlas: a small atlas evicts, stays within its pages and re-rasterises the same",
          "[atlas]") {
  render::TextEngine e(small_atlas());
  const GlyphRef probe = glyphs_at(e, 72)[0];  // "A" at 72 px
  e.begin_frame();
  const render::AtlasGlyph first = e.glyph(probe.font, probe.glyph, probe.px);
  REQUIRE(first.w > 0);
  const std::vector<std::uint8_t> original = bytes_of(e, first);
  const auto generation = e.atlas().pages().at(std::size_t(first.page)).generation;
  CHECK(generation > 0);

  bool re_rasterised = false;
  int checked_evictions = 0;
  for (int frame = 0; frame < 40; ++frame) {
    e.begin_frame();
    std::vector<GlyphRef> used;            // what this frame drew so far
    std::optional<std::uint64_t> current;  // the atlas's frame number, once a page shows it
    const float px = 14.f + float(frame % 10) * 9.5f;
    for (const GlyphRef& g : glyphs_at(e, px)) {
      // Before the call: is there a page this frame has not used (or room for a new one)?
      bool idle_page = e.atlas().pages().size() < 2 || !current;
      for (const auto& page : e.atlas().pages()) {
        idle_page |= current && page.last_used_frame != *current;
      }
      const auto evictions = e.atlas().stats().evictions;
      const render::AtlasGlyph placed = e.glyph(g.font, g.glyph, g.px);
      used.push_back(g);
      CHECK(e.atlas().pages().size() <= 2);
      CHECK(e.atlas().stats().pages <= 2);
      if (placed.w > 0) {
        REQUIRE(placed.page < 2);
        current = e.atlas().pages()[std::size_t(placed.page)].last_used_frame;
      }
      if (e.atlas().stats().evictions > evictions && idle_page) {
        // Every glyph this frame drew before is still cached.
        const auto rasterised = e.atlas().stats().rasterised;
        for (std::size_t i = 0; i + 1 < used.size(); ++i) {
          e.glyph(used[i].font, used[i].glyph, used[i].px);
        }
        CHECK(e.atlas().stats().rasterised == rasterised);
        ++checked_evictions;
      }
    }
    if (frame % 7 == 6) {
      const auto rasterised = e.atlas().stats().rasterised;
      const render::AtlasGlyph again = e.glyph(probe.font, probe.glyph, probe.px);
      if (e.atlas().stats().rasterised > rasterised) {
        re_rasterised = true;
        CHECK(again.w == first.w);
        CHECK(again.h == first.h);
        CHECK(again.left == first.left);
        CHECK(again.top == first.top);
        CHECK(bytes_of(e, again) == original);
      }
    }
  }
  CHECK(e.atlas().stats().evictions > 0);
  CHECK(checked_evictions > 0);
  CHECK(re_rasterised);
  CHECK(e.atlas().stats().rasterised > e.atlas().stats().glyphs);
}

TEST_CASE("atlas: glyphs of the current frame survive while another page is idle", "[atlas]") {
  render::TextEngine e(small_atlas());
  render::TextStyle style;
  auto m = e.shape("M", style, 60);
  REQUIRE(m->glyphs.size() == 1);
  const auto font = m->glyphs[0].font;
  const auto glyph = m->glyphs[0].glyph;
  // One glyph at growing sizes: each is at least as large as the one before, so once a
  // page has no room for one, it has none for the next.
  float px = 60;
  e.begin_frame();
  std::vector<float> frame1;
  while (e.atlas().pages().size() < 2) {
    frame1.push_back(px);
    e.glyph(font, glyph, px);
    px += 0.25f;
  }
  REQUIRE(e.glyph(font, glyph, frame1[0]).page == 0);
  // Frame 2 does not touch page 0 and adds glyphs until one does not fit.
  e.begin_frame();
  const auto page0_generation = e.atlas().pages()[0].generation;
  std::vector<float> frame2{frame1.back()};  // the glyph that opened page 1
  e.glyph(font, glyph, frame1.back());
  while (e.atlas().stats().evictions == 0 && px < 200) {
    frame2.push_back(px);
    e.glyph(font, glyph, px);
    px += 0.25f;
  }
  REQUIRE(e.atlas().stats().evictions == 1);
  CHECK(e.atlas().pages()[0].generation > page0_generation);  // page 0 was cleared
  CHECK(e.glyph(font, glyph, frame2.back()).page == 0);       // for the newest glyph
  const auto rasterised = e.atlas().stats().rasterised;
  for (float size : frame2) CHECK(e.glyph(font, glyph, size).w > 0);
  CHECK(e.atlas().stats().rasterised == rasterised);  // all of frame 2's glyphs are kept
  e.glyph(font, glyph, frame1[0]);
  CHECK(e.atlas().stats().rasterised == rasterised + 1);  // frame 1's were dropped
  CHECK(e.atlas().stats().pages == 2);
}

TEST_CASE("atlas: spaces and glyphs larger than a page draw nothing and do not crash", "[atlas]") {
  render::TextEngine e(small_atlas());
  render::TextStyle style;
  auto t = e.shape("W W", style, 400);
  REQUIRE(t->glyphs.size() == 3);
  const render::AtlasGlyph big = e.glyph(t->glyphs[0].font, t->glyphs[0].glyph, 400);
  CHECK(big.w == 0);
  CHECK(big.h == 0);
  const render::AtlasGlyph space = e.glyph(t->glyphs[1].font, t->glyphs[1].glyph, 400);
  CHECK(space.w == 0);
  CHECK(e.glyph(t->glyphs[0].font, t->glyphs[0].glyph, 0).w == 0);
  CHECK(e.glyph(render::FontId(60000), 1, 20).w == 0);
  CHECK(e.glyph(t->glyphs[0].font, 0xFFFFFF, 20).w == 0);  // no such glyph
  CHECK(e.atlas().pages().size() <= 2);
  // A normal glyph still works, and storing it changes its page's generation.
  const render::AtlasGlyph w = e.glyph(t->glyphs[0].font, t->glyphs[0].glyph, 100);
  CHECK(w.w > 0);
  CHECK(e.atlas().pages().at(std::size_t(w.page)).generation > 0);
  const auto gen = e.atlas().pages().at(std::size_t(w.page)).generation;
  const render::AtlasGlyph w2 = e.glyph(t->glyphs[0].font, t->glyphs[0].glyph, 100);
  CHECK(w2.x == w.x);
  CHECK(e.atlas().pages().at(std::size_t(w.page)).generation == gen);  // a hit changes nothing
}

}  // namespace atlas_test
