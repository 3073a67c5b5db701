// `pacecast run` with windows, under a real X server the test starts (Xvfb, no window
// manager): a big screen's own layout full screen on its display, checked by grabbing that
// screen with ffmpeg's x11grab while the run goes on; the preview when there is a display,
// none with --headless or without a display; closing the preview leaves the run going;
// --screen and --layout errors.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "desktop.h"
#include "process.h"
#include "render/image.h"

namespace screen_test {

using namespace test_process;
using namespace test_desktop;

namespace {

// How a grabbed screen compares with a layout drawn alone (transparent, straight alpha).
struct LayoutMatch {
  std::size_t inside = 0, inside_same = 0;     // opaque layout pixels; those shown as drawn
  std::size_t outside = 0, outside_black = 0;  // pixels well away from the layout; black ones
  double inside_share() const { return inside ? double(inside_same) / double(inside) : 0; }
  double outside_share() const { return outside ? double(outside_black) / double(outside) : 0; }
  bool ok() const { return inside > 1000 && inside_share() > 0.9 && outside_share() > 0.99; }
};

LayoutMatch match_layout(const render::Image& shown, const render::Image& layout) {
  constexpr int kMargin = 8;  // text and animation may differ near the layout's edges
  const int w = layout.width, h = layout.height;
  // Pixels within kMargin of anything drawn (a box dilation: rows, then columns).
  std::vector<std::uint8_t> near(std::size_t(w) * std::size_t(h), 0), rows(near.size(), 0);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      if (layout.pixel(x, y)[3] == 0) continue;
      for (int dx = std::max(0, x - kMargin); dx <= std::min(w - 1, x + kMargin); ++dx)
        rows[std::size_t(y) * std::size_t(w) + std::size_t(dx)] = 1;
    }
  }
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      if (!rows[std::size_t(y) * std::size_t(w) + std::size_t(x)]) continue;
      for (int dy = std::max(0, y - kMargin); dy <= std::min(h - 1, y + kMargin); ++dy)
        near[std::size_t(dy) * std::size_t(w) + std::size_t(x)] = 1;
    }
  }
  LayoutMatch m;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const std::uint8_t* s = shown.pixel(x, y);
      const std::uint8_t* l = layout.pixel(x, y);
      if (l[3] == 255) {
        ++m.inside;
        if (std::abs(s[0] - l[0]) <= 48 && std::abs(s[1] - l[1]) <= 48 &&
            std::abs(s[2] - l[2]) <= 48) {
          ++m.inside_same;
        }
      } else if (!near[std::size_t(y) * std::size_t(w) + std::size_t(x)]) {
        ++m.outside;
        if (black(s)) ++m.outside_black;
      }
    }
  }
  return m;
}

// Frames in the first video stream of `file`, counted by ffprobe.
long video_frames(const std::string& file, const fs::path& dir) {
  Process p({require_program("ffprobe", "ffmpeg"), "-v", "error", "-select_streams", "v:0",
             "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", file},
            dir, "probe");
  INFO(p.report());
  REQUIRE(p.wait(60s) == 0);
  return std::stol(p.out());
}

}  // namespace

