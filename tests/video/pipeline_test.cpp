// The pipeline end to end: the test background with an overlay, encoded once with libx264
// and AAC to an .mp4 and an .mkv, each reopened with libavformat and checked frame by frame.
#include <catch2/catch.hpp>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>
}

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "video/pipeline.h"

using namespace video;

namespace {

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("pacecast-video-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
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
  AVFormatContext* fmt = nullptr;
  REQUIRE(avformat_open_input(&fmt, file.c_str(), nullptr, nullptr) == 0);
  REQUIRE(avformat_find_stream_info(fmt, nullptr) >= 0);
  const int vs = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  const int as = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
  REQUIRE(vs >= 0);
  if (as >= 0) {
    p.audio_rate = fmt->streams[as]->codecpar->sample_rate;
    p.audio_codec = avcodec_get_name(fmt->streams[as]->codecpar->codec_id);
  }
  const AVCodecParameters* par = fmt->streams[vs]->codecpar;
  p.width = par->width;
  p.height = par->height;
  const AVCodec* codec = avcodec_find_decoder(par->codec_id);
  AVCodecContext* dec = avcodec_alloc_context3(codec);
  avcodec_parameters_to_context(dec, par);
  REQUIRE(avcodec_open2(dec, codec, nullptr) == 0);
  AVPacket* pkt = av_packet_alloc();
  AVFrame* frame = av_frame_alloc();
  std::int64_t last_pts = INT64_MIN;
  int decoded = 0;
  auto take_frames = [&] {
    while (avcodec_receive_frame(dec, frame) == 0) {
      if (frame->pts != AV_NOPTS_VALUE) {
        if (frame->pts <= last_pts) p.monotonic = false;
        last_pts = frame->pts;
      }
      if (frame->key_frame) p.keyframes.push_back(decoded);
      if (decoded == 250) {
        p.inside_y = frame->data[0][150 * frame->linesize[0] + 200];
        p.outside_y = frame->data[0][50 * frame->linesize[0] + 600];
      }
      ++decoded;
      av_frame_unref(frame);
    }
  };
  while (av_read_frame(fmt, pkt) >= 0) {
    if (pkt->stream_index == vs) {
      avcodec_send_packet(dec, pkt);
      take_frames();
    } else if (pkt->stream_index == as) {
      ++p.audio_packets;
    }
    av_packet_unref(pkt);
  }
  avcodec_send_packet(dec, nullptr);
  take_frames();
  p.video_frames = decoded;
  av_frame_free(&frame);
  av_packet_free(&pkt);
  avcodec_free_context(&dec);
  avformat_close_input(&fmt);
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
  AVFormatContext* fmt = nullptr;
  REQUIRE(avformat_open_input(&fmt, file.c_str(), nullptr, nullptr) == 0);
  REQUIRE(avformat_find_stream_info(fmt, nullptr) >= 0);
  const AVCodecParameters* par = fmt->streams[0]->codecpar;
  k.pix_fmt = av_get_pix_fmt_name(AVPixelFormat(par->format));
  const AVCodec* codec = avcodec_find_decoder(par->codec_id);
  AVCodecContext* dec = avcodec_alloc_context3(codec);
  avcodec_parameters_to_context(dec, par);
  REQUIRE(avcodec_open2(dec, codec, nullptr) == 0);
  AVPacket* pkt = av_packet_alloc();
  AVFrame* frame = av_frame_alloc();
  auto take = [&] {
    while (avcodec_receive_frame(dec, frame) == 0) {
      if (k.frames == n) {
        if (frame->format == AV_PIX_FMT_ARGB) {  // qtrle: A R G B bytes
          k.alpha_inside = frame->data[0][150 * frame->linesize[0] + 200 * 4];
          k.alpha_outside = frame->data[0][50 * frame->linesize[0] + 600 * 4];
          k.luma_inside = frame->data[0][150 * frame->linesize[0] + 200 * 4 + 1];
        } else if (frame->format == AV_PIX_FMT_YUVA444P10LE ||
                   frame->format == AV_PIX_FMT_YUVA444P12LE) {  // ProRes 4444: plane 3 is alpha
          const int shift = frame->format == AV_PIX_FMT_YUVA444P10LE ? 2 : 4;
          auto at = [&](int plane, int x, int y) {
            return int(reinterpret_cast<const std::uint16_t*>(frame->data[plane] +
                                                              y * frame->linesize[plane])[x]) >>
                   shift;
          };
          k.alpha_inside = at(3, 200, 150);
          k.alpha_outside = at(3, 600, 50);
          k.luma_inside = at(0, 200, 150);
        }
      }
      ++k.frames;
      av_frame_unref(frame);
    }
  };
  while (av_read_frame(fmt, pkt) >= 0) {
    avcodec_send_packet(dec, pkt);
    take();
    av_packet_unref(pkt);
  }
  avcodec_send_packet(dec, nullptr);  // the decoder may hold frames back
  take();
  av_frame_free(&frame);
  av_packet_free(&pkt);
  avcodec_free_context(&dec);
  avformat_close_input(&fmt);
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
