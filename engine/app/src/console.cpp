// The console's window: SDL window, GL context, ImGui context and backends, fonts,
// textures, events and hotkeys, the frame cadence, the snapshot. What a frame draws is in
// console_panels.cpp and console_tabs.cpp.
#include "console.h"

#include <SDL.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>
#include <imgui_freetype.h>

#define GL_GLEXT_PROTOTYPES 1
#include <GL/glcorearb.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <mutex>

#include "console_ui.h"
#include "console_video.h"
#include "core/error.h"
#include "core/log.h"
#include "render/text.h"

namespace app {
namespace {

using Clock = std::chrono::steady_clock;

constexpr float kFontPx = 16;

std::string console_sdl_error() {
  const char* e = SDL_GetError();
  return e && *e ? e : "no detail from SDL";
}

// CPU time of the calling thread (Mesa's llvmpipe rasterises on it too), in ms.
double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

// The window an input or window event is addressed to; 0 for the others.
std::uint32_t event_window(const SDL_Event& e) {
  switch (e.type) {
    case SDL_WINDOWEVENT:
      return e.window.windowID;
    case SDL_KEYDOWN:
    case SDL_KEYUP:
      return e.key.windowID;
    case SDL_TEXTINPUT:
      return e.text.windowID;
    case SDL_TEXTEDITING:
      return e.edit.windowID;
    case SDL_MOUSEMOTION:
      return e.motion.windowID;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      return e.button.windowID;
    case SDL_MOUSEWHEEL:
      return e.wheel.windowID;
    default:
      return 0;
  }
}

// Latin with its extensions, Greek, Cyrillic with its supplement (Kazakh's Ә Ғ Қ Ң Ө Ұ Ү Һ І),
// punctuation, currency, arrows: what names and the interface's text use.
const ImWchar kGlyphRanges[] = {0x0020, 0x024F, 0x0300, 0x036F, 0x0370, 0x03FF, 0x0400,
                                0x052F, 0x1E00, 0x1EFF, 0x2000, 0x206F, 0x20A0, 0x20CF,
                                0x2100, 0x214F, 0x2190, 0x21FF, 0x2212, 0x2212, 0};

// Letters the console must draw: Kazakh and Russian Cyrillic, accented Latin, punctuation.
constexpr std::u16string_view kMustDraw = u"ЖжЁёӘәҒғҚқҢңӨөҰұҮүҺһІіÜüÉéÇçŁłŻżŞşĞğÑñ—…·";

// The letters of kMustDraw the current ImGui font lacks (after its atlas is built).
std::u16string missing_glyphs() {
  std::u16string missing;
  const ImFont* font = ImGui::GetFont();
  for (const char16_t c : kMustDraw) {
    if (!font || !font->FindGlyphNoFallback(ImWchar(c))) missing += c;
  }
  return missing;
}

bool readable(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec);
}

// The bundled Inter (as render::TextEngine finds it) with DejaVu Sans merged in for what
// Inter lacks; either alone when the other is missing; ImGui's own font (ASCII) as a last
// resort. Returns the main font file, or "".
std::string load_console_fonts(ImGuiIO& io) {
  io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  const std::filesystem::path inter = render::bundled_font_dir() / "Inter-Regular.otf";
  const std::filesystem::path dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::string main;
  for (const auto& path : {inter, dejavu}) {
    if (!readable(path)) continue;
    ImFontConfig cfg;
    cfg.MergeMode = !main.empty();
    if (io.Fonts->AddFontFromFileTTF(path.c_str(), kFontPx, &cfg, kGlyphRanges) && main.empty()) {
      main = path.string();
    }
  }
  if (main.empty()) {
    core::log::warn("console: neither " + inter.string() + " nor " + dejavu.string() +
                    " can be read; names outside ASCII show as '?' (set PACECAST_FONT_DIR or "
                    "install fonts-dejavu-core)");
    io.Fonts->AddFontDefault();
  }
  return main;
}

void upload_texture(ConsoleTexture& t, const std::uint8_t* rgba, int width, int height) {
  GLuint id = t.id;
  if (id == 0) {
    glGenTextures(1, &id);
    t.id = id;
  }
  glBindTexture(GL_TEXTURE_2D, id);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  if (t.width != width || t.height != height) {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    t.width = width;
    t.height = height;
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  }
  glBindTexture(GL_TEXTURE_2D, 0);
}

void free_texture(ConsoleTexture& t) {
  const GLuint id = t.id;
  if (id) glDeleteTextures(1, &id);
  t = {};
}

}  // namespace

