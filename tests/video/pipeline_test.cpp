// The pipeline end to end: the test background with an overlay, encoded once with libx264
// and AAC to an .mp4 and an .mkv, each reopened with libavformat and checked frame by frame.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "video/media_file.h"
#include "video/pipeline.h"

namespace pipeline_test {

using namespace video;
using test_media::MediaFile;

namespace {

std::filesystem::path temp_dir(const std::string& name) {
  return test_media::scratch(name);
}

// An opaque white box at (100, 100)–(300, 200) on an otherwise empty 1080p overlay.
struct BoxOverlay {
  int w = 1920, h = 1080;
  std::vector<std::uint8_t> rgba;
  std::vector<Box> all{{0, 0, 1920, 1080}};
  BoxOverlay() : rgba(std::size_t(w) * std::size_t(h) * 4, 0) {
    for (int y = 100; y < 200; ++y) {
      for (int x = 100; x < 300; ++x) {
        std::fill_n(&rgba[(std::size_t(y) * std::size_t(w) + std::size_t(x)) * 4], 4, 255);
      }
    }
  }
  OverlaySource source() {
    return [this](std::int64_t k, std::int64_t) {
      OverlayFrame f{rgba.data(), w, h, {}};
      if (k == 0) f.changed = all;
      return f;
    };
  }
};

struct Probe {
  int video_frames = 0, audio_packets = 0;
  bool monotonic = true;
  std::vector<int> keyframes;  // frame numbers
  int audio_rate = 0;
  std::string audio_codec;
  int width = 0, height = 0;
  int inside_y = -1, outside_y = -1;  // luma of decoded frame 250 inside / outside the box
};

Probe probe(const std::string& file) {
  Probe p;
  MediaFile m(file);
  REQUIRE(m.video() >= 0);
  if (m.audio() >= 0) {
    p.audio_rate = m.stream(m.audio())->codecpar->sample_rate;
    p.audio_codec = avcodec_get_name(m.stream(m.audio())->codecpar->codec_id);
  }
  p.width = m.stream(m.video())->codecpar->width;
  p.height = m.stream(m.video())->codecpar->height;
  std::int64_t last_pts = INT64_MIN;
  m.decode(
      m.video(),
      [&](const AVFrame& frame) {
        if (frame.pts != AV_NOPTS_VALUE) {
          if (frame.pts <= last_pts) p.monotonic = false;
          last_pts = frame.pts;
        }
        if (frame.key_frame) p.keyframes.push_back(p.video_frames);
        if (p.video_frames == 250) {
          p.inside_y = frame.data[0][150 * frame.linesize[0] + 200];
          p.outside_y = frame.data[0][50 * frame.linesize[0] + 600];
        }
        ++p.video_frames;
      },
      [&](const AVPacket& pkt) { p.audio_packets += pkt.stream_index == m.audio() ? 1 : 0; });
  return p;
}

}  // namespace

TEST_CASE("pipeline: 10 s of 1080p50 to .mp4 and .mkv, reopened and checked", "[video][slow]") {
  const auto dir = temp_dir("files");
  const std::string mp4 = (dir / "program.mp4").string();
  const std::string mkv = (dir / "program.mkv").string();
  PipelineOptions o;
  o.input = "test";
  o.format = *find_format("1080p50");
  o.outputs = {mp4, mkv};
  o.encoder.preset = "ultrafast";
  o.encoder.bitrate_kbps = 4000;
  o.duration_s = 10;
  o.unpaced = true;
  BoxOverlay overlay;
  {
    Pipeline pipeline(o, overlay.source());
    pipeline.run();
    const PipelineStats s = pipeline.stats();
    CHECK(s.ticks == 500);
    CHECK(s.encoded == 500);
    CHECK(s.dropped == 0);
    REQUIRE(s.sinks.size() == 2);
    for (const auto& sink : s.sinks) {
      INFO(sink.target << ": " << sink.state << " " << sink.last_error);
      CHECK(sink.dropped == 0);
      CHECK(sink.packets > 500);
    }
  }
  for (const std::string& file : {mp4, mkv}) {
    INFO(file);
    const Probe p = probe(file);
    CHECK(p.width == 1920);
    CHECK(p.height == 1080);
    CHECK(p.video_frames == 500);
    CHECK(p.monotonic);
    // A keyframe every 2 s: frames 0, 100, 200, 300, 400.
    CHECK(p.keyframes == std::vector<int>{0, 100, 200, 300, 400});
    CHECK(p.audio_codec == "aac");
    CHECK(p.audio_rate == 48000);
    // 10 s of 1024-sample AAC frames at 48 kHz: about 469.
    CHECK(p.audio_packets >= 460);
    // The overlay at its place (white: 235) and the test background around it.
    CHECK(p.inside_y >= 225);
    CHECK(p.outside_y >= 50);
    CHECK(p.outside_y <= 110);
  }
}

namespace {

// Alpha of decoded frame `n` of a key/fill file at two places, and its pixel format.
struct KeyProbe {
  std::string pix_fmt;
  int frames = 0;
  int alpha_inside = -1, alpha_outside = -1, luma_inside = -1;
};

KeyProbe probe_key(const std::string& file, int n) {
  KeyProbe k;
  MediaFile m(file);
  REQUIRE(m.video() >= 0);
  k.pix_fmt = av_get_pix_fmt_name(AVPixelFormat(m.stream(m.video())->codecpar->format));
  m.decode(m.video(), [&](const AVFrame& frame) {
    if (k.frames++ != n) return;
    if (frame.format == AV_PIX_FMT_ARGB) {  // qtrle: A R G B bytes
      k.alpha_inside = frame.data[0][150 * frame.linesize[0] + 200 * 4];
      k.alpha_outside = frame.data[0][50 * frame.linesize[0] + 600 * 4];
      k.luma_inside = frame.data[0][150 * frame.linesize[0] + 200 * 4 + 1];
    } else if (frame.format == AV_PIX_FMT_YUVA444P10LE ||
               frame.format == AV_PIX_FMT_YUVA444P12LE) {  // ProRes 4444: plane 3 is alpha
      const int shift = frame.format == AV_PIX_FMT_YUVA444P10LE ? 2 : 4;
      const auto at = [&](int plane, int x, int y) {
        const auto* row =
            reinterpret_cast<const std::uint16_t*>(frame.data[plane] + y * frame.linesize[plane]);
        return int(row[x]) >> shift;
      };
      k.alpha_inside = at(3, 200, 150);
      k.alpha_outside = at(3, 600, 50);
      k.luma_inside = at(0, 200, 150);
    }
  });
  return k;
}

}  // namespace

TEST_CASE("pipeline: key/fill files carry the overlay with its alpha", "[video]") {
  for (const std::string codec : {"qtrle", "prores"}) {
    INFO(codec);
    const auto dir = temp_dir("keyfill-" + codec);
    PipelineOptions o;
    o.format = *find_format("720p25");
    o.outputs = {(dir / "program.mkv").string()};
    o.key_fill = (dir / "key.mov").string();
    o.key_fill_codec = codec;
    o.encoder.preset = "ultrafast";
    o.duration_s = 2;
    o.unpaced = true;
    BoxOverlay overlay;
    overlay.w = 1280;
    overlay.h = 720;
    overlay.rgba.assign(std::size_t(1280) * 720 * 4, 0);
    for (int y = 100; y < 200; ++y) {
      for (int x = 100; x < 300; ++x) {
        std::fill_n(&overlay.rgba[(std::size_t(y) * 1280 + std::size_t(x)) * 4], 4, 255);
      }
    }
    overlay.all = {{0, 0, 1280, 720}};
    {
      Pipeline pipeline(o, overlay.source());
      pipeline.run();
      const auto s = pipeline.stats();
      REQUIRE(s.sinks.size() == 2);
      CHECK(s.sinks[1].target == o.key_fill);
      CHECK(s.sinks[1].dropped == 0);
    }
    const KeyProbe k = probe_key(o.key_fill, 25);
    CHECK(k.frames == 50);
    // The ProRes decoder gives 12-bit samples whatever the encoder's depth.
    CHECK(k.pix_fmt == (codec == "qtrle" ? "argb" : "yuva444p12le"));
    CHECK(k.alpha_inside == 255);
    CHECK(k.alpha_outside == 0);
    CHECK(k.luma_inside >= 230);  // white fill
  }
}

TEST_CASE("pipeline: a slow first overlay frame is drawn before the clock starts, not late",
          "[video]") {
  // The first overlay frame compiles shaders and draws everything: far over a frame period.
  // Drawn ahead of the clock, it makes no tick late and nothing drops.
  PipelineOptions o;
  o.format = *find_format("720p25");
  o.outputs = {(temp_dir("first-frame") / "out.mkv").string()};
  o.encoder.preset = "ultrafast";
  o.duration_s = 1;
  BoxOverlay overlay;
  overlay.w = 1280;
  overlay.h = 720;
  overlay.rgba.assign(std::size_t(1280) * 720 * 4, 0);
  overlay.all = {{0, 0, 1280, 720}};
  std::vector<std::int64_t> calls;
  auto inner = overlay.source();
  Pipeline pipeline(o, [&](std::int64_t k, std::int64_t t_us) {
    if (calls.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(600));
    calls.push_back(k);
    return inner(k, t_us);
  });
  pipeline.run();
  const auto s = pipeline.stats();
  REQUIRE(calls.size() == 26);
  CHECK(calls[0] == 0);  // ahead of the clock
  CHECK(calls[1] == 0);  // the first tick
  CHECK(calls[25] == 24);
  CHECK(s.ticks == 25);
  // Drawn on the clock, 600 ms would make the next 15 ticks late; a loaded machine may
  // delay one or two on its own.
  CHECK(s.late <= 3);
}

TEST_CASE("pipeline: bad inputs, outputs and encoders fail at once with what to do", "[video]") {
  PipelineOptions o;
  o.format = *find_format("720p50");
  o.outputs = {(temp_dir("errors") / "out.mp4").string()};
  o.duration_s = 1;
  o.input = "/nonexistent/clip.mp4";
  CHECK_THROWS_WITH(Pipeline(o, nullptr), Catch::Contains("no such file"));
  o.input = "test";
  o.outputs = {"out.avi"};
  CHECK_THROWS_WITH(Pipeline(o, nullptr), Catch::Contains("unknown file type"));
  o.outputs = {"ftp://host/x"};
  CHECK_THROWS_WITH(Pipeline(o, nullptr), Catch::Contains("unsupported URL scheme"));
  o.outputs = {"/nonexistent-dir/out.mp4"};
  CHECK_THROWS_WITH(Pipeline(o, nullptr), Catch::Contains("cannot create the file"));
  o.outputs = {(temp_dir("errors2") / "out.mkv").string()};
  o.encoder.codec = "no_such_encoder";
  CHECK_THROWS_WITH(Pipeline(o, nullptr), Catch::Contains("libx264"));
  o.encoder.codec = "libx264";
  o.outputs.clear();
  CHECK_THROWS_WITH(Pipeline(o, nullptr), Catch::Contains("--output"));
  CHECK(find_format("1080i50") == nullptr);
  CHECK(format_names().find("1080p50") != std::string::npos);
}

TEST_CASE("formats: frame times are exact over long runs", "[video]") {
  const Format& f = *find_format("1080p2997");
  // 30000/1001 fps: frame 30000 is exactly 1001 s in.
  CHECK(f.pts_us(30000) == 1'001'000'000);
  CHECK(find_format("1080p50")->frame_us() == 20000);
}

}  // namespace pipeline_test
