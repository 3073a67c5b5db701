#include "run_windows.h"

#include <algorithm>
#include <cstdio>

#include "core/error.h"
#include "core/log.h"
#include "core/text.h"
#include "overlays/registry.h"

namespace app {
namespace {

// The console's frame rate cap when GL runs on the CPU.
constexpr double kSoftwareConsoleFps = 15;

}  // namespace

std::vector<std::string> parse_layout(const std::string& text) {
  if (core::trim(text) == "program") return {};
  std::vector<std::string> kinds;
  for (const std::string_view part : core::split(text, ',')) {
    std::string name(core::trim(part));
    std::replace(name.begin(), name.end(), '-', '_');
    if (name.empty()) continue;
    const auto& all = overlays::kinds();
    if (std::none_of(all.begin(), all.end(), [&](const auto& k) { return k.name == name; })) {
      std::vector<std::string> names;
      for (const auto& k : all) names.push_back(k.name);
      throw core::Error("--layout " + text + ": no overlay " + name + "; give `program` (the " +
                        "program picture) or overlays from: " + core::join(names));
    }
    if (std::find(kinds.begin(), kinds.end(), name) == kinds.end()) kinds.push_back(name);
  }
  if (kinds.empty()) {
    throw core::Error("--layout " + text + ": empty; give `program` or a list of overlays");
  }
  return kinds;
}

RunWindows::RunWindows(const WindowOptions& o, const std::string& output) {
  const std::string first_screen = o.screens.empty() ? "" : std::to_string(o.screens.front());
  if (o.headless) {
    if (!o.screens.empty()) {
      throw core::Error("--screen " + first_screen +
                        ": --headless opens no window; drop --headless to drive a screen");
    }
    if (o.console) {
      throw core::Error(
          "--console: --headless opens no window; drop --headless to open the "
          "console, or drive the run through the control API instead");
    }
    return;
  }
  if (!o.layouts.empty() && o.screens.empty()) {
    throw core::Error("--layout " + o.layouts.front() +
                      ": a layout is for a big screen; add --screen N");
  }
  if (o.layouts.size() > 1 && o.layouts.size() != o.screens.size()) {
    throw core::Error("--layout: " + std::to_string(o.layouts.size()) + " layouts for " +
                      std::to_string(o.screens.size()) +
                      " screens; give one for every screen, or one per --screen in order");
  }
  std::vector<std::vector<std::string>> layouts;
  for (const auto& l : o.layouts) layouts.push_back(parse_layout(l));
  if (o.no_preview && o.screens.empty() && !o.console) return;

  std::string why;
  session_ = DisplaySession::open(why);
  if (!session_) {
    if (!o.screens.empty()) {
      throw core::Error("--screen " + first_screen + ": no display (" + why +
                        "); run it in the desktop session of the machine the screen is on");
    }
    if (o.console) {
      throw core::Error("--console: no display (" + why +
                        "); run it in a desktop session, or drop --console and use the "
                        "control API");
    }
    core::log::info("no display: no preview window (" + why + ")");
    return;
  }
  const auto& displays = session_->displays();
  std::vector<bool> used(displays.size(), false);
  for (std::size_t i = 0; i < o.screens.size(); ++i) {
    const int n = o.screens[i];
    if (n < 0 || std::size_t(n) >= displays.size()) {
      throw core::Error("--screen " + std::to_string(n) + ": no such display; this machine has " +
                        session_->describe());
    }
    if (used[std::size_t(n)]) {
      throw core::Error("--screen " + std::to_string(n) + ": given twice; one window per display");
    }
    used[std::size_t(n)] = true;
    Planned p;
    p.spec.kind = WindowKind::screen;
    p.spec.name = "screen " + std::to_string(n);
    p.spec.title = "Pacecast screen " + std::to_string(n);
    p.spec.display = displays[std::size_t(n)];
    if (!layouts.empty()) p.layout = layouts.size() == 1 ? layouts[0] : layouts[i];
    // A layout changes with the race and its animations: 25 pictures a second are smooth
    // enough, and drawing it at a display's full size costs the render loop.
    if (!p.layout.empty()) p.spec.max_fps = o.layout_fps;
    planned_.push_back(std::move(p));
  }
  const auto free = std::find(used.begin(), used.end(), false);
  if (o.console) {
    // Next to the preview, on the first display no screen covers (or over a screen's).
    ConsoleOptions c;
    c.display = displays[free == used.end() ? 0 : std::size_t(free - used.begin())];
    c.title = "Pacecast console — " + output;
    c.width = std::min(1600, c.display.width * 9 / 10);
    c.height = std::min(900, c.display.height * 9 / 10);
    c.max_fps = o.console_fps;
    console_options_ = c;
  }
  if (o.no_preview) return;
  if (free == used.end()) {
    core::log::info("no preview window: every display shows a --screen");
    return;
  }
  Planned p;
  p.spec.kind = WindowKind::preview;
  p.spec.name = "preview";
  p.spec.title = "Pacecast preview — " + output;
  p.spec.display = displays[std::size_t(free - used.begin())];
  // 960×540, or three quarters of a smaller display's width; 16:9.
  p.spec.width = std::min(960, p.spec.display.width * 3 / 4) / 16 * 16;
  p.spec.height = p.spec.width * 9 / 16;
  p.spec.max_fps = o.preview_fps;
  planned_.insert(planned_.begin(), std::move(p));
}

RunWindows::~RunWindows() {
  close();  // before the session: the window thread ends its SDL use first
}

void RunWindows::close() {
  windows_.reset();
  console_.reset();
}

void RunWindows::add_layouts(ProgramOptions& program) {
  for (std::size_t i = 0; i < planned_.size(); ++i) {
    const Planned& p = planned_[i];
    if (p.layout.empty()) continue;
    LayoutOptions l;
    l.name = p.spec.name;
    l.overlays = p.layout;
    l.width = p.spec.display.width;
    l.height = p.spec.display.height;
    l.wants = [this, i] { return windows_ && (*windows_)[i].wants(); };
    l.show = [this, i](const render::TargetMirror& m) {
      if (windows_) (*windows_)[i].show_rgba(m.rgba.data(), m.width, m.height, m.changed);
    };
    program.layouts.push_back(std::move(l));
  }
}

void RunWindows::open(const std::string& gl_description, control::Control* control,
                      const AnnouncerService* announcer) {
  if (planned_.empty() && !console_options_) return;
  // Without a GPU, GL is the CPU too (Mesa's llvmpipe): SDL's CPU renderer then draws the
  // windows with less work (no shader emulation, no GL context per window).
  const bool software_gl = gl_description.find("llvmpipe") != std::string::npos ||
                           gl_description.find("softpipe") != std::string::npos ||
                           gl_description.find("swrast") != std::string::npos;
  std::vector<WindowClient*> clients;
  if (console_options_) {
    if (!control) {
      throw core::Error("--console: this run has no operator state for the console to act on");
    }
    ConsoleOptions c = *console_options_;
    c.announcer = announcer;
    // The console is GL (ImGui): on the CPU a frame of it is a full-window raster, which the
    // encoder would feel at 30 a second.
    if (software_gl) c.max_fps = std::min(c.max_fps, kSoftwareConsoleFps);
    console_ = std::make_unique<Console>(*control, c);
    clients.push_back(console_.get());
  }
  std::vector<WindowSpec> specs;
  for (auto p : planned_) {
    if (software_gl) p.spec.render_driver = "software";
    specs.push_back(p.spec);
  }
  windows_ = std::make_unique<ScreenWindows>(std::move(specs), std::move(clients));
}

std::function<void(const video::Picture&, std::int64_t)> RunWindows::on_program() {
  std::vector<std::size_t> program;
  for (std::size_t i = 0; i < planned_.size(); ++i) {
    if (planned_[i].layout.empty()) program.push_back(i);
  }
  if ((program.empty() && !console_) || !windows_) return nullptr;
  return [this, program](const video::Picture& picture, std::int64_t) {
    if (!windows_) return;
    for (const auto i : program) (*windows_)[i].show_program(picture);
    if (console_) console_->show_program(picture);
  };
}

void RunWindows::print_summary() const {
  if (!windows_) return;
  for (std::size_t i = 0; i < windows_->size(); ++i) {
    const WindowStats s = (*windows_)[i].stats();
    const auto& layout = planned_[i].layout;
    std::fprintf(stderr, "run: window %s (%s): %llu shown, %llu skipped%s\n", s.name.c_str(),
                 layout.empty() ? "program" : core::join(layout).c_str(),
                 static_cast<unsigned long long>(s.shown),
                 static_cast<unsigned long long>(s.skipped),
                 s.closed ? ", closed by the operator" : "");
  }
  if (console_) {
    const ConsoleSnapshot c = console_->snapshot();
    std::fprintf(stderr,
                 "run: console: %llu frames (%.1f ms CPU each), %llu program pictures, %llu "
                 "skipped%s%s\n",
                 static_cast<unsigned long long>(c.frames), c.frame_ms,
                 static_cast<unsigned long long>(c.program_pictures),
                 static_cast<unsigned long long>(c.program_skipped), c.closed ? ", " : "",
                 c.closed ? c.closed_why.c_str() : "");
  }
}

}  // namespace app
