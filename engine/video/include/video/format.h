// Output video formats by name ("1080p50"): size and frame rate. Adding one is a table row.
// Thread-safety: pure; any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace video {

struct Format {
  std::string_view name;
  int width = 0, height = 0;
  int fps_num = 0, fps_den = 1;  // frames per second as a fraction

  // One frame, in microseconds, rounded down (20000 at 50 fps).
  std::int64_t frame_us() const { return std::int64_t(1'000'000) * fps_den / fps_num; }
  // Presentation time of frame `k` in microseconds, exact for every k (no drift).
  std::int64_t pts_us(std::int64_t k) const { return k * 1'000'000 * fps_den / fps_num; }
  double fps() const { return double(fps_num) / double(fps_den); }
};

std::span<const Format> formats();
// nullptr when there is no such format.
const Format* find_format(std::string_view name);
// "1080p50, 1080p25, …" for error messages and --help.
std::string format_names();

}  // namespace video
