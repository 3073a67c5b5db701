// The operator's console under a real X server (Xvfb, no window manager), run by the real
// window thread (ScreenWindows) against a real Control and race model: its window has its
// panels and the program picture (grabbed with ffmpeg's x11grab, saved as PNG in the test's
// scratch directory); what the API does through Control shows in its state and on screen;
// keys sent through SDL's event queue cue, take and clear through Control, and type UTF-8
// into the runner search; the rundown panel steps with Page Down and with a real mouse click
// (XTEST) on its Next button. Then `pacecast run --console` end to end, and its errors; with
// --announcer, its tab lists the sample's runners and a click on one cues their lower third.
#include <catch2/catch.hpp>

#include <SDL.h>

#include <csignal>
#include <cstring>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "common.h"
#include "console.h"
#include "control/control_fixture.h"
#include "control/http_client.h"
#include "desktop.h"
#include "director/rundown.h"
#include "overlays/registry.h"
#include "process.h"
#include "race/model.h"
#include "race/model_fixture.h"
#include "screen_window.h"

using namespace test_process;
using namespace test_desktop;

namespace console_test {

constexpr int kWidth = 1280, kHeight = 800;

using control_test::named;

// A race model behind a Control, as `pacecast run` has them.
struct Engine {
  race::RaceModel model{fixture::config(),
                        {named("1", "Жанар", "Сейітқызы", race::Gender::female),
                         named("2", "Thomas", "Müller", race::Gender::male),
                         named("21", "Әлихан", "Нұрланов", race::Gender::male)}};
  control::Control control{overlays::kinds(), control::Hooks{[this](race::Event e) {
                                                               model.apply(e);
                                                               control.set_race(model.publish());
                                                             },
                                                             "run-1"}};
  Engine() {
    model.apply(fixture::passing("2", "start", fixture::at(9, 0, 2), 1));
    model.apply(fixture::passing("2", "5K", fixture::at(9, 16, 0), 2));
    model.apply(fixture::passing("1", "5K", fixture::at(9, 19, 0), 3));
    model.apply(fixture::passing("2", "pre", fixture::at(9, 31, 0), 4));
    control.set_race(model.publish());
  }
};

// Xvfb, SDL video on this thread (as the main thread of `pacecast run`), and the console run
// by the window thread.
struct Desk {
  fs::path dir;
  Xvfb x;
  DesktopEnv env;
  std::string why;
  std::unique_ptr<app::DisplaySession> session;
  Engine engine;
  std::unique_ptr<app::Console> console;
  std::unique_ptr<app::ScreenWindows> windows;

  explicit Desk(const std::string& name)
      : dir(scratch_dir(name)),
        x(dir, {std::to_string(kWidth) + "x" + std::to_string(kHeight) + "x24"}),
        env(x.display().c_str()) {
    session = app::DisplaySession::open(why);
    INFO(why);
    REQUIRE(session);
    app::ConsoleOptions o;
    o.display = session->displays().at(0);
    o.x = 0;
    o.y = 0;
    o.width = kWidth;
    o.height = kHeight;
    console = std::make_unique<app::Console>(engine.control, o);
    windows = std::make_unique<app::ScreenWindows>(std::vector<app::WindowSpec>{},
                                                   std::vector<app::WindowClient*>{console.get()});
  }
  ~Desk() {
    windows.reset();  // the window thread closes the console first
    console.reset();
  }

