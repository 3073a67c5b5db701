// {placeholder} handling for rule parameters: listing the names a value uses and filling
// them when a rule fires. "{{" and "}}" stand for literal braces. Pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace director::detail {

// The placeholder names in `value` in order of appearance; nullopt with `error` set when a
// brace is unbalanced or a name is empty.
std::optional<std::vector<std::string>> placeholders_in(std::string_view value, std::string& error);
// True when `value` holds no placeholder (its text is final).
bool is_literal(std::string_view value);
// `value` with every {name} replaced from `values` (a name not there becomes empty).
std::string fill(std::string_view value, const std::map<std::string, std::string>& values);

}  // namespace director::detail
