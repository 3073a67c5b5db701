// `pacecast run --speak`: spoken callouts are off by default, refuse incomplete or unknown
// options with what to do, and with the announcer, a file and the mix on, a run says the
// welcome at the half marathon's gun into a playable WAV file and prints its summary line.
#include <catch2/catch.hpp>

#include "process.h"

namespace speak_run_test {

using namespace test_process;

namespace {

struct Run {
  int rc = 0;
  std::string err;
};

Run run(std::vector<std::string> args, const fs::path& dir, const std::string& name) {
  std::vector<std::string> all{"run",      "--headless", "--input",    "test", "--format", "720p25",
                               "--preset", "ultrafast",  "--duration", "1",    "--unpaced"};
  all.insert(all.end(), args.begin(), args.end());
  auto p = pacecast(all, dir, name);
  Run r;
  r.rc = p->wait(std::chrono::seconds(120));
  r.err = p->err();
  return r;
}

}  // namespace

TEST_CASE("run --speak: refused without a destination or with an unknown language", "[run]") {
  const auto dir = scratch_dir("speak-errors");
  const std::string out = (dir / "x.mp4").string();
  Run r = run({"--output", out, "--speak", "ru"}, dir, "nowhere");
  CHECK(r.rc != 0);
  CHECK_THAT(r.err, Catch::Contains("--speak-file out.wav and/or --speak-mix"));
  r = run({"--output", out, "--speak", "de", "--speak-mix"}, dir, "german");
  CHECK(r.rc != 0);
  CHECK_THAT(r.err, Catch::Contains("en,ru,kk"));
  r = run({"--output", out, "--speak-file", (dir / "s.wav").string()}, dir, "nolang");
  CHECK(r.rc != 0);
  CHECK_THAT(r.err, Catch::Contains("need --speak LANG"));
}

TEST_CASE("run --speak: a run with the file and the mix finishes with a WAV file", "[run]") {
  const auto dir = scratch_dir("speak-run");
  const Run off = run({"--output", (dir / "plain.mp4").string()}, dir, "off");
  REQUIRE(off.rc == 0);
  CHECK_THAT(off.err, !Catch::Contains("run: speech"));  // off by default

  Run r = run({"--output", (dir / "x.mp4").string(), "--speak", "en", "--speak-mix"}, dir,
              "no-announcer");
  CHECK(r.rc != 0);
  CHECK_THAT(r.err, Catch::Contains("add --announcer HOST:PORT"));

  // A replay across the half marathon's gun (07:20:00): the announcer's welcome is said.
  const fs::path wav = dir / "callouts.wav";
  auto p = pacecast({"run",          "--headless",
                     "--race",       "almaty",
                     "--at",         "07:19:56",
                     "--speed",      "2",
                     "--input",      "test",
                     "--format",     "720p25",
                     "--preset",     "ultrafast",
                     "--duration",   "8",
                     "--output",     (dir / "program.mp4").string(),
                     "--announcer",  "127.0.0.1:0",
                     "--speak",      "kk",
                     "--speak-file", wav.string(),
                     "--speak-mix"},
                    dir, "on");
  r.rc = p->wait(std::chrono::seconds(120));
  r.err = p->err();
  INFO(tail(r.err));
  REQUIRE(r.rc == 0);
  CHECK_THAT(r.err, Catch::Contains("announcer: [welcome]"));
  CHECK_THAT(r.err, Catch::Contains("run: speech kk: 1 said"));
  REQUIRE(fs::exists(wav));
  const std::string bytes = read_file(wav);
  CHECK(bytes.substr(0, 4) == "RIFF");
  CHECK(bytes.substr(8, 8) == "WAVEfmt ");
  CHECK(bytes.size() > 44 + 22050);  // at least half a second of speech
  // The file's zero is the first frame (07:19:56): the welcome, said at the gun (07:20:00)
  // at speed 2, starts 2 s in; the first 1.5 s are silence.
  const auto sample = [&](std::size_t i) {
    return static_cast<std::int16_t>(static_cast<unsigned char>(bytes[44 + 2 * i]) |
                                     (static_cast<unsigned char>(bytes[45 + 2 * i]) << 8));
  };
  const std::size_t lead = 22050 * 3 / 2, total = (bytes.size() - 44) / 2;
  REQUIRE(total > lead);
  int loud_before = 0, loud_after = 0;
  for (std::size_t i = 0; i < total; ++i) (i < lead ? loud_before : loud_after) += sample(i) != 0;
  CHECK(loud_before == 0);
  CHECK(loud_after > 1000);
}

}  // namespace speak_run_test
