// Fuzz target for the feed protocol decoder: any bytes must decode without crashing, and
// every message it accepts must encode to text that decodes to the same message again.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "feed/codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const feed::Decoded decoded = feed::decode(text, "fuzz-epoch");
  for (const auto& message : decoded.messages) {
    const std::string once = feed::encode(message);
    const feed::Decoded again = feed::decode(once);
    if (again.messages.size() != 1 || !again.errors.empty()) std::abort();
    if (feed::encode(again.messages.front()) != once) std::abort();
  }
  return 0;
}
