// `pacecast run` fed live: the embedded simulator on a loopback WebSocket (--feed sim), and
// a separate `pacecast feed-sim` process with a journal that a second run resumes from.
// The run's summary must show the feed's events accepted and the data latency measured;
// the program file must have every frame.
#include <catch2/catch.hpp>
#include <regex>

#include "feed_harness.h"

namespace run_feed_test {

using namespace test_process;

namespace {

struct Result {
  int rc = 0;
  std::string err;
};

Result run_pacecast(const std::vector<std::string>& args, const fs::path& dir,
                    const std::string& name) {
  std::vector<std::string> all{"run", "--format", "720p25", "--preset", "ultrafast"};
  all.insert(all.end(), args.begin(), args.end());
  auto p = pacecast(all, dir, name);
  Result r;
  r.rc = p->wait(std::chrono::seconds(120));
  r.err = read_file(dir / (name + ".err"));
  return r;
}

// The number after `label` in the summary line that starts with `prefix`.
long long number_after(const std::string& text, const std::string& prefix,
                       const std::string& label) {
  const std::regex re(prefix + R"re([^\n]*?(\d+) )re" + label);
  std::smatch m;
  if (!std::regex_search(text, m, re)) return -1;
  return std::stoll(m[1]);
}

}  // namespace

TEST_CASE("run --feed sim: the race comes over a loopback websocket, latency is measured",
          "[run][video][feed]") {
  const auto dir = scratch_dir("run-feed-sim");
  const std::string out = (dir / "program.mp4").string();
  const Result r =
      run_pacecast({"--feed", "sim", "--at", "09:40:00", "--speed", "60", "--duration", "4",
                    "--overlay", "race_clock,leaderboard,ticker", "--output", out},
                   dir, "sim");
  INFO(tail(r.err));
  REQUIRE(r.rc == 0);
  CHECK(r.err.find("the race from the embedded simulator (ws://127.0.0.1:") != std::string::npos);
  CHECK(r.err.find("caught up to seq") != std::string::npos);
  CHECK(r.err.find("run: 100 frames") != std::string::npos);
  // Four seconds at ×60 are four race minutes at 09:40: hundreds of passings arrive live.
  CHECK(number_after(r.err, "run: feed ws://127\\.0\\.0\\.1:\\d+: connected", "events accepted") >
        1000);
  const long long samples = number_after(r.err, "run: data latency over", "events, from arrival");
  CHECK(samples > 100);
  CHECK(r.err.find("run: feed") < r.err.find("run: data latency"));
}

TEST_CASE("run --feed ws:// journals the feed, and a second run resumes from the journal",
          "[run][video][feed]") {
  const auto dir = scratch_dir("run-feed-journal");
  auto sim = feed_harness::start_sim(dir, "sim", "almaty", {"--from", "09:40:00", "--speed", "60"});
  const std::string url = "ws://127.0.0.1:" + std::to_string(sim.port);
  const std::string journal = (dir / "race.journal").string();

  const Result no_journal =
      run_pacecast({"--feed", url, "--output", (dir / "x.mp4").string()}, dir, "no-journal");
  CHECK(no_journal.rc != 0);
  CHECK(no_journal.err.find("--feed needs --journal FILE") != std::string::npos);

  const Result first =
      run_pacecast({"--feed", url, "--journal", journal, "--at", "09:40:00", "--speed", "60",
                    "--duration", "2", "--output", (dir / "first.mp4").string()},
                   dir, "first");
  INFO(tail(first.err));
  REQUIRE(first.rc == 0);
  const long long accepted =
      number_after(first.err, "run: feed ws://127\\.0\\.0\\.1:\\d+: connected", "events accepted");
  CHECK(accepted > 1000);

  const Result second =
      run_pacecast({"--feed", url, "--journal", journal, "--at", "09:40:00", "--speed", "60",
                    "--duration", "2", "--output", (dir / "second.mp4").string()},
                   dir, "second");
  INFO(tail(second.err));
  REQUIRE(second.rc == 0);
  // Everything the first run journaled is replayed, not fetched again.
  CHECK(number_after(second.err, "journal " + journal + ":", "event\\(s\\) replayed") >= accepted);
  sim.process->signal(SIGTERM);
  CHECK(sim.process->wait() == 0);
}

TEST_CASE("run --feed to a server that is not there goes on air and says so",
          "[run][video][feed]") {
  const auto dir = scratch_dir("run-feed-absent");
  const std::string out = (dir / "program.mp4").string();
  const Result r = run_pacecast({"--feed", "ws://127.0.0.1:1", "--journal",
                                 (dir / "j.journal").string(), "--duration", "2", "--output", out},
                                dir, "absent");
  INFO(tail(r.err));
  REQUIRE(r.rc == 0);
  CHECK(r.err.find("going on air with what the journal has") != std::string::npos);
  CHECK(r.err.find("run: 50 frames") != std::string::npos);
  CHECK(r.err.find("run: feed ws://127.0.0.1:1: ") != std::string::npos);
}

TEST_CASE("run --config reads the options from a TOML file; the command line wins",
          "[run][video]") {
  const auto dir = scratch_dir("run-config");
  const fs::path config = dir / "run.toml";
  {
    std::ofstream f(config);
    f << "# a rehearsal\nformat = \"720p25\"\nduration = 2\nunpaced = true\n"
      << "overlay = [\"race_clock\", \"leaderboard\"]\noutput = [\"" << (dir / "a.mkv").string()
      << "\", \"" << (dir / "b.ts").string() << "\"]\n";
  }
  auto p = pacecast({"run", "--config", config.string(), "--duration", "1"}, dir, "config");
  REQUIRE(p->wait(std::chrono::seconds(120)) == 0);
  const std::string err = read_file(dir / "config.err");
  INFO(tail(err));
  CHECK(err.find("run: 25 frames, 25 encoded") != std::string::npos);  // --duration 1 won
  CHECK(fs::file_size(dir / "a.mkv") > 10'000);
  CHECK(fs::file_size(dir / "b.ts") > 10'000);

  const fs::path broken = dir / "broken.toml";
  {
    std::ofstream f(broken);
    f << "format = \"720p25\"\nspeeed = 60\n";
  }
  auto q = pacecast({"run", "--config", broken.string(), "--output", (dir / "c.mp4").string()}, dir,
                    "broken");
  CHECK(q->wait(std::chrono::seconds(60)) != 0);
  const std::string berr = read_file(dir / "broken.err");
  INFO(berr);
  CHECK(berr.find("speeed") != std::string::npos);
}

}  // namespace run_feed_test
