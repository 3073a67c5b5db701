// Inputs decoded by FFmpeg: files (looped), network streams (RTMP, SRT, UDP, HLS, RTSP) and
// V4L2 devices. A thread reads and decodes into a short queue of pictures, already scaled
// to the output format, and a ring of 48 kHz stereo audio. A network source that goes away
// is reopened with backoff; meanwhile the last picture holds, and after two seconds the
// test background shows, so the program never freezes on a dead feed.
//
// Timelines: the source's timestamps are mapped onto the input's own timeline (`rel`, µs),
// which the render loop maps onto the output clock (`base_`). A new connection, a file's
// next loop, or a timestamp more than a second away from where the stream was (a restarted
// sender, a clock that jumped) starts a new mapping: a file continues after its last
// picture, a live source where a picture arriving now belongs, so it shows at once (after
// the live delay). Audio is placed through the same mapping, so it follows.
#include <dlfcn.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
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
#include "core/thread.h"
#include "input.h"

namespace video {
namespace {

using Clock = std::chrono::steady_clock;

// Pictures decoded ahead of the render loop (a live source: beyond its delay); each is 3 MB
// at 1080p, and the decoder thread keeps up with far fewer than a frame period's jitter.
constexpr std::size_t kAhead = 2;
// A live picture is shown this long after it arrives: the audio of its moment has arrived by
// then (an MPEG-TS multiplexer sends audio in blocks of up to a few hundred milliseconds, after
// the pictures of the same time) and network jitter does not repeat or skip pictures.
constexpr std::int64_t kLiveDelayUs = 200'000;
// After this long without a picture from a live source, the test background shows.
constexpr std::int64_t kHoldUs = 2'000'000;
// A timestamp further than this from where its stream was expected starts a new mapping.
constexpr std::int64_t kJumpUs = 1'000'000;
// Reconnecting waits 0.5 s after a failed attempt, doubling up to this: a source that comes
// back is on air again within about this long.
constexpr auto kMaxBackoff = std::chrono::milliseconds(2000);
// Audio kept behind and ahead of what was asked for, in sample frames.
constexpr std::int64_t kAudioKeep = kAudioRate * 10;

bool is_device(const std::string& spec) {
  return spec.starts_with("/dev/video");
}
bool is_url(const std::string& spec) {
  return spec.find("://") != std::string::npos;
}

// Makes FFmpeg's capture devices (V4L2) known, loading libavdevice the first time. False
// with the reason when it cannot be loaded.
bool load_devices(std::string& why) {
  static std::once_flag once;
  static std::string error;
  std::call_once(once, [] {
    const std::string name = "libavdevice.so." + std::to_string(LIBAVDEVICE_VERSION_MAJOR);
    void* lib = ::dlopen(name.c_str(), RTLD_NOW | RTLD_GLOBAL);
    void* sym = lib ? ::dlsym(lib, "avdevice_register_all") : nullptr;
    if (!sym) {
      const char* detail = ::dlerror();
      error = name + " cannot be loaded (" + (detail ? detail : "no avdevice_register_all") +
              "); capture devices need it: apt install libavdevice" +
              std::to_string(LIBAVDEVICE_VERSION_MAJOR);
      return;
    }
    reinterpret_cast<void (*)()>(sym)();
  });
  if (!error.empty()) why = error;
  return error.empty();
}

std::string seconds_text(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", s);
  return text;
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

  void picture(std::int64_t t_us, Picture* into) override {
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
    if (!base_ && !queue_.empty()) {
      // A file starts at its first picture; a live source at its newest (the rest is stale).
      base_ = live_ ? t_us + kLiveDelayUs - queue_.back().rel_us : t_us - queue_.front().rel_us;
    }
    clock_t_us_ = t_us;
    clock_at_ = Clock::now();
    const std::int64_t previous_at = last_at_;
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
    const bool was_background = background_;
    background_ = held_too_long && last_at_ >= 0;
    lock.unlock();
    // Once per change, for the operator: a source that went quiet, and its return.
    if (background_ && !was_background) {
      core::log::warn("input " + options_.spec + ": test background after " +
                      seconds_text(double(kHoldUs) / 1e6) + " without a picture");
    } else if (fresh && was_background) {
      core::log::info("input " + options_.spec + ": back after " +
                      seconds_text(double(t_us - previous_at) / 1e6) + " without a picture");
    }
    if (!into) return;
    Picture& out = *into;
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
    InputStats s = stats_;
    if (background_ && s.state == "playing") s.state = "playing; no picture, test background";
    return s;
  }

 private:
  bool open_source(std::string& why);
  void close_source();
  void run();
  bool connect();
  bool loop_file();
  void lose(int error);
  bool decode_packet(AVPacket* pkt, std::string& why);
  std::optional<std::int64_t> picture_time(const AVFrame* f);
  std::int64_t output_now_us() const;
  std::optional<std::int64_t> arriving_rel_us() const;
  bool is_jump(std::int64_t rel_us, std::int64_t expected_us) const;
  std::size_t capacity() const;
  std::int64_t restart_at(std::int64_t expected_us) const;
  void emit_picture(AVFrame* f);
  void emit_audio(AVFrame* f);
  std::optional<std::int64_t> audio_index(const AVFrame* f);
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
  // --- the decoding thread's own: source timestamps → input timeline.
  bool mapped_ = false;             // pts_offset_us_ holds for this connection or loop
  std::int64_t pts_offset_us_ = 0;  // rel = source pts in µs + this
  bool emitted_ = false;            // a picture was decoded once (a new mapping continues)
  std::int64_t last_rel_us_ = 0, frame_us_ = 40'000;
  std::int64_t audio_next_ = -1;  // input sample index of the next decoded sample
  // --- the decoding thread's own: reconnecting.
  std::chrono::milliseconds backoff_{500};
  bool lost_ = false;  // a live connection was lost and is not back yet
  Clock::time_point lost_at_;
  std::string failed_why_;  // the last failed attempt's reason: logged once, not per retry
  int failed_ = 0;          // attempts failed since the loss

  mutable std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<Decoded> queue_;
  std::vector<float> audio_;
  std::int64_t audio_start_ = 0;      // input sample index of audio_[0]
  std::optional<std::int64_t> base_;  // output time of rel 0
  std::int64_t clock_t_us_ = 0;       // output time the render loop last asked for…
  Clock::time_point clock_at_;        // …and when
  Picture last_;
  std::vector<Picture> pool_;  // pictures to decode into again
  std::int64_t last_at_ = -1;
  bool background_ = false;  // live, and the test background stands in for a lost picture
  bool stop_ = false, ended_ = false;
  InputStats stats_;
  std::thread thread_;
};

bool AvInput::open_source(std::string& why) {
  const std::string& spec = options_.spec;
  const AVInputFormat* forced = nullptr;
  if (is_device(spec)) {
    if (!load_devices(why)) return false;
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
    // One thread up to 1080p: each decoding thread holds pictures of its own (3 MB each).
    out->thread_count = par->height > 1080 ? 2 : 1;
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
  mapped_ = false;
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

// The output time now, as the render loop's last call and the time since tell. Under mutex_.
std::int64_t AvInput::output_now_us() const {
  const auto since =
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - clock_at_);
  return clock_t_us_ + since.count();
}

// The input-timeline time of a live picture arriving now, once the render loop has shown one:
// due a live delay from now.
std::optional<std::int64_t> AvInput::arriving_rel_us() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!base_) return std::nullopt;
  return output_now_us() + kLiveDelayUs - *base_;
}

// Whether a stream's time is a jump: far from where the stream was expected and, live, also
// from where what arrives now belongs. So a picture that arrives late is shown as it comes,
// and a source back after a silence with its clock run on is in place already.
bool AvInput::is_jump(std::int64_t rel_us, std::int64_t expected_us) const {
  if (std::llabs(rel_us - expected_us) <= kJumpUs) return false;
  if (!live_) return true;
  const auto arriving = arriving_rel_us();
  return !arriving || std::llabs(rel_us - *arriving) > kJumpUs;
}

// Where a new mapping starts: a file right after its last picture; a live source where what
// arrives now belongs (shown after the live delay), never before what is already queued.
std::int64_t AvInput::restart_at(std::int64_t expected_us) const {
  if (!emitted_) return 0;
  if (!live_) return expected_us;
  const auto arriving = arriving_rel_us();
  return arriving ? std::max(*arriving, expected_us) : expected_us;
}

// Pictures queued at most: a live source's also cover its delay.
std::size_t AvInput::capacity() const {
  if (!live_) return kAhead;
  return kAhead + std::size_t(kLiveDelayUs / std::max<std::int64_t>(frame_us_, 1000));
}

// The input-timeline time of a decoded picture; nothing when it is out of order.
std::optional<std::int64_t> AvInput::picture_time(const AVFrame* f) {
  const std::int64_t expected = emitted_ ? last_rel_us_ + frame_us_ : 0;
  const std::int64_t pts = f->best_effort_timestamp;
  if (pts == AV_NOPTS_VALUE) return mapped_ ? expected : restart_at(expected);
  const std::int64_t pts_us =
      av_rescale_q(pts, fmt_->streams[vstream_]->time_base, AVRational{1, 1'000'000});
  if (!mapped_) {
    pts_offset_us_ = restart_at(expected) - pts_us;
    mapped_ = true;
    return pts_us + pts_offset_us_;
  }
  std::int64_t rel = pts_us + pts_offset_us_;
  if (is_jump(rel, expected)) {
    const std::int64_t at = restart_at(expected);
    core::log::info("input " + options_.spec + ": picture timestamps jumped by " +
                    seconds_text(double(rel - expected) / 1e6) + "; continuing from there");
    pts_offset_us_ = at - pts_us;
    rel = at;
  }
  if (rel < last_rel_us_ && emitted_) return std::nullopt;  // out of order: skip
  return rel;
}

void AvInput::emit_picture(AVFrame* f) {
  const auto time = picture_time(f);
  if (!time) return;
  const std::int64_t rel = *time;
  last_rel_us_ = rel;
  emitted_ = true;
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
  if (queue_.size() >= capacity()) {
    // Live, and the queue is full: pictures are due later than it reaches (a burst after
    // connecting) or the render loop fell behind. Rather than fall ever further behind the
    // source, this newest picture is due a live delay from now, and what would then be
    // overdue is dropped.
    const std::int64_t now_us = output_now_us();
    if (base_) base_ = now_us + kLiveDelayUs - d.rel_us;
    while (!queue_.empty() &&
           (queue_.size() >= capacity() || (base_ && queue_.front().rel_us + *base_ < now_us))) {
      if (pool_.size() < kAhead) pool_.push_back(std::move(queue_.front().picture));
      queue_.pop_front();
      ++stats_.skipped;
    }
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
  const std::optional<std::int64_t> placed = audio_index(f);
  if (!placed) return;
  const std::int64_t index = *placed;
  audio_next_ = index + got;
  std::lock_guard<std::mutex> lock(mutex_);
  std::int64_t at = index - audio_start_;
  if (audio_.empty() || at > 3 * kAudioKeep) {  // nothing kept, or all of it long past
    audio_.clear();
    audio_start_ = index;
    at = 0;
  }
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

// The input sample index of a decoded audio frame: placed by its timestamp through the
// pictures' mapping, so it follows them. Nothing when it has no place yet (live, before the
// connection's first picture) or would be dropped anyway.
std::optional<std::int64_t> AvInput::audio_index(const AVFrame* f) {
  const std::int64_t expected_us = audio_next_ * 1'000'000 / kAudioRate;
  if (!mapped_) {
    // A file's next loop carries on where the last one's audio ended.
    if (live_ || audio_next_ < 0) return std::nullopt;
    return audio_next_;
  }
  if (f->best_effort_timestamp == AV_NOPTS_VALUE) {
    return audio_next_ >= 0 ? std::optional(audio_next_) : std::nullopt;
  }
  const std::int64_t pts_us = av_rescale_q(
      f->best_effort_timestamp, fmt_->streams[astream_]->time_base, AVRational{1, 1'000'000});
  std::int64_t us = pts_us + pts_offset_us_;
  if (live_) {
    // The audio of a restarted or jumping source may come before its pictures: it starts
    // the new mapping then, and the pictures find it in place.
    if (audio_next_ >= 0 && is_jump(us, expected_us)) {
      const std::int64_t at = restart_at(expected_us);
      pts_offset_us_ = at - pts_us;
      us = at;
    }
  } else if (audio_next_ >= 0 && us - expected_us > kAudioKeep * 1'000'000 / kAudioRate) {
    return std::nullopt;  // a file's audio far ahead of the rest: nowhere to keep it
  }
  std::int64_t index = us * kAudioRate / 1'000'000;
  if (index < 0 && audio_next_ < 0) return std::nullopt;  // before the first picture
  if (audio_next_ >= 0 && std::llabs(index - audio_next_) < kAudioRate / 20) index = audio_next_;
  return index;
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

// Opens the source, or reopens a lost one. A failed attempt is counted, logged once per
// reason (not once per retry) and waited out with backoff; false then.
bool AvInput::connect() {
  set_state(lost_ ? "lost; reconnecting" : "connecting");
  std::string why;
  if (!open_source(why)) {
    const auto wait = backoff_;
    backoff_ = std::min(backoff_ * 2, kMaxBackoff);
    ++failed_;
    const std::string retry = "retrying in " + std::to_string(wait.count()) + " ms";
    if (why != failed_why_) {
      core::log::warn("input " + options_.spec + ": " + why + "; retrying every " +
                      seconds_text(double(kMaxBackoff.count()) / 1000) + " at most");
      failed_why_ = why;
    } else {
      core::log::debug("input " + options_.spec + ": " + why + "; " + retry);
    }
    std::unique_lock<std::mutex> lock(mutex_);
    ++stats_.retries;
    stats_.state = (lost_ ? "lost; " : "connecting; ") + retry;
    stats_.last_error = why;
    space_.wait_for(lock, wait, [&] { return stop_; });
    return false;
  }
  backoff_ = std::chrono::milliseconds(500);
  failed_why_.clear();
  if (lost_) {
    const double away_s = std::chrono::duration<double>(Clock::now() - lost_at_).count();
    core::log::info("input " + options_.spec + ": connected again after " + seconds_text(away_s) +
                    (failed_ > 0 ? " and " + std::to_string(failed_) + " failed attempt(s)" : ""));
    std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.reconnects;
  } else {
    core::log::info("input " + options_.spec + ": playing");
  }
  lost_ = false;
  failed_ = 0;
  return true;
}

// A file's end: flush what the decoders hold, then start over after the last picture.
// False when it cannot seek back (the input has ended).
bool AvInput::loop_file() {
  std::string why;
  decode_packet(nullptr, why);
  if (adec_) {
    avcodec_send_packet(adec_.get(), nullptr);
    avcodec_flush_buffers(adec_.get());
  }
  avcodec_flush_buffers(vdec_.get());
  mapped_ = false;
  audio_next_ = (last_rel_us_ + frame_us_) * kAudioRate / 1'000'000;
  if (av_seek_frame(fmt_.get(), -1, 0, AVSEEK_FLAG_BACKWARD) >= 0) return true;
  set_state("ended", "cannot seek back to loop");
  std::lock_guard<std::mutex> lock(mutex_);
  ended_ = true;
  ready_.notify_all();
  return false;
}

// Reading failed: a live source is closed and reconnected (the last picture holds
// meanwhile); a file has ended.
void AvInput::lose(int error) {
  const std::string why = "reading failed: " + av::error_text(error);
  close_source();
  if (!live_) {
    core::log::warn("input " + options_.spec + ": " + why + "; the input has ended");
    set_state("ended", why);
    std::lock_guard<std::mutex> lock(mutex_);
    ended_ = true;
    ready_.notify_all();
    return;
  }
  core::log::warn("input " + options_.spec + ": lost (" + why +
                  "); holding the last picture, reconnecting");
  set_state("lost; reconnecting", why);
  lost_ = true;
  lost_at_ = Clock::now();
  failed_ = 0;
}

void AvInput::run() {
  core::name_this_thread("input");
  av::PacketPtr pkt(av_packet_alloc());
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stop_ || ended_) break;
    }
    if (!fmt_ && !connect()) continue;
    const int r = av_read_frame(fmt_.get(), pkt.get());
    if (r == AVERROR_EOF && !live_) {
      loop_file();
      continue;
    }
    if (r < 0) {
      lose(r);
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
