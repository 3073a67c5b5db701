// A big screen left alone while its feed goes away: `pacecast run --screen 0 --layout
// finish-board --feed ws://…` under a real X server (Xvfb) with a real `pacecast feed-sim`
// on loopback. The simulator is SIGKILLed: the screen keeps drawing (grabbed with ffmpeg's
// x11grab) with the stale-feed badge, and the program keeps going; it is restarted on the same port
// with a later part of the race: the run reconnects by itself, takes the new finishers and the
// board changes. The run's state is read through its control API (status.feed and the race's
// version).
#include <catch2/catch.hpp>

#include <csignal>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "control/http_client.h"
#include "desktop.h"
#include "feed_harness.h"
#include "render/image.h"

namespace screen_feed_test {

using namespace test_process;
using namespace test_desktop;

namespace {

constexpr const char* kToken = "screen-token";
constexpr int kWidth = 1280, kHeight = 720;

nlohmann::json state_of(int port) {
  const auto r = control_test::call(port, "GET", "/api/state", kToken);
  if (!r.answered || r.status != 200) return nlohmann::json::object();
  return nlohmann::json::parse(r.body, nullptr, false);
}

// Polls the run's state until `ok` holds; FAILs naming `what` after `timeout`.
nlohmann::json wait_state(Process& run, int port, const std::function<bool(nlohmann::json)>& ok,
                          const std::string& what, std::chrono::seconds timeout = 40s) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    nlohmann::json s = state_of(port);
    if (s.is_object() && s.contains("status") && ok(s)) return s;
    if (!run.running() || std::chrono::steady_clock::now() > until) {
      INFO(tail(run.err()));
      INFO("last state: " << s.dump().substr(0, 2000));
      FAIL("the run never showed " << what);
    }
    std::this_thread::sleep_for(200ms);
  }
}

// The feed's status (a copy: a missing member reads as null).
nlohmann::json feed_of(nlohmann::json s) {
  return s["status"]["feed"];
}

// The share of pixels that differ between two grabs.
double changed(const render::Image& a, const render::Image& b) {
  std::size_t diff = 0;
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      const std::uint8_t *p = a.pixel(x, y), *q = b.pixel(x, y);
      if (std::abs(p[0] - q[0]) + std::abs(p[1] - q[1]) + std::abs(p[2] - q[2]) > 30) ++diff;
    }
  }
  return double(diff) / double(kWidth * kHeight);
}

// Pixels of the stale-feed badge's amber (#FF9F1C in the default theme) where the finish
// board puts it: the right end of its header (the place numbers below are gold).
long amber(const render::Image& img) {
  long n = 0;
  for (int y = 0; y < 140; ++y) {
    for (int x = kWidth / 2; x < kWidth; ++x) {
      const std::uint8_t* p = img.pixel(x, y);
      n += p[0] > 215 && p[1] > 125 && p[1] < 195 && p[2] < 80 ? 1 : 0;
    }
  }
  return n;
}

}  // namespace

