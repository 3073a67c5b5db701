#include "sink.h"

#include <algorithm>
#include <chrono>

#include "core/error.h"
#include "core/log.h"
#include "core/thread.h"

namespace video {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

// Packets queued per sink: about 2 s of 1080p50 video plus its audio.
constexpr std::size_t kQueue = 200;

}  // namespace

SinkKind sink_kind(const std::string& target) {
  const std::string t = lower(target);
  if (t.starts_with("rtmp://") || t.starts_with("rtmps://")) return {"flv", true, false};
  if (t.starts_with("srt://") || t.starts_with("udp://")) return {"mpegts", true, false};
  if (t.find("://") != std::string::npos) {
    throw core::Error("--output " + target +
                      ": unsupported URL scheme; use rtmp://, rtmps://, srt:// or udp:// (or a "
                      "file ending in .mp4, .mkv, .mov, .ts, .flv)");
  }
  if (ends_with(t, ".mp4")) return {"mp4", false, true};
  if (ends_with(t, ".mkv")) return {"matroska", false, false};
  if (ends_with(t, ".mov")) return {"mov", false, true};
  if (ends_with(t, ".ts")) return {"mpegts", false, false};
  if (ends_with(t, ".flv")) return {"flv", false, false};
  throw core::Error("--output " + target +
                    ": unknown file type; end the name in .mp4 (fragmented, crash-safe), .mkv, "
                    ".mov, .ts or .flv, or give an rtmp://, srt:// or udp:// URL");
}

Sink::Sink(std::string target, const Encoder& encoder, std::function<void()> want_keyframe)
    : target_(std::move(target)), kind_(sink_kind(target_)), queue_(kQueue) {
  want_keyframe_ = std::move(want_keyframe);
  video_par_ = avcodec_parameters_alloc();
  audio_par_ = avcodec_parameters_alloc();
  avcodec_parameters_from_context(video_par_, encoder.video());
  avcodec_parameters_from_context(audio_par_, encoder.audio());
  video_tb_ = encoder.video()->time_base;
  audio_tb_ = encoder.audio()->time_base;
  stats_.target = target_;
  stats_.state = "connecting";
  if (!kind_.network) {
    // A file must open now: a bad directory is an error at start, not a silent retry.
    if (!open()) {
      const std::string why = stats_.last_error;
      avcodec_parameters_free(&video_par_);
      avcodec_parameters_free(&audio_par_);
      throw core::Error("--output " + target_ + ": " + why);
    }
  }
  thread_ = std::thread([this] { run(); });
}

Sink::~Sink() {
  finish();
  avcodec_parameters_free(&video_par_);
  avcodec_parameters_free(&audio_par_);
}

void Sink::push(const SharedPacket& packet) {
  if (!queue_.try_push(packet)) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.dropped;
    need_key_ = true;  // the stream has a hole: resume at a keyframe
  }
}

void Sink::finish() {
  if (finishing_.exchange(true)) {
    if (thread_.joinable()) thread_.join();
    return;
  }
  queue_.close();
  if (thread_.joinable()) thread_.join();
}

SinkStats Sink::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

void Sink::set_state(std::string state, std::string error) {
  std::lock_guard<std::mutex> lock(mutex_);
  stats_.state = std::move(state);
  if (!error.empty()) stats_.last_error = std::move(error);
}

bool Sink::open() {
  AVFormatContext* ctx = nullptr;
  int r = avformat_alloc_output_context2(&ctx, nullptr, kind_.muxer.c_str(), target_.c_str());
  if (r < 0 || !ctx) {
    set_state("failed", "no muxer " + kind_.muxer + ": " + av::error_text(r));
    return false;
  }
  AVStream* vs = avformat_new_stream(ctx, nullptr);
  AVStream* as = avformat_new_stream(ctx, nullptr);
  avcodec_parameters_copy(vs->codecpar, video_par_);
  avcodec_parameters_copy(as->codecpar, audio_par_);
  vs->time_base = video_tb_;
  as->time_base = audio_tb_;
  vs->avg_frame_rate = AVRational{video_tb_.den, video_tb_.num};
  AVDictionary* io = nullptr;
  if (kind_.network) {
    const std::string scheme = lower(target_.substr(0, target_.find("://")));
    av_dict_set(&io, "rw_timeout", "3000000", 0);  // µs: a vanished server fails, not hangs
    // Not for rtmp: there "timeout" means "listen for a client this many seconds", which
    // turns the output into a server that never connects.
    if (!scheme.starts_with("rtmp")) av_dict_set(&io, "timeout", "3000000", 0);
    // SRT: give the last packets a second to leave when closing (live mode drops them).
    if (scheme == "srt") av_dict_set(&io, "linger", "1", 0);
    // UDP: whole TS packets per datagram (7 × 188 bytes), as receivers expect; the default
    // 1472 splits TS packets across datagrams. A pkt_size in the URL still wins.
    if (scheme == "udp") av_dict_set(&io, "pkt_size", "1316", 0);
  }
  if (!(ctx->oformat->flags & AVFMT_NOFILE)) {
    r = avio_open2(&ctx->pb, target_.c_str(), AVIO_FLAG_WRITE, nullptr, &io);
    if (r < 0) {
      av_dict_free(&io);
      avformat_free_context(ctx);
      set_state(kind_.network ? "connecting" : "failed",
                (kind_.network ? "connecting failed: " : "cannot create the file: ") +
                    av::error_text(r) +
                    (kind_.network ? "; check the URL (and stream key) and that the server is up"
                                   : "; check the directory exists and is writable"));
      return false;
    }
  }
  av_dict_free(&io);
  AVDictionary* mux = nullptr;
  if (kind_.muxer == "mp4" || kind_.muxer == "mov") {
    // Fragmented: what was written survives a crash or a pulled plug.
    av_dict_set(&mux, "movflags", "frag_keyframe+empty_moov+default_base_moof", 0);
  }
  if (kind_.muxer == "flv") av_dict_set(&mux, "flvflags", "no_duration_filesize", 0);
  r = avformat_write_header(ctx, &mux);
  av_dict_free(&mux);
  if (r < 0) {
    if (ctx->pb) avio_closep(&ctx->pb);
    avformat_free_context(ctx);
    set_state("connecting", "writing the header failed: " + av::error_text(r));
    return false;
  }
  out_ = ctx;
  have_offset_ = false;
  // The first connection takes the stream from its start (the encoder's first packet is a
  // keyframe, and audio from before it belongs in a file); a later one joins mid-stream,
  // so it waits for a keyframe and asks the encoder for one now.
  if (opened_before_) {
    need_key_ = true;
    if (want_keyframe_) want_keyframe_();
  }
  opened_before_ = true;
  set_state("sending");
  return true;
}

