// eSpeak NG behind one process-wide lock: started once, synchronous output collected by
// its callback into the PCM of the say() in progress.
#include "announcer/voice.h"

#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <mutex>

#include "core/error.h"

namespace announcer {

namespace {

// --- the following are protected by synth_mutex() ---
int g_rate_hz = 0;                               // 0 until eSpeak NG has started
std::vector<std::int16_t>* g_collect = nullptr;  // the PCM of the say() in progress

std::mutex& synth_mutex() {
  static std::mutex m;
  return m;
}

int collect_samples(short* wav, int count, espeak_EVENT*) {
  if (wav && count > 0 && g_collect) g_collect->insert(g_collect->end(), wav, wav + count);
  return 0;  // 0: go on synthesising
}

// Starts eSpeak NG once (lock held); a failed start is tried again by the next caller.
void start_locked() {
  if (g_rate_hz > 0) return;
  const int rate =
      espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
  if (rate <= 0) {
    throw core::Error("speech: eSpeak NG did not start (espeak_Initialize returned " +
                      std::to_string(rate) +
                      "); install espeak-ng-data (scripts/install-deps) or set ESPEAK_DATA_PATH");
  }
  espeak_SetSynthCallback(collect_samples);
  g_rate_hz = rate;
}

void select_voice_locked(const std::string& lang, int words_per_minute) {
  if (espeak_SetVoiceByName(lang.c_str()) != EE_OK) {
    throw core::Error("speech: eSpeak NG has no voice '" + lang +
                      "'; use en, ru or kk (`espeak-ng --voices` lists them)");
  }
  espeak_SetParameter(espeakRATE, words_per_minute, 0);
}

}  // namespace

core::Ms Pcm::duration() const {
  if (rate_hz <= 0) return core::Ms{0};
  return core::Ms{static_cast<std::int64_t>(samples.size()) * 1000 / rate_hz};
}

Voice::Voice(std::string lang, int words_per_minute)
    : lang_(std::move(lang)),
      words_per_minute_(std::clamp(words_per_minute, espeakRATE_MINIMUM, espeakRATE_MAXIMUM)) {
  std::lock_guard<std::mutex> lock(synth_mutex());
  start_locked();
  select_voice_locked(lang_, words_per_minute_);
  rate_hz_ = g_rate_hz;
}

Pcm Voice::say(std::string_view text) const {
  Pcm pcm;
  pcm.rate_hz = rate_hz_;
  const std::string z(text);  // eSpeak NG reads up to the terminating NUL
  std::lock_guard<std::mutex> lock(synth_mutex());
  select_voice_locked(lang_, words_per_minute_);
  g_collect = &pcm.samples;
  const espeak_ERROR rc = espeak_Synth(z.c_str(), z.size() + 1, 0, POS_CHARACTER, 0,
                                       espeakCHARS_UTF8, nullptr, nullptr);
  espeak_Synchronize();
  g_collect = nullptr;
  if (rc != EE_OK) {
    throw core::Error("speech: eSpeak NG could not say \"" + z.substr(0, 60) + "\" in " + lang_ +
                      " (error " + std::to_string(static_cast<int>(rc)) + ")");
  }
  return pcm;
}

}  // namespace announcer