TEST_CASE("run shows a screen's own layout full screen on its display, every frame recorded",
          "[run][screen]") {
  const auto dir = scratch_dir("run-screen-layout");
  // Two X screens, both at 0,0 in their own coordinates: SDL tells a window's display by its
  // centre, so display 1 is the larger one for its window to land there.
  Xvfb x(dir, {"640x360x24", "1280x720x24"});
  DesktopEnv env(x.display().c_str());

  // The layout drawn alone at the display's size (a minute on air: no animation left).
  const fs::path ref_png = dir / "layout.png";
  auto snap = pacecast({"snapshot", "almaty", "--at", "08:35:03", "--overlay",
                        "race_clock,leaderboard", "--size", "1280x720", "--out", ref_png.string()},
                       dir, "snapshot");
  INFO(snap->report());
  REQUIRE(snap->wait(60s) == 0);
  const render::Image layout = render::load_png(ref_png);

  const std::string out = (dir / "program.mp4").string();
  auto p =
      pacecast({"run", "--input", "test", "--format", "720p25", "--preset", "ultrafast", "--screen",
                "1", "--layout", "race_clock,leaderboard", "--duration", "6", "--output", out},
               dir, "run");
  p->wait_for_output("screen 1: window 1280×720 on display 1", nullptr, 60s);
  p->wait_for_output("pipeline: 720p25", nullptr, 60s);
  // Grab display 1 until the layout is in (it animates in over the first second).
  LayoutMatch m;
  render::Image shown;
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (!m.ok() && p->running() && std::chrono::steady_clock::now() < until) {
    shown = grab(x.display() + ".1", 1280, 720, dir);
    m = match_layout(shown, layout);
  }
  if (!m.ok() && !shown.empty()) render::write_png(dir / "shown.png", shown);
  INFO("layout pixels shown as drawn: " << m.inside_share() << " of " << m.inside
                                        << "; black elsewhere: " << m.outside_share() << " of "
                                        << m.outside << " (grab in " << dir.string() << ")");
  CHECK(m.ok());

  const int rc = p->wait(120s);
  const std::string err = p->err();
  INFO(tail(err));
  REQUIRE(rc == 0);
  // The preview went to the display without a screen, sized to fit it.
  CHECK(err.find("preview: window 480×270 on display 0") != std::string::npos);
  const auto screen = p->all_matches(
      R"(run: window screen 1 \(race_clock, leaderboard\): ([0-9]+) shown, ([0-9]+) skipped)");
  REQUIRE(screen.size() == 1);
  CHECK(std::stol(screen[0][1]) > 0);
  // The program went on beside the windows: every tick rendered, every encoded frame in the
  // file. (A tick the encoder could not take is dropped and counted; that happens only on a
  // machine too loaded for the encoder, hence the wide margin.)
  const auto summary =
      p->all_matches(R"(run: ([0-9]+) frames, ([0-9]+) encoded, ([0-9]+) dropped)");
  REQUIRE(summary.size() == 1);
  const long ticks = std::stol(summary[0][1]), encoded = std::stol(summary[0][2]),
             dropped = std::stol(summary[0][3]);
  CHECK(ticks == 150);
  CHECK(encoded + dropped == ticks);
  CHECK(dropped * 4 <= ticks);
  CHECK(video_frames(out, dir) == encoded);
}

TEST_CASE("run opens a preview where there is a display; closing it leaves the run going",
          "[run][screen]") {
  const auto dir = scratch_dir("run-preview");
  Xvfb x(dir, {"1280x720x24"});
  DesktopEnv env(x.display().c_str());
  const std::string out = (dir / "program.mp4").string();
  // Until stopped: the test ends it with Ctrl-C once it has seen what it needs.
  auto p = pacecast(
      {"run", "--format", "720p25", "--preset", "ultrafast", "--duration", "120", "--output", out},
      dir, "preview");
  p->wait_for_output("preview: window 960×540 on display 0", nullptr, 60s);
  p->wait_for_output("pipeline: 720p25", nullptr, 60s);
  // No window manager: the preview stays where SDL put it, centred: (160, 90) to (1120, 630).
  double inside_black = 1, outside_black = 0;
  const auto until = std::chrono::steady_clock::now() + 60s;
  while ((inside_black > 0.1 || outside_black < 0.99) && p->running() &&
         std::chrono::steady_clock::now() < until) {
    const render::Image shown = grab(x.display() + ".0", 1280, 720, dir);
    inside_black = black_share(shown, 170, 100, 1110, 620);
    outside_black =
        (black_share(shown, 0, 0, 1280, 80) + black_share(shown, 0, 640, 1280, 720)) / 2;
  }
  INFO("black inside the preview: " << inside_black << ", outside: " << outside_black);
  CHECK(inside_black < 0.1);  // the test background and the overlays
  CHECK(outside_black > 0.99);

  // Closing it (a window manager's close button) closes the preview alone.
  REQUIRE(close_window(x.display(), "Pacecast preview — " + out, dir));
  p->wait_for_output("preview: window closed by the operator; the program and its outputs go on",
                     nullptr, 30s);
  std::this_thread::sleep_for(1s);
  CHECK(p->running());
  p->signal(SIGINT);
  const int rc = p->wait(60s);
  INFO(tail(p->err()));
  REQUIRE(rc == 0);
  const auto line = p->all_matches(
      R"(run: window preview \(program\): ([0-9]+) shown, ([0-9]+) skipped, closed by the operator)");
  REQUIRE(line.size() == 1);
  CHECK(std::stol(line[0][1]) > 0);
  const auto summary = p->all_matches(R"(run: ([0-9]+) frames, ([0-9]+) encoded)");
  REQUIRE(summary.size() == 1);
  CHECK(std::stol(summary[0][1]) > 25);
  CHECK(video_frames(out, dir) == std::stol(summary[0][2]));
}

