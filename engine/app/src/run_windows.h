// RunWindows: the windows of one `pacecast run`, from its options (--headless, --no-preview,
// --screen N, --layout NAME, --console): the operator's preview when there is a display,
// full-screen windows for big screens showing the program or a layout of their own, and the
// operator's console; the hooks that feed them from the render loop, and their lines in the
// run summary.
// Thread-safety: the main thread, except the hooks it hands out (the render loop's).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "console.h"
#include "control/control.h"
#include "program.h"
#include "screen_window.h"
#include "video/picture.h"

namespace app {

struct WindowOptions {
  bool headless = false;             // never a window (refuses --screen)
  bool no_preview = false;           // no preview window, screens still
  std::vector<int> screens;          // display numbers, --screen N
  std::vector<std::string> layouts;  // --layout: one for every screen, or one per screen
  double preview_fps = 25;           // so the preview leaves the CPU to the encoder
  double layout_fps = 25;            // a screen's own layout (the program: every frame)
  bool console = false;              // the operator's console (needs a display)
  double console_fps = 30;
};

// "program" → empty (the program picture); otherwise the overlays of a comma-separated
// list, hyphens read as underscores ("finish-board" → finish_board). Throws core::Error
// naming --layout when an overlay does not exist.
std::vector<std::string> parse_layout(const std::string& text);

class RunWindows {
 public:
  // Checks the options and finds the displays. Throws core::Error for a --screen or
  // --console that cannot be (with --headless, no display, no such display) or a bad
  // --layout. Without a display and without --screen or --console the run goes on
  // headless, said in one log line.
  // `output` names the program in the preview's title.
  RunWindows(const WindowOptions& options, const std::string& output);
  ~RunWindows();
  RunWindows(const RunWindows&) = delete;
  RunWindows& operator=(const RunWindows&) = delete;

  // Adds the layouts of the screens that have one to `program`, before ProgramOverlays is
  // made from it (the layouts are drawn at their displays' size).
  void add_layouts(ProgramOptions& program);
  // Opens the windows. Call after ProgramOverlays is made: its GL contexts are created
  // through SDL on this thread before the window thread starts making SDL calls.
  // `gl_description` (ProgramOverlays::gl_description()) tells whether GL runs on a GPU.
  // With --console, `control` is what the console acts on (it must outlive this object);
  // throws core::Error when it is missing.
  // `announcer` (may be null), the Announcer tab's source, must outlive close().
  void open(const std::string& gl_description, control::Control* control = nullptr,
            const AnnouncerService* announcer = nullptr);
  // The pipeline's on_program hook; null when no window shows the program.
  std::function<void(const video::Picture&, std::int64_t)> on_program();
  // One line per window to stderr: "run: window preview (program): 250 shown, 0 skipped".
  void print_summary() const;
  // Closes the windows and ends their thread; before ProgramOverlays goes, so SDL is never
  // called from two threads at once.
  void close();

 private:
  struct Planned {
    WindowSpec spec;
    std::vector<std::string> layout;  // empty: the program
  };
  std::unique_ptr<DisplaySession> session_;
  std::vector<Planned> planned_;
  std::optional<ConsoleOptions> console_options_;  // --console with a display
  std::unique_ptr<Console> console_;               // destroyed after windows_ (its thread runs it)
  std::unique_ptr<ScreenWindows> windows_;
};

}  // namespace app
