// `pacecast snapshot`: the command line, its errors, and frames that must be identical
// run to run (animation driven by presentation time only).
#include <catch2/catch.hpp>

#include "process.h"
#include "render/image.h"

namespace snapshot_test {

using namespace test_process;

namespace {

struct Run {
  int rc = 0;
  std::string out, err;
};

Run snapshot(const std::vector<std::string>& args, const fs::path& dir, const std::string& name) {
  std::vector<std::string> all{"snapshot"};
  all.insert(all.end(), args.begin(), args.end());
  auto p = pacecast(all, dir, name);
  Run r;
  r.rc = p->wait(std::chrono::seconds(120));
  r.out = read_file(dir / (name + ".out"));
  r.err = read_file(dir / (name + ".err"));
  return r;
}

}  // namespace

TEST_CASE("snapshot --list names every overlay and its parameters", "[snapshot]") {
  const auto dir = scratch_dir("snapshot-list");
  const Run r = snapshot({"--list"}, dir, "list");
  REQUIRE(r.rc == 0);
  for (const char* kind : {"leaderboard", "split_card", "record_pace", "race_clock", "lower_third",
                           "ticker", "finish_board", "ekiden_board", "callout"}) {
    CHECK(r.out.find(std::string("\n") + kind + "\n") != std::string::npos);
  }
  CHECK(r.out.find("take") != std::string::npos);
  CHECK(r.out.find("bib") != std::string::npos);
}

TEST_CASE("snapshot refuses bad options with a message saying what to do", "[snapshot]") {
  const auto dir = scratch_dir("snapshot-errors");
  const std::string out = (dir / "x.png").string();
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"almaty", "--out", out}, "--overlay is required"},
      {{"almaty", "--overlay", "leaderboard"}, "--out FILE.png is required"},
      {{"almaty", "--overlay", "scoreboard", "--out", out}, "scoreboard: no such overlay"},
      {{"almaty", "--overlay", "leaderboard", "--set", "colour=red", "--out", out},
       "no overlay takes 'colour'"},
      {{"almaty", "--overlay", "leaderboard", "--set", "contest", "--out", out},
       "expected KEY=VALUE"},
      {{"almaty", "--overlay", "leaderboard", "--set", "contest=ultra", "--out", out},
       "contest=ultra"},
      {{"almaty", "--overlay", "split_card", "--set", "bib=999999", "--out", out}, "bib=999999"},
      {{"almaty", "--overlay", "split_card", "--out", out},
       "--overlay split_card: bib is required"},
      {{"almaty", "--overlay", "leaderboard", "--out", (dir / "no-such-dir" / "x.png").string()},
       "does not exist"},
      {{"almaty", "--overlay", "leaderboard", "--size", "10x10", "--out", out}, "--size 10x10"},
      {{"almaty", "--overlay", "leaderboard", "--background", "#GG0000", "--out", out},
       "not a colour"},
      {{"almaty", "--overlay", "leaderboard", "--background", "nope.png", "--out", out},
       "no such file"},
      {{"almaty", "--overlay", "leaderboard", "--at", "25:61", "--out", out}, "--at"},
      {{"almaty", "--overlay", "leaderboard", "--looks", "/nonexistent", "--out", out},
       "is not a directory"},
  };
  int i = 0;
  for (const auto& c : cases) {
    const Run r = snapshot(c.args, dir, "case" + std::to_string(i++));
    INFO(join(c.args) << "\n" << r.err);
    CHECK(r.rc != 0);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK_FALSE(fs::exists(out));
  }
}

TEST_CASE("snapshot: frames at the same presentation time are identical run to run",
          "[snapshot][animation]") {
  const auto dir = scratch_dir("snapshot-determinism");
  // Taken on air 200 ms before --at: every overlay is mid-animation.
  const std::vector<std::string> base{
      "almaty",
      "--at",
      "08:41:00",
      "--overlay",
      "race_clock,leaderboard,record_pace,split_card,lower_third,ticker",
      "--set",
      "take=08:40:59.800",
      "--set",
      "split_card.bib=1",
      "--set",
      "lower_third.bib=9",
      "--size",
      "1280x720"};
  auto args_a = base, args_b = base;
  args_a.insert(args_a.end(), {"--out", (dir / "a.png").string()});
  args_b.insert(args_b.end(), {"--out", (dir / "b.png").string()});
  const Run a = snapshot(args_a, dir, "a");
  const Run b = snapshot(args_b, dir, "b");
  INFO(a.err << b.err);
  REQUIRE(a.rc == 0);
  REQUIRE(b.rc == 0);
  const auto ia = render::load_png(dir / "a.png"), ib = render::load_png(dir / "b.png");
  CHECK(ia.width == 1280);
  CHECK(ia.rgba == ib.rgba);

  // A later frame differs (the animation moves) — the comparison above can fail.
  auto args_c = base;
  args_c[2] = "08:41:00.200";
  args_c.insert(args_c.end(), {"--out", (dir / "c.png").string()});
  const Run c = snapshot(args_c, dir, "c");
  REQUIRE(c.rc == 0);
  CHECK(render::load_png(dir / "c.png").rgba != ia.rgba);
}

TEST_CASE("snapshot: an edited look changes the frame; a broken look is refused", "[snapshot]") {
  const auto dir = scratch_dir("snapshot-looks");
  const std::vector<std::string> base{"almaty", "--at", "08:10:00", "--overlay", "race_clock"};
  auto plain = base;
  plain.insert(plain.end(), {"--out", (dir / "plain.png").string()});
  REQUIRE(snapshot(plain, dir, "plain").rc == 0);

  const fs::path looks = dir / "looks";
  fs::create_directories(looks);
  { std::ofstream(looks / "theme.toml") << "[colors]\npanel = \"#B00020FF\"\n"; }
  auto themed = base;
  themed.insert(themed.end(), {"--looks", looks.string(), "--out", (dir / "themed.png").string()});
  const Run r = snapshot(themed, dir, "themed");
  INFO(r.err);
  REQUIRE(r.rc == 0);
  CHECK(render::load_png(dir / "themed.png").rgba != render::load_png(dir / "plain.png").rgba);

  // A value of the wrong kind: the frame is still drawn, and the log names file and key.
  { std::ofstream(looks / "race_clock.toml") << "label_gap = \"wide\"\n"; }
  auto typo = themed;
  typo.back() = (dir / "typo.png").string();
  const Run rt = snapshot(typo, dir, "typo");
  INFO(rt.err);
  CHECK(rt.rc == 0);
  CHECK(rt.err.find("race_clock.toml: label_gap:") != std::string::npos);

  { std::ofstream(looks / "race_clock.toml") << "size = [\n"; }
  auto broken = themed;
  broken.back() = (dir / "broken.png").string();
  const Run rb = snapshot(broken, dir, "broken");
  CHECK(rb.rc != 0);
  CHECK(rb.err.find("race_clock.toml:") != std::string::npos);
}

}  // namespace snapshot_test
