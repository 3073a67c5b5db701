// Steady-clock durations as numbers, for timings, status lines and summaries.
// Pure functions; safe from any thread.
#pragma once

#include <chrono>

namespace app {

inline double seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return seconds(std::chrono::steady_clock::now() - t0);
}

inline double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace app
