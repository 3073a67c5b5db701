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
