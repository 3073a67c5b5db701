#include "video/format.h"

#include <array>

namespace video {
namespace {

constexpr std::array kFormats{
    Format{"1080p50", 1920, 1080, 50, 1},         Format{"1080p25", 1920, 1080, 25, 1},
    Format{"1080p30", 1920, 1080, 30, 1},         Format{"1080p60", 1920, 1080, 60, 1},
    Format{"1080p2997", 1920, 1080, 30000, 1001}, Format{"720p50", 1280, 720, 50, 1},
    Format{"720p25", 1280, 720, 25, 1},           Format{"2160p25", 3840, 2160, 25, 1},
    Format{"2160p50", 3840, 2160, 50, 1},
};

}  // namespace

std::span<const Format> formats() {
  return kFormats;
}

const Format* find_format(std::string_view name) {
  for (const Format& f : kFormats) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string format_names() {
  std::string out;
  for (const Format& f : kFormats) {
    if (!out.empty()) out += ", ";
    out += f.name;
  }
  return out;
}

}  // namespace video
