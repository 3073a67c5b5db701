#include "screen_window.h"

#include <SDL.h>
#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <future>
#include <mutex>
#include <thread>

#include "core/error.h"
#include "core/log.h"

namespace app {
namespace {

using Clock = std::chrono::steady_clock;

// The window thread looks at its mailboxes and pumps SDL's events this often. The render
// loop does not wake it: on a busy machine the woken thread took the render loop's core
// at once (handing a 1080p50 picture over cost 1.9 ms a tick that way, 0.6 ms polled).
constexpr auto kPumpInterval = std::chrono::milliseconds(10);
// Boxes kept per mailbox before they are merged into their bounding box.
constexpr std::size_t kMaxBoxes = 32;

std::string sdl_error() {
  const char* e = SDL_GetError();
  return e && *e ? e : "no detail from SDL";
}

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v && *v;
}

std::string describe_display(const DisplayInfo& d) {
  return std::to_string(d.index) + ": " + std::to_string(d.width) + "×" + std::to_string(d.height) +
         " at " + std::to_string(d.x) + "," + std::to_string(d.y);
}

// Halves a plane of w × h (both even) by averaging 2 × 2 blocks.
void halve_plane(const std::uint8_t* src, int w, int h, std::uint8_t* dst) {
  const int ow = w / 2, oh = h / 2;
  for (int y = 0; y < oh; ++y) {
    const std::uint8_t* a = src + std::size_t(2 * y) * std::size_t(w);
    const std::uint8_t* b = a + w;
    std::uint8_t* o = dst + std::size_t(y) * std::size_t(ow);
    for (int x = 0; x < ow; ++x) {
      o[x] = std::uint8_t((a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] + 2) >> 2);
    }
  }
}

void copy_picture(const video::Picture& from, video::Picture& to, bool halve) {
  if (!halve) {
    to.allocate(from.width, from.height);
    std::copy(from.y.begin(), from.y.end(), to.y.begin());
    std::copy(from.u.begin(), from.u.end(), to.u.begin());
    std::copy(from.v.begin(), from.v.end(), to.v.begin());
    return;
  }
  to.allocate(from.width / 2, from.height / 2);
  halve_plane(from.y.data(), from.width, from.height, to.y.data());
  halve_plane(from.u.data(), from.chroma_width(), from.chroma_height(), to.u.data());
  halve_plane(from.v.data(), from.chroma_width(), from.chroma_height(), to.v.data());
}

// Adds `b` (clamped to w × h) to `boxes`; too many boxes become their bounding box.
void add_box(std::vector<render::PixelBox>& boxes, render::PixelBox b, int w, int h) {
  const int x0 = std::max(0, b.x), y0 = std::max(0, b.y);
  const int x1 = std::min(w, b.x + b.w), y1 = std::min(h, b.y + b.h);
  if (x1 <= x0 || y1 <= y0) return;
  boxes.push_back({x0, y0, x1 - x0, y1 - y0});
  if (boxes.size() <= kMaxBoxes) return;
  render::PixelBox all = boxes.front();
  for (const auto& c : boxes) {
    const int ax1 = std::max(all.x + all.w, c.x + c.w), ay1 = std::max(all.y + all.h, c.y + c.h);
    all.x = std::min(all.x, c.x);
    all.y = std::min(all.y, c.y);
    all.w = ax1 - all.x;
    all.h = ay1 - all.y;
  }
  boxes.assign(1, all);
}

enum class Content : std::uint8_t { none, program, rgba };

}  // namespace

// ---------------------------------------------------------------------------------------
// DisplaySession

