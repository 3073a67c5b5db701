// Pipeline: the live video job. An input (the test background, a file, a network stream
// or a V4L2 device) is decoded on its own thread; on every tick of the output clock the
// render loop takes the input's picture for that time, asks the overlay source for the
// overlay of that frame, blends it over the picture and hands the frame to the encoder
// thread, which encodes it once (H.264 + AAC) for every sink; each sink (file, RTMP, SRT,
// UDP) muxes and sends on its own thread and reconnects with backoff on failure. Nothing
// on the render loop waits for the network, the disk or the encoder: a full queue drops the
// frame and counts it.
// Thread-safety: construct, run() and stop() from one thread; stats() and request_stop()
// from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "video/blender.h"
#include "video/format.h"
#include "video/picture.h"

namespace video {

// What the overlay looks like at one frame: premultiplied RGBA of the format's size, and
// the boxes that changed since the previous call (all of it the first time).
struct OverlayFrame {
  const std::uint8_t* rgba = nullptr;
  int width = 0, height = 0;
  std::span<const Box> changed;
};

// Draws the overlay for output frame `frame_index`, shown `t_us` after the first frame.
using OverlaySource = std::function<OverlayFrame(std::int64_t frame_index, std::int64_t t_us)>;

struct EncoderOptions {
  std::string codec = "libx264";  // or h264_nvenc, h264_vaapi when present
  std::string preset = "veryfast";
  std::string tune;  // e.g. "zerolatency"
  int bitrate_kbps = 6000;
  int audio_bitrate_kbps = 128;
  double keyframe_s = 2;
};

struct PipelineOptions {
  std::string input = "test";
  Format format;
  // Files (.mp4 .mkv .mov .ts .flv), rtmp://, srt://, udp://; "null" encodes and discards.
  std::vector<std::string> outputs;
  // The overlays alone with alpha for a downstream keyer: a .mov in ProRes 4444 ("prores")
  // or QuickTime Animation ("qtrle"). Empty: none.
  std::string key_fill;
  std::string key_fill_codec = "prores";
  EncoderOptions encoder;
  double duration_s = 0;  // 0: until stopped
  bool unpaced = false;   // as fast as possible (file input: waits for the decoder)
  // Frames between the render loop and the encoder: 6 absorb 120 ms of a busy machine at
  // 50 fps; each is a picture (3 MB at 1080p), so more cost memory.
  std::size_t encode_queue = 6;
  // Nice steps below the render loop for the encoders' threads (the video encoder's own
  // workers, the key/fill encoder): on a machine without spare cores they then take what
  // the render loop, the decoder and the data leave, so a frame is not started late
  // because x264 held both cores. 0 keeps them level, as does `unpaced`.
  int encoder_nice = 5;
  // Called on the encoder thread as each frame comes out of the video encoder (its index),
  // e.g. to measure how long data takes to reach the program. Must be quick.
  std::function<void(std::int64_t frame_index)> on_encoded;
  // Sees every frame on the render loop once the overlay is blended, before it goes to the
  // encoder (a preview, a big screen). It must return at once: copy into a mailbox or skip.
  // Not called for a tick dropped for want of a free frame.
  std::function<void(const Picture&, std::int64_t frame_index)> on_program;
  // Sees each frame's program audio on the render loop before it goes to the encoder
  // (48 kHz, kAudioChannels interleaved, its first sample `t_us` after the first frame) and
  // may change it in place, e.g. to mix in spoken callouts. It must return at once.
  std::function<void(std::int64_t t_us, AudioBlock& audio)> on_audio;
};

struct InputStats {
  std::string source, state;
  bool connected = false;
  bool has_audio = false;
  std::uint64_t frames = 0;      // pictures decoded or generated
  std::uint64_t repeated = 0;    // ticks that reused the last picture
  std::uint64_t skipped = 0;     // pictures never shown (the output was behind)
  std::uint64_t reconnects = 0;  // connections re-established after a loss
  std::uint64_t retries = 0;     // attempts to connect that failed
  std::string last_error;
};

struct SinkStats {
  std::string target, state;  // "connecting", "sending", "retrying in 2 s", "failed"
  std::uint64_t packets = 0, bytes = 0;
  std::uint64_t dropped = 0;     // packets dropped because the sink fell behind
  std::uint64_t reconnects = 0;  // connections re-established after a failure
  std::uint64_t retries = 0;     // attempts to connect that failed
  double bitrate_kbps = 0;       // over the last few seconds
  std::string last_error;
};

struct StageTimes {
  double input_ms = 0, overlay_ms = 0, blend_ms = 0, encode_ms = 0;  // medians, recent frames
  // on_program, a mean: a window rate-capped below the output's takes only some frames.
  double on_program_ms = 0;
};

struct PipelineStats {
  std::int64_t ticks = 0;    // output frames produced by the render loop
  std::int64_t encoded = 0;  // frames the encoder finished
  std::int64_t dropped = 0;  // frames the encoder queue refused
  std::int64_t late = 0;     // ticks that started after their deadline
  std::size_t queue_fill = 0, queue_capacity = 0;
  double fps = 0;  // output frames per second, recently
  StageTimes times;
  InputStats input;
  std::vector<SinkStats> sinks;  // the key/fill output last, when there is one
};

class Pipeline {
 public:
  // Opens the input, the encoder and every sink (throws core::Error naming what failed:
  // a missing file, a bad URL, an unknown format or codec). Network sinks connect in the
  // background.
  Pipeline(const PipelineOptions& options, OverlaySource overlay);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Runs the render loop on the calling thread until the duration is reached or
  // request_stop(); then flushes the encoder and closes the sinks (files finalised).
  void run();
  void request_stop();
  PipelineStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace video
