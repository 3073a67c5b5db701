// Inputs decoded by FFmpeg: files (looped), network streams (RTMP, SRT, UDP, HLS, RTSP) and
// V4L2 devices. A thread reads and decodes into a short queue of pictures, already scaled
// to the output format, and a ring of 48 kHz stereo audio. A network source that goes away
// is reopened with backoff; meanwhile the last picture holds, and after two seconds the
// test background shows, so the program never freezes on a dead feed.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

extern "C" {
#include <libavdevice/avdevice.h>
}

#include "av.h"
#include "core/error.h"
#include "core/log.h"
#include "input.h"

namespace video {
namespace {

using Clock = std::chrono::steady_clock;

// Pictures decoded ahead of the render loop.
constexpr std::size_t kAhead = 6;
// After this long without a picture from a live source, the test background shows.
constexpr std::int64_t kHoldUs = 2'000'000;
// Audio kept behind and ahead of what was asked for, in sample frames.
constexpr std::int64_t kAudioKeep = kAudioRate * 10;

bool is_device(const std::string& spec) {
  return spec.starts_with("/dev/video");
}
bool is_url(const std::string& spec) {
  return spec.find("://") != std::string::npos;
}

struct Decoded {
  Picture picture;
  std::int64_t rel_us = 0;  // on the input's own timeline (first picture 0, loops added)
};

class AvInput final : public Input {
 public:
  explicit AvInput(const InputOptions& o)
      : options_(o), live_(is_url(o.spec) || is_device(o.spec)) {
    av::route_logs();
    stats_.source = o.spec;
    stats_.state = "opening";
    if (!live_) {
      if (!std::filesystem::exists(o.spec)) {
        throw core::Error("--input " + o.spec +
                          ": no such file; give a video file, a URL (rtmp://, srt://, udp://, "
                          "https://…m3u8), a V4L2 device (/dev/video0) or `test`");
      }
      std::string why;
      if (!open_source(why)) throw core::Error("--input " + o.spec + ": " + why);
    }
    thread_ = std::thread([this] { run(); });
  }

  ~AvInput() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    space_.notify_all();
    ready_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  void picture(std::int64_t t_us, Picture& out) override {
    std::unique_lock<std::mutex> lock(mutex_);
    if (options_.unpaced) {
      // Offline: every picture up to t is decoded before choosing (or the queue is full).
      ready_.wait_for(lock, std::chrono::seconds(10), [&] {
        if (stop_ || ended_) return true;
        if (queue_.empty()) return false;
        if (!base_) base_ = t_us - queue_.front().rel_us;
        return queue_.back().rel_us + *base_ > t_us || queue_.size() >= kAhead;
      });
    }
    if (!base_ && !queue_.empty()) base_ = t_us - queue_.front().rel_us;
    bool fresh = false;
    while (!queue_.empty() && queue_.front().rel_us + *base_ <= t_us) {
      if (fresh) ++stats_.skipped;
      if (last_.width > 0 && pool_.size() < kAhead) pool_.push_back(std::move(last_));
      last_ = std::move(queue_.front().picture);
      last_at_ = t_us;
      queue_.pop_front();
      fresh = true;
    }
    if (fresh) space_.notify_all();
    if (!fresh) ++stats_.repeated;
    const bool held_too_long = live_ && (last_at_ < 0 || t_us - last_at_ > kHoldUs);
    lock.unlock();
    if (last_.width == 0 || held_too_long) {
      out.allocate(options_.format.width, options_.format.height);
      draw_test_picture(t_us, out);
    } else {
      out = last_;
    }
    out.pts_us = t_us;
  }

  void audio(std::int64_t t0_us, std::int64_t t1_us, AudioBlock& out) override {
    const std::int64_t n = t1_us * kAudioRate / 1'000'000 - t0_us * kAudioRate / 1'000'000;
    out.pts_us = t0_us;
    out.samples.assign(std::size_t(std::max<std::int64_t>(n, 0)) * kAudioChannels, 0.f);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!base_) return;
    // Output sample index → input sample index.
    const std::int64_t first = (t0_us - *base_) * kAudioRate / 1'000'000;
    for (std::int64_t i = 0; i < n; ++i) {
      const std::int64_t s = first + i - audio_start_;
      if (s < 0 || std::size_t(s) * kAudioChannels + 1 >= audio_.size()) continue;
      out.samples[std::size_t(i) * 2] = audio_[std::size_t(s) * 2];
      out.samples[std::size_t(i) * 2 + 1] = audio_[std::size_t(s) * 2 + 1];
    }
    // Forget what is well behind.
    const std::int64_t keep_from = first - kAudioRate;
    if (keep_from > audio_start_) {
      const std::int64_t drop =
          std::min<std::int64_t>(keep_from - audio_start_, std::int64_t(audio_.size() / 2));
      audio_.erase(audio_.begin(), audio_.begin() + std::ptrdiff_t(drop * 2));
      audio_start_ += drop;
    }
  }

