// Speaker: spoken callouts. say() queues a sentence with the instant it belongs to and
// returns at once; a speech thread synthesises it (Voice) and places it on a timeline from
// the run's start: into a WAV file (silence between callouts) and, when mixing is on, into
// a buffer the program audio takes it from (mix_into: 48 kHz, the programme ducked while a
// callout plays). Owned by the app's run; say(), stats() and mix_into() from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/time.h"

namespace announcer {

enum class SpeechMix : std::uint8_t { invalid, off, program };

struct SpeakerOptions {
  std::string lang = "en";           // en, ru, kk (any eSpeak NG voice name)
  std::filesystem::path wav_path{};  // empty: no file
  SpeechMix mix = SpeechMix::off;    // program: keep the speech for mix_into()
  int words_per_minute = 160;
  std::size_t queue_limit = 8;  // sentences waiting; a full queue drops the new one
  // The timeline's zero (the run's start, on the clock `at` is given in). Unset: the first
  // say()'s `at`.
  std::optional<core::UtcMs> start{};
  // Clock units per second of timeline: a replay at 60× passes race instants with speed 60,
  // so each callout lands where the video shows it.
  double speed = 1;
  double duck_db = -9;       // programme level while a callout plays (mix only)
  double speech_gain = 0.9;  // speech level in the mix, 1 = full scale
};

struct SpeakerStats {
  std::uint64_t queued = 0;   // accepted by say()
  std::uint64_t said = 0;     // synthesised and placed
  std::uint64_t dropped = 0;  // refused by say(): the queue was full
  std::uint64_t late = 0;     // started after their instant (the previous one still played)
  std::uint64_t failed = 0;   // the synthesiser or the file refused them
  core::Ms written{0};        // length of the WAV file so far
  std::string last_error;
};

class Speaker {
 public:
  // Starts eSpeak NG with the language's voice, creates the WAV file and the speech thread.
  // Throws core::Error naming what failed (no such voice, the file cannot be written).
  explicit Speaker(SpeakerOptions options);
  // Stops the speech thread (what is still queued is not said) and closes the file.
  ~Speaker();
  Speaker(const Speaker&) = delete;
  Speaker& operator=(const Speaker&) = delete;

  // Queues `text` to be heard at `at` (or as soon after as the previous callout allows).
  // Never waits for the synthesiser: false when the queue is full (counted as dropped).
  bool say(std::string text, core::UtcMs at);
  // Waits until every queued sentence is placed (end of a run, tests).
  void drain();
  // drain(), then pads the file with silence up to `end` (when given and later than what
  // is written) and closes it. Further say() calls are refused.
  void finish(std::optional<core::UtcMs> end = std::nullopt);

  // Adds the speech due in [t0_us, t0_us + frames) of the timeline (48 kHz, `channels`
  // interleaved) to `samples` and ducks the programme under it. Called by the render
  // loop with the program audio; takes a lock only to look at the prepared clips.
  void mix_into(std::int64_t t0_us, std::span<float> samples, int channels);

  SpeakerStats stats() const;
  const SpeakerOptions& options() const;
  int rate_hz() const;  // the WAV file's rate (the voice's native rate)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Linear-interpolation resampling of 16-bit PCM to float in [-1, 1] at `to_hz`.
std::vector<float> resample(std::span<const std::int16_t> pcm, int from_hz, int to_hz);

}  // namespace announcer
