#include "video/pipeline.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <mutex>
#include <thread>

#include "core/bounded_queue.h"
#include "core/error.h"
#include "core/log.h"
#include "core/thread.h"
#include "encoder.h"
#include "input.h"
#include "key_fill.h"
#include "sink.h"

namespace video {
namespace {

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// Paced, frames have deadlines and the encoders yield to the render loop; unpaced (offline,
// benchmarks) nothing has a deadline, the render loop waits for the encoder anyway, and the
// encoder, the slowest stage, runs level with the rest.
int encoder_nice(const PipelineOptions& o) {
  return o.unpaced ? 0 : o.encoder_nice;
}

// Makes an encoder on a thread of its own at the encoders' lower priority: libx264 and
// FFmpeg's frame and slice threads start while the codec opens, and inherit it.
template <class T, class... Args>
std::unique_ptr<T> open_lowered(int nice, const char* name, Args&&... args) {
  std::unique_ptr<T> made;
  std::exception_ptr failure;
  std::thread opener([&] {
    core::name_this_thread(name);
    if (!core::lower_this_thread_priority(nice)) {
      core::log::debug("pipeline: the encoders' priority could not be lowered");
    }
    try {
      made = std::make_unique<T>(std::forward<Args>(args)...);
    } catch (...) {
      failure = std::current_exception();
    }
  });
  opener.join();
  if (failure) std::rethrow_exception(failure);
  return made;
}

}  // namespace

struct Pipeline::Impl {
  // Recent and Job are nested, not in the anonymous namespace: GCC rejects a class with
  // linkage holding a file-local type when the file is part of a unity batch
  // (-Wsubobject-linkage).

  // Median of the last few values of a stage's time.
  class Recent {
   public:
    void add(double v) {
      values_.push_back(v);
      if (values_.size() > 250) values_.pop_front();
    }
    double median() const {
      if (values_.empty()) return 0;
      std::vector<double> v(values_.begin(), values_.end());
      std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
      return v[v.size() / 2];
    }
    double mean() const {
      if (values_.empty()) return 0;
      double sum = 0;
      for (const double v : values_) sum += v;
      return sum / double(values_.size());
    }

   private:
    std::deque<double> values_;
  };

  // A frame on its way to the encoder.
  struct Job {
    Picture picture;
    AudioBlock audio;
    std::int64_t index = 0;
  };

  PipelineOptions options;
  OverlaySource overlay;
  std::unique_ptr<Input> input;
  std::unique_ptr<Encoder> encoder;
  std::vector<std::unique_ptr<Sink>> sinks;
  std::unique_ptr<KeyFillWriter> key_fill;
  AudioBlock scratch_audio;         // a dropped tick's audio: no allocation on the render loop
  std::vector<std::uint8_t> blank;  // a transparent overlay, for key/fill before the first
  OverlayBlender blender;
  core::BoundedQueue<std::unique_ptr<Job>> jobs;   // render loop → encoder
  core::BoundedQueue<std::unique_ptr<Job>> spare;  // encoder → render loop (recycled)
  std::thread encode_thread;
  std::atomic<bool> stop{false};

  mutable std::mutex mutex;  // guards what stats() reads
  PipelineStats counters;
  Recent input_ms, overlay_ms, blend_ms, encode_ms, on_program_ms;
  std::deque<Clock::time_point> tick_times;

  Impl(const PipelineOptions& o, OverlaySource source)
      : options(o),
        overlay(std::move(source)),
        jobs(std::max<std::size_t>(1, o.encode_queue)),
        spare(std::max<std::size_t>(1, o.encode_queue)) {}

  // The output frame a video packet holds.
  std::int64_t frame_of(const Packet& p) const {
    const std::int64_t us = av_rescale_q(p.packet->pts, p.time_base, AVRational{1, 1'000'000});
    return std::llround(double(us) * options.format.fps() / 1e6);
  }

