// Inputs through the whole pipeline: a file looped with its audio passing through, and a
// network source that never delivers (the program keeps its frame rate over the test
// background while the input keeps retrying), a capture device that is not there.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <thread>

#include "input.h"
#include "video/media_file.h"
#include "video/pipeline.h"

namespace input_test {

using namespace video;
using test_media::MediaFile;

namespace {

std::filesystem::path scratch(const std::string& name) {
  return test_media::scratch("input-" + name);
}

struct Count {
  int video = 0, audio = 0;
  double audio_seconds = 0;
  double peak = 0;  // largest decoded audio sample (the test tone is 0.1)
};

Count count(const std::string& file) {
  Count c;
  MediaFile m(file);
  REQUIRE(m.audio() >= 0);
  m.decode(
      m.audio(),
      [&](const AVFrame& frame) {
        c.audio_seconds += double(frame.nb_samples) / frame.sample_rate;
        if (frame.format != AV_SAMPLE_FMT_FLTP) return;
        const auto* s = reinterpret_cast<const float*>(frame.data[0]);
        for (int i = 0; i < frame.nb_samples; ++i)
          c.peak = std::max(c.peak, double(std::abs(s[i])));
      },
      [&](const AVPacket& pkt) {
        c.video += pkt.stream_index == m.video() ? 1 : 0;
        c.audio += pkt.stream_index == m.audio() ? 1 : 0;
      });
  return c;
}

PipelineOptions options(const Format& f, const std::string& input, const std::string& output,
                        double seconds) {
  PipelineOptions o;
  o.format = f;
  o.input = input;
  o.outputs = {output};
  o.encoder.preset = "ultrafast";
  o.encoder.bitrate_kbps = 2000;
  o.duration_s = seconds;
  o.unpaced = true;
  return o;
}

}  // namespace

TEST_CASE("input: a file is looped with its audio passing through", "[video][input]") {
  const auto dir = scratch("loop");
  const Format& f = *find_format("720p25");
  const std::string clip = (dir / "clip.mkv").string();
  Pipeline(options(f, "test", clip, 2), nullptr).run();  // 2 s with the beep at 0 s and 1 s

  const std::string out = (dir / "looped.mkv").string();
  Pipeline p(options(f, clip, out, 5), nullptr);
  p.run();
  const PipelineStats s = p.stats();
  CHECK(s.ticks == 125);
  CHECK(s.encoded == 125);
  CHECK(s.input.has_audio);
  CHECK(s.input.frames >= 125);  // looped: more than the clip's 50 pictures
  CHECK(s.input.repeated <= 2);
  const Count c = count(out);
  CHECK(c.video == 125);
  CHECK(c.audio_seconds >= 4.9);
  // The clip's beep came through (not silence).
  CHECK(c.peak > 0.05);
}

TEST_CASE("input: ticks with no frame to fill advance a file as if it were shown",
          "[video][input]") {
  // A dropped tick passes no picture: the input moves on without copying, and the next
  // picture is the one a tick that showed everything would have got.
  const auto dir = scratch("advance");
  const Format& f = *find_format("720p25");
  const std::string clip = (dir / "clip.mkv").string();
  Pipeline(options(f, "test", clip, 2), nullptr).run();  // a moving background: frames differ
  InputOptions in;
  in.spec = clip;
  in.format = f;
  in.unpaced = true;  // waits for the decoder: the same pictures whatever the machine
  auto shown = Input::open(in);
  auto skipped = Input::open(in);
  Picture a, b;
  for (int k = 0; k < 30; ++k) {
    shown->picture(f.pts_us(k), &a);
    skipped->picture(f.pts_us(k), k % 10 == 9 ? &b : nullptr);
    if (k % 10 != 9) continue;
    INFO("frame " << k);
    REQUIRE(b.width == f.width);
    CHECK(b.pts_us == f.pts_us(k));
    CHECK(b.y == a.y);
    CHECK(b.u == a.u);
  }
  CHECK(skipped->stats().skipped == shown->stats().skipped);
  CHECK(skipped->stats().repeated == shown->stats().repeated);
}

TEST_CASE("input: a network source that never comes keeps the program running", "[video][input]") {
  const auto dir = scratch("absent");
  const Format& f = *find_format("720p25");
  const std::string out = (dir / "program.mkv").string();
  PipelineOptions o = options(f, "udp://127.0.0.1:45987?timeout=500000", out, 3);
  o.unpaced = false;  // paced: a live source must never hold the output back
  const auto t0 = std::chrono::steady_clock::now();
  Pipeline p(o, nullptr);
  p.run();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const PipelineStats s = p.stats();
  CHECK(seconds < 8);
  CHECK(s.ticks == 75);
  CHECK(s.encoded + s.dropped == 75);
  CHECK_FALSE(s.input.connected);
  CHECK(s.input.state.starts_with("connecting"));
  CHECK(s.input.retries >= 2);     // each attempt waits 0.5 s for data, then 0.5 s, 1 s, …
  CHECK(s.input.reconnects == 0);  // never connected, so nothing re-established
  const Count c = count(out);
  CHECK(c.video >= 70);  // the test background stood in
}

TEST_CASE("input: a capture device that is not there is retried like a lost source",
          "[video][input]") {
  // V4L2 comes from libavdevice, loaded when a device is first opened: the error must be
  // the device's, not a library that failed to load.
  InputOptions in;
  in.spec = "/dev/video97";
  in.format = *find_format("720p25");
  auto input = Input::open(in);
  Picture picture;
  const auto t0 = std::chrono::steady_clock::now();
  InputStats s;
  for (int k = 0; k < 50; ++k) {
    input->picture(in.format.pts_us(k), &picture);
    s = input->stats();
    if (s.retries > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
  }
  INFO(s.last_error);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10));
  CHECK(s.retries >= 1);
  CHECK_FALSE(s.connected);
  CHECK(s.last_error.find("No such file") != std::string::npos);
  CHECK(s.last_error.find("libavdevice") == std::string::npos);
  CHECK(picture.width == in.format.width);  // the test background stands in
}

}  // namespace input_test
