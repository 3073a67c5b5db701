// Fuzz target: an overlay look file (TOML a graphics operator edits while on air). Whatever
// the bytes, parsing either throws core::ConfigError or gives a Look whose every getter
// returns a value (falling back on mistakes) without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "scene/look.h"

namespace {

constexpr std::string_view kTheme = R"(
[colors]
accent = "#00A0DC"
self = "$colors.self"
[fonts.body]
size = 30
color = "$colors.accent"
[panel]
fill = "$colors.accent"
radius = 12
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    scene::Look look(text, "fuzz.toml", kTheme, "theme.toml");
    for (const char* key : {"a", "rows", "font", "box", "a.b", "a.b.c", "$colors.accent",
                            "$colors.self", "$fonts.body", "$panel", "position", "x"}) {
      (void)look.number(key, 1);
      (void)look.integer(key, 1);
      (void)look.flag(key, true);
      (void)look.string(key, "x");
      (void)look.color(key, {});
      (void)look.duration_ms(key, core::Ms(1));
      (void)look.rect(key, {});
      (void)look.text_style(key, {});
      (void)look.box_style(key, {});
    }
    (void)look.problems();
  } catch (const core::ConfigError&) {
  }
  return 0;
}
