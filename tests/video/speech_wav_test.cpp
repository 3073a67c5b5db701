// Spoken callouts as any player sees them: the WAV file opened and decoded with libavformat
// (one mono stream at eSpeak NG's rate, the run's length, speech only at the callouts), and
// the speech mixed into a real pipeline's program audio over the test input's tone.
#include <catch2/catch.hpp>

#include <cmath>

#include "announcer/speaker.h"
#include "media_file.h"
#include "video/pipeline.h"

namespace speech_wav_test {

namespace {

const core::UtcMs kT0{core::Ms{1'759'031'700'000}};

// Amplitude of the 1 kHz component (the test input's beep) in samples [from, to).
double tone_amplitude(const std::vector<float>& s, std::size_t from, std::size_t to, int rate) {
  double re = 0, im = 0;
  for (std::size_t i = from; i < to && i < s.size(); ++i) {
    const double ph = 2 * 3.14159265358979 * 1000 * double(i) / rate;
    re += s[i] * std::cos(ph);
    im += s[i] * std::sin(ph);
  }
  return 2 * std::sqrt(re * re + im * im) / double(to - from);
}

double rms_of(const std::vector<float>& s, std::size_t from, std::size_t to) {
  double sum = 0;
  for (std::size_t i = from; i < to && i < s.size(); ++i) sum += double(s[i]) * s[i];
  return std::sqrt(sum / double(to - from));
}

}  // namespace

TEST_CASE("speech: the callouts' WAV file opens with libavformat at its rate and length",
          "[speech]") {
  const auto dir = test_media::scratch("speech-wav");
  const auto path = dir / "callouts.wav";
  {
    announcer::Speaker speaker({.lang = "en", .wav_path = path, .start = kT0});
    speaker.say("New leader at thirty kilometres", kT0 + core::Ms{2000});
    speaker.say("First woman home", kT0 + core::Ms{7000});
    speaker.finish(kT0 + core::Ms{10'000});
  }
  test_media::MediaFile file(path.string());
  REQUIRE(file.audio() >= 0);
  CHECK(file.video() < 0);
  const AVStream* s = file.stream(file.audio());
  CHECK(s->codecpar->sample_rate == 22050);
  CHECK(s->codecpar->ch_layout.nb_channels == 1);
  CHECK(s->codecpar->codec_id == AV_CODEC_ID_PCM_S16LE);

  std::vector<std::int16_t> pcm;
  file.decode(file.audio(), [&](const AVFrame& f) {
    const auto* d = reinterpret_cast<const std::int16_t*>(f.data[0]);
    pcm.insert(pcm.end(), d, d + f.nb_samples);
  });
  CHECK(pcm.size() == 10 * 22050);  // the run's ten seconds
  auto loud = [&](double from_s, double to_s) {
    double sum = 0;
    const auto a = std::size_t(from_s * 22050), b = std::size_t(to_s * 22050);
    for (auto i = a; i < b && i < pcm.size(); ++i) sum += double(pcm[i]) * pcm[i];
    return std::sqrt(sum / double(b - a));
  };
  CHECK(loud(0, 1.99) == 0);
  CHECK(loud(2.0, 3.0) > 300);
  CHECK(loud(5.5, 6.99) == 0);
  CHECK(loud(7.0, 8.0) > 300);
  CHECK(loud(9.5, 10) == 0);
}

TEST_CASE("speech: mixed into a pipeline's program audio, the tone ducked while it plays",
          "[speech][video]") {
  const auto dir = test_media::scratch("speech-mix");
  announcer::Speaker speaker(
      {.lang = "en", .mix = announcer::SpeechMix::program, .start = kT0, .duck_db = -20});
  speaker.say("New leader at thirty kilometres, Eliud Kipchoge", kT0 + core::Ms{1200});
  speaker.drain();
  video::PipelineOptions o;
  o.format = *video::find_format("720p25");
  o.outputs = {(dir / "program.mkv").string()};
  o.encoder.preset = "ultrafast";
  o.duration_s = 7;
  o.unpaced = true;
  o.on_audio = [&](std::int64_t t_us, video::AudioBlock& a) {
    speaker.mix_into(t_us, a.samples, video::kAudioChannels);
  };
  {
    video::Pipeline pipeline(o, {});
    pipeline.run();
  }
  test_media::MediaFile file((dir / "program.mkv").string());
  REQUIRE(file.audio() >= 0);
  std::vector<float> left;
  file.decode(file.audio(), [&](const AVFrame& f) {
    if (f.format != AV_SAMPLE_FMT_FLTP) return;  // AAC decodes to planar float
    const auto* d = reinterpret_cast<const float*>(f.data[0]);
    left.insert(left.end(), d, d + f.nb_samples);
  });
  constexpr int kRate = 48'000;
  REQUIRE(left.size() >= std::size_t(6.5 * kRate));
  auto at = [](double s) { return std::size_t(s * kRate); };
  // The beep (first 100 ms of each second) at full level before and after the callout,
  // 20 dB down while it plays (about 3 s of speech from 1.2 s).
  const double before = tone_amplitude(left, at(0.02), at(0.08), kRate);
  const double during = tone_amplitude(left, at(2.02), at(2.08), kRate);
  const double after = tone_amplitude(left, at(6.02), at(6.08), kRate);
  INFO("1 kHz amplitude before " << before << ", during " << during << ", after " << after);
  CHECK(before > 0.05);
  CHECK(during < before * 0.4);
  CHECK(after > before * 0.8);
  // Silence between beeps before the callout; speech where it was said.
  CHECK(rms_of(left, at(0.3), at(0.9)) < 0.005);
  CHECK(rms_of(left, at(1.3), at(1.9)) > 0.02);
  const auto st = speaker.stats();
  CHECK(st.said == 1);
}

}  // namespace speech_wav_test
