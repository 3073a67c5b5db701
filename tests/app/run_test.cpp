// `pacecast run`: the main job from the command line: its errors, a short offline render
// of the sample race over the test background, and a clean stop on Ctrl-C.
#include <catch2/catch.hpp>

#include "process.h"

namespace run_test {

using namespace test_process;

namespace {

struct Run {
  int rc = 0;
  std::string out, err;
};

Run run(const std::vector<std::string>& args, const fs::path& dir, const std::string& name,
        std::chrono::seconds limit = std::chrono::seconds(120)) {
  // --headless: no preview window pops up on a developer's desktop (screen_test.cpp has
  // the windows).
  std::vector<std::string> all{"run", "--headless"};
  all.insert(all.end(), args.begin(), args.end());
  auto p = pacecast(all, dir, name);
  Run r;
  r.rc = p->wait(limit);
  r.out = read_file(dir / (name + ".out"));
  r.err = read_file(dir / (name + ".err"));
  return r;
}

}  // namespace

TEST_CASE("run refuses bad options with a message saying what to do", "[run]") {
  const auto dir = scratch_dir("run-errors");
  const std::string out = (dir / "x.mp4").string();
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--duration", "1"}, "no --output"},
      {{"--format", "1080i50", "--output", out}, "1080p50"},
      {{"--input", "/nonexistent/clip.mp4", "--output", out}, "no such file"},
      {{"--output", (dir / "x.avi").string()}, "unknown file type"},
      {{"--output", "ftp://example.org/x"}, "unsupported URL scheme"},
      {{"--output", "/nonexistent-dir/x.mp4"}, "cannot create the file"},
      {{"--encoder", "h264_nothing", "--output", out}, "libx264"},
      {{"--overlay", "scoreboard", "--output", out}, "scoreboard: no such overlay"},
      {{"--at", "25:99", "--output", out}, "--at"},
      {{"--speed", "0", "--output", out}, "--speed"},
      {{"--key-fill", (dir / "k.mp4").string(), "--output", out}, ".mov"},
  };
  int i = 0;
  for (const auto& c : cases) {
    INFO(join(c.args));
    const Run r = run(c.args, dir, "case" + std::to_string(i++), std::chrono::seconds(60));
    CHECK(r.rc != 0);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK(r.err.size() < 2000);  // one clear message, not a dump
  }
}

TEST_CASE("run renders the sample race over the test background to a file", "[run][video]") {
  const auto dir = scratch_dir("run-file");
  const std::string out = (dir / "program.mkv").string();
  const std::string key = (dir / "key.mov").string();
  const Run r = run(
      {"--format", "720p25", "--at", "09:40:00", "--speed", "30", "--duration", "4", "--unpaced",
       "--preset", "ultrafast", "--output", out, "--key-fill", key, "--key-fill-codec", "qtrle"},
      dir, "render");
  INFO(tail(r.err));
  REQUIRE(r.rc == 0);
  CHECK(fs::file_size(out) > 100'000);
  CHECK(fs::file_size(key) > 10'000);
  CHECK(r.err.find("run: 100 frames, 100 encoded, 0 dropped") != std::string::npos);
  CHECK(r.err.find("output " + out + ": finished") != std::string::npos);
}

TEST_CASE("run stops cleanly on Ctrl-C and leaves a finished file", "[run][video]") {
  const auto dir = scratch_dir("run-stop");
  const std::string out = (dir / "program.mp4").string();
  auto p = pacecast(
      {"run", "--headless", "--format", "720p25", "--preset", "ultrafast", "--output", out}, dir,
      "stop");
  // Paced, no duration: it runs until told; give it a couple of seconds of output first.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < until &&
         (!fs::exists(out) || fs::file_size(out) < 50'000)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  p->signal(SIGINT);
  const int rc = p->wait(std::chrono::seconds(30));
  const std::string err = read_file(dir / "stop.err");
  INFO(tail(err));
  CHECK(rc == 0);
  CHECK(err.find("output " + out + ": finished") != std::string::npos);
}

}  // namespace run_test
