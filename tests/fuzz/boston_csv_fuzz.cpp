// Fuzz target for the Boston results importer: any bytes either import (with problems
// reported) or throw core::Error for an unusable header; nothing else may escape or crash.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bundle/boston.h"
#include "core/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto r = bundle::import_boston(text, "marathon_results_2019.csv", {1, 0});
    if (r.official.size() != r.participants.size()) std::abort();
    if (static_cast<int>(r.participants.size()) > r.rows_read) std::abort();
  } catch (const core::Error&) {
  }
  return 0;
}