std::unique_ptr<DisplaySession> DisplaySession::open(std::string& why_not) {
  const char* forced = std::getenv("SDL_VIDEODRIVER");
  const std::string forced_name = forced ? forced : "";
  if (forced_name == "offscreen" || forced_name == "dummy") {
    why_not = "SDL_VIDEODRIVER is " + forced_name;
    return nullptr;
  }
  // The drivers that show windows to someone, as the environment names them. SDL left to
  // itself would fall back to its offscreen driver, where windows are invisible.
  std::vector<std::pair<std::string, std::string>> candidates;  // driver, display
  if (!forced_name.empty()) {
    candidates.emplace_back(forced_name, "");
  } else {
    if (env_set("DISPLAY")) candidates.emplace_back("x11", std::getenv("DISPLAY"));
    if (env_set("WAYLAND_DISPLAY")) {
      candidates.emplace_back("wayland", std::getenv("WAYLAND_DISPLAY"));
    }
  }
  if (candidates.empty()) {
    why_not = "DISPLAY and WAYLAND_DISPLAY are not set";
    return nullptr;
  }
  // Ctrl-C is StopSignals' (a clean stop), not SDL's; a big screen stays up when the
  // operator clicks elsewhere.
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
  SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
  for (const auto& [driver, where] : candidates) {
    SDL_SetHint(SDL_HINT_VIDEODRIVER, driver.c_str());
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
      why_not += std::string(why_not.empty() ? "" : "; ") + "SDL cannot open the display " +
                 (where.empty() ? "" : where + " ") + "(driver " + driver + "): " + sdl_error();
      continue;
    }
    std::unique_ptr<DisplaySession> s(new DisplaySession);
    s->driver_ = driver;
    // The overlays' GL contexts are created through SDL too, and would otherwise ask for
    // the offscreen driver: one driver serves the whole process.
    setenv("SDL_VIDEODRIVER", driver.c_str(), 1);
    const int n = SDL_GetNumVideoDisplays();
    for (int i = 0; i < n; ++i) {
      SDL_Rect r{};
      if (SDL_GetDisplayBounds(i, &r) == 0) s->displays_.push_back({i, r.x, r.y, r.w, r.h});
    }
    if (!s->displays_.empty()) {
      why_not.clear();
      return s;
    }
    why_not = "the display server (SDL driver " + driver + ") reports no displays";
    s.reset();
    if (forced_name.empty()) unsetenv("SDL_VIDEODRIVER");
  }
  SDL_ResetHint(SDL_HINT_VIDEODRIVER);  // the GL contexts choose theirs (offscreen)
  return nullptr;
}

DisplaySession::~DisplaySession() {
  SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

std::string DisplaySession::describe() const {
  std::string list;
  for (const auto& d : displays_) list += (list.empty() ? "" : "; ") + describe_display(d);
  return std::to_string(displays_.size()) + (displays_.size() == 1 ? " display (" : " displays (") +
         list + ")";
}

// ---------------------------------------------------------------------------------------
// ScreenWindow: the mailbox (render loop side) and the window's SDL objects (window thread)

struct ScreenWindow::Impl {
  WindowSpec spec;

  // --- render loop only
  Clock::time_point next_due{};
  std::vector<render::PixelBox> unsent;  // layout boxes not handed over yet
  int sent_w = 0, sent_h = 0;            // the layout size last offered

  // --- either thread
  std::atomic<bool> closed{false};
  std::atomic<bool> fresh{false};         // the mailbox holds something not shown yet
  std::atomic<int> view_w{0}, view_h{0};  // the window's size in pixels
  std::atomic<std::uint64_t> shown{0}, skipped{0};

  std::mutex mutex;  // --- guards the mailbox below
  Content content = Content::none;
  video::Picture picture;
  std::vector<std::uint8_t> rgba;
  int rgba_w = 0, rgba_h = 0;
  std::vector<render::PixelBox> dirty;

  // --- window thread only
  SDL_Window* window = nullptr;
  SDL_Renderer* renderer = nullptr;
  SDL_Texture* texture = nullptr;
  Uint32 texture_format = 0;
  int texture_w = 0, texture_h = 0;
  video::Picture showing;

  bool due(Clock::time_point now) const { return spec.max_fps <= 0 || now >= next_due; }
  // Keeps the cadence of max_fps, without bursts after a stall.
  void taken(Clock::time_point now) {
    if (spec.max_fps <= 0) return;
    const auto period = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(1.0 / spec.max_fps));
    next_due = std::max(next_due + period, now);
  }
  void destroy() {
    if (texture) SDL_DestroyTexture(texture);
    if (renderer) SDL_DestroyRenderer(renderer);
    if (window) SDL_DestroyWindow(window);
    texture = nullptr;
    renderer = nullptr;
    window = nullptr;
  }
};

