// The speech thread: takes queued sentences in order, synthesises each, writes silence up
// to its place on the timeline and then the speech to the WAV file, and for mixing keeps
// it resampled to 48 kHz as a clip the render loop adds to the program audio.
#include "announcer/speaker.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "announcer/voice.h"
#include "announcer/wav_writer.h"
#include "core/error.h"
#include "core/log.h"

namespace announcer {

namespace {

constexpr int kMixRate = 48'000;
constexpr double kDuckRamp_s = 0.08;  // programme level eases down and up over this

SpeakerOptions validated(SpeakerOptions o) {
  if (!(o.speed > 0))
    throw core::Error("speech: speed must be above 0 (got " + std::to_string(o.speed) + ")");
  if (o.mix == SpeechMix::invalid) throw core::Error("speech: mix must be off or program");
  if (o.queue_limit == 0) o.queue_limit = 1;
  return o;
}

}  // namespace

std::vector<float> resample(std::span<const std::int16_t> pcm, int from_hz, int to_hz) {
  std::vector<float> out;
  if (pcm.empty() || from_hz <= 0 || to_hz <= 0) return out;
  const auto n = static_cast<std::size_t>(static_cast<std::int64_t>(pcm.size()) * to_hz / from_hz);
  out.resize(n);
  const double step = static_cast<double>(from_hz) / to_hz;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(i) * step;
    const auto k = static_cast<std::size_t>(x);
    const double f = x - static_cast<double>(k);
    const double a = pcm[k], b = k + 1 < pcm.size() ? pcm[k + 1] : pcm[k];
    out[i] = static_cast<float>((a + (b - a) * f) / 32768.0);
  }
  return out;
}

struct Speaker::Impl {
  struct Utterance {
    std::string text;
    core::UtcMs at{};
  };
  // A callout ready for the mix: 48 kHz mono from `start` (timeline samples).
  struct Clip {
    std::int64_t start = 0;
    std::vector<float> pcm;
    std::int64_t end() const { return start + static_cast<std::int64_t>(pcm.size()); }
  };

  SpeakerOptions options;
  Voice voice;
  std::unique_ptr<WavWriter> wav;
  float duck_gain = 1;

  // --- the following fields are protected by mutex ---
  mutable std::mutex mutex;
  std::condition_variable wake, idle;
  std::deque<Utterance> queue;
  bool busy = false;  // the speech thread is placing an utterance
  bool stop = false, finished = false;
  std::optional<core::UtcMs> start;
  std::int64_t placed_end = 0;  // timeline samples (voice rate) after the last callout
  SpeakerStats stats;
  std::deque<Clip> clips;        // for mix_into, in timeline order
  std::int64_t mixed_until = 0;  // timeline samples (48 kHz) mix_into has passed
  float gain = 1;                // mix_into's programme level now

  std::thread thread;  // last: started once the fields above exist

  explicit Impl(SpeakerOptions o)
      : options(validated(std::move(o))),
        voice(options.lang, options.words_per_minute),
        duck_gain(static_cast<float>(std::pow(10.0, options.duck_db / 20))),
        start(options.start) {
    if (!options.wav_path.empty()) {
      wav = std::make_unique<WavWriter>(options.wav_path, voice.rate_hz());
    }
    thread = std::thread([this] { run(); });
  }

  void run() {
    std::unique_lock<std::mutex> lock(mutex);
    while (true) {
      wake.wait(lock, [&] { return stop || !queue.empty(); });
      if (stop) break;
      Utterance u = std::move(queue.front());
      queue.pop_front();
      busy = true;
      lock.unlock();
      place(u);
      lock.lock();
      busy = false;
      idle.notify_all();
    }
    busy = false;
    idle.notify_all();
  }

