# Script mode: writes OUT, a C++ source holding IN's bytes as SYMBOL (hex, so any byte works).
# The array is named after SYMBOL too, so several embedded files can share a unity batch.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" len)
math(EXPR bytes "${len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," body "${hex}")
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n#include <string_view>\n"
  "namespace {\nconstexpr char ${SYMBOL}_bytes[] = {${body} 0};\n}\n"
  "extern const std::string_view ${SYMBOL}(${SYMBOL}_bytes, ${bytes});\n")