ScreenWindow::ScreenWindow(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ScreenWindow::~ScreenWindow() = default;

const WindowSpec& ScreenWindow::spec() const {
  return impl_->spec;
}

bool ScreenWindow::wants() const {
  return !impl_->closed && impl_->due(Clock::now());
}

void ScreenWindow::show_program(const video::Picture& picture) {
  Impl& m = *impl_;
  if (m.closed) return;
  const auto now = Clock::now();
  if (!m.due(now)) return;
  std::unique_lock<std::mutex> lock(m.mutex, std::try_to_lock);
  if (!lock.owns_lock() || m.fresh) {
    ++m.skipped;
    return;
  }
  const int vw = m.view_w, vh = m.view_h;
  const bool halve = picture.width % 4 == 0 && picture.height % 4 == 0 && vw > 0 && vh > 0 &&
                     2 * vw <= picture.width && 2 * vh <= picture.height;
  copy_picture(picture, m.picture, halve);
  m.content = Content::program;
  m.fresh = true;
  lock.unlock();
  m.taken(now);
}

void ScreenWindow::show_rgba(const std::uint8_t* rgba, int width, int height,
                             std::span<const render::PixelBox> changed) {
  Impl& m = *impl_;
  if (m.closed || !rgba || width <= 0 || height <= 0) return;
  if (width != m.sent_w || height != m.sent_h) {
    m.unsent.assign(1, render::PixelBox{0, 0, width, height});
    m.sent_w = width;
    m.sent_h = height;
  }
  for (const auto& b : changed) add_box(m.unsent, b, width, height);
  const auto now = Clock::now();
  if (!m.due(now)) return;
  if (m.unsent.empty()) {  // drawn, nothing changed: the next one is not due before its time
    m.taken(now);
    return;
  }
  std::unique_lock<std::mutex> lock(m.mutex, std::try_to_lock);
  if (!lock.owns_lock()) {
    ++m.skipped;  // the boxes stay in `unsent` for the next call
    return;
  }
  if (m.rgba_w != width || m.rgba_h != height) {
    m.rgba.assign(std::size_t(width) * std::size_t(height) * 4, 0);
    m.rgba_w = width;
    m.rgba_h = height;
    m.dirty.clear();
  }
  const std::size_t stride = std::size_t(width) * 4;
  for (const auto& b : m.unsent) {
    for (int y = b.y; y < b.y + b.h; ++y) {
      const std::size_t at = std::size_t(y) * stride + std::size_t(b.x) * 4;
      std::copy_n(rgba + at, std::size_t(b.w) * 4, m.rgba.data() + at);
    }
    add_box(m.dirty, b, width, height);
  }
  m.unsent.clear();
  m.content = Content::rgba;
  m.fresh = true;
  lock.unlock();
  m.taken(now);
}

WindowStats ScreenWindow::stats() const {
  return {impl_->spec.name, impl_->shown, impl_->skipped, impl_->closed};
}

// ---------------------------------------------------------------------------------------
// ScreenWindows: the window thread

struct ScreenWindows::Impl {
  std::vector<std::unique_ptr<ScreenWindow>> windows;
  std::vector<WindowClient*> clients;  // null once closed after a failure
  std::thread thread;
  std::atomic<bool> stop{false};
  std::mutex wake_mutex;
  std::condition_variable wake;  // ends the wait between rounds when stopping
  std::promise<void> opened;     // set once every window is open, or with why one is not

  void run();
  void open(ScreenWindow::Impl& w);
  void handle(const SDL_Event& e);
  void present(ScreenWindow::Impl& w);
  bool upload_rgba(ScreenWindow::Impl& w);
  bool ensure_texture(ScreenWindow::Impl& w, Uint32 format, int width, int height);
  void draw(ScreenWindow::Impl& w);
  void close(ScreenWindow::Impl& w, const std::string& why);
  template <class Fn>
  void on_clients(Fn&& fn);
  void close_clients();
};

// Runs `fn` on every open client; one that throws is closed, the rest go on.
template <class Fn>
void ScreenWindows::Impl::on_clients(Fn&& fn) {
  for (auto& c : clients) {
    if (!c) continue;
    try {
      fn(*c);
    } catch (const std::exception& e) {
      core::log::error(std::string("window: ") + e.what() +
                       "; that window is closed, the program and its outputs go on");
      c->close();
      c = nullptr;
    }
  }
}

void ScreenWindows::Impl::close_clients() {
  for (auto& c : clients) {
    if (c) c->close();
    c = nullptr;
  }
}

void ScreenWindows::Impl::open(ScreenWindow::Impl& w) {
  const WindowSpec& s = w.spec;
  const DisplayInfo& d = s.display;
  if (s.kind == WindowKind::preview) {
    w.window = SDL_CreateWindow(s.title.c_str(), int(SDL_WINDOWPOS_CENTERED_DISPLAY(d.index)),
                                int(SDL_WINDOWPOS_CENTERED_DISPLAY(d.index)), s.width, s.height,
                                SDL_WINDOW_RESIZABLE);
  } else {
    // At the display's bounds, borderless (enough without a window manager), and full
    // screen for a window manager that would keep panels above it.
    w.window = SDL_CreateWindow(s.title.c_str(), d.x, d.y, d.width, d.height,
                                SDL_WINDOW_BORDERLESS | SDL_WINDOW_FULLSCREEN_DESKTOP);
  }
  if (!w.window) {
    throw core::Error(s.name + ": cannot open a window on display " + describe_display(d) + ": " +
                      sdl_error() + "; check the display is connected and on, or run " +
                      "with --headless");
  }
  if (s.render_driver.empty()) {
    SDL_ResetHint(SDL_HINT_RENDER_DRIVER);
  } else {
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, s.render_driver.c_str());
  }
  if (s.render_driver == "software") {
    // Else SDL presents the CPU renderer's picture through a GL texture of its own: with
    // Mesa's llvmpipe that costs more than all the rest (measured: 11 ms a frame at
    // 960×540, against under 1 ms straight to the X server). SDL reads this once.
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  }
  const Uint32 flags =
      s.kind == WindowKind::screen && s.render_driver.empty() ? SDL_RENDERER_PRESENTVSYNC : 0;
  w.renderer = SDL_CreateRenderer(w.window, -1, flags);
  if (!w.renderer) {
    SDL_ResetHint(SDL_HINT_RENDER_DRIVER);
    w.renderer = SDL_CreateRenderer(w.window, -1, 0);
  }
  if (!w.renderer) {
    throw core::Error(s.name + ": cannot draw in its window on display " + describe_display(d) +
                      ": " + sdl_error() + "; check the graphics drivers, or run with --headless");
  }
  int vw = 0, vh = 0;
  SDL_GetRendererOutputSize(w.renderer, &vw, &vh);
  w.view_w = vw;
  w.view_h = vh;
  draw(w);
  SDL_RendererInfo info{};
  SDL_GetRendererInfo(w.renderer, &info);
  const int landed = SDL_GetWindowDisplayIndex(w.window);
  core::log::info(s.name + ": window " + std::to_string(vw) + "×" + std::to_string(vh) +
                  " on display " + describe_display(d) + " (SDL renderer " +
                  (info.name ? info.name : "?") + ")");
  if (s.kind == WindowKind::screen && landed >= 0 && landed != d.index) {
    core::log::warn(s.name + ": the window manager put the window on display " +
                    std::to_string(landed) + " instead of " + std::to_string(d.index));
  }
}

