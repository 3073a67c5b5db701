// Spoken callouts with the real eSpeak NG: sentences in English, Russian and Kazakh become
// speech of a plausible length; the speaker places callouts on a timeline in a WAV file with
// silence between; say() never waits (a full queue drops and counts); the mix adds speech
// to the programme and ducks it.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "announcer/speaker.h"
#include "announcer/voice.h"
#include "core/error.h"

namespace speech_test {

namespace fs = std::filesystem;

namespace {

const core::UtcMs kT0{core::Ms{1'759'031'700'000}};

core::UtcMs at_s(double s) {
  return kT0 + core::Ms{static_cast<std::int64_t>(s * 1000)};
}

double rms(std::span<const std::int16_t> s) {
  if (s.empty()) return 0;
  double sum = 0;
  for (const auto v : s) sum += double(v) * double(v);
  return std::sqrt(sum / double(s.size()));
}

fs::path scratch(const std::string& name) {
  const auto dir = fs::temp_directory_path() / ("pacecast-speech-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

struct Wav {
  int rate_hz = 0, channels = 0, bits = 0;
  std::vector<std::int16_t> samples;
  // Samples in [from_s, to_s).
  std::span<const std::int16_t> span(double from_s, double to_s) const {
    const auto a = std::min(samples.size(), std::size_t(from_s * rate_hz));
    const auto b = std::min(samples.size(), std::size_t(to_s * rate_hz));
    return {samples.data() + a, b - a};
  }
};

// Reads the file as written (a 44-byte RIFF header, then PCM), checking the header's sizes.
Wav read_wav(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> b((std::istreambuf_iterator<char>(in)), {});
  REQUIRE(b.size() >= 44);
  auto u32 = [&](std::size_t o) {
    return std::uint32_t(b[o]) | std::uint32_t(b[o + 1]) << 8 | std::uint32_t(b[o + 2]) << 16 |
           std::uint32_t(b[o + 3]) << 24;
  };
  auto u16 = [&](std::size_t o) { return int(b[o]) | int(b[o + 1]) << 8; };
  REQUIRE(std::memcmp(b.data(), "RIFF", 4) == 0);
  REQUIRE(std::memcmp(b.data() + 8, "WAVEfmt ", 8) == 0);
  REQUIRE(std::memcmp(b.data() + 36, "data", 4) == 0);
  CHECK(u32(4) == b.size() - 8);
  CHECK(u32(40) == b.size() - 44);
  Wav w;
  w.channels = u16(22);
  w.rate_hz = int(u32(24));
  w.bits = u16(34);
  w.samples.resize((b.size() - 44) / 2);
  for (std::size_t i = 0; i < w.samples.size(); ++i)
    w.samples[i] = std::int16_t(std::uint16_t(u16(44 + 2 * i)));
  return w;
}

}  // namespace

TEST_CASE("speech: English, Russian and Kazakh sentences become speech of a plausible length",
          "[speech]") {
  const std::pair<const char*, const char*> sentences[] = {
      {"en", "New leader at thirty kilometres: Eliud Kipchoge."},
      {"ru", "Первая женщина на финише: Анна Иванова, два часа двадцать одна минута."},
      {"kk", "Мәреге бірінші әйел келді: Жанар Сейітқызы."}};
  for (const auto& [lang, text] : sentences) {
    INFO(lang << ": " << text);
    announcer::Voice voice(lang);
    CHECK(voice.rate_hz() == 22050);
    const auto pcm = voice.say(text);
    CHECK(pcm.rate_hz == voice.rate_hz());
    CHECK(pcm.duration() >= core::Ms{500});
    CHECK(pcm.duration() <= core::Ms{10'000});
    CHECK(rms(pcm.samples) > 500);  // speech, not silence (full scale is 32767)
  }
  // A longer sentence takes longer to say.
  announcer::Voice en("en");
  CHECK(en.say("One two three four five six seven eight nine ten").duration() >
        en.say("One").duration() + core::Ms{1000});
}

TEST_CASE("speech: an unknown voice is refused naming the ones to use", "[speech]") {
  CHECK_THROWS_AS(announcer::Voice("xx-nowhere"), core::Error);
  CHECK_THROWS_WITH(announcer::Voice("xx-nowhere"),
                    Catch::Contains("xx-nowhere") && Catch::Contains("en, ru or kk"));
}

TEST_CASE("speaker: callouts sit at their offsets in the WAV file, silence between", "[speech]") {
  const auto dir = scratch("timeline");
  announcer::Speaker speaker({.lang = "ru", .wav_path = dir / "out.wav", .start = kT0});
  CHECK(speaker.say("Новый лидер", at_s(1)));
  CHECK(speaker.say("Первый мужчина на финише", at_s(6)));
  speaker.finish(at_s(12));
  const auto st = speaker.stats();
  CHECK(st.said == 2);
  CHECK(st.late == 0);
  CHECK(st.failed == 0);
  CHECK(st.written == core::Ms{12'000});

  const Wav w = read_wav(dir / "out.wav");
  CHECK(w.rate_hz == 22050);
  CHECK(w.channels == 1);
  CHECK(w.bits == 16);
  CHECK(w.samples.size() == 12 * 22050);
  CHECK(rms(w.span(0, 0.99)) == 0);     // before the first callout
  CHECK(rms(w.span(1.0, 1.8)) > 300);   // the first
  CHECK(rms(w.span(4.5, 5.99)) == 0);   // between them
  CHECK(rms(w.span(6.0, 7.0)) > 300);   // the second
  CHECK(rms(w.span(11.0, 12.0)) == 0);  // padded to the end of the run
  // The first sample of each callout is where it was said (eSpeak NG starts with a few
  // quiet samples, never before its place).
  std::size_t first_loud = 0;
  while (first_loud < w.samples.size() && std::abs(w.samples[first_loud]) < 200) ++first_loud;
  CHECK(first_loud >= 22050);
  CHECK(first_loud < 22050 + 22050 / 2);
}

TEST_CASE("speaker: overlapping callouts follow one another and count as late", "[speech]") {
  const auto dir = scratch("late");
  announcer::Speaker speaker({.lang = "en", .wav_path = dir / "out.wav"});
  // No start given: the first callout's instant is the file's zero.
  speaker.say("The first woman is on Republic Square now", at_s(10));
  speaker.say("And here comes the second", at_s(10.5));
  speaker.finish();
  const auto st = speaker.stats();
  CHECK(st.said == 2);
  CHECK(st.late == 1);
  const Wav w = read_wav(dir / "out.wav");
  CHECK(rms(w.span(0, 0.5)) > 300);
  CHECK(core::Ms{std::int64_t(w.samples.size()) * 1000 / w.rate_hz} == st.written);
  CHECK(st.written > core::Ms{2500});  // both sentences, one after the other
}

TEST_CASE("speaker: say() never waits; a full queue drops and counts", "[speech]") {
  announcer::Speaker speaker({.lang = "en", .queue_limit = 2});
  int refused = 0;
  for (int i = 0; i < 200; ++i) {
    if (!speaker.say("Callout number " + std::to_string(i) + " for the finish line announcers",
                     at_s(i)))
      ++refused;
  }
  speaker.drain();
  const auto st = speaker.stats();
  CHECK(refused > 0);
  CHECK(st.dropped == std::uint64_t(refused));
  CHECK(st.queued + st.dropped == 200);
  CHECK(st.said == st.queued);
  CHECK(st.failed == 0);
  CHECK(st.written == core::Ms{0});  // no file asked for
  speaker.finish();
  CHECK_FALSE(speaker.say("after the end", at_s(300)));
}

TEST_CASE("speaker: the mix adds speech at its place and ducks the programme", "[speech]") {
  announcer::Speaker speaker(
      {.lang = "en", .mix = announcer::SpeechMix::program, .start = kT0, .duck_db = -12});
  speaker.say("Milestone: the one thousandth finisher", at_s(1));
  speaker.drain();
  constexpr int kRate = 48'000, kCh = 2;
  std::vector<float> program(std::size_t(6 * kRate * kCh), 0.5f);
  // The render loop's blocks: 20 ms each.
  const std::size_t block = std::size_t(kRate / 50 * kCh);
  for (std::size_t i = 0; i < program.size(); i += block) {
    const auto t_us = std::int64_t(i / kCh) * 1'000'000 / kRate;
    speaker.mix_into(t_us, std::span(program).subspan(i, std::min(block, program.size() - i)), kCh);
  }
  auto mean_abs_dev = [&](double from_s, double to_s, int ch) {
    double sum = 0;
    std::size_t n = 0;
    for (auto i = std::size_t(from_s * kRate); i < std::size_t(to_s * kRate); ++i, ++n)
      sum += std::abs(program[i * kCh + std::size_t(ch)] - 0.5);
    return sum / double(n);
  };
  CHECK(mean_abs_dev(0, 0.99, 0) == 0);  // untouched before the callout
  // While speaking: ducked by 12 dB (0.5 → 0.126) plus the voice around it.
  double ducked_sum = 0;
  for (auto i = std::size_t(1.3 * kRate); i < std::size_t(1.8 * kRate); ++i)
    ducked_sum += program[i * kCh];
  CHECK(ducked_sum / (0.5 * kRate) < 0.3);
  CHECK(mean_abs_dev(1.3, 1.8, 1) > 0.2);
  for (auto i = std::size_t(1.3 * kRate); i < std::size_t(1.8 * kRate); ++i)
    REQUIRE(program[i * kCh] == program[i * kCh + 1]);  // the same on both channels
  CHECK(mean_abs_dev(5.5, 6.0, 0) == 0);                // back to full level after it
}

TEST_CASE("speaker: a callout due where the program audio has passed starts at once, whole",
          "[speech]") {
  announcer::Speaker speaker({.lang = "en", .mix = announcer::SpeechMix::program, .start = kT0});
  constexpr int kRate = 48'000, kCh = 2;
  std::vector<float> silence(std::size_t(2 * kRate * kCh), 0.f);
  speaker.mix_into(0, silence, kCh);  // the program is at 2 s
  speaker.say("First man home", at_s(0.5));
  speaker.drain();
  std::vector<float> out(std::size_t(3 * kRate * kCh), 0.f);
  speaker.mix_into(2'000'000, out, kCh);
  CHECK(speaker.stats().late == 1);
  // Speech from the first samples of the block: eSpeak NG's first 50 ms are near silence,
  // so look for it within the first quarter second.
  double early = 0;
  for (std::size_t i = 0; i < std::size_t(kRate / 4); ++i) early += std::abs(out[i * kCh]);
  CHECK(early > 1);
  double total = 0;
  for (const float v : out) total += std::abs(v);
  CHECK(total > 100);
}

TEST_CASE("speech: resampling to 48 kHz keeps the length and the level", "[speech]") {
  std::vector<std::int16_t> tone(22050);
  for (std::size_t i = 0; i < tone.size(); ++i)
    tone[i] = std::int16_t(16000 * std::sin(2 * 3.14159265358979 * 440 * double(i) / 22050));
  const auto out = announcer::resample(tone, 22050, 48000);
  CHECK(out.size() == 48000);
  double peak = 0;
  for (const float s : out) peak = std::max(peak, double(std::abs(s)));
  CHECK(peak == Approx(16000.0 / 32768).epsilon(0.02));
}

}  // namespace speech_test
