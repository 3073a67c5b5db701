// Spoken callouts in `pacecast run`: the --speak options, the Speaker they make and its
// hook into the program audio. Owned by run(); the announcer service calls say() from its
// thread, the render loop mixes through the pipeline's on_audio.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "announcer/speaker.h"
#include "video/pipeline.h"

namespace app {

struct SpeechOptions {
  std::string lang;  // --speak en|ru|kk; empty: no speech
  std::string file;  // --speak-file out.wav
  bool mix = false;  // --speak-mix
};

void add_speech_options(CLI::App& cmd, SpeechOptions& o);

// Throws core::Error naming the option at fault (--speak with neither --speak-file nor
// --speak-mix, or either without --speak): called before the race loads.
void check_speech_options(const SpeechOptions& o);

// The speaker for these options, or nullptr when --speak is not given. `start` is the race
// instant of the first frame and `speed` the replay's race seconds per second of video, so
// a callout said with its race instant lands where the video shows it. Throws core::Error
// naming the option at fault (no such voice, a file that cannot be written, --speak with
// neither --speak-file nor --speak-mix).
std::unique_ptr<announcer::Speaker> make_speaker(const SpeechOptions& o,
                                                 std::optional<core::UtcMs> start, double speed);

// Mixes the speaker's callouts into the program audio (48 kHz), ducking it while they play.
void mix_speech(video::PipelineOptions& po, announcer::Speaker& speaker);

// Finishes the file and prints one line of what was said.
void finish_speech(announcer::Speaker& speaker);

}  // namespace app