void ScreenWindows::Impl::close(ScreenWindow::Impl& w, const std::string& why) {
  w.destroy();
  w.closed = true;
  core::log::info(w.spec.name + ": window " + why + "; the program and its outputs go on");
}

void ScreenWindows::Impl::handle(const SDL_Event& e) {
  if (e.type != SDL_WINDOWEVENT) return;  // SDL_QUIT too: only the operator's stop ends a run
  for (auto& p : windows) {
    ScreenWindow::Impl& w = *p->impl_;
    if (!w.window || SDL_GetWindowID(w.window) != e.window.windowID) continue;
    switch (e.window.event) {
      case SDL_WINDOWEVENT_CLOSE:
        close(w, "closed by the operator");
        break;
      case SDL_WINDOWEVENT_SIZE_CHANGED: {
        int vw = 0, vh = 0;
        SDL_GetRendererOutputSize(w.renderer, &vw, &vh);
        w.view_w = vw;
        w.view_h = vh;
        draw(w);
        break;
      }
      case SDL_WINDOWEVENT_EXPOSED:
        draw(w);
        break;
      default:
        break;
    }
  }
}

bool ScreenWindows::Impl::ensure_texture(ScreenWindow::Impl& w, Uint32 format, int width,
                                         int height) {
  if (w.texture && w.texture_format == format && w.texture_w == width && w.texture_h == height) {
    return true;
  }
  if (w.texture) SDL_DestroyTexture(w.texture);
  w.texture = SDL_CreateTexture(w.renderer, format, SDL_TEXTUREACCESS_STREAMING, width, height);
  if (!w.texture) {
    close(w, "cannot show a " + std::to_string(width) + "×" + std::to_string(height) +
                 " picture (" + sdl_error() + ")");
    return false;
  }
  // A layout is premultiplied over black: its colour channels are the result as they are.
  SDL_SetTextureBlendMode(w.texture, SDL_BLENDMODE_NONE);
  w.texture_format = format;
  w.texture_w = width;
  w.texture_h = height;
  return true;
}

