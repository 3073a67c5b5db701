#include "encoder.h"

#include <cstring>
#include <string>

#include "core/error.h"
#include "core/log.h"

namespace video {
namespace {

std::string list_h264_encoders() {
  std::string out;
  void* it = nullptr;
  while (const AVCodec* c = av_codec_iterate(&it)) {
    if (c->id == AV_CODEC_ID_H264 && av_codec_is_encoder(c)) {
      if (!out.empty()) out += ", ";
      out += c->name;
    }
  }
  return out.empty() ? "none" : out;
}

}  // namespace

Encoder::Encoder(const Format& format, const EncoderOptions& o) : format_(format) {
  av::route_logs();
  const AVCodec* vc = avcodec_find_encoder_by_name(o.codec.c_str());
  if (!vc || vc->type != AVMEDIA_TYPE_VIDEO) {
    throw core::Error(
        "--encoder " + o.codec +
        ": this FFmpeg has no such video encoder; H.264 encoders here: " + list_h264_encoders());
  }
  video_.reset(avcodec_alloc_context3(vc));
  AVCodecContext* v = video_.get();
  v->width = format.width;
  v->height = format.height;
  v->time_base = AVRational{format.fps_den, format.fps_num};
  v->framerate = AVRational{format.fps_num, format.fps_den};
  v->pix_fmt = AV_PIX_FMT_YUV420P;
  v->color_primaries = AVCOL_PRI_BT709;
  v->color_trc = AVCOL_TRC_BT709;
  v->colorspace = AVCOL_SPC_BT709;
  v->color_range = AVCOL_RANGE_MPEG;
  v->bit_rate = std::int64_t(o.bitrate_kbps) * 1000;
  v->rc_max_rate = v->bit_rate;
  v->rc_buffer_size = int(v->bit_rate);  // one second of buffer: constant bit rate
  const int gop = std::max(1, int(o.keyframe_s * format.fps() + 0.5));
  v->gop_size = gop;
  v->keyint_min = gop;
  v->max_b_frames = o.tune == "zerolatency" ? 0 : 2;
  v->profile = FF_PROFILE_H264_HIGH;
  v->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;  // every sink's muxer wants extradata
  v->thread_count = 0;
  if (o.codec == "libx264") {
    borrow_ = true;
    av_opt_set(v->priv_data, "preset", o.preset.c_str(), 0);
    if (!o.tune.empty()) av_opt_set(v->priv_data, "tune", o.tune.c_str(), 0);
    // Keyframes exactly every `gop` frames (YouTube asks for 2 s), constant bit rate.
    const std::string params = "scenecut=0:nal-hrd=cbr:force-cfr=1";
    av_opt_set(v->priv_data, "x264-params", params.c_str(), 0);
    av_opt_set(v->priv_data, "forced-idr", "1", 0);  // a keyframe asked for is an IDR
  } else if (!o.preset.empty()) {
    av_opt_set(v->priv_data, "preset", o.preset.c_str(), 0);
  }
  if (const int r = avcodec_open2(v, vc, nullptr); r < 0) {
    throw core::Error("--encoder " + o.codec + ": opening it for " + std::string(format.name) +
                      " failed: " + av::error_text(r) +
                      (o.codec == "libx264" ? std::string()
                                            : "; is the hardware and its driver present? "
                                              "--encoder libx264 works everywhere"));
  }

  const AVCodec* ac = avcodec_find_encoder_by_name("aac");
  if (!ac) throw core::Error("encoder: this FFmpeg has no AAC encoder");
  audio_.reset(avcodec_alloc_context3(ac));
  AVCodecContext* a = audio_.get();
  a->sample_rate = kAudioRate;
  a->sample_fmt = AV_SAMPLE_FMT_FLTP;
  av_channel_layout_default(&a->ch_layout, kAudioChannels);
  a->bit_rate = std::int64_t(o.audio_bitrate_kbps) * 1000;
  a->time_base = AVRational{1, kAudioRate};
  a->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if (const int r = avcodec_open2(a, ac, nullptr); r < 0) {
    throw core::Error("encoder: opening AAC failed: " + av::error_text(r));
  }

  picture_.reset(av_frame_alloc());
  picture_->format = AV_PIX_FMT_YUV420P;
  picture_->width = format.width;
  picture_->height = format.height;
  sound_.reset(av_frame_alloc());
  sound_->format = AV_SAMPLE_FMT_FLTP;
  sound_->sample_rate = kAudioRate;
  av_channel_layout_default(&sound_->ch_layout, kAudioChannels);
  sound_->nb_samples = a->frame_size > 0 ? a->frame_size : 1024;
  if (av_frame_get_buffer(sound_.get(), 0) < 0) throw core::Error("encoder: out of memory");
}

void Encoder::encode(const Picture& p, const AudioBlock& audio, std::int64_t frame_index,
                     std::vector<SharedPacket>& out) {
  AVFrame* f = picture_.get();
  av_frame_unref(f);
  f->format = AV_PIX_FMT_YUV420P;
  f->width = format_.width;
  f->height = format_.height;
  const int cw = p.chroma_width(), ch = p.chroma_height();
  if (borrow_) {
    // libx264 copies the picture into its own frames while avcodec_send_frame() and the
    // drain below run, so the planes are lent, not copied: references that free nothing.
    const auto lend = [](const std::vector<std::uint8_t>& plane) {
      return av_buffer_create(
          const_cast<std::uint8_t*>(plane.data()), plane.size(), [](void*, std::uint8_t*) {},
          nullptr, AV_BUFFER_FLAG_READONLY);
    };
    f->buf[0] = lend(p.y);
    f->buf[1] = lend(p.u);
    f->buf[2] = lend(p.v);
    if (!f->buf[0] || !f->buf[1] || !f->buf[2]) throw core::Error("encoder: out of memory");
    f->data[0] = f->buf[0]->data;
    f->data[1] = f->buf[1]->data;
    f->data[2] = f->buf[2]->data;
    f->linesize[0] = p.width;
    f->linesize[1] = f->linesize[2] = cw;
  } else {
    // Other encoders may keep the frame (lookahead, hardware upload): a copy of their own.
    if (av_frame_get_buffer(f, 0) < 0) throw core::Error("encoder: out of memory");
    for (int y = 0; y < p.height; ++y) {
      std::memcpy(f->data[0] + std::size_t(y) * std::size_t(f->linesize[0]),
                  p.y.data() + std::size_t(y) * std::size_t(p.width), std::size_t(p.width));
    }
    for (int y = 0; y < ch; ++y) {
      std::memcpy(f->data[1] + std::size_t(y) * std::size_t(f->linesize[1]),
                  p.u.data() + std::size_t(y) * std::size_t(cw), std::size_t(cw));
      std::memcpy(f->data[2] + std::size_t(y) * std::size_t(f->linesize[2]),
                  p.v.data() + std::size_t(y) * std::size_t(cw), std::size_t(cw));
    }
  }
  f->pts = frame_index;
  f->pict_type = force_key_.exchange(false) ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
  f->color_range = AVCOL_RANGE_MPEG;
  f->colorspace = AVCOL_SPC_BT709;
  if (const int r = avcodec_send_frame(video_.get(), f); r < 0) {
    core::log::warn("encoder: video frame " + std::to_string(frame_index) +
                    " refused: " + av::error_text(r));
  }
  drain(video_.get(), 0, out);
  av_frame_unref(f);  // no reference to the lent planes outlives this call
  encode_audio(audio, out);
}

void Encoder::encode_audio(const AudioBlock& audio, std::vector<SharedPacket>& out) {
  pending_.insert(pending_.end(), audio.samples.begin(), audio.samples.end());
  const int n = sound_->nb_samples;
  std::size_t used = 0;
  while (pending_.size() - used >= std::size_t(n) * kAudioChannels) {
    if (av_frame_make_writable(sound_.get()) < 0) throw core::Error("encoder: out of memory");
    auto* left = reinterpret_cast<float*>(sound_->data[0]);
    auto* right = reinterpret_cast<float*>(sound_->data[1]);
    for (int i = 0; i < n; ++i) {
      left[i] = pending_[used + std::size_t(i) * 2];
      right[i] = pending_[used + std::size_t(i) * 2 + 1];
    }
    used += std::size_t(n) * kAudioChannels;
    sound_->pts = audio_next_;
    audio_next_ += n;
    if (const int r = avcodec_send_frame(audio_.get(), sound_.get()); r < 0) {
      core::log::warn("encoder: audio frame refused: " + av::error_text(r));
    }
    drain(audio_.get(), 1, out);
  }
  pending_.erase(pending_.begin(), pending_.begin() + std::ptrdiff_t(used));
}

void Encoder::drain(AVCodecContext* ctx, int stream, std::vector<SharedPacket>& out) {
  for (;;) {
    av::PacketPtr pkt(av_packet_alloc());
    const int r = avcodec_receive_packet(ctx, pkt.get());
    if (r == AVERROR(EAGAIN) || r == AVERROR_EOF) return;
    if (r < 0) {
      core::log::warn("encoder: " + std::string(stream == 0 ? "video" : "audio") +
                      " packet failed: " + av::error_text(r));
      return;
    }
    auto p = std::make_shared<Packet>();
    p->keyframe = (pkt->flags & AV_PKT_FLAG_KEY) != 0;
    p->packet = std::move(pkt);
    p->stream = stream;
    p->time_base = ctx->time_base;
    out.push_back(std::move(p));
  }
}

void Encoder::flush(std::vector<SharedPacket>& out) {
  avcodec_send_frame(video_.get(), nullptr);
  drain(video_.get(), 0, out);
  avcodec_send_frame(audio_.get(), nullptr);
  drain(audio_.get(), 1, out);
}

}  // namespace video
