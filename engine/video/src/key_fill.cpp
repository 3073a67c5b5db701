#include "key_fill.h"

#include <cstring>

#include "av.h"
#include "core/error.h"
#include "core/log.h"
#include "core/thread.h"

namespace video {

struct KeyFillWriter::Impl {
  AVFormatContext* out = nullptr;
  av::CodecPtr codec;
  av::FramePtr frame;
  av::SwsPtr sws;
  std::vector<std::uint8_t> straight;  // un-premultiplied RGBA
  AVPixelFormat pix_fmt = AV_PIX_FMT_NONE;

  ~Impl() {
    if (!out) return;
    if (out->pb) avio_closep(&out->pb);
    avformat_free_context(out);
  }
};

KeyFillWriter::KeyFillWriter(const std::string& path, const std::string& codec,
                             const Format& format)
    : impl_(std::make_unique<Impl>()), format_(format), queue_(4), spare_(6) {
  av::route_logs();
  if (path.size() < 4 || path.substr(path.size() - 4) != ".mov") {
    throw core::Error("--key-fill " + path +
                      ": give a .mov file (ProRes 4444 or Animation with alpha)");
  }
  const char* encoder = codec == "prores" ? "prores_ks" : codec == "qtrle" ? "qtrle" : nullptr;
  if (!encoder) {
    throw core::Error("--key-fill-codec " + codec +
                      ": use prores (ProRes 4444) or qtrle (Animation)");
  }
  const AVCodec* c = avcodec_find_encoder_by_name(encoder);
  if (!c) throw core::Error(std::string("--key-fill: this FFmpeg has no ") + encoder + " encoder");
  Impl& d = *impl_;
  d.pix_fmt = codec == "prores" ? AV_PIX_FMT_YUVA444P10LE : AV_PIX_FMT_ARGB;
  d.codec.reset(avcodec_alloc_context3(c));
  AVCodecContext* ctx = d.codec.get();
  ctx->width = format.width;
  ctx->height = format.height;
  ctx->pix_fmt = d.pix_fmt;
  ctx->time_base = AVRational{format.fps_den, format.fps_num};
  ctx->framerate = AVRational{format.fps_num, format.fps_den};
  ctx->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  ctx->thread_count = 0;
  if (codec == "prores") {
    av_opt_set(ctx->priv_data, "profile", "4444", 0);
    av_opt_set(ctx->priv_data, "alpha_bits", "8", 0);
    av_opt_set(ctx->priv_data, "vendor", "apl0", 0);
  }
  if (const int r = avcodec_open2(ctx, c, nullptr); r < 0) {
    throw core::Error(std::string("--key-fill: opening ") + encoder +
                      " failed: " + av::error_text(r));
  }
  int r = avformat_alloc_output_context2(&d.out, nullptr, "mov", path.c_str());
  if (r < 0 || !d.out) throw core::Error("--key-fill " + path + ": " + av::error_text(r));
  AVStream* st = avformat_new_stream(d.out, nullptr);
  avcodec_parameters_from_context(st->codecpar, ctx);
  st->time_base = ctx->time_base;
  if ((r = avio_open2(&d.out->pb, path.c_str(), AVIO_FLAG_WRITE, nullptr, nullptr)) < 0) {
    throw core::Error("--key-fill " + path + ": cannot create the file: " + av::error_text(r) +
                      "; check the directory exists and is writable");
  }
  if ((r = avformat_write_header(d.out, nullptr)) < 0) {
    throw core::Error("--key-fill " + path + ": writing the header failed: " + av::error_text(r));
  }
  d.frame.reset(av_frame_alloc());
  d.frame->format = d.pix_fmt;
  d.frame->width = format.width;
  d.frame->height = format.height;
  for (int i = 0; i < 6; ++i) spare_.try_push(std::make_unique<Frame>());
  stats_.target = path;
  stats_.state = "sending";
  thread_ = std::thread([this] { run(); });
}

KeyFillWriter::~KeyFillWriter() {
  finish();
}

void KeyFillWriter::push(const std::uint8_t* rgba, std::int64_t index, bool wait) {
  auto f = spare_.try_pop();
  while (!f && wait && thread_.joinable() && !finished_) {
    f = spare_.pop_for(std::chrono::milliseconds(100));
  }
  if (!f) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.dropped;
    return;
  }
  (*f)->rgba.assign(rgba, rgba + std::size_t(format_.width) * std::size_t(format_.height) * 4);
  (*f)->index = index;
  while (wait && queue_.size() >= queue_.capacity() && !queue_.closed()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!queue_.try_push(std::move(*f))) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.dropped;
  }
}

