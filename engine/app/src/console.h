// Console: the operator's window (Dear ImGui on SDL2 + OpenGL 3): the program monitor and a
// preview of what is cued, the overlays with Cue / Take / Clear, their parameters and
// hotkeys, runner search with a pace plot against the record, corrections with undo, the
// feed and outputs panels, automation, the data delay and the log. Every action goes
// through control::Control, as the HTTP API's and the director's do, so all three see one
// state; a refusal (ControlError) is shown to the operator.
// Threads: a Console is a WindowClient. ScreenWindows' window thread — the one thread making
// SDL calls in `pacecast run` — opens it, hands it SDL events and lets it draw, at most
// max_fps (30) times a second. Its GL context, its ImGui context and the Graphics drawing
// the preview (a hidden GL context of its own) live on that thread. The render loop only
// calls show_program(), which copies into a mailbox or skips and never waits: the program
// output does not depend on the console's frame rate. The other windows of that thread
// (preview, big screens) wait while a console frame draws: a few ms on a GPU, more with
// Mesa's llvmpipe (ConsoleSnapshot::frame_ms says how much). The owner (main thread) creates
// it before ScreenWindows and destroys it after; snapshot() from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "console_model.h"
#include "control/control.h"
#include "screen_window.h"
#include "video/picture.h"

namespace app {

class AnnouncerService;

struct ConsoleOptions {
  std::string title = "Pacecast console";
  DisplayInfo display;      // centred on it, unless x and y are given
  std::optional<int> x, y;  // the window's top-left corner in desktop coordinates
  int width = 1280, height = 800;
  double max_fps = 30;
  int monitor_width = 640;  // the program picture is reduced to at most this wide
  int preview_width = 640, preview_height = 360;
  std::string by = "console";  // who acts, in Control's log
  // --announcer's service, whose arrivals and callouts the Announcer tab shows (and brings
  // forward at the start); null: the tab says how to turn it on. Must outlive the Console's
  // window (its thread reads latest()).
  const AnnouncerService* announcer = nullptr;
};

// A box of the console window in its own pixels (top-left origin).
struct PanelRect {
  int x = 0, y = 0, w = 0, h = 0;
};

// A line in the console's message area: what a hotkey did, or what Control refused.
struct ConsoleNote {
  std::int64_t wall_ms = 0;
  std::string text;
  bool error = false;
};

// What the console showed in its latest frame (tests, diagnostics).
struct ConsoleSnapshot {
  bool open = false;    // the window is up
  bool closed = false;  // closed by the operator or after a failure (the run goes on)
  std::string closed_why;
  std::uint32_t window_id = 0;  // SDL's, for events addressed to the console
  int window_x = 0, window_y = 0, width = 0, height = 0;
  std::uint64_t frames = 0;            // frames drawn
  double frame_ms = 0;                 // CPU time a frame costs the window thread, on average
  std::uint64_t program_pictures = 0;  // program pictures shown in the monitor
  std::uint64_t program_skipped = 0;   // offered while the console was still busy
  std::uint64_t preview_renders = 0;
  std::vector<int> preview_ids;  // cued overlays the preview drew
  std::string preview_error;
  ConsoleModel model;
  std::string search;  // the runner search field's text
  bool search_active = false;
  std::vector<control::RunnerHit> hits;
  race::RunnerId runner = -1;      // the runner picked from the hits
  std::optional<PacePlot> pace;    // that runner's pace plot, when shown
  std::vector<ConsoleNote> notes;  // newest last
  // "program" and "preview" (the pictures), "controls", "overlays", "tabs", "feed",
  // "outputs", "messages"; with a rundown "rundown" and its button "rundown_next".
  std::map<std::string, PanelRect> panels;
  std::string font;  // the font file the console draws with ("" = ImGui's own, ASCII only)
  // Letters of the race's names (Kazakh and Russian Cyrillic, accented Latin) the console's
  // font has no glyph for; empty when it draws them all. Known after the first frame.
  std::u16string missing_glyphs;
};

class Console final : public WindowClient {
 public:
  // `control` must outlive the Console.
  Console(control::Control& control, ConsoleOptions options);
  ~Console() override;
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  // Render loop: the program picture (the pipeline's on_program hook), for the monitor.
  void show_program(const video::Picture& picture);
  ConsoleSnapshot snapshot() const;

  // WindowClient: the window thread.
  void open() override;
  void handle(const SDL_Event& event) override;
  void tick() override;
  void close() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace app