struct Console::Impl {
  Impl(control::Control& c, ConsoleOptions o)
      : control(c),
        options(std::move(o)),
        mailbox(options.monitor_width, options.max_fps),
        period(std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(1.0 / std::max(1.0, options.max_fps)))),
        ui(c, options.by) {
    ui.announcer = options.announcer;
    ui.select_announcer = options.announcer != nullptr;
  }

  control::Control& control;
  const ConsoleOptions options;
  ProgramMailbox mailbox;
  const Clock::duration period;
  std::atomic<bool> open{false};

  // --- window thread only
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  ImGuiContext* imgui = nullptr;
  bool imgui_sdl = false, imgui_gl = false;
  std::unique_ptr<ConsolePreview> preview;
  video::Picture program;
  std::vector<std::uint8_t> program_rgba;
  ConsoleUi ui;
  Clock::time_point next_frame{};
  bool typing = false;  // a text field had the keyboard in the last frame
  std::uint64_t frames = 0;
  double frame_ms_total = 0;
  std::string font;
  std::u16string missing;  // glyphs the font lacks, from the first frame

  mutable std::mutex snapshot_mutex;  // --- guards `snap`
  ConsoleSnapshot snap;

  void make_current() {
    if (SDL_GL_MakeCurrent(window, gl) != 0) {
      throw core::Error("console: making its GL context current failed: " + console_sdl_error());
    }
  }
  void create_window();
  void update_pictures();
  void drop_preview(const std::string& why);
  void frame();
  void publish();
  void on_key(const SDL_KeyboardEvent& key);
};

void Console::Impl::create_window() {
  SDL_GL_ResetAttributes();
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);
  const DisplayInfo& d = options.display;
  const int x = options.x ? *options.x : int(SDL_WINDOWPOS_CENTERED_DISPLAY(d.index));
  const int y = options.y ? *options.y : int(SDL_WINDOWPOS_CENTERED_DISPLAY(d.index));
  window = SDL_CreateWindow(options.title.c_str(), x, y, options.width, options.height,
                            SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (!window) {
    throw core::Error("console: cannot open its window on display " + std::to_string(d.index) +
                      ": " + console_sdl_error() +
                      "; check the display is on, or run without --console");
  }
  gl = SDL_GL_CreateContext(window);
  if (!gl) {
    throw core::Error(
        "console: cannot create an OpenGL 3.3 context for its window: " + console_sdl_error() +
        "; check the graphics drivers (libgl1-mesa-dri), or run without --console");
  }
  make_current();
  SDL_GL_SetSwapInterval(0);  // the window thread serves other windows: never wait on vsync
}

void Console::Impl::drop_preview(const std::string& why) {
  ui.preview_error = "the preview stopped (" + why + "); the console goes on without it";
  core::log::error("console: " + ui.preview_error);
  try {
    preview->make_current();
    preview.reset();
  } catch (const std::exception&) {
    // Its GL objects cannot be freed in its own context: left to the driver at exit rather
    // than freed in the console's (where the same names are the console's textures).
    (void)preview.release();
  }
  ui.preview.has_picture = false;
}

