// Indexing helper shared by the announcer's sources: the race API numbers runners, points
// and contests with int, the tables behind them are std::vector and std::array.
// A pure function; safe from any thread.
#pragma once

#include <cstddef>

namespace announcer {

// An int index (runner, point, contest) as a table subscript.
inline std::size_t u(int i) {
  return static_cast<std::size_t>(i);
}

}  // namespace announcer