  InputStats stats() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
  }

 private:
  bool open_source(std::string& why);
  void close_source();
  void run();
  bool decode_packet(AVPacket* pkt, std::string& why);
  void emit_picture(AVFrame* f);
  void emit_audio(AVFrame* f);
  void set_state(std::string state, std::string error = {}) {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.state = std::move(state);
    if (!error.empty()) stats_.last_error = std::move(error);
  }

  InputOptions options_;
  bool live_ = false;
  av::InputPtr fmt_;
  av::CodecPtr vdec_, adec_;
  int vstream_ = -1, astream_ = -1;
  av::SwsPtr sws_;
  av::SwrPtr swr_;
  std::int64_t first_pts_us_ = AV_NOPTS_VALUE;  // of this pass through the source
  std::int64_t loop_offset_us_ = 0;             // added after each loop of a file
  std::int64_t last_rel_us_ = 0, frame_us_ = 40'000;
  std::int64_t audio_next_ = -1;  // input sample index of the next decoded sample

  mutable std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<Decoded> queue_;
  std::vector<float> audio_;
  std::int64_t audio_start_ = 0;      // input sample index of audio_[0]
  std::optional<std::int64_t> base_;  // output time of rel 0
  Picture last_;
  std::vector<Picture> pool_;  // pictures to decode into again
  std::int64_t last_at_ = -1;
  bool stop_ = false, ended_ = false;
  InputStats stats_;
  std::thread thread_;
};

