#include "control/fold.h"

#include <cstdint>

namespace control {
namespace {

// In a run of case pairs from `first` to `last`, the upper case letters are `first`,
// `first` + 2, ... and each one's lower case follows it.
bool pair_upper(char32_t c, char32_t first, char32_t last) {
  return c >= first && c <= last && (c - first) % 2 == 0;
}

// Decodes one well-formed code point at `i`; returns its length, 0 when malformed.
std::size_t decode(std::string_view s, std::size_t i, char32_t& out) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  char32_t c = 0, min = 0;
  if (b0 < 0x80) {
    out = b0;
    return 1;
  }
  if ((b0 & 0xE0) == 0xC0) {
    n = 2, c = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, c = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, c = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    c = (c << 6) | (b & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  out = c;
  return n;
}

void encode(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace

char32_t fold_code_point(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  // Latin-1 supplement: À..Þ except ×.
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  // Latin Extended-A: the pairs Ā..ķ, Ĺ..ň, Ŋ..ŷ and Ź..ž.
  if (c == 0x130) return 'i';   // İ
  if (c == 0x178) return 0xFF;  // Ÿ
  if (c == 0x17F) return 's';   // ſ
  if (pair_upper(c, 0x100, 0x137) || pair_upper(c, 0x139, 0x148) || pair_upper(c, 0x14A, 0x177) ||
      pair_upper(c, 0x179, 0x17E))
    return c + 1;
  // Cyrillic: Ѐ..Џ, А..Я, then the pairs of the extended letters (Ѡ..ҁ, Ҋ..ҿ with Kazakh
  // Ғ Қ Ң Ү Ұ Һ, Ӂ..ӎ, Ӑ..ӿ with Ә Ө, and the supplement Ԁ..ԯ).
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c == 0x4C0) return 0x4CF;  // Ӏ
  if (pair_upper(c, 0x460, 0x481) || pair_upper(c, 0x48A, 0x4BF) || pair_upper(c, 0x4C1, 0x4CE) ||
      pair_upper(c, 0x4D0, 0x4FF) || pair_upper(c, 0x500, 0x52F))
    return c + 1;
  return c;
}

std::string fold_case(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  std::size_t i = 0;
  while (i < utf8.size()) {
    char32_t c = 0;
    const std::size_t n = decode(utf8, i, c);
    if (n == 0) {
      out += utf8[i++];  // not UTF-8: kept as it is
      continue;
    }
    encode(fold_code_point(c), out);
    i += n;
  }
  return out;
}

}  // namespace control