void Sink::close(bool trailer) {
  if (!out_) return;
  if (trailer) av_write_trailer(out_);
  if (out_->pb && !(out_->oformat->flags & AVFMT_NOFILE)) avio_closep(&out_->pb);
  avformat_free_context(out_);
  out_ = nullptr;
}

// Bytes written (0: skipped), or -1 when sending failed.
int Sink::write(const Packet& p) {
  if (need_key_) {
    if (!(p.stream == 0 && p.keyframe)) return 0;  // skip until a video keyframe
    need_key_ = false;
  }
  AVStream* st = out_->streams[p.stream];
  av::PacketPtr pkt(av_packet_clone(p.packet.get()));
  if (!pkt) return 0;
  if (kind_.network) {
    // Each connection starts at 0: servers and players expect it after a reconnect.
    if (!have_offset_) {
      const std::int64_t start_us = av_rescale_q(pkt->dts, p.time_base, AVRational{1, 1'000'000});
      offset_[0] = av_rescale_q(start_us, AVRational{1, 1'000'000}, video_tb_);
      offset_[1] = av_rescale_q(start_us, AVRational{1, 1'000'000}, audio_tb_);
      have_offset_ = true;
    }
    pkt->pts -= offset_[p.stream];
    pkt->dts -= offset_[p.stream];
    if (pkt->dts < 0) return 0;  // audio from before the keyframe
  }
  av_packet_rescale_ts(pkt.get(), p.time_base, st->time_base);
  pkt->stream_index = p.stream;
  const int bytes = pkt->size;
  const int r = av_interleaved_write_frame(out_, pkt.get());
  if (r < 0) {
    set_state("retrying", "sending failed: " + av::error_text(r));
    return -1;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  ++stats_.packets;
  stats_.bytes += std::uint64_t(bytes);
  return bytes;
}

void Sink::run() {
  core::name_this_thread("sink");
  using namespace std::chrono;
  auto backoff = milliseconds(500);
  auto window_start = steady_clock::now();
  std::uint64_t window_bytes = 0;
  bool lost = false;  // a connection failed and is not re-established yet
  for (;;) {
    if (!out_) {
      if (finishing_ && queue_.size() == 0) break;
      if (open()) {
        backoff = milliseconds(500);
        if (lost) {
          std::lock_guard<std::mutex> lock(mutex_);
          ++stats_.reconnects;
        }
        lost = false;
      } else if (!kind_.network) {
        break;  // a file that cannot be written: reported in stats, nothing to retry
      } else {
        const std::string why = stats().last_error;
        core::log::warn("output " + target_ + ": " + why + "; retrying in " +
                        std::to_string(backoff.count()) + " ms");
        set_state("retrying in " + std::to_string(backoff.count()) + " ms");
        // Wait, dropping what arrives meanwhile (it would be stale when we reconnect).
        const auto until = steady_clock::now() + backoff;
        while (steady_clock::now() < until && !(finishing_ && queue_.size() == 0)) {
          if (queue_.pop_for(milliseconds(50))) {
            std::lock_guard<std::mutex> lock(mutex_);
            ++stats_.dropped;
            need_key_ = true;
          }
        }
        backoff = std::min(backoff * 2, kMaxBackoff);
        std::lock_guard<std::mutex> lock(mutex_);
        ++stats_.retries;
        continue;
      }
    }
    auto item = queue_.pop_for(milliseconds(200));
    if (!item) {
      if (queue_.closed() && queue_.size() == 0) break;
      continue;
    }
    const int written = write(**item);
    if (written < 0) {
      core::log::warn("output " + target_ + ": " + stats().last_error +
                      (kind_.network ? "; reconnecting" : "; the file output stops"));
      close(false);
      if (!kind_.network) {
        set_state("failed");
        break;
      }
      lost = true;
      continue;
    }
    window_bytes += std::uint64_t(written);
    const auto now = steady_clock::now();
    if (now - window_start >= seconds(2)) {
      const double s = duration<double>(now - window_start).count();
      std::lock_guard<std::mutex> lock(mutex_);
      stats_.bitrate_kbps = double(window_bytes) * 8 / 1000 / s;
      window_start = now;
      window_bytes = 0;
    }
  }
  close(true);
  if (stats().state == "sending") set_state("finished");
}

}  // namespace video