bool ScreenWindows::Impl::upload_rgba(ScreenWindow::Impl& w) {
  std::lock_guard<std::mutex> lock(w.mutex);
  w.fresh = false;
  const bool fresh_texture = !w.texture || w.texture_w != w.rgba_w || w.texture_h != w.rgba_h;
  if (!ensure_texture(w, SDL_PIXELFORMAT_RGBA32, w.rgba_w, w.rgba_h)) return false;
  if (fresh_texture) w.dirty.assign(1, render::PixelBox{0, 0, w.rgba_w, w.rgba_h});
  const std::size_t stride = std::size_t(w.rgba_w) * 4;
  for (const auto& b : w.dirty) {
    const SDL_Rect r{b.x, b.y, b.w, b.h};
    SDL_UpdateTexture(w.texture, &r,
                      w.rgba.data() + std::size_t(b.y) * stride + std::size_t(b.x) * 4,
                      int(stride));
  }
  w.dirty.clear();
  return true;
}

void ScreenWindows::Impl::present(ScreenWindow::Impl& w) {
  Content content = Content::none;
  {
    std::lock_guard<std::mutex> lock(w.mutex);
    content = w.content;
    if (content == Content::program) {
      std::swap(w.picture, w.showing);  // the render loop fills the other one meanwhile
      w.fresh = false;
    }
  }
  if (content == Content::program) {
    const video::Picture& p = w.showing;
    if (!ensure_texture(w, SDL_PIXELFORMAT_IYUV, p.width, p.height)) return;
    SDL_UpdateYUVTexture(w.texture, nullptr, p.y.data(), p.width, p.u.data(), p.chroma_width(),
                         p.v.data(), p.chroma_width());
  } else if (content == Content::rgba) {
    if (!upload_rgba(w)) return;
  }
  draw(w);
  ++w.shown;
}

