// `pacecast run --control`: the operator's controls drive a running program over real HTTP —
// a take through the API puts its overlay into the encoded output, a correction reaches the
// feed's journal — --director puts graphics on air by itself, and --rundown's items go on
// air one by one with Next.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "control/http_client.h"
#include "feed/journal.h"
#include "process.h"

namespace control_run_test {

using namespace test_process;

namespace {

constexpr const char* kToken = "test-token";

int api_port(Process& p) {
  const auto g = p.wait_for_output(R"(control: API on http://127\.0\.0\.1:(\d+))");
  return std::stoi(g[1]);
}

nlohmann::json api(int port, const std::string& method, const std::string& path,
                   const std::string& body = {}) {
  const auto r = control_test::call(port, method, path, kToken, body);
  INFO(method << " " << path << " → " << r.status << " " << r.body);
  REQUIRE(r.answered);
  REQUIRE(r.status / 100 == 2);
  return nlohmann::json::parse(r.body);
}

// Output frames so far, from the status the run pushes once a second.
std::int64_t ticks(int port) {
  const auto state = api(port, "GET", "/api/state");
  return state["status"].value("ticks", std::int64_t(0));
}

// Pixels with some alpha in the first frame at or after `seconds` of a key/fill file (ffmpeg
// decodes it). By time, not by index: on a loaded machine the key/fill output drops frames
// (counted in the run's summary), and the frames it keeps keep their times.
long covered_pixels(const fs::path& key, double seconds) {
  const std::string cmd = "ffmpeg -hide_banner -loglevel error -nostdin -i '" + key.string() +
                          "' -vf 'select=gte(t\\," + std::to_string(seconds) +
                          ")' -vframes 1 -f rawvideo -pix_fmt rgba -";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  REQUIRE(pipe);
  long covered = 0, bytes = 0;
  unsigned char px[4];
  while (std::fread(px, 1, 4, pipe) == 4) {
    bytes += 4;
    covered += px[3] > 0 ? 1 : 0;
  }
  ::pclose(pipe);
  INFO(key.string() << " at " << seconds << " s");
  REQUIRE(bytes == 1280L * 720 * 4);
  return covered;
}

// Seconds of output at tick `n` of a 25 fps run.
double at_tick(std::int64_t n) {
  return double(n) / 25.0;
}

}  // namespace

TEST_CASE("run --control: a take through the API goes to air; a correction is journaled",
          "[run][control]") {
  const auto dir = scratch_dir("run-control");
  const fs::path key = dir / "key.mov", journal = dir / "race.journal";
  auto p = pacecast(
      {"run",        "--headless", "--race",           "almaty",   "--feed",
       "sim",        "--journal",  journal.string(),   "--at",     "08:00:00",
       "--input",    "test",       "--format",         "720p25",   "--preset",
       "ultrafast",  "--overlay",  "race_clock",       "--output", (dir / "program.mkv").string(),
       "--key-fill", key.string(), "--key-fill-codec", "qtrle",    "--duration",
       "12",         "--control",  "127.0.0.1:0",      "--token",  kToken},
      dir, "control");
  const int port = api_port(*p);

  // Unauthorised requests change nothing.
  CHECK(control_test::call(port, "POST", "/api/overlays", "", R"({"kind":"leaderboard"})").status ==
        401);

  // Past the first 2 s of output, the leaderboard goes on air through the API.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (ticks(port) < 50 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const auto added = api(port, "POST", "/api/overlays", R"({"kind":"leaderboard"})");
  const int id = added["overlay"]["id"];
  const std::int64_t before_take = ticks(port);
  api(port, "POST", "/api/overlays/" + std::to_string(id) + "/take");
  CHECK(api(port, "GET", "/api/overlays/" + std::to_string(id))["overlay"]["state"] == "on_air");

  // A runner marked DNF by the operator.
  api(port, "POST", "/api/corrections", R"({"kind":"status","bib":"1","status":"dnf"})");

  REQUIRE(p->wait(std::chrono::seconds(90)) == 0);
  INFO(tail(p->err()));

  // The key/fill output: the clock alone before the take, the leaderboard with it at the end.
  const long clock_only = covered_pixels(key, at_tick(std::max<std::int64_t>(before_take - 20, 5)));
  const long with_board = covered_pixels(key, 11.5);
  CHECK(clock_only > 1000);
  CHECK(with_board > clock_only + 50'000);

  // The correction is in the feed's journal, under the operator's name.
  auto j = feed::Journal::open_read_only(journal);
  int operator_dnfs = 0;
  j->replay([&](const race::Event& e) {
    if (const auto* s = std::get_if<race::StatusChange>(&e)) {
      operator_dnfs +=
          s->origin.source == "operator" && s->bib == "1" && s->status == race::RunnerStatus::dnf
              ? 1
              : 0;
    }
  });
  CHECK(operator_dnfs == 1);
}

TEST_CASE("run --director: automation takes its graphics on air, logged with the rule",
          "[run][control]") {
  const auto dir = scratch_dir("run-director");
  auto p = pacecast({"run",
                     "--headless",
                     "--race",
                     "almaty",
                     "--at",
                     "08:49:30",
                     "--speed",
                     "30",
                     "--input",
                     "test",
                     "--format",
                     "720p25",
                     "--preset",
                     "ultrafast",
                     "--unpaced",
                     "--duration",
                     "4",
                     "--output",
                     (dir / "program.mkv").string(),
                     "--director",
                     std::string(PACECAST_SOURCE_DIR) + "/assets/director/almaty.toml"},
                    dir, "director");
  REQUIRE(p->wait(std::chrono::seconds(90)) == 0);
  const std::string err = p->err();
  INFO(tail(err));
  // The marathon winner crosses the line at 08:50:24 (2:20:24 after the 06:30 gun).
  CHECK(err.find("[first finisher] first finisher of Marathon: bib 1") != std::string::npos);
  CHECK(err.find("took overlay") != std::string::npos);
}

TEST_CASE("run --rundown: Next through the API puts the item on air, the next replaces it",
          "[run][control][rundown]") {
  const auto dir = scratch_dir("run-rundown");
  const fs::path key = dir / "key.mov", rundown = dir / "show.toml";
  {
    std::ofstream(rundown) << R"([[item]]
title = "Marathon top 10"
show = "leaderboard"
params = { contest = "marathon", rows = 10 }

[[item]]
title = "Half clock"
show = "race_clock"
params = { contest = "half" }
)";
  }
  auto p = pacecast({"run",        "--headless", "--race",           "almaty",
                     "--at",       "08:00:00",   "--input",          "test",
                     "--format",   "720p25",     "--preset",         "ultrafast",
                     "--overlay",  "race_clock", "--output",         (dir / "program.mkv").string(),
                     "--key-fill", key.string(), "--key-fill-codec", "qtrle",
                     "--duration", "12",         "--control",        "127.0.0.1:0",
                     "--token",    kToken,       "--rundown",        rundown.string()},
                    dir, "rundown");
  const int port = api_port(*p);
  const auto state = api(port, "GET", "/api/rundown");
  CHECK(state["rundown"]["size"] == 2);
  CHECK(state["rundown"]["source"] == rundown.string());

  const auto wait_ticks = [&](std::int64_t n) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (ticks(port) < n && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  };
  wait_ticks(50);
  const std::int64_t before_next = ticks(port);
  auto r = api(port, "POST", "/api/rundown/next");
  CHECK(r["taken"] == 0);
  CHECK(r["rundown"]["on_air"] == 0);
  const int slot = r["rundown"]["slot"];
  wait_ticks(before_next + 75);  // 3 s of output with the board
  const std::int64_t before_second = ticks(port);
  r = api(port, "POST", "/api/rundown/next");
  CHECK(r["taken"] == 1);
  CHECK(r["rundown"]["slot"] == slot);
  const auto overlay = api(port, "GET", "/api/overlays/" + std::to_string(slot))["overlay"];
  CHECK(overlay["kind"] == "race_clock");
  CHECK(overlay["by"] == "api");
  const auto end = control_test::call(port, "POST", "/api/rundown/next", kToken);
  CHECK(end.status == 409);

  REQUIRE(p->wait(std::chrono::seconds(90)) == 0);
  const std::string err = p->err();
  INFO(tail(err));
  CHECK(err.find("rundown: 2 items from " + rundown.string()) != std::string::npos);
  CHECK(err.find("api: rundown: took item 0 of 2 (Marathon top 10)") != std::string::npos);
  // The key/fill output: the clock alone before Next, the board with it after, and the board
  // gone once the next item (a second clock, drawn where the first is) replaced it.
  const long clock_only = covered_pixels(key, at_tick(std::max<std::int64_t>(before_next - 20, 5)));
  const long with_board = covered_pixels(key, at_tick(before_second - 10));
  const long replaced = covered_pixels(key, 11.5);
  CHECK(clock_only > 1000);
  CHECK(with_board > clock_only + 50'000);
  CHECK(replaced < with_board - 40'000);  // the board went out
  CHECK(replaced >= clock_only);          // the half's clock came in (over the marathon's)
}

TEST_CASE("run --rundown: a rundown that does not parse stops the run naming FILE:LINE",
          "[run][control][rundown]") {
  const auto dir = scratch_dir("run-rundown-errors");
  const fs::path bad = dir / "bad.toml", config = dir / "run.toml";
  std::ofstream(bad) << "[[item]]\ntitle = \"Clock\"\nshow = \"race_clok\"\n";
  std::ofstream(config) << "rundown = \"" + bad.string() + "\"\n";
  const std::vector<std::vector<std::string>> cases = {{"--rundown", bad.string()},
                                                       {"--config", config.string()}};
  int i = 0;
  for (const auto& extra : cases) {
    std::vector<std::string> args{"run",        "--headless", "--input",  "test",
                                  "--duration", "5",          "--output", (dir / "x.mp4").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    auto p = pacecast(args, dir, "case" + std::to_string(i++));
    const int rc = p->wait(std::chrono::seconds(60));
    const std::string err = p->err();
    INFO(tail(err));
    CHECK(rc != 0);
    CHECK(err.find(bad.string() + ":3") != std::string::npos);
    CHECK(err.find("race_clok") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "x.mp4"));
  }
}

}  // namespace control_run_test
