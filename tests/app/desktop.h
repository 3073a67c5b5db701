// Desktop helpers for the window tests: a real X server (Xvfb) on a display it picks, the
// environment of a desktop session on it, screenshots with ffmpeg's x11grab, and closing a
// window as a window manager does. Used on the test's own thread.
#pragma once

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "process.h"
#include "render/image.h"

namespace test_desktop {

using namespace test_process;

// Sets (value) or unsets (nullptr) an environment variable for one test, which children
// inherit; restores it afterwards.
class EnvVar {
 public:
  EnvVar(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~EnvVar() {
    if (old_) {
      setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      unsetenv(name_.c_str());
    }
  }
  EnvVar(const EnvVar&) = delete;
  EnvVar& operator=(const EnvVar&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

// The full path of `name` on PATH, or "".
inline std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string d; std::getline(dirs, d, ':');) {
    const fs::path p = fs::path(d) / name;
    if (::access(p.c_str(), X_OK) == 0) return p.string();
  }
  return "";
}

inline std::string require_program(const std::string& name, const std::string& package) {
  const std::string p = find_program(name);
  if (p.empty()) FAIL(name << " is not installed; scripts/install-deps installs " << package);
  return p;
}

// A real X server on a display number it picks itself (-displayfd), black root window,
// one X screen per entry of `screens` ("1280x720x24"); SDL sees each as a display.
class Xvfb {
 public:
  Xvfb(const fs::path& dir, const std::vector<std::string>& screens) {
    std::vector<std::string> argv{
        require_program("Xvfb", "xvfb"), "-displayfd", "1", "-nolisten", "tcp", "-br"};
    for (std::size_t i = 0; i < screens.size(); ++i) {
      argv.insert(argv.end(), {"-screen", std::to_string(i), screens[i]});
    }
    process_ = std::make_unique<Process>(argv, dir, "xvfb");
    display_ = ":" + process_->wait_for_output("^([0-9]+)$", nullptr, 30s)[1];
  }
  ~Xvfb() {
    process_->signal(SIGTERM);  // lets it remove its lock file and socket
    process_->wait(10s);
  }
  Xvfb(const Xvfb&) = delete;
  Xvfb& operator=(const Xvfb&) = delete;
  const std::string& display() const { return display_; }

