#include "utf8.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "render/text.h"

namespace render::utf8 {
namespace {

struct Range {
  char32_t first, last;
};

bool in_ranges(char32_t c, const Range* ranges, std::size_t n) {
  const Range* end = ranges + n;
  const Range* it =
      std::lower_bound(ranges, end, c, [](const Range& r, char32_t v) { return r.last < v; });
  return it != end && it->first <= c;
}

bool continuation(unsigned char b) {
  return (b & 0xC0) == 0x80;
}

// In a block where capitals and small letters alternate starting with a capital at
// `first`, a small letter sits at an odd offset; returns its capital, or 0.
char32_t alternating(char32_t c, char32_t first, char32_t last) {
  if (c < first || c > last) return 0;
  return ((c - first) & 1) ? c - 1 : 0;
}

// Single mappings that follow no block pattern (Latin Extended-B, IPA, Greek symbols).
constexpr std::pair<char32_t, char32_t> kSingles[] = {
    {0x00B5, 0x039C}, {0x00FF, 0x0178}, {0x0131, 0x0049}, {0x017F, 0x0053}, {0x0180, 0x0243},
    {0x0183, 0x0182}, {0x0185, 0x0184}, {0x0188, 0x0187}, {0x018C, 0x018B}, {0x0192, 0x0191},
    {0x0195, 0x01F6}, {0x0199, 0x0198}, {0x019A, 0x023D}, {0x019E, 0x0220}, {0x01A1, 0x01A0},
    {0x01A3, 0x01A2}, {0x01A5, 0x01A4}, {0x01A8, 0x01A7}, {0x01AD, 0x01AC}, {0x01B0, 0x01AF},
    {0x01B4, 0x01B3}, {0x01B6, 0x01B5}, {0x01B9, 0x01B8}, {0x01BD, 0x01BC}, {0x01BF, 0x01F7},
    {0x01C5, 0x01C4}, {0x01C6, 0x01C4}, {0x01C8, 0x01C7}, {0x01C9, 0x01C7}, {0x01CB, 0x01CA},
    {0x01CC, 0x01CA}, {0x01DD, 0x018E}, {0x01F2, 0x01F1}, {0x01F3, 0x01F1}, {0x01F5, 0x01F4},
    {0x023C, 0x023B}, {0x0242, 0x0241}, {0x0253, 0x0181}, {0x0254, 0x0186}, {0x0256, 0x0189},
    {0x0257, 0x018A}, {0x0259, 0x018F}, {0x025B, 0x0190}, {0x0260, 0x0193}, {0x0263, 0x0194},
    {0x0268, 0x0197}, {0x0269, 0x0196}, {0x026F, 0x019C}, {0x0272, 0x019D}, {0x0275, 0x019F},
    {0x0283, 0x01A9}, {0x0288, 0x01AE}, {0x0289, 0x0244}, {0x028A, 0x01B1}, {0x028B, 0x01B2},
    {0x028C, 0x0245}, {0x0292, 0x01B7}, {0x03AC, 0x0386}, {0x03C2, 0x03A3}, {0x03CC, 0x038C},
    {0x03CD, 0x038E}, {0x03CE, 0x038F}, {0x03D0, 0x0392}, {0x03D1, 0x0398}, {0x03D5, 0x03A6},
    {0x03D6, 0x03A0}, {0x03D7, 0x03CF}, {0x03F0, 0x039A}, {0x03F1, 0x03A1}, {0x03F2, 0x03F9},
    {0x03F3, 0x037F}, {0x03F5, 0x0395}, {0x03F8, 0x03F7}, {0x03FB, 0x03FA}, {0x04CF, 0x04C0},
    {0x1E9B, 0x1E60},
};

// Blocks of alternating capital/small pairs, each starting with a capital.
constexpr Range kAlternating[] = {
    {0x0100, 0x012F}, {0x0132, 0x0137}, {0x0139, 0x0148}, {0x014A, 0x0177}, {0x0179, 0x017E},
    {0x01CD, 0x01DC}, {0x01DE, 0x01EF}, {0x01F8, 0x021F}, {0x0222, 0x0233}, {0x0246, 0x024F},
    {0x0370, 0x0373}, {0x0376, 0x0377}, {0x03D8, 0x03EF}, {0x0460, 0x0481}, {0x048A, 0x04BF},
    {0x04C1, 0x04CE}, {0x04D0, 0x04FF}, {0x0500, 0x052F}, {0x1E00, 0x1E95}, {0x1EA0, 0x1EFF},
};

// Nonspacing and enclosing marks of the common scripts, plus ZWNJ/ZWJ and variation
// selectors; sorted, non-overlapping.
constexpr Range kMarks[] = {
    {0x0300, 0x036F},   {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2},
    {0x05C4, 0x05C5},   {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0670, 0x0670},
    {0x06D6, 0x06DC},   {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0900, 0x0903},
    {0x093A, 0x094F},   {0x0951, 0x0957}, {0x0962, 0x0963}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
    {0x0E47, 0x0E4E},   {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200C, 0x200D}, {0x20D0, 0x20FF},
    {0x302A, 0x302F},   {0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0x1F3FB, 0x1F3FF},
    {0xE0100, 0xE01EF},
};

constexpr Range kIgnorable[] = {
    {0x00AD, 0x00AD},   {0x034F, 0x034F},   {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5},
    {0x180B, 0x180F},   {0x200B, 0x200F},   {0x202A, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164},
    {0xFE00, 0xFE0F},   {0xFEFF, 0xFEFF},   {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3},
    {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
};

char32_t upper_by_offset(char32_t c) {
  if (c >= 'a' && c <= 'z') return c - 0x20;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;        // Latin-1
  if (c >= 0x03B1 && c <= 0x03CB && c != 0x03C2) return c - 0x20;  // Greek
  if (c >= 0x03AD && c <= 0x03AF) return c - 0x25;                 // έ ή ί
  if (c >= 0x037B && c <= 0x037D) return c + 0x82;                 // ͻ ͼ ͽ
  if (c >= 0x0430 && c <= 0x044F) return c - 0x20;                 // а..я
  if (c >= 0x0450 && c <= 0x045F) return c - 0x50;                 // ѐ..џ, і
  if (c >= 0x0561 && c <= 0x0586) return c - 0x30;                 // Armenian
  if (c >= 0xFF41 && c <= 0xFF5A) return c - 0x20;                 // fullwidth
  return 0;
}

}  // namespace

char32_t decode(std::string_view s, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = byte(pos);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  int len = 0;
  char32_t c = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    c = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    c = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    c = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    ++pos;
    return kReplacement;
  }
  if (pos + std::size_t(len) > s.size() || byte(pos + 1) < lo || byte(pos + 1) > hi) {
    ++pos;
    return kReplacement;
  }
  for (int i = 1; i < len; ++i) {
    const unsigned char b = byte(pos + std::size_t(i));
    if (!continuation(b)) {
      ++pos;
      return kReplacement;
    }
    c = (c << 6) | (b & 0x3F);
  }
  pos += std::size_t(len);
  return c;
}

void append(std::string& out, char32_t c) {
  if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = kReplacement;
  if (c < 0x80) {
    out.push_back(char(c));
  } else if (c < 0x800) {
    out.push_back(char(0xC0 | (c >> 6)));
    out.push_back(char(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(char(0xE0 | (c >> 12)));
    out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(char(0x80 | (c & 0x3F)));
  } else {
    out.push_back(char(0xF0 | (c >> 18)));
    out.push_back(char(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(char(0x80 | (c & 0x3F)));
  }
}

char32_t to_upper(char32_t c) {
  if (c < 'a') return c;
  if (const char32_t u = upper_by_offset(c)) return u;
  for (const Range& r : kAlternating) {
    if (c < r.first) break;
    if (const char32_t u = alternating(c, r.first, r.last)) return u;
  }
  const auto* end = std::end(kSingles);
  const auto* it = std::lower_bound(std::begin(kSingles), end, c,
                                    [](const auto& p, char32_t v) { return p.first < v; });
  if (it != end && it->first == c) return it->second;
  return c;
}

bool is_combining_mark(char32_t c) {
  return c >= 0x0300 && in_ranges(c, kMarks, std::size(kMarks));
}

bool is_default_ignorable(char32_t c) {
  return c >= 0x00AD && in_ranges(c, kIgnorable, std::size(kIgnorable));
}

std::size_t count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < s.size(); ++n) decode(s, pos);
  return n;
}

}  // namespace render::utf8

namespace render {

std::string to_upper_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();)
    utf8::append(out, utf8::to_upper(utf8::decode(text, pos)));
  return out;
}

}  // namespace render
