// --speak, --speak-file and --speak-mix for `pacecast run`.
#include "speech_service.h"

#include <cstdio>

#include "core/error.h"
#include "core/log.h"

namespace app {

void add_speech_options(CLI::App& cmd, SpeechOptions& o) {
  cmd.add_option("--speak", o.lang,
                 "Speak the announcer's callouts with eSpeak NG in en, ru or kk (off by default;\n"
                 "with --speak-file and/or --speak-mix; docs/announcer.md)")
      ->check(CLI::IsMember({"en", "ru", "kk"}));
  cmd.add_option("--speak-file", o.file,
                 "With --speak: write the callouts to FILE.wav, each at its place from the run's\n"
                 "first frame (race time divided by --speed), silence between");
  cmd.add_flag("--speak-mix", o.mix,
               "With --speak: mix the callouts into the program audio, ducking it while they "
               "play");
}

void check_speech_options(const SpeechOptions& o) {
  if (o.lang.empty()) {
    if (!o.file.empty() || o.mix) {
      throw core::Error("--speak-file/--speak-mix need --speak LANG (en, ru or kk)");
    }
    return;
  }
  if (o.file.empty() && !o.mix) {
    throw core::Error("--speak " + o.lang +
                      ": say where the speech goes: --speak-file out.wav and/or --speak-mix");
  }
}

std::unique_ptr<announcer::Speaker> make_speaker(const SpeechOptions& o,
                                                 std::optional<core::UtcMs> start, double speed) {
  check_speech_options(o);
  if (o.lang.empty()) return nullptr;
  announcer::SpeakerOptions so;
  so.lang = o.lang;
  so.wav_path = o.file;
  so.mix = o.mix ? announcer::SpeechMix::program : announcer::SpeechMix::off;
  so.start = start;
  so.speed = speed > 0 ? speed : 1;
  auto speaker = std::make_unique<announcer::Speaker>(std::move(so));
  core::log::info("speech: callouts in " + o.lang +
                  (o.file.empty() ? std::string() : " to " + o.file) +
                  (o.mix ? " mixed into the program audio" : ""));
  return speaker;
}

void mix_speech(video::PipelineOptions& po, announcer::Speaker& speaker) {
  po.on_audio = [&speaker](std::int64_t t_us, video::AudioBlock& audio) {
    speaker.mix_into(t_us, audio.samples, video::kAudioChannels);
  };
}

void finish_speech(announcer::Speaker& speaker) {
  try {
    speaker.finish();
  } catch (const std::exception& e) {
    const auto& wav = speaker.options().wav_path;
    core::log::error("speech: finishing " +
                     (wav.empty() ? std::string("the speech") : wav.string()) +
                     " failed: " + e.what() + "; the file may end early or lack its header");
  }
  const auto s = speaker.stats();
  std::fprintf(stderr,
               "run: speech %s: %llu said, %llu late, %llu dropped (queue full), %llu failed; "
               "%.1f s written%s%s\n",
               speaker.options().lang.c_str(), static_cast<unsigned long long>(s.said),
               static_cast<unsigned long long>(s.late), static_cast<unsigned long long>(s.dropped),
               static_cast<unsigned long long>(s.failed), double(s.written.count()) / 1000,
               s.last_error.empty() ? "" : "; last error: ", s.last_error.c_str());
}

}  // namespace app