  // Waits until `ok` holds for the console's latest frame; FAILs after `timeout`.
  app::ConsoleSnapshot wait(const std::function<bool(const app::ConsoleSnapshot&)>& ok,
                            const std::string& what, std::chrono::seconds timeout = 20s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    app::ConsoleSnapshot s = console->snapshot();
    while (!ok(s)) {
      if (std::chrono::steady_clock::now() > until) FAIL("the console never showed " << what);
      std::this_thread::sleep_for(10ms);
      s = console->snapshot();
    }
    return s;
  }
  // A frame drawn after everything up to now: what the screen shows includes it.
  app::ConsoleSnapshot settle() {
    const std::uint64_t n = console->snapshot().frames;
    return wait([n](const auto& s) { return s.frames >= n + 3; }, "new frames");
  }
  render::Image screenshot(const std::string& name) {
    settle();
    render::Image img = grab(x.display() + ".0", kWidth, kHeight, dir);
    render::write_png(dir / (name + ".png"), img);
    return img;
  }
  void key(SDL_Keycode sym, Uint16 mod = KMOD_NONE) {
    const std::uint32_t id = console->snapshot().window_id;
    for (const Uint32 type : {Uint32(SDL_KEYDOWN), Uint32(SDL_KEYUP)}) {
      SDL_Event e{};
      e.type = type;
      e.key.windowID = id;
      e.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
      e.key.keysym.sym = sym;
      e.key.keysym.scancode = SDL_GetScancodeFromKey(sym);
      e.key.keysym.mod = mod;
      REQUIRE(SDL_PushEvent(&e) == 1);
    }
  }
  void type(const std::string& utf8) {
    SDL_Event e{};
    e.type = SDL_TEXTINPUT;
    e.text.windowID = console->snapshot().window_id;
    REQUIRE(utf8.size() < sizeof e.text.text);
    std::memcpy(e.text.text, utf8.data(), utf8.size());
    REQUIRE(SDL_PushEvent(&e) == 1);
  }
};

// A 1280×720 program picture: the left half pure red, the right half pure green (BT.709).
video::Picture red_green() {
  video::Picture p;
  p.allocate(1280, 720);
  for (int y = 0; y < 720; ++y) {
    for (int x = 0; x < 1280; ++x) p.y[std::size_t(y) * 1280 + std::size_t(x)] = x < 640 ? 63 : 173;
  }
  for (int y = 0; y < 360; ++y) {
    for (int x = 0; x < 640; ++x) {
      p.u[std::size_t(y) * 640 + std::size_t(x)] = x < 320 ? 102 : 42;
      p.v[std::size_t(y) * 640 + std::size_t(x)] = x < 320 ? 240 : 26;
    }
  }
  return p;
}

// Shares of pixels in box `r` of `img` (inset by 4 px) matching `pred`.
double share(const render::Image& img, const app::PanelRect& r,
             const std::function<bool(const std::uint8_t*)>& pred) {
  std::size_t n = 0, hit = 0;
  for (int y = r.y + 4; y < r.y + r.h - 4; ++y) {
    for (int x = r.x + 4; x < r.x + r.w - 4; ++x) {
      ++n;
      if (pred(img.pixel(x, y))) ++hit;
    }
  }
  return n ? double(hit) / double(n) : 0;
}

// Pixels of box `r` that differ between two screenshots, as a share.
double changed(const render::Image& a, const render::Image& b, const app::PanelRect& r) {
  std::size_t n = 0, diff = 0;
  for (int y = r.y; y < r.y + r.h; ++y) {
    for (int x = r.x; x < r.x + r.w; ++x) {
      ++n;
      const std::uint8_t *p = a.pixel(x, y), *q = b.pixel(x, y);
      if (std::abs(p[0] - q[0]) + std::abs(p[1] - q[1]) + std::abs(p[2] - q[2]) > 30) ++diff;
    }
  }
  return n ? double(diff) / double(n) : 0;
}

// How far a panel is from one flat colour: the share of pixels unlike its first pixel.
double busy(const render::Image& img, const app::PanelRect& r) {
  const std::uint8_t* first = img.pixel(r.x + 6, r.y + 6);
  return share(img, r, [first](const std::uint8_t* p) {
    return std::abs(p[0] - first[0]) + std::abs(p[1] - first[1]) + std::abs(p[2] - first[2]) > 40;
  });
}

bool has_log(const app::ConsoleSnapshot& s, const std::string& by, const std::string& part) {
  for (const auto& e : s.model.log) {
    if (e.by == by && e.text.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace console_test

using console_test::Desk;

TEST_CASE("console: its window shows the panels and the program picture", "[console][screen]") {
  Desk d("console-renders");
  auto& c = d.engine.control;
  c.add("leaderboard", {{"contest", "10k"}, {"rows", "5"}}, "", "api");
  const int clock = c.add("race_clock", {}, "", "api");
  c.add("split_card", {{"bib", "2"}}, "", "api");
  c.take(clock, "api");
  const video::Picture picture = console_test::red_green();
  // The render loop's side: offered until the monitor has one.
  d.wait(
      [&](const auto& s) {
        d.console->show_program(picture);
        return s.program_pictures > 0 && s.model.overlays.size() == 3;
      },
      "the program picture and three overlays");
  // A runner picked from the search, with accents typed as such: his pace plot.
  d.key(SDLK_f, KMOD_LCTRL);
  d.wait([](const auto& x) { return x.search_active; }, "the search field focused");
  d.type("Müller");
  d.wait([](const auto& x) { return !x.hits.empty(); }, "Müller found");
  d.key(SDLK_RETURN);
  const auto picked =
      d.wait([](const auto& x) { return x.pace && x.pace->segments.size() == 2; }, "his pace");
  CHECK(picked.pace->record_s_per_km == std::vector<float>{180.0f, 180.0f});
  const render::Image shot = d.screenshot("console");
  const app::ConsoleSnapshot s = d.console->snapshot();
  INFO("screenshots in " << d.dir.string());
  CHECK_THAT(s.font, Catch::Contains("Inter-Regular.otf"));
  CHECK(s.missing_glyphs.empty());
  for (const char* panel :
       {"program", "preview", "controls", "overlays", "tabs", "feed", "outputs", "messages"}) {
    INFO(panel);
    REQUIRE(s.panels.count(panel));
    const auto& r = s.panels.at(panel);
    CHECK(r.w > 100);
    CHECK(r.h > 20);
    CHECK(r.x >= 0);
    CHECK(r.y >= 0);
    CHECK(r.x + r.w <= console_test::kWidth);
    CHECK(r.y + r.h <= console_test::kHeight);
  }
  // The monitor shows the picture scaled: red on the left half, green on the right.
  app::PanelRect left = s.panels.at("program"), right = left;
  left.w /= 2;
  right.x += right.w / 2;
  right.w /= 2;
  CHECK(console_test::share(
            shot, left, [](const auto* p) { return p[0] > 200 && p[1] < 60 && p[2] < 60; }) > 0.9);
  CHECK(console_test::share(
            shot, right, [](const auto* p) { return p[0] < 60 && p[1] > 200 && p[2] < 60; }) > 0.9);
  // Nothing cued: the preview is its checkerboard, nothing bright.
  CHECK(console_test::share(shot, s.panels.at("preview"),
                            [](const auto* p) { return p[0] + p[1] + p[2] > 300; }) < 0.01);
  // The panels have text and widgets in them.
  for (const char* panel : {"controls", "overlays", "tabs", "feed", "outputs"}) {
    INFO(panel);
    CHECK(console_test::busy(shot, s.panels.at(panel)) > 0.005);
  }
  CHECK(s.model.find(clock)->state == control::SlotState::on_air);
  CHECK(s.model.has_race);
}

TEST_CASE("console: what the API does through Control shows in the console", "[console][screen]") {
  Desk d("console-api");
  auto& c = d.engine.control;
  const int board = c.add("leaderboard", {{"contest", "10k"}, {"rows", "5"}}, "", "api");
  c.add("race_clock", {}, "", "api");
  d.wait([](const auto& s) { return s.model.overlays.size() == 2; }, "two overlays");
  const render::Image before = d.screenshot("before");

  // Cued by the API: the preview draws it.
  c.cue(board, "api");
  auto s = d.wait([&](const auto& x) { return x.preview_ids == std::vector<int>{board}; },
                  "the leaderboard in the preview");
  CHECK(s.preview_error.empty());
  const render::Image cued = d.screenshot("cued");
  s = d.console->snapshot();
  INFO("screenshots in " << d.dir.string());
  CHECK(console_test::changed(before, cued, s.panels.at("preview")) > 0.05);
  CHECK(console_test::share(cued, s.panels.at("preview"), [](const auto* p) {
          return p[0] + p[1] + p[2] > 300;  // the board's light text and panels
        }) > 0.005);

  // Taken by the API: on air in the console's list, with who did it, and in its log.
  c.take_cued("api");
  s = d.wait(
      [&](const auto& x) {
        const auto* slot = x.model.find(board);
        return slot && slot->state == control::SlotState::on_air && x.preview_ids.empty();
      },
      "the leaderboard on air");
  CHECK(s.model.find(board)->by == "api");
  CHECK(console_test::has_log(s, "api", "took overlay 1"));
  const render::Image taken = d.screenshot("taken");
  s = d.console->snapshot();
  CHECK(console_test::changed(cued, taken, s.panels.at("overlays")) > 0.001);
  CHECK(console_test::changed(cued, taken, s.panels.at("preview")) > 0.05);

  // A correction and the run's status, as the API and the app push them.
  const int fix = c.correct_status("2", race::RunnerStatus::dnf, "medical", "api");
  control::RunStatus status;
  status.wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  status.fps = 50;
  status.ticks = 1234;
  control::FeedStatus feed;
  feed.url = "ws://10.0.0.5:9000/feed";
  feed.state = "live";
  feed.connected = true;
  feed.lag_s = 0.4;
  feed.last_seq = 9876;
  feed.rejected = {{"unknown_bib", 3}, {"bad_json", 1}};
  status.feed = feed;
  control::SinkStatus sink;
  sink.target = "out/program.mp4";
  sink.state = "running";
  sink.bitrate_kbps = 6000;
  status.sinks = {sink};
  c.set_status(status);
  s = d.wait(
      [&](const auto& x) { return x.model.status.ticks == 1234 && !x.model.corrections.empty(); },
      "the status and the correction");
  CHECK(s.model.corrections.front().id == fix);
  CHECK(s.model.corrections.front().by == "api");
  CHECK(s.model.status.feed->rejected.at("unknown_bib") == 3);
  const render::Image status_shot = d.screenshot("status");
  s = d.console->snapshot();
  CHECK(console_test::changed(taken, status_shot, s.panels.at("feed")) > 0.01);
  CHECK(console_test::changed(taken, status_shot, s.panels.at("outputs")) > 0.01);
}

TEST_CASE("console: keys cue, take and clear through Control; the search takes UTF-8",
          "[console][screen]") {
  Desk d("console-keys");
  auto& c = d.engine.control;
  const int board = c.add("leaderboard", {{"contest", "10k"}}, "", "api");
  const int clock = c.add("race_clock", {}, "", "api");
  d.wait([](const auto& s) { return s.model.overlays.size() == 2 && s.window_id != 0; },
         "two overlays");
  const auto state = [&](int id) { return c.overlay(id).state; };

  d.key(SDLK_F1);
  d.wait([&](const auto&) { return state(board) == control::SlotState::cued; }, "F1 cueing");
  CHECK(c.overlay(board).by == "console");
  d.key(SDLK_SPACE);
  d.wait([&](const auto&) { return state(board) == control::SlotState::on_air; }, "Space taking");
  // Cueing what is on air: Control refuses, the console says so.
  d.key(SDLK_F1);
  auto s =
      d.wait([](const auto& x) { return !x.notes.empty() && x.notes.back().error; }, "the refusal");
  CHECK_THAT(s.notes.back().text, Catch::Contains("on air"));
  d.key(SDLK_F2, KMOD_LCTRL);
  d.wait([&](const auto&) { return state(clock) == control::SlotState::on_air; }, "Ctrl+F2");
  d.key(SDLK_F1, KMOD_LSHIFT);
  d.wait([&](const auto&) { return state(board) == control::SlotState::off; }, "Shift+F1");
  d.key(SDLK_ESCAPE);
  d.wait([&](const auto&) { return state(clock) == control::SlotState::off; }, "Esc");
  CHECK(c.log_since(0).back().by == "console");

  // Ctrl+F, then Cyrillic typed as such: the search finds Жанар by her first name.
  d.key(SDLK_f, KMOD_LCTRL);
  d.wait([](const auto& x) { return x.search_active; }, "the search field focused");
  d.type("Жан");
  s = d.wait([](const auto& x) { return x.search == "Жан" && !x.hits.empty(); }, "hits");
  CHECK(s.hits.front().bib == "1");
  CHECK(s.hits.front().name == "Жанар Сейітқызы");
  // Enter picks her: her pace since the gun (no women's record in this race).
  d.key(SDLK_RETURN);
  s = d.wait([](const auto& x) { return x.pace.has_value(); }, "the pace plot");
  CHECK(s.runner == *d.engine.model.publish()->find_bib("1"));
  CHECK(s.pace->segments == std::vector<std::string>{"GUN-5K"});
  CHECK(s.pace->runner_s_per_km.front() == Approx(228.0));
  d.screenshot("search");
  // While the field has the keyboard, Space types; it takes nothing.
  d.key(SDLK_F2);
  d.wait([&](const auto&) { return state(clock) == control::SlotState::cued; }, "F2 cueing");
  d.key(SDLK_SPACE);
  d.type(" ");
  s = d.wait([](const auto& x) { return x.search == "Жан "; }, "the space typed");
  CHECK(state(clock) == control::SlotState::cued);
}

TEST_CASE("run --console opens the console beside the program, fed by the render loop",
          "[console][run][screen]") {
  const auto dir = scratch_dir("run-console");
  Xvfb x(dir, {"1280x720x24"});
  DesktopEnv env(x.display().c_str());
  auto p = pacecast({"run", "--format", "720p25", "--preset", "ultrafast", "--duration", "4",
                     "--no-preview", "--console", "--output", (dir / "program.mp4").string()},
                    dir, "run");
  const int rc = p->wait(120s);
  const std::string err = p->err();
  INFO(tail(err));
  REQUIRE(rc == 0);
  CHECK(err.find("console: window 1152×648 on display 0") != std::string::npos);
  const auto line = p->all_matches(
      R"(run: console: ([0-9]+) frames \([0-9.]+ ms CPU each\), ([0-9]+) program pictures, ([0-9]+) skipped)");
  REQUIRE(line.size() == 1);
  CHECK(std::stol(line[0][1]) > 5);
  CHECK(std::stol(line[0][2]) > 5);
  // The program went on at its own pace.
  CHECK(err.find("run: 100 frames, ") != std::string::npos);
}

TEST_CASE("run refuses --console without a window to put it in", "[console][run]") {
  const auto dir = scratch_dir("run-console-errors");
  const struct {
    std::vector<std::string> args;
    const char* display;
    std::string message;
  } cases[] = {
      {{"--headless", "--console"}, nullptr, "--console: --headless opens no window"},
      {{"--console"}, nullptr, "--console: no display (DISPLAY and WAYLAND_DISPLAY are not set)"},
  };
  int i = 0;
  for (const auto& c : cases) {
    DesktopEnv env(c.display);
    std::vector<std::string> args{"run", "--output", (dir / "x.mp4").string(), "--duration", "1"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    INFO(join(args));
    auto p = pacecast(args, dir, "case" + std::to_string(i++));
    const int rc = p->wait(60s);
    const std::string err = p->err();
    INFO(tail(err));
    CHECK(rc == 1);
    CHECK(err.find(c.message) != std::string::npos);
  }
}

TEST_CASE("console: the rundown panel shows the cursor and what is on air; Page Down steps",
          "[console][screen][rundown]") {
  Desk d("console-rundown");
  auto& c = d.engine.control;
  c.set_rundown(director::parse_rundown(R"([[item]]
title = "Clock"
show = "race_clock"
[[item]]
title = "Top 5"
show = "leaderboard"
params = { contest = "10k", rows = 5 }
[[item]]
title = "Leader card"
show = "split_card"
params = { bib = "2" }
)",
                                        "show.toml", overlays::kinds()),
                "show.toml", "startup");
  auto s = d.wait([](const auto& x) { return x.model.rundown.loaded && x.window_id != 0; },
                  "the rundown");
  const render::Image before = d.screenshot("rundown-before");
  s = d.console->snapshot();
  INFO("screenshots in " << d.dir.string());
  REQUIRE(s.panels.count("rundown"));
  REQUIRE(s.panels.count("overlays"));
  const auto& panel = s.panels.at("rundown");
  CHECK(panel.w > 100);
  CHECK(panel.h > 60);
  CHECK(panel.y >= s.panels.at("overlays").y + s.panels.at("overlays").h);  // below the list
  CHECK(panel.y + panel.h <= console_test::kHeight);
  CHECK(console_test::busy(before, panel) > 0.005);
  // The cursor's row is marked NEXT in green.
  CHECK(console_test::share(before, panel, [](const auto* p) {
          return p[1] > 150 && p[0] < 120 && p[2] < 120;
        }) > 0.0005);

  // Page Down: the first item on air through Control, by the console; the cursor moves on.
  d.key(SDLK_PAGEDOWN);
  s = d.wait([](const auto& x) { return x.model.rundown.on_air == std::optional<std::size_t>(0); },
             "the first item on air");
  CHECK(s.model.rundown.cursor == 1);
  const int slot = c.rundown().slot;
  CHECK(c.overlay(slot).kind == "race_clock");
  CHECK(c.overlay(slot).by == "console");
  d.key(SDLK_PAGEDOWN);
  d.wait([](const auto& x) { return x.model.rundown.cursor == 2; }, "the second item taken");
  CHECK(c.overlay(slot).kind == "leaderboard");
  CHECK(c.overlay(slot).state == control::SlotState::on_air);
  const render::Image stepped = d.screenshot("rundown-stepped");
  s = d.console->snapshot();
  CHECK(console_test::changed(before, stepped, s.panels.at("rundown")) > 0.001);
  // The item on air is marked ON AIR in red.
  CHECK(console_test::share(stepped, s.panels.at("rundown"), [](const auto* p) {
          return p[0] > 180 && p[1] < 110 && p[2] < 110;
        }) > 0.0005);
  // Page Up moves the cursor back and takes nothing.
  d.key(SDLK_PAGEUP);
  d.wait([](const auto& x) { return x.model.rundown.cursor == 1; }, "Page Up");
  CHECK(c.overlay(slot).kind == "leaderboard");
  // Past the end the console says why.
  c.rundown_go(3, "api");
  d.key(SDLK_PAGEDOWN);
  s = d.wait([](const auto& x) { return !x.notes.empty() && x.notes.back().error; },
             "the refusal at the end");
  CHECK_THAT(s.notes.back().text, Catch::Contains("has been taken"));
  CHECK(console_test::has_log(s, "console", "rundown: took item 1 of 3 (Top 5)"));
}

TEST_CASE("console: a mouse click on the rundown's Next button takes the item",
          "[console][screen][rundown]") {
  Desk d("console-click");
  auto& c = d.engine.control;
  c.set_rundown(director::parse_rundown(R"([[item]]
title = "Top 5"
show = "leaderboard"
params = { contest = "10k", rows = 5 }
[[item]]
title = "Clock"
show = "race_clock"
)",
                                        "show.toml", overlays::kinds()),
                "show.toml", "startup");
  d.wait([](const auto& x) { return x.model.rundown.loaded && x.panels.count("rundown_next"); },
         "the rundown's Next button");
  d.settle();
  const app::ConsoleSnapshot s = d.console->snapshot();
  const app::PanelRect& button = s.panels.at("rundown_next");
  INFO("Next at " << button.x << "," << button.y << " " << button.w << "×" << button.h
                  << "; the window at " << s.window_x << "," << s.window_y);
  CHECK(button.w > 20);
  CHECK(button.h > 10);
  REQUIRE(test_desktop::click(d.x.display(), s.window_x + button.x + button.w / 2,
                              s.window_y + button.y + button.h / 2, d.dir));
  d.wait([&](const auto&) { return c.rundown().cursor == 1; }, "the click taking item 0");
  const control::RundownState r = c.rundown();
  CHECK(r.on_air == std::optional<std::size_t>(0));
  CHECK(c.overlay(r.slot).kind == "leaderboard");
  CHECK(c.overlay(r.slot).state == control::SlotState::on_air);
  CHECK(c.overlay(r.slot).by == "console");
  // Nothing else was clicked: the cursor moved once.
  d.settle();
  CHECK(c.rundown().cursor == 1);
}

TEST_CASE("run --console --announcer: the tab lists the sample's runners; a click cues one",
          "[console][run][screen][announcer]") {
  const auto dir = scratch_dir("run-console-announcer");
  Xvfb x(dir, {"1280x720x24"});
  DesktopEnv env(x.display().c_str());
  // --log-level debug: the console's line with where it drew the tab.
  auto p = pacecast({"--log-level",
                     "debug",
                     "run",
                     "--race",
                     "almaty",
                     "--feed",
                     "sim",
                     "--at",
                     "10:28:00",
                     "--speed",
                     "30",
                     "--input",
                     "test",
                     "--format",
                     "720p25",
                     "--preset",
                     "ultrafast",
                     "--overlay",
                     "race_clock",
                     "--duration",
                     "40",
                     "--no-preview",
                     "--console",
                     "--announcer",
                     "127.0.0.1:0",
                     "--control",
                     "127.0.0.1:0",
                     "--token",
                     "t",
                     "--output",
                     (dir / "program.mkv").string()},
                    dir, "run");
  const int port = std::stoi(p->wait_for_output(R"(control: API on http://127\.0\.0\.1:(\d+))")[1]);
  // The console reports its first arrivals once (at debug level), with where it drew them.
  const auto g = p->wait_for_output(
      R"(console: announcer tab: (\d+) arrivals, the first (\S+) (.+); the tab at (\d+),(\d+) )"
      R"((\d+)×(\d+), its first row at (\d+),(\d+) (\d+)×(\d+) on the screen)",
      nullptr, 90s);
  INFO(g[0]);
  CHECK(std::stoi(g[1]) >= 1);
  std::map<std::string, std::string> names;
  for (const auto& r : app::load_race("almaty").participants) names[r.bib] = r.display_name();
  REQUIRE(names.count(g[2]));
  CHECK(names.at(g[2]) == g[3]);
  const app::PanelRect tab{std::stoi(g[4]), std::stoi(g[5]), std::stoi(g[6]), std::stoi(g[7])};
  const app::PanelRect row{std::stoi(g[8]), std::stoi(g[9]), std::stoi(g[10]), std::stoi(g[11])};
  CHECK(row.w > 100);
  CHECK(row.h > 10);
  CHECK(row.y > tab.y);
  CHECK(row.y + row.h <= tab.y + tab.h);
  // The tab has text on it: the sample's names and the callouts.
  const render::Image shot = grab(x.display() + ".0", 1280, 720, dir);
  render::write_png(dir / "announcer.png", shot);
  CHECK(console_test::busy(shot, tab) > 0.01);
  CHECK(console_test::busy(shot, row) > 0.01);
  // A click on the first row (whoever is first by then) cues that runner's lower third.
  REQUIRE(test_desktop::click(x.display(), row.x + row.w / 2, row.y + row.h / 2, dir));
  const auto cued =
      p->wait_for_output(R"(console: announcer: cued a lower third for (\S+) (.+))", nullptr, 30s);
  REQUIRE(names.count(cued[1]));
  CHECK(names.at(cued[1]) == cued[2]);
  const auto r = control_test::call(port, "GET", "/api/overlays", "t", "");
  INFO(r.body);
  REQUIRE(r.status == 200);
  int lower_thirds = 0;
  const auto state = nlohmann::json::parse(r.body);
  for (const auto& o : state["overlays"]) {
    if (o["kind"] != "lower_third") continue;
    ++lower_thirds;
    CHECK(o["params"]["bib"] == cued[1]);
    CHECK(o["state"] == "cued");
    CHECK(o["by"] == "console");
  }
  CHECK(lower_thirds == 1);
  p->signal(SIGINT);
  p->wait(60s);
}
