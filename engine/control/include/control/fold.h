// Case folding for runner search: lower case for ASCII, the Latin-1 supplement, Latin
// Extended-A, Cyrillic (Russian, Ukrainian, Belarusian, Serbian...) and the Cyrillic
// letters of Kazakh and its neighbours (Ә Ғ Қ Ң Ө Ұ Ү Һ І). Accents are kept: "muller" does
// not match "Müller", "MÜLLER" does. Bytes that are not well-formed UTF-8 pass through.
// Pure; safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace control {

std::string fold_case(std::string_view utf8);

// The folded code point of one code point.
char32_t fold_code_point(char32_t c);

}  // namespace control
