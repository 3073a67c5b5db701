// Fuzz target: shaping a line of text from outside (runner names, clubs and notes arrive
// in participants.csv and over the timing feed). Any bytes — invalid UTF-8, control
// characters, combining marks, characters no font has — must shape without crashing,
// truncate within the width asked for, and rasterise into the atlas.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "render/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static render::TextEngine engine([] {
    render::TextEngine::Options o;
    o.atlas_page_size = 256;  // small, so eviction runs too
    o.atlas_max_pages = 2;
    o.shape_cache_entries = 64;
    return o;
  }());
  if (size < 2) return 0;
  render::TextStyle style;
  style.tabular = data[0] & 1;
  style.uppercase = data[0] & 2;
  style.weight = (data[0] & 4) ? 700 : 400;
  style.tracking = (data[0] & 8) ? 50 : 0;
  const float px = 8.f + static_cast<float>(data[1] % 120);
  const float max_width = (data[0] & 16) ? 40.f + static_cast<float>(data[1]) : 0.f;
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  engine.begin_frame();
  const auto shaped = engine.shape(text, style, px, max_width);
  if (max_width >= 2 * px && shaped->truncated && shaped->width > max_width + 0.5f)
    __builtin_trap();
  for (const auto& g : shaped->glyphs) (void)engine.glyph(g.font, g.glyph, px);
  (void)render::to_upper_utf8(text);
  return 0;
}