  // Synthesis and the file write happen without the lock: say() and mix_into() never wait
  // for them.
  void place(const Utterance& u) {
    try {
      const Pcm pcm = voice.say(u.text);
      std::int64_t begin = 0;
      bool late = false;
      {
        std::lock_guard<std::mutex> lock(mutex);
        const double offset_s = double((u.at - *start).count()) / 1000 / options.speed;
        const auto due = static_cast<std::int64_t>(std::llround(offset_s * pcm.rate_hz));
        begin = std::max(due, placed_end);
        late = begin > due;
        placed_end = begin + static_cast<std::int64_t>(pcm.samples.size());
      }
      if (wav) {
        wav->write_silence(begin - wav->samples());
        wav->write(pcm.samples);
      }
      Clip clip;
      if (options.mix == SpeechMix::program) {
        clip.start = begin * kMixRate / pcm.rate_hz;
        clip.pcm = resample(pcm.samples, pcm.rate_hz, kMixRate);
        for (float& s : clip.pcm) s *= static_cast<float>(options.speech_gain);
      }
      std::lock_guard<std::mutex> lock(mutex);
      if (!clip.pcm.empty()) {
        // The program audio has already gone past its place: it starts now, not cut.
        if (clip.start < mixed_until) {
          clip.start = mixed_until;
          late = true;
        }
        if (!clips.empty()) clip.start = std::max(clip.start, clips.back().end());
        clips.push_back(std::move(clip));
      }
      ++stats.said;
      if (late) ++stats.late;
      if (wav) stats.written = core::Ms{wav->samples() * 1000 / wav->rate_hz()};
    } catch (const std::exception& e) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        ++stats.failed;
        stats.last_error = e.what();
      }
      // Outside the lock: the render loop's mix_into() takes it every frame.
      core::log::warn(std::string(e.what()) + "; this callout is not said, the next ones are");
    }
  }

  void stop_thread() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stop = true;
    }
    wake.notify_all();
    if (thread.joinable()) thread.join();
  }
};

Speaker::Speaker(SpeakerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Speaker::~Speaker() {
  impl_->stop_thread();
}

bool Speaker::say(std::string text, core::UtcMs at) {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (impl_->finished || impl_->queue.size() >= impl_->options.queue_limit) {
      ++impl_->stats.dropped;
      return false;
    }
    if (!impl_->start) impl_->start = at;
    impl_->queue.push_back({std::move(text), at});
    ++impl_->stats.queued;
  }
  impl_->wake.notify_one();
  return true;
}

void Speaker::drain() {
  std::unique_lock<std::mutex> lock(impl_->mutex);
  impl_->idle.wait(lock, [&] { return impl_->stop || (impl_->queue.empty() && !impl_->busy); });
}

void Speaker::finish(std::optional<core::UtcMs> end) {
  drain();
  std::optional<core::UtcMs> start;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (impl_->finished) return;
    impl_->finished = true;
    start = impl_->start;
  }
  impl_->stop_thread();
  if (!impl_->wav) return;
  if (end && start) {
    const double offset_s = double((*end - *start).count()) / 1000 / impl_->options.speed;
    const auto until = static_cast<std::int64_t>(std::llround(offset_s * impl_->wav->rate_hz()));
    impl_->wav->write_silence(until - impl_->wav->samples());
  }
  impl_->wav->finish();
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->stats.written = core::Ms{impl_->wav->samples() * 1000 / impl_->wav->rate_hz()};
}

void Speaker::mix_into(std::int64_t t0_us, std::span<float> samples, int channels) {
  if (channels <= 0) return;
  Impl& d = *impl_;
  const std::int64_t s0 = t0_us * kMixRate / 1'000'000;
  const auto frames = static_cast<std::int64_t>(samples.size()) / channels;
  const float ramp = static_cast<float>(1.0 / (kDuckRamp_s * kMixRate));
  std::lock_guard<std::mutex> lock(d.mutex);
  d.mixed_until = std::max(d.mixed_until, s0 + frames);
  while (!d.clips.empty() && d.clips.front().end() <= s0) d.clips.pop_front();
  auto clip = d.clips.begin();
  for (std::int64_t i = 0; i < frames; ++i) {
    const std::int64_t t = s0 + i;
    while (clip != d.clips.end() && clip->end() <= t) ++clip;
    const bool speaking = clip != d.clips.end() && clip->start <= t;
    const float target = speaking ? d.duck_gain : 1.f;
    d.gain = d.gain < target ? std::min(target, d.gain + ramp) : std::max(target, d.gain - ramp);
    const float voice = speaking ? clip->pcm[static_cast<std::size_t>(t - clip->start)] : 0.f;
    for (int c = 0; c < channels; ++c) {
      float& s = samples[static_cast<std::size_t>(i * channels + c)];
      s = std::clamp(s * d.gain + voice, -1.f, 1.f);
    }
  }
}

SpeakerStats Speaker::stats() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->stats;
}

const SpeakerOptions& Speaker::options() const {
  return impl_->options;
}

int Speaker::rate_hz() const {
  return impl_->voice.rate_hz();
}

}  // namespace announcer