TEST_CASE("run opens no window headless or without a display", "[run][screen]") {
  const auto dir = scratch_dir("run-no-preview");
  Xvfb x(dir, {"1280x720x24"});
  {
    DesktopEnv env(x.display().c_str());
    auto p = pacecast({"run", "--headless", "--format", "720p25", "--preset", "ultrafast",
                       "--duration", "120", "--output", (dir / "headless.mp4").string()},
                      dir, "headless");
    p->wait_for_output("pipeline: 720p25", nullptr, 60s);
    CHECK(black_share(grab(x.display() + ".0", 1280, 720, dir), 0, 0, 1280, 720) > 0.999);
    p->signal(SIGINT);
    const int rc = p->wait(60s);
    const std::string err = p->err();
    INFO(tail(err));
    REQUIRE(rc == 0);
    CHECK(err.find("preview: window") == std::string::npos);
    CHECK(err.find("run: window") == std::string::npos);
    CHECK(err.find("SDL driver offscreen") != std::string::npos);  // the display untouched
  }
  const struct {
    const char* display;
    std::string why;
  } cases[] = {
      {nullptr, "(DISPLAY and WAYLAND_DISPLAY are not set)"},
      {":65000", "(SDL cannot open the display :65000 (driver x11)"},  // no server there
  };
  int i = 0;
  for (const auto& c : cases) {
    DesktopEnv env(c.display);
    auto p = pacecast({"run", "--format", "720p25", "--preset", "ultrafast", "--duration", "1",
                       "--output", (dir / "nodisplay.mp4").string()},
                      dir, "nodisplay" + std::to_string(i++));
    const int rc = p->wait(120s);
    const std::string err = p->err();
    INFO(tail(err));
    REQUIRE(rc == 0);
    CHECK(err.find("no display: no preview window " + c.why) != std::string::npos);
    CHECK(err.find("run: 25 frames, ") != std::string::npos);
  }
}

TEST_CASE("run refuses screens it cannot open, with a message saying what to do", "[run][screen]") {
  const auto dir = scratch_dir("run-screen-errors");
  Xvfb x(dir, {"1280x720x24"});
  const std::string out = (dir / "x.mp4").string();
  struct Case {
    const char* display;  // nullptr: none
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {x.display().c_str(),
       {"--screen", "7"},
       "--screen 7: no such display; this machine has 1 display (0: 1280×720 at 0,0)"},
      {x.display().c_str(), {"--headless", "--screen", "0"}, "--screen 0: --headless opens no"},
      {nullptr, {"--screen", "0"}, "--screen 0: no display (DISPLAY and WAYLAND_DISPLAY"},
      {x.display().c_str(),
       {"--screen", "0", "--layout", "finish-bord"},
       "--layout finish-bord: no overlay finish_bord"},
      {x.display().c_str(), {"--layout", "finish-board"}, "add --screen N"},
      {x.display().c_str(), {"--screen", "0", "--screen", "0"}, "--screen 0: given twice"},
  };
  int i = 0;
  for (const auto& c : cases) {
    DesktopEnv env(c.display);
    std::vector<std::string> args{"run", "--output", out, "--duration", "1"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    INFO(join(args));
    auto p = pacecast(args, dir, "case" + std::to_string(i++));
    const int rc = p->wait(60s);
    const std::string err = p->err();
    INFO(tail(err));
    CHECK(rc == 1);
    CHECK(err.find(c.message) != std::string::npos);
    CHECK(err.size() < 2000);
  }
  // The spelling big screens use (step 5): hyphens for underscores, no preview beside it.
  DesktopEnv env(x.display().c_str());
  auto p = pacecast({"run", "--format", "720p25", "--preset", "ultrafast", "--duration", "1",
                     "--screen", "0", "--layout", "finish-board", "--output", out},
                    dir, "finish-board");
  const int rc = p->wait(120s);
  const std::string err = p->err();
  INFO(tail(err));
  REQUIRE(rc == 0);
  CHECK(err.find("no preview window: every display shows a --screen") != std::string::npos);
  CHECK(err.find("run: window screen 0 (finish_board): ") != std::string::npos);
}

}  // namespace screen_test
