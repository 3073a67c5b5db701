#include "placeholders.h"

namespace director::detail {
namespace {

// Walks `value`, calling on_text for literal runs and on_name for {name}; returns false on
// an unbalanced brace or an empty name.
template <class Text, class Name>
bool walk(std::string_view value, Text on_text, Name on_name) {
  std::size_t i = 0;
  while (i < value.size()) {
    const char c = value[i];
    if ((c == '{' || c == '}') && i + 1 < value.size() && value[i + 1] == c) {
      on_text(std::string_view(&value[i], 1));
      i += 2;
      continue;
    }
    if (c == '}') return false;
    if (c == '{') {
      const std::size_t end = value.find_first_of("{}", i + 1);
      if (end == std::string_view::npos || value[end] != '}' || end == i + 1) return false;
      on_name(value.substr(i + 1, end - i - 1));
      i = end + 1;
      continue;
    }
    const std::size_t next = value.find_first_of("{}", i);
    const std::size_t stop = next == std::string_view::npos ? value.size() : next;
    on_text(value.substr(i, stop - i));
    i = stop;
  }
  return true;
}

}  // namespace

std::optional<std::vector<std::string>> placeholders_in(std::string_view value,
                                                        std::string& error) {
  std::vector<std::string> names;
  const bool ok = walk(
      value, [](std::string_view) {}, [&](std::string_view n) { names.emplace_back(n); });
  if (!ok) {
    error = "unbalanced or empty `{}` in `" + std::string(value) +
            "`; write {bib} for a placeholder, {{ and }} for literal braces";
    return std::nullopt;
  }
  return names;
}

bool is_literal(std::string_view value) {
  bool any = false;
  const bool ok = walk(
      value, [](std::string_view) {}, [&](std::string_view) { any = true; });
  return ok && !any;
}

std::string fill(std::string_view value, const std::map<std::string, std::string>& values) {
  std::string out;
  walk(
      value, [&](std::string_view t) { out += t; },
      [&](std::string_view n) {
        if (auto it = values.find(std::string(n)); it != values.end()) out += it->second;
      });
  return out;
}

}  // namespace director::detail