void Console::Impl::update_pictures() {
  if (preview) {
    try {
      const bool changed = preview->update(control.preview_layers(), ui.race);
      make_current();
      if (changed) {
        const render::Image& img = preview->image();
        upload_texture(ui.preview, img.rgba.data(), img.width, img.height);
        ui.preview.has_picture = !preview->ids().empty();
      }
      ui.preview_error = preview->error();
      ui.preview_ids = preview->ids();
    } catch (const std::exception& e) {
      drop_preview(e.what());
    }
  }
  make_current();
  if (mailbox.take(program)) {
    yuv_to_rgba(program, program_rgba);
    upload_texture(ui.program, program_rgba.data(), program.width, program.height);
    ui.program.has_picture = true;
  }
}

void Console::Impl::frame() {
  const double start = thread_cpu_ms();
  refresh(ui.model, control);
  ui.race = control.race();
  SDL_GetWindowPosition(window, &ui.window_x, &ui.window_y);
  update_pictures();
  ImGui::SetCurrentContext(imgui);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  draw_console(ui);
  ImGui::Render();
  int w = 0, h = 0;
  SDL_GL_GetDrawableSize(window, &w, &h);
  glViewport(0, 0, w, h);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];  // the window's background
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(window);
  typing = ImGui::GetIO().WantTextInput;
  if (frames == 0) {
    missing = missing_glyphs();
    if (!missing.empty()) {
      core::log::warn("console: the font lacks " + std::to_string(missing.size()) +
                      " letters names use; they show as '?' (install fonts-dejavu-core)");
    }
  }
  ++frames;
  frame_ms_total += thread_cpu_ms() - start;
  publish();
}

void Console::Impl::publish() {
  ConsoleSnapshot s;
  s.open = window != nullptr;
  s.window_id = window ? SDL_GetWindowID(window) : 0;
  if (window) {
    SDL_GetWindowPosition(window, &s.window_x, &s.window_y);
    SDL_GetWindowSize(window, &s.width, &s.height);
  }
  s.frames = frames;
  s.frame_ms = frames ? frame_ms_total / double(frames) : 0;
  s.program_pictures = mailbox.taken();
  s.program_skipped = mailbox.skipped();
  s.preview_renders = preview ? preview->renders() : 0;
  s.preview_ids = ui.preview_ids;
  s.preview_error = ui.preview_error;
  s.model = ui.model;
  s.search = ui.search;
  s.search_active = ui.search_active;
  s.hits = ui.hits;
  s.runner = ui.runner;
  s.pace = ui.pace;
  s.missing_glyphs = missing;
  s.notes.assign(ui.notes.begin(), ui.notes.end());
  s.panels = ui.panels;
  s.font = font;
  std::lock_guard<std::mutex> lock(snapshot_mutex);
  s.closed = snap.closed;
  s.closed_why = snap.closed_why;
  snap = std::move(s);
}

void Console::Impl::on_key(const SDL_KeyboardEvent& key) {
  if (key.repeat) return;  // a held key acts once
  const SDL_Keycode sym = key.keysym.sym;
  if (typing && ui.search_active && (sym == SDLK_RETURN || sym == SDLK_KP_ENTER)) {
    ui.pick_first_hit = true;  // Enter in the search: the first runner found
    return;
  }
  const auto hotkey = hotkey_for(key.keysym.sym, key.keysym.mod, typing);
  if (!hotkey) return;
  if (hotkey->action == HotkeyAction::focus_search) {
    ui.focus_search = true;
    return;
  }
  // On the overlays as the operator sees them: the list of the last frame.
  ui.act([&] {
    const std::string what = apply_hotkey(control, *hotkey, ui.model.overlays, ui.by);
    if (!what.empty()) ui.note(what);
  });
}

// ---------------------------------------------------------------------------------------

Console::Console(control::Control& control, ConsoleOptions options)
    : impl_(std::make_unique<Impl>(control, std::move(options))) {}

Console::~Console() = default;

void Console::show_program(const video::Picture& picture) {
  if (impl_->open) impl_->mailbox.offer(picture);
}

ConsoleSnapshot Console::snapshot() const {
  std::lock_guard<std::mutex> lock(impl_->snapshot_mutex);
  return impl_->snap;
}