bool AvInput::open_source(std::string& why) {
  const std::string& spec = options_.spec;
  const AVInputFormat* forced = nullptr;
  if (is_device(spec)) {
    avdevice_register_all();
    forced = av_find_input_format("v4l2");
  }
  AVDictionary* opts = nullptr;
  if (live_) {
    av_dict_set(&opts, "rw_timeout", "5000000", 0);  // µs: a silent source fails, not hangs
    if (spec.starts_with("rtmp")) {
      // Not "timeout": for RTMP it means listening for a publisher instead of connecting.
      av_dict_set(&opts, "rtmp_live", "live", 0);
    } else {
      av_dict_set(&opts, "timeout", "5000000", 0);
    }
  }
  AVFormatContext* raw = nullptr;
  int r = avformat_open_input(&raw, spec.c_str(), forced, &opts);
  av_dict_free(&opts);
  if (r < 0) {
    why = "cannot open: " + av::error_text(r) +
          (live_ ? "; check the address and that the source is sending"
                 : "; check it is a video file (ffprobe FILE shows what FFmpeg sees)");
    return false;
  }
  fmt_.reset(raw);
  if ((r = avformat_find_stream_info(raw, nullptr)) < 0) {
    why = "cannot read its streams: " + av::error_text(r);
    fmt_.reset();
    return false;
  }
  vstream_ = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (vstream_ < 0) {
    why = "has no video stream";
    fmt_.reset();
    return false;
  }
  astream_ = av_find_best_stream(raw, AVMEDIA_TYPE_AUDIO, -1, vstream_, nullptr, 0);
  auto open_decoder = [&](int index, av::CodecPtr& out) -> bool {
    const AVCodecParameters* par = raw->streams[index]->codecpar;
    const AVCodec* codec = avcodec_find_decoder(par->codec_id);
    if (!codec) {
      why = std::string("no decoder for ") + avcodec_get_name(par->codec_id);
      return false;
    }
    out.reset(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(out.get(), par);
    out->thread_count = 2;
    if (const int e = avcodec_open2(out.get(), codec, nullptr); e < 0) {
      why = std::string("opening the ") + codec->name + " decoder failed: " + av::error_text(e);
      return false;
    }
    return true;
  };
  if (!open_decoder(vstream_, vdec_)) {
    fmt_.reset();
    return false;
  }
  if (astream_ >= 0 && !open_decoder(astream_, adec_)) {
    core::log::warn("input " + spec + ": " + why + "; continuing without its audio");
    adec_.reset();
    astream_ = -1;
  }
  const AVRational rate = av_guess_frame_rate(raw, raw->streams[vstream_], nullptr);
  if (rate.num > 0 && rate.den > 0) frame_us_ = std::int64_t(1'000'000) * rate.den / rate.num;
  first_pts_us_ = AV_NOPTS_VALUE;
  std::lock_guard<std::mutex> lock(mutex_);
  stats_.connected = true;
  stats_.has_audio = astream_ >= 0;
  stats_.state = "playing";
  return true;
}

void AvInput::close_source() {
  vdec_.reset();
  adec_.reset();
  fmt_.reset();
  sws_.reset();
  swr_.reset();
  std::lock_guard<std::mutex> lock(mutex_);
  stats_.connected = false;
}

void AvInput::emit_picture(AVFrame* f) {
  const std::int64_t pts = f->best_effort_timestamp;
  const AVRational tb = fmt_->streams[vstream_]->time_base;
  std::int64_t pts_us = pts == AV_NOPTS_VALUE ? last_rel_us_ + frame_us_ - loop_offset_us_
                                              : av_rescale_q(pts, tb, AVRational{1, 1'000'000});
  if (first_pts_us_ == AV_NOPTS_VALUE) first_pts_us_ = pts_us;
  const std::int64_t rel = pts_us - first_pts_us_ + loop_offset_us_;
  if (rel < last_rel_us_ && !queue_.empty()) return;  // out of order: skip
  last_rel_us_ = rel;
  const Format& fm = options_.format;
  Decoded d;
  d.rel_us = rel;
  {
    // A picture the render loop is done with: no fresh 3 MB to fault in per frame.
    std::lock_guard<std::mutex> lock(mutex_);
    if (!pool_.empty()) {
      d.picture = std::move(pool_.back());
      pool_.pop_back();
    }
  }
  d.picture.allocate(fm.width, fm.height);
  std::uint8_t* planes[4] = {d.picture.y.data(), d.picture.u.data(), d.picture.v.data(), nullptr};
  const int strides[4] = {fm.width, fm.width / 2, fm.width / 2, 0};
  const bool same = (f->format == AV_PIX_FMT_YUV420P || f->format == AV_PIX_FMT_YUVJ420P) &&
                    f->width == fm.width && f->height == fm.height;
  if (same) {
    // Already the working format: plane copies, no scaler.
    for (int p = 0; p < 3; ++p) {
      const int rows = p == 0 ? fm.height : fm.height / 2;
      for (int y = 0; y < rows; ++y) {
        std::memcpy(planes[p] + std::size_t(y) * std::size_t(strides[p]),
                    f->data[p] + std::size_t(y) * std::size_t(f->linesize[p]),
                    std::size_t(strides[p]));
      }
    }
  } else {
    sws_.reset(sws_getCachedContext(sws_.release(), f->width, f->height, AVPixelFormat(f->format),
                                    fm.width, fm.height, AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr,
                                    nullptr, nullptr));
    if (!sws_) return;
    sws_scale(sws_.get(), f->data, f->linesize, 0, f->height, planes, strides);
  }
  std::unique_lock<std::mutex> lock(mutex_);
  space_.wait(lock, [&] { return stop_ || queue_.size() < kAhead || live_; });
  if (stop_) return;
  if (queue_.size() >= kAhead) {  // live and the render loop is behind: keep the newest
    queue_.pop_front();
    ++stats_.skipped;
  }
  queue_.push_back(std::move(d));
  ++stats_.frames;
  ready_.notify_all();
}

void AvInput::emit_audio(AVFrame* f) {
  if (!swr_) {
    SwrContext* s = nullptr;
    AVChannelLayout out_layout;
    av_channel_layout_default(&out_layout, kAudioChannels);
    if (swr_alloc_set_opts2(&s, &out_layout, AV_SAMPLE_FMT_FLT, kAudioRate, &f->ch_layout,
                            AVSampleFormat(f->format), f->sample_rate, 0, nullptr) < 0 ||
        swr_init(s) < 0) {
      swr_free(&s);
      return;
    }
    swr_.reset(s);
  }
  const int max_out = swr_get_out_samples(swr_.get(), f->nb_samples);
  std::vector<float> buf(std::size_t(std::max(max_out, 0)) * kAudioChannels);
  std::uint8_t* out[1] = {reinterpret_cast<std::uint8_t*>(buf.data())};
  const int got = swr_convert(swr_.get(), out, max_out,
                              const_cast<const std::uint8_t**>(f->extended_data), f->nb_samples);
  if (got <= 0) return;
  // Place by timestamp on the input timeline (first video picture = 0).
  const AVRational tb = fmt_->streams[astream_]->time_base;
  std::int64_t index = audio_next_;
  if (f->best_effort_timestamp != AV_NOPTS_VALUE && first_pts_us_ != AV_NOPTS_VALUE) {
    const std::int64_t us = av_rescale_q(f->best_effort_timestamp, tb, AVRational{1, 1'000'000}) -
                            first_pts_us_ + loop_offset_us_;
    index = us * kAudioRate / 1'000'000;
  }
  if (index < 0 && audio_next_ < 0) return;  // before the first picture
  if (audio_next_ >= 0 && std::llabs(index - audio_next_) < kAudioRate / 20) index = audio_next_;
  audio_next_ = index + got;
  std::lock_guard<std::mutex> lock(mutex_);
  if (audio_.empty()) audio_start_ = index;
  const std::int64_t at = index - audio_start_;
  if (at < 0) return;
  const std::size_t need = std::size_t(at + got) * kAudioChannels;
  if (audio_.size() < need) audio_.resize(need, 0.f);
  std::copy(buf.begin(), buf.begin() + std::ptrdiff_t(got) * kAudioChannels,
            audio_.begin() + std::ptrdiff_t(at) * kAudioChannels);
  if (std::int64_t(audio_.size() / 2) > 3 * kAudioKeep) {  // nobody reads: keep it bounded
    const std::size_t drop = audio_.size() / 2 - std::size_t(kAudioKeep);
    audio_.erase(audio_.begin(), audio_.begin() + std::ptrdiff_t(drop * 2));
    audio_start_ += std::int64_t(drop);
  }
}

bool AvInput::decode_packet(AVPacket* pkt, std::string& why) {
  AVCodecContext* dec = pkt && pkt->stream_index == astream_ ? adec_.get() : vdec_.get();
  if (!dec) return true;
  if (const int r = avcodec_send_packet(dec, pkt); r < 0 && r != AVERROR_EOF) {
    why = "decoding failed: " + av::error_text(r);
    return r == AVERROR_INVALIDDATA;  // a damaged packet: skip it
  }
  av::FramePtr frame(av_frame_alloc());
  for (;;) {
    const int r = avcodec_receive_frame(dec, frame.get());
    if (r == AVERROR(EAGAIN) || r == AVERROR_EOF) return true;
    if (r < 0) {
      why = "decoding failed: " + av::error_text(r);
      return false;
    }
    if (dec == vdec_.get()) {
      emit_picture(frame.get());
    } else {
      emit_audio(frame.get());
    }
    av_frame_unref(frame.get());
  }
}

void AvInput::run() {
  auto backoff = std::chrono::milliseconds(500);
  av::PacketPtr pkt(av_packet_alloc());
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stop_) break;
    }
    if (!fmt_) {
      std::string why;
      set_state("connecting");
      if (!open_source(why)) {
        set_state("lost; retrying in " + std::to_string(backoff.count()) + " ms", why);
        core::log::warn("input " + options_.spec + ": " + why + "; retrying in " +
                        std::to_string(backoff.count()) + " ms");
        std::unique_lock<std::mutex> lock(mutex_);
        space_.wait_for(lock, backoff, [&] { return stop_; });
        backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
        ++stats_.reconnects;
        continue;
      }
      backoff = std::chrono::milliseconds(500);
      core::log::info("input " + options_.spec + ": playing");
    }
    const int r = av_read_frame(fmt_.get(), pkt.get());
    if (r == AVERROR_EOF && !live_) {
      // Loop the file: flush what the decoders hold, then start over after the last picture.
      std::string why;
      decode_packet(nullptr, why);
      if (adec_) {
        avcodec_send_packet(adec_.get(), nullptr);
        avcodec_flush_buffers(adec_.get());
      }
      avcodec_flush_buffers(vdec_.get());
      loop_offset_us_ = last_rel_us_ + frame_us_;
      first_pts_us_ = AV_NOPTS_VALUE;
      audio_next_ = loop_offset_us_ * kAudioRate / 1'000'000;
      if (av_seek_frame(fmt_.get(), -1, 0, AVSEEK_FLAG_BACKWARD) < 0) {
        set_state("ended", "cannot seek back to loop");
        std::lock_guard<std::mutex> lock(mutex_);
        ended_ = true;
        ready_.notify_all();
        break;
      }
      continue;
    }
    if (r < 0) {
      const std::string why = "reading failed: " + av::error_text(r);
      core::log::warn("input " + options_.spec + ": " + why + "; holding the last picture");
      set_state("lost", why);
      close_source();
      if (!live_) {
        std::lock_guard<std::mutex> lock(mutex_);
        ended_ = true;
        ready_.notify_all();
        break;
      }
      continue;
    }
    if (pkt->stream_index == vstream_ || pkt->stream_index == astream_) {
      std::string why;
      if (!decode_packet(pkt.get(), why)) set_state("playing", why);
    }
    av_packet_unref(pkt.get());
  }
}

}  // namespace

std::unique_ptr<Input> make_av_input(const InputOptions& options) {
  return std::make_unique<AvInput>(options);
}

}  // namespace video
