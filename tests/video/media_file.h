// Test helpers for the video tests: scratch directories and a media file reopened with
// libavformat, its packets read and a stream decoded frame by frame (decoder flushed at the
// end, so no frame is left inside it). Test thread only.
#pragma once

#include <catch2/catch.hpp>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>
}

#include <filesystem>
#include <functional>
#include <string>

namespace test_media {

inline std::filesystem::path scratch(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("pacecast-video-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

class MediaFile {
 public:
  explicit MediaFile(const std::string& path) {
    REQUIRE(avformat_open_input(&fmt_, path.c_str(), nullptr, nullptr) == 0);
    REQUIRE(avformat_find_stream_info(fmt_, nullptr) >= 0);
    video_ = av_find_best_stream(fmt_, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    audio_ = av_find_best_stream(fmt_, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
  }
  ~MediaFile() { avformat_close_input(&fmt_); }
  MediaFile(const MediaFile&) = delete;
  MediaFile& operator=(const MediaFile&) = delete;

  int video() const { return video_; }  // stream index, -1 when none
  int audio() const { return audio_; }
  const AVStream* stream(int index) const { return fmt_->streams[index]; }

  // Decodes stream `index` from the start, calling `on_frame` for every frame; `on_packet`
  // (optional) sees every packet of every stream first.
  void decode(int index, const std::function<void(const AVFrame&)>& on_frame,
              const std::function<void(const AVPacket&)>& on_packet = nullptr) {
    REQUIRE(index >= 0);
    const AVCodecParameters* par = fmt_->streams[index]->codecpar;
    const AVCodec* codec = avcodec_find_decoder(par->codec_id);
    REQUIRE(codec != nullptr);
    AVCodecContext* dec = avcodec_alloc_context3(codec);
    avcodec_parameters_to_context(dec, par);
    REQUIRE(avcodec_open2(dec, codec, nullptr) == 0);
    AVPacket* pkt = av_packet_alloc();
    AVFrame* frame = av_frame_alloc();
    const auto drain = [&] {
      while (avcodec_receive_frame(dec, frame) == 0) {
        on_frame(*frame);
        av_frame_unref(frame);
      }
    };
    av_seek_frame(fmt_, -1, 0, AVSEEK_FLAG_BACKWARD);
    while (av_read_frame(fmt_, pkt) >= 0) {
      if (on_packet) on_packet(*pkt);
      if (pkt->stream_index == index) {
        avcodec_send_packet(dec, pkt);
        drain();
      }
      av_packet_unref(pkt);
    }
    avcodec_send_packet(dec, nullptr);
    drain();
    av_frame_free(&frame);
    av_packet_free(&pkt);
    avcodec_free_context(&dec);
  }

 private:
  AVFormatContext* fmt_ = nullptr;
  int video_ = -1, audio_ = -1;
};

}  // namespace test_media
