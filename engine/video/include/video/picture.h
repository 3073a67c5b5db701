// Picture: one video frame in the pipeline's working format, 8-bit YUV 4:2:0 (BT.709,
// limited range) with tightly packed planes; AudioBlock: interleaved stereo float samples at
// 48 kHz. Both carry a presentation time in microseconds on the output clock.
// Thread-safety: plain values; handed between threads through queues.
#pragma once

#include <cstdint>
#include <vector>

namespace video {

inline constexpr int kAudioRate = 48'000;
inline constexpr int kAudioChannels = 2;

struct Picture {
  int width = 0, height = 0;          // even
  std::vector<std::uint8_t> y, u, v;  // width × height; (width/2) × (height/2) each
  std::int64_t pts_us = 0;

  // Sizes the planes (contents unspecified unless the size changed: then black).
  void allocate(int w, int h);
  // Black (Y 16, U and V 128).
  void fill_black();
  int chroma_width() const { return width / 2; }
  int chroma_height() const { return height / 2; }
};

struct AudioBlock {
  std::vector<float> samples;  // interleaved, kAudioChannels per sample frame
  std::int64_t pts_us = 0;     // of the first sample frame
  std::size_t frames() const { return samples.size() / kAudioChannels; }
};

}  // namespace video
