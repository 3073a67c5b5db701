// How the race module's error messages name what they are about: a key inside race.toml and
// a value from the user's files. Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace race {

// "contests[2]": element `i` of the array at `path`.
inline std::string at(std::string_view path, std::size_t i) {
  return std::string(path) + "[" + std::to_string(i) + "]";
}

// "`5K`": a value as the user wrote it.
inline std::string quoted(std::string_view s) {
  return "`" + std::string(s) + "`";
}

}  // namespace race
