// A live input lost mid-stream and back: a real ffmpeg process sends MPEG-TS over UDP, is
// killed, stays away four seconds, and a new process starts (its timestamps start over, or
// jump far ahead). The input is driven by a loop paced at the output frame rate, and what
// each tick showed is told apart by its pixels: the source (a red strip beside a moving
// pattern), the last source picture held, or the test background.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

// Private to the video module: these tests drive an Input directly, tick by tick.
#include "input.h"
#include "rtmp_server.h"
#include "stream_sender.h"
#include "video/media_file.h"
#include "video/pipeline.h"

namespace input_recovery_test {

using namespace video;
using Clock = std::chrono::steady_clock;

namespace {

enum class Shown { invalid, source, held, background, other };

const char* name(Shown s) {
  switch (s) {
    case Shown::source:
      return "source";
    case Shown::held:
      return "held";
    case Shown::background:
      return "background";
    case Shown::other:
      return "other";
    case Shown::invalid:
      break;
  }
  return "invalid";
}

// Tells what a tick's picture is: the test background for its time exactly, else a source
// picture (red strip on the left), new or the same as the last one.
class Classifier {
 public:
  explicit Classifier(const Format& f) { background_.allocate(f.width, f.height); }

  Shown classify(const Picture& p) {
    draw_test_picture(p.pts_us, background_);
    if (p.y == background_.y && p.u == background_.u && p.v == background_.v) {
      return Shown::background;
    }
    const int cw = p.chroma_width(), ch = p.chroma_height();
    const std::size_t at = std::size_t(ch / 2) * std::size_t(cw) + std::size_t(cw / 16);
    if (p.v[at] < 180 || p.u[at] > 128) return Shown::other;
    const bool fresh = p.y != last_source_y_;
    if (fresh) last_source_y_ = p.y;
    return fresh ? Shown::source : Shown::held;
  }

 private:
  Picture background_;
  std::vector<std::uint8_t> last_source_y_;
};

struct Tick {
  Shown shown = Shown::invalid;
  float audio_peak = 0;
  double call_ms = 0;  // picture() and audio() together
  bool late = false;   // started more than a frame after its deadline
};

// What one run of the scenario recorded; tick indices, -1 when it did not happen.
struct Run {
  std::vector<Tick> ticks;
  int fps = 25;
  std::int64_t first_source = -1, killed = -1, restarted = -1, back = -1;
  InputStats during_outage, at_end;

