// The test background: diagonal bands drifting right over a vertical colour ramp, a bar
// sweeping across once a second and a beep at each whole second, so motion, frame drops
// and audio/video sync can be seen and heard without a camera.
#include <atomic>
#include <cmath>
#include <cstring>
#include <numbers>

#include "input.h"

namespace video {
namespace {

constexpr int kPeriod = 480;  // luma pixels between bands

class TestInput final : public Input {
 public:
  explicit TestInput(const InputOptions& o) : options_(o) {}
  void picture(std::int64_t t_us, Picture* out) override {
    if (!out) return;
    out->allocate(options_.format.width, options_.format.height);
    draw_test_picture(t_us, *out);
    out->pts_us = t_us;
    frames_.fetch_add(1, std::memory_order_relaxed);
  }
  void audio(std::int64_t t0_us, std::int64_t t1_us, AudioBlock& out) override {
    make_test_audio(t0_us, t1_us, out);
  }
  InputStats stats() const override {
    InputStats s;
    s.frames = frames_.load(std::memory_order_relaxed);
    s.source = "test";
    s.state = "test background";
    s.connected = true;
    s.has_audio = true;
    return s;
  }

 private:
  InputOptions options_;
  std::atomic<std::uint64_t> frames_{0};
};

// One period of the band pattern, twice over, so any offset reads a whole row.
const std::vector<std::uint8_t>& band_row() {
  static const std::vector<std::uint8_t> row = [] {
    std::vector<std::uint8_t> r(std::size_t(kPeriod) * 2 + 4096);
    for (std::size_t x = 0; x < r.size(); ++x) {
      const double phase = 2 * std::numbers::pi * double(x % kPeriod) / kPeriod;
      r[x] = std::uint8_t(60 + 40 * (0.5 + 0.5 * std::sin(phase)));
    }
    return r;
  }();
  return row;
}

}  // namespace

void draw_test_picture(std::int64_t t_us, Picture& out) {
  const int w = out.width, h = out.height;
  const auto& row = band_row();
  const int shift = int((t_us / 1000) * 120 / 1000 % kPeriod);  // 120 px/s to the right
  const int scale = std::max(1, w / 1920);
  for (int y = 0; y < h; ++y) {
    const int offset = ((kPeriod - shift) + y / 2) % kPeriod;
    std::uint8_t* dst = out.y.data() + std::size_t(y) * std::size_t(w);
    for (int x0 = 0; x0 < w; x0 += 4096) {
      const int n = std::min(4096, w - x0);
      std::memcpy(dst + x0, row.data() + offset + (x0 / scale) % kPeriod, std::size_t(n));
    }
  }
  // A bright bar sweeping left to right once a second.
  const int bar_w = std::max(8, w / 60);
  const int bar_x = int((t_us % 1'000'000) * (w - bar_w) / 1'000'000);
  for (int y = h / 3; y < 2 * h / 3; ++y) {
    std::memset(out.y.data() + std::size_t(y) * std::size_t(w) + std::size_t(bar_x), 200,
                std::size_t(bar_w));
  }
  // Colour: blue at the top to teal at the bottom.
  const int cw = w / 2, ch = h / 2;
  for (int y = 0; y < ch; ++y) {
    const auto u = std::uint8_t(150 - 30 * y / std::max(ch, 1));
    const auto v = std::uint8_t(110 - 10 * y / std::max(ch, 1));
    std::memset(out.u.data() + std::size_t(y) * std::size_t(cw), u, std::size_t(cw));
    std::memset(out.v.data() + std::size_t(y) * std::size_t(cw), v, std::size_t(cw));
  }
}

void make_test_audio(std::int64_t t0_us, std::int64_t t1_us, AudioBlock& out) {
  // Sample indices on the 48 kHz grid: consecutive spans join without gaps or overlaps.
  const std::int64_t s0 = t0_us * kAudioRate / 1'000'000, s1 = t1_us * kAudioRate / 1'000'000;
  out.pts_us = t0_us;
  out.samples.assign(std::size_t(std::max<std::int64_t>(0, s1 - s0)) * kAudioChannels, 0.f);
  for (std::int64_t s = s0; s < s1; ++s) {
    if (s % kAudioRate >= kAudioRate / 10) continue;  // beep: first 100 ms of each second
    const float v = 0.1f * float(std::sin(2 * std::numbers::pi * 1000.0 * double(s) / kAudioRate));
    const std::size_t i = std::size_t(s - s0) * kAudioChannels;
    out.samples[i] = out.samples[i + 1] = v;
  }
}

std::unique_ptr<Input> make_test_input(const InputOptions& options) {
  return std::make_unique<TestInput>(options);
}

std::unique_ptr<Input> Input::open(const InputOptions& options) {
  if (options.spec == "test") return make_test_input(options);
  return make_av_input(options);
}

}  // namespace video
