// Windows of `pacecast run`: the operator's preview (a resizable window), big screens
// (borderless, full screen on display N) and windows that draw themselves (WindowClient: the
// operator's console). ScreenWindows owns the one thread that makes every SDL call for them
// and pumps SDL's events; the render loop hands pictures over through each window's mailbox
// and never waits. DisplaySession opens SDL video first, on the main thread, so the
// overlays' GL contexts and these windows share one video driver (SDL has one per process).
// Thread-safety: construct and destroy both on the main thread; ScreenWindow's show_*() and
// wants() from the render loop (one thread); stats() from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "render/renderer.h"
#include "video/picture.h"

union SDL_Event;

namespace app {

// A display as SDL reports it: bounds in the desktop's coordinates.
struct DisplayInfo {
  int index = 0;
  int x = 0, y = 0, width = 0, height = 0;
};

class DisplaySession {
 public:
  // Starts SDL video on the calling thread when a display is set (DISPLAY or WAYLAND_DISPLAY)
  // and SDL can reach it, and makes the whole process use that video driver. Null when
  // there is none; `why_not` then says why ("DISPLAY and WAYLAND_DISPLAY are not set").
  static std::unique_ptr<DisplaySession> open(std::string& why_not);
  ~DisplaySession();
  DisplaySession(const DisplaySession&) = delete;
  DisplaySession& operator=(const DisplaySession&) = delete;

  const std::vector<DisplayInfo>& displays() const { return displays_; }
  const std::string& driver() const { return driver_; }
  // "2 displays (0: 1920×1080 at 0,0; 1: 3840×2160 at 1920,0)"
  std::string describe() const;

 private:
  DisplaySession() = default;
  std::vector<DisplayInfo> displays_;
  std::string driver_;
};

enum class WindowKind : std::uint8_t { invalid, preview, screen };

struct WindowSpec {
  WindowKind kind = WindowKind::invalid;
  std::string name;               // in logs and the summary: "preview", "screen 1"
  std::string title;              // the window's title
  DisplayInfo display;            // preview: centred on it; screen: covers it
  int width = 960, height = 540;  // the preview's first size
  double max_fps = 0;             // pictures taken per second at most (0: every one offered)
  // SDL render driver ("software", "opengl"); empty: SDL's choice.
  std::string render_driver;
};

struct WindowStats {
  std::string name;
  std::uint64_t shown = 0;    // pictures presented
  std::uint64_t skipped = 0;  // offered while the window was still busy with the last one
  bool closed = false;        // closed by the operator (the run went on)
};

// One window's mailbox. Both show calls return at once: they copy into a spare buffer when
// the window thread is not using it, else skip and count.
class ScreenWindow {
 public:
  ~ScreenWindow();
  ScreenWindow(const ScreenWindow&) = delete;
  ScreenWindow& operator=(const ScreenWindow&) = delete;

  // Whether a picture offered now would be taken (open, and its frame rate cap allows).
  // Lets the caller skip drawing a layout nobody would see.
  bool wants() const;
  // The program (YUV 4:2:0), scaled to fit the window; halved on the way when the window
  // is at most half its size, so the window thread converts a quarter of the pixels.
  void show_program(const video::Picture& picture);
  // A layout: premultiplied RGBA, width × height, rows top down, shown over black.
  // `changed`: the boxes that changed since the previous call (everything the first time);
  // boxes a busy window could not take are kept and sent with the next call.
  void show_rgba(const std::uint8_t* rgba, int width, int height,
                 std::span<const render::PixelBox> changed);
  WindowStats stats() const;
  const WindowSpec& spec() const;

 private:
  friend class ScreenWindows;
  struct Impl;
  explicit ScreenWindow(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A window that draws itself (the operator's console), run by the window thread next to
// the preview and the screens, so that SDL stays on one thread. ScreenWindows calls open()
// once, then each round (about every 10 ms) handle() for every SDL event and tick() once,
// and close() at the end, also after open() or another call threw: a client that throws
// after it opened is closed and the other windows go on.
// Thread-safety: every member but the destructor on the window thread.
class WindowClient {
 public:
  virtual ~WindowClient() = default;
  // Opens the window; throws core::Error saying why it cannot.
  virtual void open() = 0;
  // Every event of the round; the client keeps those of its own window.
  virtual void handle(const SDL_Event& event) = 0;
  // After the round's events: draws when due.
  virtual void tick() = 0;
  // Frees the window; safe when open() never ran or failed.
  virtual void close() = 0;
};

class ScreenWindows {
 public:
  // Starts the window thread and opens every window (black until the first picture) and
  // every client. Throws core::Error naming the window that could not be opened, and why.
  // Needs a DisplaySession alive; the clients must outlive this object.
  explicit ScreenWindows(std::vector<WindowSpec> specs, std::vector<WindowClient*> clients = {});
  // Closes the windows and stops the thread.
  ~ScreenWindows();
  ScreenWindows(const ScreenWindows&) = delete;
  ScreenWindows& operator=(const ScreenWindows&) = delete;

  std::size_t size() const;
  ScreenWindow& operator[](std::size_t i);
  std::vector<WindowStats> stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace app
