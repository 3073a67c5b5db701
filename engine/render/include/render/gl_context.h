// GlContext: an OpenGL 3.3 core context through SDL2, either on a window or headless
// (SDL's offscreen driver over EGL, e.g. Mesa llvmpipe in CI; or Xvfb).
// Thread-safety: create, use and destroy on one thread (the engine thread), the one that
// also owns SDL.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace render {

enum class ContextMode : std::uint8_t { invalid, headless, window };

struct ContextOptions {
  ContextMode mode = ContextMode::headless;
  int window_width = 1280, window_height = 720;  // window mode only
  std::string window_title = "Pacecast";
  bool vsync = false;
  // Rasteriser threads of Mesa's software driver (llvmpipe), when it is the one in use:
  // 0 rasterises on the thread that renders. Small damaged regions render faster that way
  // (no hand-off to other threads), and on two cores the encoder needs the others. -1
  // leaves the driver's default. LP_NUM_THREADS in the environment wins over this; the
  // first context of the process decides. Hardware drivers ignore it.
  int software_threads = 0;
};

class GlContext {
 public:
  // Throws core::Error saying which step failed (SDL video driver, context creation,
  // GL version) and what to try (SDL_VIDEODRIVER=offscreen, Xvfb, Mesa drivers).
  explicit GlContext(const ContextOptions& options);
  ~GlContext();
  GlContext(const GlContext&) = delete;
  GlContext& operator=(const GlContext&) = delete;

  void make_current();
  // Window mode: presents the back buffer. Headless: no-op.
  void swap();
  ContextMode mode() const;
  // "Mesa ... llvmpipe (LLVM 15 ...)", "4.5 (Core Profile) Mesa 22.3.6"
  std::string renderer() const;
  std::string version() const;
  void* sdl_window() const;  // SDL_Window*, for the console (window mode)
  void* sdl_gl_context() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace render
