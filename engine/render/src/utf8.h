// UTF-8 decoding and encoding, locale-independent upper-casing and the few Unicode
// character classes the text engine needs (combining marks, default-ignorables).
// Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace render::utf8 {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at `pos` and advances `pos` past it. A malformed sequence
// (bad lead byte, truncated, overlong, surrogate, above U+10FFFF) yields U+FFFD and
// skips one byte, so decoding always makes progress.
char32_t decode(std::string_view s, std::size_t& pos);

// Appends the UTF-8 encoding of `c` (U+FFFD for surrogates and values above U+10FFFF).
void append(std::string& out, char32_t c);

// The simple upper-case mapping of one character: ASCII, Latin-1, Latin Extended-A/B and
// Additional, Greek, Cyrillic 0400-052F (Kazakh included), Armenian. Others map to
// themselves; so does ß (no single-character capital in common use).
char32_t to_upper(char32_t c);

// Combining marks and joiners that belong to the preceding character: a line is never
// cut just before one. Covers the marks of the scripts the fonts are expected to carry.
bool is_combining_mark(char32_t c);

// Characters that draw nothing and need no glyph (joiners, direction marks, variation
// selectors, soft hyphen, BOM): never counted as missing.
bool is_default_ignorable(char32_t c);

// Number of code points (malformed bytes count one each, as decode() reads them).
std::size_t count(std::string_view s);

}  // namespace render::utf8
