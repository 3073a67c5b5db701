// Private to the video module: video (and audio) in. An Input gives the picture for each
// output frame time and the audio for each frame's span, on the output clock: its first
// frame is at 0. The test background is generated on demand; every other source is decoded
// by FFmpeg on its own thread into a small queue.
// Thread-safety: picture()/audio() from one thread (the render loop); stats() from any;
// decoding runs on the input's own thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "video/format.h"
#include "video/picture.h"
#include "video/pipeline.h"

namespace video {

struct InputOptions {
  std::string spec;  // "test", a file, a URL (rtmp, srt, udp, http(s) HLS), /dev/videoN
  Format format;
  bool unpaced = false;  // offline: picture() waits for the decoder instead of repeating
};

class Input {
 public:
  // Opens the source (throws core::Error naming it, what failed and what to try).
  static std::unique_ptr<Input> open(const InputOptions& options);
  virtual ~Input() = default;

  // The picture to show at output time `t_us`, scaled to the format, into `*out` (pts set
  // to t_us). Repeats the last one when nothing newer has arrived. A null `out` advances
  // to `t_us` the same way without copying anything (a tick with no frame to fill).
  virtual void picture(std::int64_t t_us, Picture* out) = 0;
  // The audio of [t0_us, t1_us): exactly that many samples at 48 kHz (silence where the
  // source has none).
  virtual void audio(std::int64_t t0_us, std::int64_t t1_us, AudioBlock& out) = 0;
  virtual InputStats stats() const = 0;
};

// The built-in moving background with a one-second beep: no camera needed.
std::unique_ptr<Input> make_test_input(const InputOptions& options);
// Everything else, through libavformat/libavcodec (input_av.cpp).
std::unique_ptr<Input> make_av_input(const InputOptions& options);

// Draws the test background for time `t_us` into `out` (sized to the format).
void draw_test_picture(std::int64_t t_us, Picture& out);
// The test tone for [t0_us, t1_us): 1 kHz for the first 100 ms of each second.
void make_test_audio(std::int64_t t0_us, std::int64_t t1_us, AudioBlock& out);

}  // namespace video
