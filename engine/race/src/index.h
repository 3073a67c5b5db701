// Indexing helpers shared by the race module's sources: the public API numbers runners,
// points and contests with int, the tables behind it are std::vector and std::array.
// Constants and pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>

namespace race {

// An int index (runner, point, contest) as a table subscript.
inline std::size_t u(int i) {
  return static_cast<std::size_t>(i);
}

// An empty slot in a per-point table of times or ranking keys (ms).
inline constexpr std::int64_t kNoKey = std::numeric_limits<std::int64_t>::min();

}  // namespace race
