// Helpers shared by the `pacecast bench` subcommands. Main thread only.
#pragma once

#include <time.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"

namespace app {

// CPU time used so far by the calling thread (CLOCK_THREAD_CPUTIME_ID) or by the whole
// process (CLOCK_PROCESS_CPUTIME_ID).
inline double cpu_seconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The q-quantile (0..1, 1 = max) of `v`; 0 for an empty one.
inline double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

// The Boston 2019 results the benchmarks run on, from the source tree or the current directory.
inline std::string default_boston_file(const std::string& command) {
  const std::filesystem::path candidates[] = {
      std::filesystem::path(PACECAST_SOURCE_DIR) / "tests/data/marathon_results_2019.csv.gz",
      "tests/data/marathon_results_2019.csv.gz"};
  for (const auto& c : candidates)
    if (std::filesystem::exists(c)) return c.string();
  throw core::Error(command +
                    ": tests/data/marathon_results_2019.csv.gz not found; run from the source "
                    "tree or pass --file PATH");
}

}  // namespace app
