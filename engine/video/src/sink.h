// Private to the video module: one output (a file, rtmp://, srt://, udp://). Its own
// thread muxes the shared packets; a network sink that fails reconnects with backoff (0.5 s
// doubling to 2 s) and resumes at the next keyframe while the others carry on. A sink
// that falls behind drops packets (counted) rather than slowing anyone.
// Thread-safety: push()/stats()/finish() from any one thread; muxing on the sink's thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/bounded_queue.h"
#include "encoder.h"
#include "video/pipeline.h"

namespace video {

// What kind of output a target is, and the muxer for it.
struct SinkKind {
  std::string muxer;     // "mp4", "matroska", "mov", "flv", "mpegts"
  bool network = false;  // reconnects on failure
  bool fragmented = false;
};
// Throws core::Error for a target that is neither a known file type nor URL scheme.
SinkKind sink_kind(const std::string& target);

class Sink {
 public:
  // `want_keyframe` (any thread) asks the encoder for a keyframe soon: called when the
  // sink reconnects, so a viewer gets a picture without waiting for the next regular one.
  Sink(std::string target, const Encoder& encoder, std::function<void()> want_keyframe = {});
  // Retries wait 0.5 s, doubling up to this.
  static constexpr std::chrono::milliseconds kMaxBackoff{2000};
  ~Sink();
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;

  void push(const SharedPacket& packet);
  // No more packets: writes what is queued and the trailer, then the thread ends.
  void finish();
  SinkStats stats() const;

 private:
  void run();
  bool open();
  void close(bool trailer);
  int write(const Packet& p);
  void set_state(std::string state, std::string error = {});

  std::string target_;
  SinkKind kind_;
  AVCodecParameters* video_par_ = nullptr;
  AVCodecParameters* audio_par_ = nullptr;
  AVRational video_tb_{1, 1}, audio_tb_{1, 1};
  core::BoundedQueue<SharedPacket> queue_;
  std::atomic<bool> finishing_{false};
  std::function<void()> want_keyframe_;
  std::atomic<bool> need_key_{false};  // after a drop or a reconnect: wait for a keyframe
  bool opened_before_ = false;
  AVFormatContext* out_ = nullptr;
  std::int64_t offset_[2] = {0, 0};  // per stream, subtracted so each connection starts at 0
  bool have_offset_ = false;
  mutable std::mutex mutex_;
  SinkStats stats_;
  std::thread thread_;
};

}  // namespace video
