// Golden images: one PNG per overlay at 1920×1080 rendered by `pacecast snapshot` (real
// headless GL, llvmpipe in CI) from fixed data — the Almaty sample and the Boston 2015
// bundle — compared with tests/golden/<name>.png within a tolerance. On a mismatch the
// frame and a diff image (differences in red) are written next to the test scratch files.
// PACECAST_UPDATE_GOLDENS=1 rewrites the goldens instead (review them before committing).
#include <catch2/catch.hpp>

#include <cstdlib>

#include "process.h"
#include "render/image.h"

namespace golden_test {

using namespace test_process;

namespace {

// A pixel differs when a channel is more than this far off (anti-aliasing and rounding
// across Mesa versions); a frame fails when more than kMaxDiffering of pixels differ.
constexpr int kChannelTolerance = 24;
constexpr double kMaxDiffering = 0.002;

struct Golden {
  std::string name;
  std::vector<std::string> args;  // after `pacecast snapshot`
};

fs::path golden_dir() {
  return fs::path(PACECAST_SOURCE_DIR) / "tests/golden";
}

// The Boston 2015 bundle, imported once per test run.
const fs::path& boston_bundle() {
  static const fs::path dir = [] {
    const fs::path d = scratch_dir("golden-boston");
    auto p = pacecast(
        {"import", "boston", std::string(PACECAST_TEST_DATA) + "/marathon_results_2015.csv.gz",
         "--out", (d / "bundle").string()},
        d, "import");
    REQUIRE(p->wait() == 0);
    return d / "bundle";
  }();
  return dir;
}

void check_golden(const Golden& g) {
  const fs::path dir = scratch_dir("golden-" + g.name);
  const fs::path actual_path = dir / (g.name + ".png");
  std::vector<std::string> args{"snapshot"};
  args.insert(args.end(), g.args.begin(), g.args.end());
  args.insert(args.end(), {"--out", actual_path.string()});
  auto p = pacecast(args, dir, "snapshot");
  INFO(join(args));
  const int rc = p->wait(std::chrono::seconds(120));
  INFO(p->report());
  REQUIRE(rc == 0);
  const render::Image actual = render::load_png(actual_path);
  CHECK(actual.width == 1920);
  CHECK(actual.height == 1080);

  const fs::path golden_path = golden_dir() / (g.name + ".png");
  if (const char* update = std::getenv("PACECAST_UPDATE_GOLDENS"); update && *update == '1') {
    fs::copy_file(actual_path, golden_path, fs::copy_options::overwrite_existing);
    WARN("golden rewritten: " << golden_path.string());
    return;
  }
  REQUIRE(fs::exists(golden_path));
  const render::Image expected = render::load_png(golden_path);
  const render::ImageDiff diff = render::compare_images(expected, actual, kChannelTolerance);
  const bool ok = diff.differing_fraction() <= kMaxDiffering;
  if (!ok) render::write_png(dir / (g.name + ".diff.png"), diff.diff);
  INFO(g.name << ": " << diff.differing << " of " << diff.pixels
              << " pixels differ (max channel delta " << diff.max_channel_delta
              << "); frame: " << actual_path.string()
              << (ok ? "" : ", diff: " + (dir / (g.name + ".diff.png")).string()));
  CHECK(ok);
}

}  // namespace

TEST_CASE("golden: leaderboard, marathon live at 08:20 (Almaty)", "[golden]") {
  check_golden(
      {"leaderboard",
       {"almaty", "--at", "08:20:00", "--overlay", "leaderboard", "--set", "contest=marathon"}});
}

TEST_CASE("golden: leaderboard, Boston 2015 women at 40K", "[golden]") {
  check_golden({"leaderboard_boston",
                {boston_bundle().string(), "--at", "12:10:00", "--overlay", "leaderboard", "--set",
                 "point=40K", "--set", "scope=gender", "--set", "gender=F"}});
}

TEST_CASE("golden: split card, bib 1 at 08:00 (Almaty)", "[golden]") {
  check_golden(
      {"split_card", {"almaty", "--at", "08:00:00", "--overlay", "split_card", "--set", "bib=1"}});
}

TEST_CASE("golden: record pace, marathon men at 08:10 (Almaty)", "[golden]") {
  check_golden(
      {"record_pace",
       {"almaty", "--at", "08:10:00", "--overlay", "record_pace", "--set", "contest=marathon"}});
}

TEST_CASE("golden: race clock, marathon at 08:10:00 (Almaty)", "[golden]") {
  check_golden(
      {"race_clock",
       {"almaty", "--at", "08:10:00", "--overlay", "race_clock", "--set", "contest=marathon"}});
}

TEST_CASE("golden: lower third, a Kazakh name (Almaty bib 9)", "[golden]") {
  check_golden({"lower_third",
                {"almaty", "--at", "08:10:00", "--overlay", "lower_third", "--set", "bib=9"}});
}

TEST_CASE("golden: finisher ticker at 08:40 (Almaty)", "[golden]") {
  check_golden({"ticker", {"almaty", "--at", "08:40:00", "--overlay", "ticker"}});
}

TEST_CASE("golden: finish board at 08:52 (Almaty)", "[golden]") {
  check_golden({"finish_board", {"almaty", "--at", "08:52:00", "--overlay", "finish_board"}});
}

TEST_CASE("golden: Ekiden board at 08:00 (Almaty)", "[golden]") {
  check_golden({"ekiden_board", {"almaty", "--at", "08:00:00", "--overlay", "ekiden_board"}});
}

TEST_CASE("golden: callout, an English sentence in the high-priority colour", "[golden]") {
  check_golden(
      {"callout_en",
       {"almaty", "--at", "08:40:00", "--overlay", "callout", "--set",
        "text=New leader at 40K: Aibek Sultanaliev, 12 seconds clear", "--set", "priority=high"}});
}

TEST_CASE("golden: callout, a long Russian sentence on two lines", "[golden]") {
  check_golden({"callout_ru",
                {"almaty", "--at", "08:40:00", "--overlay", "callout", "--set", "lang=ru", "--set",
                 "text=Первая женщина на финише марафона: Әйгерім Құрманғазықызы из Алматы, "
                 "2:21:05, новый рекорд трассы на 14 секунд"}});
}

TEST_CASE("golden: the broadcast set over a background, feed stale (Almaty)", "[golden]") {
  check_golden({"broadcast_set",
                {"almaty", "--at", "08:12:00", "--overlay",
                 "race_clock,leaderboard,record_pace,lower_third,ticker", "--set",
                 "race_clock.contest=marathon", "--set", "leaderboard.contest=half", "--set",
                 "record_pace.contest=marathon", "--set", "lower_third.bib=9", "--background",
                 "#24313D", "--stale"}});
}

}  // namespace golden_test
