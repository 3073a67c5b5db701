#include "render/gl_context.h"

#include <SDL.h>

#include <atomic>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "core/log.h"
#include "gl_api.h"

namespace render {
namespace {

constexpr int kMajor = 3, kMinor = 3;

std::string sdl_error() {
  const char* e = SDL_GetError();
  return e && *e ? e : "no detail from SDL";
}

std::string driver_name() {
  const char* d = SDL_GetCurrentVideoDriver();
  if (d) return d;
  const char* env = std::getenv("SDL_VIDEODRIVER");
  return env ? env : "default";
}

std::string hint(ContextMode mode) {
  return mode == ContextMode::headless
             ? "; try SDL_VIDEODRIVER=x11 under Xvfb (xvfb-run -a ...) or install Mesa's EGL "
               "and llvmpipe drivers (libegl-mesa0, libgl1-mesa-dri)"
             : "; check DISPLAY/WAYLAND_DISPLAY, or run headless (SDL_VIDEODRIVER=offscreen)";
}

std::string gl_string(GLenum name) {
  const GLubyte* s = glGetString(name);
  return s ? reinterpret_cast<const char*>(s) : "";
}

}  // namespace

struct GlContext::Impl {
  ContextMode mode = ContextMode::invalid;
  bool video_started = false;
  SDL_Window* window = nullptr;
  SDL_GLContext context = nullptr;
  std::string renderer, version;

  ~Impl() {
    if (context) SDL_GL_DeleteContext(context);
    if (window) SDL_DestroyWindow(window);
    if (video_started) SDL_QuitSubSystem(SDL_INIT_VIDEO);
  }

  void start_video(const ContextOptions& o) {
    if (mode == ContextMode::headless && !std::getenv("SDL_VIDEODRIVER")) {
      setenv("SDL_VIDEODRIVER", "offscreen", 0);
    }
    if (o.software_threads >= 0 && !std::getenv("LP_NUM_THREADS")) {
      setenv("LP_NUM_THREADS", std::to_string(o.software_threads).c_str(), 0);
    }
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
      throw core::Error("GL context: starting SDL video (driver " + driver_name() +
                        ") failed: " + sdl_error() + hint(mode));
    }
    video_started = true;
  }

  void create_window(const ContextOptions& o) {
    SDL_GL_ResetAttributes();
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, kMajor);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, kMinor);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, mode == ContextMode::window ? 1 : 0);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);
    const bool headless = mode == ContextMode::headless;
    // Headless rendering goes to framebuffer objects; the window only carries the context.
    const int w = headless ? 16 : o.window_width, h = headless ? 16 : o.window_height;
    const Uint32 flags =
        SDL_WINDOW_OPENGL |
        (headless ? SDL_WINDOW_HIDDEN : SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    window = SDL_CreateWindow(o.window_title.c_str(), SDL_WINDOWPOS_UNDEFINED,
                              SDL_WINDOWPOS_UNDEFINED, w, h, flags);
    if (!window) {
      throw core::Error("GL context: creating the " +
                        std::string(headless ? "offscreen window" : "window") + " (driver " +
                        driver_name() + ") failed: " + sdl_error() + hint(mode));
    }
    context = SDL_GL_CreateContext(window);
    if (!context) {
      throw core::Error("GL context: creating an OpenGL " + std::to_string(kMajor) + "." +
                        std::to_string(kMinor) + " core context (driver " + driver_name() +
                        ") failed: " + sdl_error() + hint(mode));
    }
    if (SDL_GL_MakeCurrent(window, context) != 0) {
      throw core::Error("GL context: making the context current failed: " + sdl_error() +
                        hint(mode));
    }
    if (mode == ContextMode::window) SDL_GL_SetSwapInterval(o.vsync ? 1 : 0);
  }

  void check_version() {
    GLint major = 0, minor = 0;
    glGetIntegerv(GL_MAJOR_VERSION, &major);
    glGetIntegerv(GL_MINOR_VERSION, &minor);
    renderer = gl_string(GL_RENDERER);
    version = gl_string(GL_VERSION);
    if (major * 10 + minor < kMajor * 10 + kMinor) {
      throw core::Error("GL context: OpenGL " + std::to_string(major) + "." +
                        std::to_string(minor) + " on '" + renderer +
                        "' is too old; Pacecast needs 3.3 core" + hint(mode));
    }
    static std::atomic<bool> logged{false};
    if (!logged.exchange(true)) {
      const char* threads = std::getenv("LP_NUM_THREADS");
      const bool software = renderer.find("llvmpipe") != std::string::npos;
      core::log::info(
          "GL context: " + renderer + ", OpenGL " + version + " (SDL driver " + driver_name() +
          ")" + (software && threads ? std::string(", LP_NUM_THREADS=") + threads : std::string()));
    }
  }
};

GlContext::GlContext(const ContextOptions& options) : impl_(std::make_unique<Impl>()) {
  if (options.mode == ContextMode::invalid) {
    throw core::Error("GL context: no mode given; choose headless or window");
  }
  impl_->mode = options.mode;
  impl_->start_video(options);
  impl_->create_window(options);
  impl_->check_version();
}

GlContext::~GlContext() = default;

void GlContext::make_current() {
  if (SDL_GL_MakeCurrent(impl_->window, impl_->context) != 0) {
    throw core::Error("GL context: making the context current failed: " + sdl_error());
  }
}

void GlContext::swap() {
  if (impl_->mode == ContextMode::window) SDL_GL_SwapWindow(impl_->window);
}

ContextMode GlContext::mode() const {
  return impl_->mode;
}
std::string GlContext::renderer() const {
  return impl_->renderer;
}
std::string GlContext::version() const {
  return impl_->version;
}
void* GlContext::sdl_window() const {
  return impl_->window;
}
void* GlContext::sdl_gl_context() const {
  return impl_->context;
}

}  // namespace render