void ScreenWindows::Impl::draw(ScreenWindow::Impl& w) {
  if (!w.renderer) return;
  SDL_SetRenderDrawColor(w.renderer, 0, 0, 0, 255);
  SDL_RenderClear(w.renderer);
  if (w.texture) {
    // Scaled to fit, centred, the aspect ratio kept (black bars where it differs).
    int vw = 0, vh = 0;
    SDL_GetRendererOutputSize(w.renderer, &vw, &vh);
    const double scale = std::min(double(vw) / w.texture_w, double(vh) / w.texture_h);
    const int dw = int(w.texture_w * scale + 0.5), dh = int(w.texture_h * scale + 0.5);
    const SDL_Rect dst{(vw - dw) / 2, (vh - dh) / 2, dw, dh};
    SDL_RenderCopy(w.renderer, w.texture, nullptr, &dst);
  }
  SDL_RenderPresent(w.renderer);
}

void ScreenWindows::Impl::run() {
  pthread_setname_np(pthread_self(), "windows");  // in top and perf
  if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
    opened.set_exception(
        std::make_exception_ptr(core::Error("windows: starting SDL video failed: " + sdl_error() +
                                            "; check DISPLAY, or run with --headless")));
    return;
  }
  // The pipeline's pictures are BT.709 whatever their size; scaling is smoothed.
  SDL_SetYUVConversionMode(SDL_YUV_CONVERSION_BT709);
  SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
  try {
    for (auto& w : windows) open(*w->impl_);
    for (auto* c : clients) c->open();
  } catch (...) {
    close_clients();
    for (auto& w : windows) w->impl_->destroy();
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    opened.set_exception(std::current_exception());
    return;
  }
  opened.set_value();
  try {
    while (!stop) {
      SDL_Event e;
      while (SDL_PollEvent(&e)) {
        handle(e);
        on_clients([&e](WindowClient& c) { c.handle(e); });
      }
      for (auto& w : windows) {
        if (!w->impl_->closed && w->impl_->fresh) present(*w->impl_);
      }
      on_clients([](WindowClient& c) { c.tick(); });
      std::unique_lock<std::mutex> lock(wake_mutex);
      wake.wait_for(lock, kPumpInterval, [this] { return bool(stop); });
    }
  } catch (const std::exception& e) {
    // A window is never worth the program: they all close, the outputs go on.
    for (auto& w : windows) {
      if (!w->impl_->closed) close(*w->impl_, std::string("failed (") + e.what() + ")");
    }
  }
  close_clients();
  for (auto& w : windows) w->impl_->destroy();
  SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

ScreenWindows::ScreenWindows(std::vector<WindowSpec> specs, std::vector<WindowClient*> clients)
    : impl_(std::make_unique<Impl>()) {
  Impl& d = *impl_;
  d.clients = std::move(clients);
  for (auto& s : specs) {
    auto w = std::make_unique<ScreenWindow::Impl>();
    w->spec = std::move(s);
    d.windows.push_back(std::unique_ptr<ScreenWindow>(new ScreenWindow(std::move(w))));
  }
  auto result = d.opened.get_future();
  d.thread = std::thread([&d] { d.run(); });
  try {
    result.get();
  } catch (...) {
    d.thread.join();
    throw;
  }
}

ScreenWindows::~ScreenWindows() {
  Impl& d = *impl_;
  d.stop = true;
  d.wake.notify_one();
  if (d.thread.joinable()) d.thread.join();
}

std::size_t ScreenWindows::size() const {
  return impl_->windows.size();
}

ScreenWindow& ScreenWindows::operator[](std::size_t i) {
  return *impl_->windows.at(i);
}

std::vector<WindowStats> ScreenWindows::stats() const {
  std::vector<WindowStats> out;
  for (const auto& w : impl_->windows) out.push_back(w->stats());
  return out;
}

}  // namespace app
