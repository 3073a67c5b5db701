// Private to the video module: encodes pictures and audio once (H.264 with libx264 by
// default, AAC 48 kHz stereo) into packets that every sink shares.
// Thread-safety: one thread at a time (the encoder thread); packets are immutable and
// shared between sink threads.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "av.h"
#include "video/format.h"
#include "video/picture.h"
#include "video/pipeline.h"

namespace video {

struct Packet {
  av::PacketPtr packet;
  int stream = 0;  // 0 video, 1 audio
  AVRational time_base{1, 1};
  bool keyframe = false;
};
using SharedPacket = std::shared_ptr<const Packet>;

class Encoder {
 public:
  // Throws core::Error for an unknown or unusable codec, naming it and what exists.
  Encoder(const Format& format, const EncoderOptions& options);
  // Encodes one picture and the audio that goes with it (any length), appending what comes
  // out to `out`.
  void encode(const Picture& picture, const AudioBlock& audio, std::int64_t frame_index,
              std::vector<SharedPacket>& out);
  // The next picture is encoded as a keyframe (any thread: a sink that reconnected).
  void force_keyframe() { force_key_ = true; }
  // Drains both encoders at the end.
  void flush(std::vector<SharedPacket>& out);

  const AVCodecContext* video() const { return video_.get(); }
  const AVCodecContext* audio() const { return audio_.get(); }

 private:
  void drain(AVCodecContext* ctx, int stream, std::vector<SharedPacket>& out);
  void encode_audio(const AudioBlock& audio, std::vector<SharedPacket>& out);

  Format format_;
  av::CodecPtr video_, audio_;
  av::FramePtr picture_, sound_;
  std::vector<float> pending_;   // interleaved samples not yet a whole AAC frame
  std::int64_t audio_next_ = 0;  // pts (samples) of the next audio frame
  std::atomic<bool> force_key_{false};
  bool borrow_ = false;  // the encoder copies pictures in: lend it the planes
};

}  // namespace video