 private:
  std::unique_ptr<Process> process_;
  std::string display_;
};

// The environment of a desktop session on `display`, whatever the developer's is.
struct DesktopEnv {
  explicit DesktopEnv(const char* display) : display_var("DISPLAY", display) {}
  EnvVar display_var;
  EnvVar wayland{"WAYLAND_DISPLAY", nullptr};
  EnvVar driver{"SDL_VIDEODRIVER", nullptr};
};

// What X screen `screen` ("`:5.1`") shows now, as straight RGB.
inline render::Image grab(const std::string& screen, int width, int height, const fs::path& dir) {
  const fs::path out = dir / "grab.rgb";
  fs::remove(out);
  Process p({require_program("ffmpeg", "ffmpeg"), "-hide_banner", "-loglevel", "error", "-f",
             "x11grab", "-video_size", std::to_string(width) + "x" + std::to_string(height), "-i",
             screen, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", "-y", out.string()},
            dir, "grab");
  INFO(p.report());
  REQUIRE(p.wait(30s) == 0);
  render::Image img(width, height);
  const std::string bytes = read_file(out);
  REQUIRE(bytes.size() == img.rgba.size());
  std::copy(bytes.begin(), bytes.end(), img.rgba.begin());
  return img;
}

inline bool black(const std::uint8_t* p) {
  return p[0] <= 16 && p[1] <= 16 && p[2] <= 16;
}

// Share of black pixels in a box of `img`.
inline double black_share(const render::Image& img, int x0, int y0, int x1, int y1) {
  std::size_t n = 0, b = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      ++n;
      if (black(img.pixel(x, y))) ++b;
    }
  }
  return n ? double(b) / double(n) : 0;
}

// Asks the window titled `title` on `display` to close, as a window manager's close
// button does (WM_DELETE_WINDOW), through Xlib from Python. True when it was found.
inline bool close_window(const std::string& display, const std::string& title,
                         const fs::path& dir) {
  const fs::path script = dir / "close_window.py";
  {
    std::ofstream out(script);
    out << R"(import ctypes, sys
x = ctypes.cdll.LoadLibrary("libX11.so.6")
vp, ul, u = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_uint
x.XOpenDisplay.restype = vp
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XDefaultRootWindow.restype = ul
x.XDefaultRootWindow.argtypes = [vp]
x.XInternAtom.restype = ul
x.XInternAtom.argtypes = [vp, ctypes.c_char_p, ctypes.c_int]
x.XQueryTree.argtypes = [vp, ul, ctypes.POINTER(ul), ctypes.POINTER(ul),
                         ctypes.POINTER(ctypes.POINTER(ul)), ctypes.POINTER(u)]
x.XFetchName.argtypes = [vp, ul, ctypes.POINTER(ctypes.c_char_p)]
x.XSendEvent.argtypes = [vp, ul, ctypes.c_int, ctypes.c_long, vp]
x.XFlush.argtypes = [vp]
class ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ul), ("send_event", ctypes.c_int),
                ("display", vp), ("window", ul), ("message_type", ul), ("format", ctypes.c_int),
                ("l", ctypes.c_long * 5), ("pad", ctypes.c_long * 12)]
dpy = x.XOpenDisplay(sys.argv[1].encode())
root = x.XDefaultRootWindow(dpy)
r, p, kids, n = ul(), ul(), ctypes.POINTER(ul)(), u()
x.XQueryTree(dpy, root, ctypes.byref(r), ctypes.byref(p), ctypes.byref(kids), ctypes.byref(n))
for i in range(n.value):
    name = ctypes.c_char_p()
    if x.XFetchName(dpy, kids[i], ctypes.byref(name)) and name.value == sys.argv[2].encode():
        e = ClientMessage(type=33, window=kids[i], format=32,
                          message_type=x.XInternAtom(dpy, b"WM_PROTOCOLS", 0))
        e.l[0] = x.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
        x.XSendEvent(dpy, kids[i], 0, 0, ctypes.byref(e))
        x.XFlush(dpy)
        print("closed")
        sys.exit(0)
print("not found")
sys.exit(1)
)";
  }
  Process p({require_program("python3", "python3"), script.string(), display, title}, dir, "close");
  return p.wait(30s) == 0;
}

// Clicks the left mouse button at (x, y) of screen 0 of `display`, as a real mouse does: the
// X server's XTEST extension moves the pointer there, presses and releases, so the window
// under it gets real X events (and SDL its mouse events). Through Xlib from Python. True
// when the events were sent.
inline bool click(const std::string& display, int x, int y, const fs::path& dir) {
  const fs::path script = dir / "click.py";
  {
    std::ofstream out(script);
    out << R"(import ctypes, sys, time
x = ctypes.cdll.LoadLibrary("libX11.so.6")
t = ctypes.cdll.LoadLibrary("libXtst.so.6")
vp = ctypes.c_void_p
x.XOpenDisplay.restype = vp
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XFlush.argtypes = [vp]
x.XCloseDisplay.argtypes = [vp]
t.XTestFakeMotionEvent.argtypes = [vp, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_ulong]
t.XTestFakeButtonEvent.argtypes = [vp, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
dpy = x.XOpenDisplay(sys.argv[1].encode())
if not dpy:
    sys.exit(2)
t.XTestFakeMotionEvent(dpy, 0, int(sys.argv[2]), int(sys.argv[3]), 0)
x.XFlush(dpy)
time.sleep(0.3)  # the window sees the pointer arrive (hover) before the press
t.XTestFakeButtonEvent(dpy, 1, 1, 0)
x.XFlush(dpy)
time.sleep(0.3)  # held over a few of the window's frames, as a finger does
t.XTestFakeButtonEvent(dpy, 1, 0, 0)
x.XFlush(dpy)
x.XCloseDisplay(dpy)
)";
  }
  Process p({require_program("python3", "python3"), script.string(), display, std::to_string(x),
             std::to_string(y)},
            dir, "click");
  return p.wait(30s) == 0;
}

}  // namespace test_desktop