void Console::open() {
  Impl& m = *impl_;
  // The preview first: its hidden GL context is current once made, the console's after.
  try {
    m.preview = std::make_unique<ConsolePreview>(m.options.preview_width, m.options.preview_height);
  } catch (const std::exception& e) {
    m.ui.preview_error = std::string("no preview: ") + e.what();
    core::log::warn("console: " + m.ui.preview_error);
  }
  m.create_window();
  IMGUI_CHECKVERSION();
  m.imgui = ImGui::CreateContext();
  ImGui::SetCurrentContext(m.imgui);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is the console's, not a file in the working directory
  io.LogFilename = nullptr;
  ImGui::StyleColorsDark();
  ImGui::GetStyle().FrameRounding = 3;
  m.font = load_console_fonts(io);
  m.imgui_sdl = ImGui_ImplSDL2_InitForOpenGL(m.window, m.gl);
  m.imgui_gl = ImGui_ImplOpenGL3_Init("#version 330 core");
  if (!m.imgui_sdl || !m.imgui_gl) {
    throw core::Error(
        "console: Dear ImGui could not start on SDL and OpenGL 3.3; check the "
        "graphics drivers, or run without --console");
  }
  const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  core::log::info("console: window " + std::to_string(m.options.width) + "×" +
                  std::to_string(m.options.height) + " on display " +
                  std::to_string(m.options.display.index) + " (" +
                  (renderer ? renderer : "unknown GL") + "), font " +
                  (m.font.empty() ? "ImGui's own" : m.font));
  m.open = true;
  m.publish();
}

void Console::handle(const SDL_Event& e) {
  Impl& m = *impl_;
  if (!m.window || event_window(e) != SDL_GetWindowID(m.window)) return;
  if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE) {
    core::log::info("console: closed by the operator; the program and its outputs go on");
    {
      std::lock_guard<std::mutex> lock(m.snapshot_mutex);
      m.snap.closed = true;
      m.snap.closed_why = "closed by the operator";
    }
    close();
    return;
  }
  if (e.type == SDL_KEYDOWN) m.on_key(e.key);
  ImGui::SetCurrentContext(m.imgui);
  ImGui_ImplSDL2_ProcessEvent(&e);
}

void Console::tick() {
  Impl& m = *impl_;
  if (!m.window) return;
  const auto now = Clock::now();
  if (now < m.next_frame) return;
  m.next_frame = std::max(m.next_frame + m.period, now);
  // Nobody sees a minimised or hidden console: no frame (the mailbox keeps the newest).
  if (SDL_GetWindowFlags(m.window) & (SDL_WINDOW_MINIMIZED | SDL_WINDOW_HIDDEN)) return;
  m.frame();
}

void Console::close() {
  Impl& m = *impl_;
  m.open = false;
  if (m.window && m.gl && SDL_GL_MakeCurrent(m.window, m.gl) == 0) {
    free_texture(m.ui.program);
    free_texture(m.ui.preview);
  }
  if (m.imgui) {
    ImGui::SetCurrentContext(m.imgui);
    if (m.imgui_gl) ImGui_ImplOpenGL3_Shutdown();
    if (m.imgui_sdl) ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext(m.imgui);
    m.imgui = nullptr;
    m.imgui_gl = m.imgui_sdl = false;
  }
  if (m.gl) SDL_GL_DeleteContext(m.gl);
  if (m.window) SDL_DestroyWindow(m.window);
  m.gl = nullptr;
  m.window = nullptr;
  if (m.preview) {
    try {
      m.preview->make_current();
      m.preview.reset();
    } catch (const std::exception&) {
      (void)m.preview.release();
    }
  }
  std::lock_guard<std::mutex> lock(m.snapshot_mutex);
  m.snap.open = false;
  m.snap.closed = true;
  if (m.snap.closed_why.empty()) m.snap.closed_why = "closed";
}

}  // namespace app