void KeyFillWriter::finish() {
  if (finished_) return;
  finished_ = true;
  queue_.close();
  if (thread_.joinable()) thread_.join();
}

SinkStats KeyFillWriter::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

void KeyFillWriter::run() {
  core::name_this_thread("key-fill");
  Impl& d = *impl_;
  const int w = format_.width, h = format_.height;
  av::PacketPtr pkt(av_packet_alloc());
  auto drain = [&] {
    while (avcodec_receive_packet(d.codec.get(), pkt.get()) == 0) {
      // One frame each: without it the .mov's last sample gets no duration and is cut.
      if (pkt->duration <= 0) pkt->duration = 1;
      av_packet_rescale_ts(pkt.get(), d.codec->time_base, d.out->streams[0]->time_base);
      pkt->stream_index = 0;
      const int bytes = pkt->size;
      if (const int r = av_interleaved_write_frame(d.out, pkt.get()); r < 0) {
        std::lock_guard<std::mutex> lock(mutex_);
        stats_.state = "failed";
        stats_.last_error = "writing failed: " + av::error_text(r);
        return;
      }
      std::lock_guard<std::mutex> lock(mutex_);
      ++stats_.packets;
      stats_.bytes += std::uint64_t(bytes);
    }
  };
  for (;;) {
    auto item = queue_.pop_for(std::chrono::milliseconds(200));
    if (!item) {
      if (queue_.closed() && queue_.size() == 0) break;
      continue;
    }
    // Keyers expect straight (unpremultiplied) fill with its key.
    const std::vector<std::uint8_t>& src = (*item)->rgba;
    d.straight.resize(src.size());
    for (std::size_t i = 0; i + 3 < src.size(); i += 4) {
      const unsigned a = src[i + 3];
      d.straight[i + 3] = std::uint8_t(a);
      for (int c = 0; c < 3; ++c) {
        d.straight[i + std::size_t(c)] =
            a == 0 ? 0 : std::uint8_t(std::min(255u, (src[i + std::size_t(c)] * 255u + a / 2) / a));
      }
    }
    d.sws.reset(sws_getCachedContext(d.sws.release(), w, h, AV_PIX_FMT_RGBA, w, h, d.pix_fmt,
                                     SWS_POINT, nullptr, nullptr, nullptr));
    av_frame_unref(d.frame.get());
    d.frame->format = d.pix_fmt;
    d.frame->width = w;
    d.frame->height = h;
    if (!d.sws || av_frame_get_buffer(d.frame.get(), 0) < 0) break;
    const std::uint8_t* in[4] = {d.straight.data(), nullptr, nullptr, nullptr};
    const int in_stride[4] = {w * 4, 0, 0, 0};
    sws_scale(d.sws.get(), in, in_stride, 0, h, d.frame->data, d.frame->linesize);
    d.frame->pts = (*item)->index;
    spare_.try_push(std::move(*item));
    if (avcodec_send_frame(d.codec.get(), d.frame.get()) >= 0) drain();
  }
  avcodec_send_frame(d.codec.get(), nullptr);
  drain();
  av_write_trailer(d.out);
  std::lock_guard<std::mutex> lock(mutex_);
  if (stats_.state == "sending") stats_.state = "finished";
}

}  // namespace video
