// Voice: a sentence spoken in one language by eSpeak NG, as 16-bit mono PCM at the
// synthesiser's native rate. eSpeak NG keeps one synthesiser per process (global state):
// every Voice shares it behind one process-wide lock, so say() is safe from any thread but
// serialised; a Speaker calls it from its own speech thread only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace announcer {

struct Pcm {
  int rate_hz = 0;
  std::vector<std::int16_t> samples;  // mono
  core::Ms duration() const;
};

class Voice {
 public:
  // A voice for `lang`: "en", "ru", "kk" or any eSpeak NG voice name (`espeak-ng --voices`),
  // speaking `words_per_minute` (80..450). Starts eSpeak NG on first use. Throws core::Error
  // when eSpeak NG cannot start (its data missing) or has no such voice.
  explicit Voice(std::string lang, int words_per_minute = 160);

  const std::string& lang() const { return lang_; }
  int words_per_minute() const { return words_per_minute_; }
  // The synthesiser's native sample rate (22,050 Hz for eSpeak NG's voices).
  int rate_hz() const { return rate_hz_; }

  // The sentence (UTF-8) as PCM; blocks while it is synthesised (tens of milliseconds for a
  // callout) and while another thread's say() holds the synthesiser. Throws core::Error when
  // eSpeak NG refuses the text.
  Pcm say(std::string_view text) const;

 private:
  std::string lang_;
  int words_per_minute_ = 160;
  int rate_hz_ = 0;
};

}  // namespace announcer