  void encode_loop() {
    core::name_this_thread("encode");
    core::lower_this_thread_priority(encoder_nice(options));
    std::vector<SharedPacket> packets;
    for (;;) {
      auto job = jobs.pop_for(std::chrono::milliseconds(200));
      if (!job) {
        if (jobs.closed() && jobs.size() == 0) break;
        continue;
      }
      const auto t0 = Clock::now();
      packets.clear();
      encoder->encode((*job)->picture, (*job)->audio, (*job)->index, packets);
      for (const auto& p : packets) {
        for (auto& s : sinks) s->push(p);
        if (options.on_encoded && p->stream == 0) options.on_encoded(frame_of(*p));
      }
      {
        std::lock_guard<std::mutex> lock(mutex);
        ++counters.encoded;
        encode_ms.add(ms_between(t0, Clock::now()));
      }
      spare.try_push(std::move(*job));
    }
    packets.clear();
    encoder->flush(packets);
    for (const auto& p : packets) {
      for (auto& s : sinks) s->push(p);
      if (options.on_encoded && p->stream == 0) options.on_encoded(frame_of(*p));
    }
  }
};

Pipeline::Pipeline(const PipelineOptions& options, OverlaySource overlay)
    : impl_(std::make_unique<Impl>(options, std::move(overlay))) {
  Impl& d = *impl_;
  if (options.format.width <= 0) throw core::Error("pipeline: no output format given");
  if (options.outputs.empty() && options.key_fill.empty()) {
    throw core::Error("no --output given; add a file (out.mp4) or a URL (rtmp://…)");
  }
  // Every target checked before opening any; "null" encodes and discards (benchmarks).
  for (const auto& o : options.outputs) {
    if (o != "null") sink_kind(o);
  }
  InputOptions in;
  in.spec = options.input;
  in.format = options.format;
  in.unpaced = options.unpaced;
  d.input = Input::open(in);
  d.encoder =
      open_lowered<Encoder>(encoder_nice(options), "encode", options.format, options.encoder);
  for (const auto& o : options.outputs) {
    if (o == "null") continue;
    Encoder* encoder = d.encoder.get();
    d.sinks.push_back(
        std::make_unique<Sink>(o, *encoder, [encoder] { encoder->force_keyframe(); }));
  }
  if (!options.key_fill.empty()) {
    d.key_fill = open_lowered<KeyFillWriter>(encoder_nice(options), "key-fill", options.key_fill,
                                             options.key_fill_codec, options.format);
  }
  // As many frames as the queue holds: a frame that has one always fits in the queue.
  for (std::size_t i = 0; i < d.spare.capacity(); ++i)
    d.spare.try_push(std::make_unique<Impl::Job>());
  d.counters.queue_capacity = d.jobs.capacity();
}

Pipeline::~Pipeline() {
  Impl& d = *impl_;
  d.jobs.close();
  if (d.encode_thread.joinable()) d.encode_thread.join();
  for (auto& s : d.sinks) s->finish();
  if (d.key_fill) d.key_fill->finish();
}

void Pipeline::request_stop() {
  impl_->stop = true;
}

void Pipeline::run() {
  Impl& d = *impl_;
  const Format& f = d.options.format;
  const std::int64_t total =
      d.options.duration_s > 0 ? std::int64_t(d.options.duration_s * f.fps() + 0.5) : -1;
  d.encode_thread = std::thread([&d] { d.encode_loop(); });
  core::log::info("pipeline: " + std::string(f.name) + " from " + d.options.input + " to " +
                  std::to_string(d.sinks.size()) + " output(s)" +
                  (d.options.unpaced ? ", unpaced" : "") +
                  (total > 0 ? ", " + std::to_string(total) + " frames" : ""));
  // The first overlay frame costs many times a later one (shaders compiled, glyphs
  // rasterised, every pixel drawn, read back and converted: over 100 ms on llvmpipe). It is
  // drawn before the output clock starts, so that the first ticks are not late and the
  // catch-up does not overflow the encoder's queue; frame 0 then redraws nothing.
  if (d.overlay && !d.stop) {
    const auto w0 = Clock::now();
    const OverlayFrame o = d.overlay(0, f.pts_us(0));
    if (o.rgba) d.blender.update(o.rgba, o.width, o.height, o.changed);
    core::log::debug("pipeline: first overlay frame drawn ahead of the clock in " +
                     std::to_string(ms_between(w0, Clock::now())) + " ms");
  }
  const auto epoch = Clock::now();
  auto last_report = epoch;
  for (std::int64_t k = 0; (total < 0 || k < total) && !d.stop; ++k) {
    const std::int64_t t_us = f.pts_us(k);
    if (!d.options.unpaced) {
      const auto deadline = epoch + std::chrono::microseconds(t_us);
      const auto now = Clock::now();
      if (now < deadline) {
        std::this_thread::sleep_until(deadline);
      } else if (now - deadline > std::chrono::microseconds(f.frame_us())) {
        std::lock_guard<std::mutex> lock(d.mutex);
        ++d.counters.late;
      }
    }
    std::unique_ptr<Impl::Job> job;
    if (auto s = d.spare.try_pop()) {
      job = std::move(*s);
    } else if (d.options.unpaced) {
      // Offline: wait for the encoder rather than drop.
      while (!job && !d.stop) {
        if (auto w = d.spare.pop_for(std::chrono::milliseconds(100))) job = std::move(*w);
      }
      if (!job) break;
    }
    const auto t0 = Clock::now();
    // Without a free frame this tick is dropped, but the input still advances.
    d.input->picture(t_us, job ? &job->picture : nullptr);
    const auto t1 = Clock::now();
    const OverlayFrame o = d.overlay ? d.overlay(k, t_us) : OverlayFrame{};
    const auto t2 = Clock::now();
    if (o.rgba) d.blender.update(o.rgba, o.width, o.height, o.changed);
    if (d.key_fill) {
      if (!o.rgba) d.blank.resize(std::size_t(f.width) * std::size_t(f.height) * 4, 0);
      d.key_fill->push(o.rgba ? o.rgba : d.blank.data(), k, d.options.unpaced);
    }
    if (job) d.blender.blend(job->picture);
    const auto t3 = Clock::now();
    if (job && d.options.on_program) d.options.on_program(job->picture, k);
    const auto t4 = Clock::now();
    d.input->audio(t_us, f.pts_us(k + 1), job ? job->audio : d.scratch_audio);
    if (job && d.options.on_audio) d.options.on_audio(t_us, job->audio);
    bool queued = false;
    if (job) {
      job->picture.pts_us = t_us;
      job->index = k;
      queued = d.jobs.try_push(std::move(job));
    }
    if (core::log::enabled(core::log::Level::debug) &&
        (!queued || ms_between(t0, t4) > 1e-3 * double(f.frame_us()))) {
      core::log::debug("pipeline: frame " + std::to_string(k) + (queued ? " slow" : " dropped") +
                       ": input " + std::to_string(ms_between(t0, t1)) + " ms, overlay " +
                       std::to_string(ms_between(t1, t2)) + " ms, blend " +
                       std::to_string(ms_between(t2, t3)) + " ms, queue " +
                       std::to_string(d.jobs.size()));
    }
    std::lock_guard<std::mutex> lock(d.mutex);
    ++d.counters.ticks;
    if (!queued) ++d.counters.dropped;
    d.input_ms.add(ms_between(t0, t1));
    d.overlay_ms.add(ms_between(t1, t2));
    d.blend_ms.add(ms_between(t2, t3));
    if (d.options.on_program) d.on_program_ms.add(ms_between(t3, t4));
    d.tick_times.push_back(t3);
    while (d.tick_times.size() > 100) d.tick_times.pop_front();
    if (t3 - last_report >= std::chrono::seconds(10)) {
      last_report = t3;
      core::log::info("pipeline: " + std::to_string(k + 1) + " frames, " +
                      std::to_string(d.counters.dropped) + " dropped, " +
                      std::to_string(d.counters.late) + " late");
    }
  }
  d.jobs.close();
  if (d.encode_thread.joinable()) d.encode_thread.join();
  for (auto& s : d.sinks) s->finish();
  if (d.key_fill) d.key_fill->finish();
  const PipelineStats s = stats();
  core::log::info("pipeline: done: " + std::to_string(s.ticks) + " frames, " +
                  std::to_string(s.encoded) + " encoded, " + std::to_string(s.dropped) +
                  " dropped, " + std::to_string(s.late) + " late");
}

PipelineStats Pipeline::stats() const {
  const Impl& d = *impl_;
  PipelineStats s;
  {
    std::lock_guard<std::mutex> lock(d.mutex);
    s = d.counters;
    s.times.input_ms = d.input_ms.median();
    s.times.overlay_ms = d.overlay_ms.median();
    s.times.blend_ms = d.blend_ms.median();
    s.times.encode_ms = d.encode_ms.median();
    s.times.on_program_ms = d.on_program_ms.mean();
    if (d.tick_times.size() >= 2) {
      const double span =
          std::chrono::duration<double>(d.tick_times.back() - d.tick_times.front()).count();
      if (span > 0) s.fps = double(d.tick_times.size() - 1) / span;
    }
  }
  s.queue_fill = d.jobs.size();
  s.input = d.input->stats();
  for (const auto& sink : d.sinks) s.sinks.push_back(sink->stats());
  if (d.key_fill) s.sinks.push_back(d.key_fill->stats());
  return s;
}

}  // namespace video