TEST_CASE(
    "run --screen --layout finish-board recovers by itself when the feed goes and comes "
    "back",
    "[run][screen][feed]") {
  const auto dir = scratch_dir("screen-feed-loss");
  Xvfb x(dir, {std::to_string(kWidth) + "x" + std::to_string(kHeight) + "x24"});
  DesktopEnv env(x.display().c_str());
  // A fifth of the Almaty field: the simulator restarts and the run catches up in moments.
  const std::string bundle = feed_harness::small_bundle(dir).string();
  // The feed holds the race up to just after the marathon's first finishers.
  feed_harness::Sim sim =
      feed_harness::start_sim(dir, "sim-1", bundle, {"--from", "08:55:00", "--speed", "1"});
  const int feed_port = sim.port;
  auto run = pacecast({"run",
                       "--race",
                       bundle,
                       "--feed",
                       feed_harness::ws_url(feed_port),
                       "--journal",
                       (dir / "race.journal").string(),
                       "--at",
                       "08:55:00",
                       "--speed",
                       "30",
                       "--input",
                       "test",
                       "--format",
                       "720p25",
                       "--preset",
                       "ultrafast",
                       "--screen",
                       "0",
                       "--layout",
                       "finish-board",
                       "--no-preview",
                       "--duration",
                       "120",
                       "--output",
                       (dir / "program.mp4").string(),
                       "--control",
                       "127.0.0.1:0",
                       "--token",
                       kToken},
                      dir, "run");
  const auto g = run->wait_for_output(R"(control: API on http://127\.0\.0\.1:(\d+))");
  const int port = std::stoi(g[1]);
  run->wait_for_output("screen 0: window 1280×720 on display 0", nullptr, 60s);

  // Connected, with the feed's race in.
  auto s = wait_state(
      *run, port,
      [](nlohmann::json j) {
        return !feed_of(j).is_null() && feed_of(j)["connected"] == true &&
               feed_of(j)["last_seq"] > 0;
      },
      "the feed connected");
  const std::int64_t seq_before = feed_of(s)["last_seq"];
  const std::int64_t version_before = s["race"]["version"];
  std::this_thread::sleep_for(1500ms);  // the board animates in
  const render::Image before = grab(x.display() + ".0", kWidth, kHeight, dir);
  render::write_png(dir / "before.png", before);
  INFO("grabs in " << dir.string());
  CHECK(black_share(before, 0, 0, kWidth, kHeight) < 0.98);  // the board is drawn

  // The feed server dies: the run notices, keeps its program and the screen going.
  sim.process->kill();
  s = wait_state(
      *run, port, [](nlohmann::json j) { return feed_of(j)["connected"] == false; },
      "the feed disconnected");
  const std::int64_t ticks_lost = s["status"]["ticks"];
  CHECK(feed_of(s)["state"] != "connected");
  std::this_thread::sleep_for(1s);
  const render::Image during = grab(x.display() + ".0", kWidth, kHeight, dir);
  render::write_png(dir / "during.png", during);
  CHECK(black_share(during, 0, 0, kWidth, kHeight) < 0.98);  // still the board, not black
  CHECK(amber(during) > amber(before) + 500);                // with the stale badge

  // Back on the same port with the race up to 09:05: more finishers. No one restarts the run.
  sim = feed_harness::start_sim(dir, "sim-2", bundle, {"--from", "09:05:00", "--speed", "1"},
                                feed_port);
  s = wait_state(
      *run, port,
      [&](nlohmann::json j) {
        return feed_of(j)["connected"] == true && feed_of(j)["reconnects"] >= 1 &&
               feed_of(j)["last_seq"] > seq_before && j["race"]["version"] > version_before;
      },
      "the feed reconnected with new events");
  CHECK(s["status"]["ticks"] > ticks_lost + 25);  // the program went on meanwhile
  std::this_thread::sleep_for(2s);                // the new finishers come in on the board
  const render::Image after = grab(x.display() + ".0", kWidth, kHeight, dir);
  render::write_png(dir / "after.png", after);
  CHECK(black_share(after, 0, 0, kWidth, kHeight) < 0.98);
  CHECK(changed(before, after) > 0.002);
  CHECK(amber(after) + 500 < amber(during));  // live again: the badge is gone

  run->signal(SIGINT);
  const int rc = run->wait(60s);
  const std::string err = run->err();
  INFO(tail(err));
  CHECK(rc == 0);
  CHECK(err.find("retrying in") != std::string::npos);  // the client said it would retry
  const auto shown =
      run->all_matches(R"(run: window screen 0 \([^)]*\): ([0-9]+) shown, ([0-9]+) skipped)");
  REQUIRE(shown.size() == 1);
  CHECK(std::stol(shown[0][1]) > 25);  // drawing all along (the count depends on the load)
  sim.process->signal(SIGTERM);
  CHECK(sim.process->wait() == 0);
}

}  // namespace screen_feed_test