  std::int64_t last_source_before(std::int64_t end) const {
    for (std::int64_t k = end - 1; k >= 0; --k)
      if (ticks[std::size_t(k)].shown == Shown::source) return k;
    return -1;
  }
  // Ticks in [from, to) that showed `what`.
  std::int64_t count(Shown what, std::int64_t from, std::int64_t to) const {
    std::int64_t n = 0;
    for (std::int64_t k = std::max<std::int64_t>(from, 0);
         k < std::min<std::int64_t>(to, std::int64_t(ticks.size())); ++k)
      n += ticks[std::size_t(k)].shown == what ? 1 : 0;
    return n;
  }
  std::int64_t count_audible(std::int64_t from, std::int64_t to) const {
    std::int64_t n = 0;
    for (std::int64_t k = std::max<std::int64_t>(from, 0);
         k < std::min<std::int64_t>(to, std::int64_t(ticks.size())); ++k)
      n += ticks[std::size_t(k)].audio_peak > 0.05f ? 1 : 0;
    return n;
  }
  // "source 26-102, held 103-140, …": what showed, tick by tick; with `audio`, where the
  // audio was heard instead.
  std::string describe(bool audio = false) const {
    std::string s;
    std::string run;
    std::size_t run_start = 0;
    for (std::size_t k = 0; k <= ticks.size(); ++k) {
      std::string now;
      if (k < ticks.size()) {
        now = audio ? (ticks[k].audio_peak > 0.05f ? "tone" : "silence") : name(ticks[k].shown);
      }
      if (k > 0 && now != run) {
        s += (s.empty() ? "" : ", ") + run + " " + std::to_string(run_start) + "-" +
             std::to_string(k - 1);
        run_start = k;
      }
      run = now;
    }
    return s;
  }
};

// The sender runs until the source has shown for 3 s, is killed, and 4 s later a new one
// starts (`restart_offset_s` ahead on its clock); the loop ends 2.5 s after the source is
// back, or 6 s after the restart without it.
Run lose_and_recover(const std::string& input_url, const std::string& send_url,
                     double restart_offset_s) {
  const Format& f = *find_format("720p25");
  Run run;
  run.fps = 25;
  const std::int64_t s = run.fps;  // ticks per second
  pacecast_test::StreamSender sender(send_url);
  InputOptions o;
  o.spec = input_url;
  o.format = f;
  o.unpaced = false;
  auto input = Input::open(o);
  if (!sender.start()) FAIL(sender.error());

  Classifier classifier(f);
  Picture picture;
  AudioBlock audio;
  const auto epoch = Clock::now();
  for (std::int64_t k = 0;; ++k) {
    const auto deadline = epoch + std::chrono::microseconds(f.pts_us(k));
    std::this_thread::sleep_until(deadline);
    Tick tick;
    const auto t0 = Clock::now();
    tick.late = t0 - deadline > std::chrono::microseconds(f.frame_us());
    input->picture(f.pts_us(k), &picture);
    input->audio(f.pts_us(k), f.pts_us(k + 1), audio);
    tick.call_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    tick.shown = classifier.classify(picture);
    for (float v : audio.samples) tick.audio_peak = std::max(tick.audio_peak, std::abs(v));
    run.ticks.push_back(tick);

    if (run.first_source < 0) {
      if (tick.shown == Shown::source) run.first_source = k;
      if (k > 10 * s) {
        FAIL("the source never showed in 10 s; input: " << input->stats().state << ", "
                                                        << input->stats().last_error
                                                        << "; sender: " << sender.error());
      }
    } else if (run.killed < 0) {
      if (k >= run.first_source + 3 * s) {
        sender.kill();
        run.killed = k;
      }
    } else if (run.restarted < 0) {
      if (k == run.killed + 3 * s + s / 2) run.during_outage = input->stats();
      if (k >= run.killed + 4 * s) {
        if (!sender.start(restart_offset_s)) FAIL(sender.error());
        run.restarted = k;
      }
    } else if (run.back < 0) {
      if (tick.shown == Shown::source) run.back = k;
      if (k >= run.restarted + 6 * s) break;
    } else if (k >= run.back + 5 * s / 2) {
      break;
    }
  }
  run.at_end = input->stats();
  if (!sender.running()) WARN("sender: " << sender.error());
  return run;
}

// What every variant must show: the source, then its last picture held for 2 s, then the
// test background, then the source again within 6 s of the restart, to the end; audio with
// it; no tick ever waited on the input.
void check_loss_and_recovery(const Run& r) {
  const std::int64_t s = r.fps, end = std::int64_t(r.ticks.size());
  const std::int64_t last = r.last_source_before(r.restarted);
  WARN("pictures: " << r.describe());
  WARN("audio: " << r.describe(true));
  WARN("source from tick " << r.first_source << ", sender killed at " << r.killed
                           << ", last source picture at " << last << ", restarted at "
                           << r.restarted << ", back at " << r.back << " ("
                           << double(r.back - r.restarted) / double(s) << " s after)");
  WARN("input during the outage: "
       << r.during_outage.state << " (" << r.during_outage.last_error
       << "); at the end: " << r.at_end.state << ", " << r.at_end.reconnects << " reconnects, "
       << r.at_end.retries << " retries, " << r.at_end.frames << " frames, " << r.at_end.repeated
       << " repeated, " << r.at_end.skipped << " skipped");
  REQUIRE(r.first_source >= 0);
  REQUIRE(r.restarted > r.killed);
  REQUIRE(last > r.first_source);

  // Before the loss: the source, moving (a picture repeats now and then with jitter).
  CHECK(r.count(Shown::background, r.first_source, r.killed) == 0);
  CHECK(r.count(Shown::other, r.first_source, r.killed) == 0);
  CHECK(r.count(Shown::source, r.first_source, r.killed) >= (r.killed - r.first_source) * 7 / 10);
  CHECK(r.count_audible(r.first_source + s / 2, r.killed) >= (r.killed - r.first_source) * 7 / 10);

  // The loss: the last picture arrived around the kill (what was in flight), then holds for
  // 2 s (50 ticks: exact on the output clock) and the test background follows.
  // (MPEG-TS hands over its last picture only when the connection ends: 1 s of silence.)
  CHECK(last >= r.killed - s / 2);
  CHECK(last <= r.killed + 2 * s);
  CHECK(r.count(Shown::background, r.killed, last) == 0);
  CHECK(r.count(Shown::held, last + 1, last + 1 + 2 * s) == 2 * s);
  REQUIRE(r.back > 0);
  CHECK(r.count(Shown::background, last + 1 + 2 * s, r.back) == r.back - (last + 1 + 2 * s));

  // Back within 6 s of the restart, and it stays: no background, moving, with its audio.
  CHECK(r.back - r.restarted <= 6 * s);
  CHECK(r.count(Shown::background, r.back, end) == 0);
  CHECK(r.count(Shown::other, r.back, end) == 0);
  CHECK(r.count(Shown::source, r.back, end) >= (end - r.back) * 7 / 10);
  CHECK(r.count_audible(r.back + s / 2, end) >= (end - r.back - s / 2) * 8 / 10);

  // No tick waited for the input: a blocked call would take the input's 1 s or 5 s timeouts.
  double slowest_ms = 0;
  std::int64_t late = 0;
  for (const Tick& t : r.ticks) {
    slowest_ms = std::max(slowest_ms, t.call_ms);
    late += t.late ? 1 : 0;
  }
  WARN("slowest tick " << slowest_ms << " ms; " << late << " late ticks of " << end);
  CHECK(slowest_ms < 500);
  CHECK(late <= end / 20);
  CHECK(r.at_end.connected);
  CHECK(r.at_end.state == "playing");
}

std::string udp_url(int port, const std::string& query) {
  return "udp://127.0.0.1:" + std::to_string(port) + query;
}

// An output file read back: per video frame, whether it shows the source (its red strip) or
// not; and the first audio channel's samples, in order.
struct Recording {
  std::vector<bool> source;
  std::vector<float> audio;
};

Recording read_back(const std::string& file) {
  Recording r;
  test_media::MediaFile m(file);
  m.decode(m.video(), [&](const AVFrame& f) {
    // V (Cr) in the strip's middle: the red strip about 240, the test background about 105.
    const int x = f.width / 2 / 16, y = f.height / 2 / 2;
    r.source.push_back(f.data[2][std::size_t(y) * std::size_t(f.linesize[2]) + std::size_t(x)] >
                       180);
  });
  REQUIRE(m.audio() >= 0);
  m.decode(m.audio(), [&](const AVFrame& f) {
    if (f.format != AV_SAMPLE_FMT_FLTP) return;  // AAC decodes to planar float
    const auto* samples = reinterpret_cast<const float*>(f.data[0]);
    r.audio.insert(r.audio.end(), samples, samples + f.nb_samples);
  });
  return r;
}

// A free loopback UDP port for the ffmpeg sender; fails the test when ffmpeg is missing.
int sender_port() {
  if (const std::string missing = pacecast_test::ffmpeg_missing(); !missing.empty()) {
    FAIL(missing << " (scripts/install-deps installs it)");
  }
  const int port = pacecast_test::free_loopback_port(pacecast_test::PortKind::udp);
  REQUIRE(port > 0);
  return port;
}

}  // namespace

TEST_CASE("input: a live source killed mid-stream is held, then replaced, then back on reconnect",
          "[video][input][network]") {
  const int port = sender_port();
  // A second of silence ends the connection: the input closes it and reconnects, and the
  // new process's timestamps start over from its own origin.
  const Run r =
      lose_and_recover(udp_url(port, "?timeout=1000000"), udp_url(port, "?pkt_size=1316"), 0);
  check_loss_and_recovery(r);
  CHECK(r.during_outage.state.starts_with("lost"));
  CHECK_FALSE(r.during_outage.connected);
  CHECK_FALSE(r.during_outage.last_error.empty());
  CHECK(r.at_end.reconnects == 1);
  CHECK(r.at_end.retries >= 1);
}

TEST_CASE("input: a live source whose clock jumps far ahead mid-connection is shown at once",
          "[video][input][network]") {
  const int port = sender_port();
  // The connection outlives the outage (10 s timeout): the new process's stream arrives on
  // it with timestamps 100 s ahead of the old one.
  const Run r =
      lose_and_recover(udp_url(port, "?timeout=10000000"), udp_url(port, "?pkt_size=1316"), 100);
  check_loss_and_recovery(r);
  CHECK(r.during_outage.state == "playing; no picture, test background");
  CHECK(r.at_end.reconnects == 0);
  CHECK(r.at_end.retries == 0);
}

TEST_CASE("input: the program keeps every frame while its live source dies and comes back",
          "[video][input][network]") {
  const int port = sender_port();
  const auto dir = test_media::scratch("input-recovery-pipeline");
  const std::string file = (dir / "program.mkv").string();
  PipelineOptions o;
  o.input = udp_url(port, "?timeout=1000000");
  o.format = *find_format("720p25");
  o.outputs = {file};
  o.encoder.preset = "ultrafast";
  o.encoder.bitrate_kbps = 2000;
  o.duration_s = 13;
  o.encode_queue = 25;  // a 2-core machine also runs the sender: absorb its hiccups
  pacecast_test::StreamSender sender(udp_url(port, "?pkt_size=1316"));
  Pipeline pipeline(o, nullptr);
  const auto t0 = Clock::now();
  if (!sender.start()) FAIL(sender.error());
  std::thread running([&] { pipeline.run(); });
  std::this_thread::sleep_until(t0 + std::chrono::milliseconds(4500));
  sender.kill();
  std::this_thread::sleep_until(t0 + std::chrono::milliseconds(8500));
  const bool restarted = sender.start();
  running.join();
  REQUIRE(restarted);
  const PipelineStats s = pipeline.stats();
  WARN("pipeline: " << s.ticks << " ticks, " << s.encoded << " encoded, " << s.dropped
                    << " dropped, " << s.late << " late; input " << s.input.state << ", "
                    << s.input.reconnects << " reconnects, " << s.input.retries << " retries");
  CHECK(s.ticks == 325);
  CHECK(s.dropped == 0);
  CHECK(s.late <= 325 / 20);
  CHECK(s.input.reconnects == 1);
  CHECK(s.input.retries >= 1);

  const Recording r = read_back(file);
  std::string runs;
  for (std::size_t k = 0; k < r.source.size(); ++k) {
    if (k == 0 || r.source[k] != r.source[k - 1]) {
      runs +=
          (k ? " " : "") + std::string(r.source[k] ? "source@" : "background@") + std::to_string(k);
    }
  }
  WARN("recorded: " << r.source.size() << " frames: " << runs);
  CHECK(r.source.size() == 325);
  // Source, then the test background standing in, then the source again to the end.
  const auto first = std::find(r.source.begin(), r.source.end(), true);
  const auto gap = std::find(first, r.source.end(), false);
  const auto again = std::find(gap, r.source.end(), true);
  REQUIRE(again != r.source.end());
  CHECK(gap - first >= 50);  // 2 s and more of the source before the kill
  CHECK(again - gap >= 25);  // the test background for a second at least
  CHECK(std::find(again, r.source.end(), false) == r.source.end());
  CHECK(r.source.end() - again >= 25);
  // The source's tone in the last second and a half, 40 ms at a time.
  const std::size_t window = 1920, windows = 36;
  REQUIRE(r.audio.size() >= window * windows);
  int audible = 0;
  for (std::size_t w = 0; w < windows; ++w) {
    const auto from = r.audio.end() - std::ptrdiff_t(window * (w + 1));
    float peak = 0;
    for (auto it = from; it != from + std::ptrdiff_t(window); ++it)
      peak = std::max(peak, std::abs(*it));
    audible += peak > 0.05f ? 1 : 0;
  }
  CHECK(audible >= int(windows) * 8 / 10);
  std::filesystem::remove_all(dir);
}

}  // namespace input_recovery_test
