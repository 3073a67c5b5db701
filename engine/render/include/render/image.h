// Image: an RGBA8 picture in memory (straight alpha, rows top to bottom), PNG in and out,
// and the tolerant comparison golden tests use. Value type; safe to share read-only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

namespace render {

struct Image {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;  // width * height * 4 bytes, straight alpha

  Image() = default;
  Image(int w, int h) : width(w), height(h), rgba(static_cast<std::size_t>(w) * h * 4, 0) {}
  std::uint8_t* pixel(int x, int y) { return &rgba[(static_cast<std::size_t>(y) * width + x) * 4]; }
  const std::uint8_t* pixel(int x, int y) const {
    return &rgba[(static_cast<std::size_t>(y) * width + x) * 4];
  }
  bool empty() const { return width <= 0 || height <= 0; }
};
using ImagePtr = std::shared_ptr<const Image>;

// Throws core::Error naming the file and what is wrong (missing, not a PNG, truncated).
Image load_png(const std::filesystem::path& path);
// Writes 8-bit RGBA. Throws core::Error when the file cannot be written.
void write_png(const std::filesystem::path& path, const Image& image);

// Per-pixel comparison: a pixel differs when any channel differs by more than
// `channel_tolerance` (0..255). Images of different sizes differ everywhere.
struct ImageDiff {
  std::size_t pixels = 0;     // pixels compared
  std::size_t differing = 0;  // pixels beyond the channel tolerance
  int max_channel_delta = 0;  // largest channel difference seen
  Image diff;                 // differing pixels red over a faded copy of `expected`
  double differing_fraction() const { return pixels ? double(differing) / double(pixels) : 1; }
};
ImageDiff compare_images(const Image& expected, const Image& actual, int channel_tolerance);

}  // namespace render
