// `pacecast run --control`: the operator's controls drive a running program over real HTTP —
// a take through the API puts its overlay into the encoded output, a correction reaches the
// feed's journal — and --director puts graphics on air by itself.
#include <catch2/catch.hpp>
#include <cstdio>
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

// Pixels with some alpha in frame `n` of a key/fill file (ffmpeg decodes it).
long covered_pixels(const fs::path& key, int n) {
  const std::string cmd = "ffmpeg -hide_banner -loglevel error -nostdin -i '" + key.string() +
                          "' -vf 'select=eq(n\\," + std::to_string(n) +
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
  REQUIRE(bytes == 1280L * 720 * 4);
  return covered;
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
  const long clock_only = covered_pixels(key, int(std::max<std::int64_t>(before_take - 20, 5)));
  const long with_board = covered_pixels(key, 295);
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

}  // namespace control_run_test
