// Graphics: the overlay pipeline the commands share — a GL context (headless or window),
// the text engine, the looks, a Scene, a Canvas and the GL renderer — rendering frames of
// a race at presentation times. Used by `snapshot`, `bench render`, the golden tests and
// the live engine.
// Thread-safety: create and use on one thread (it owns the GL context).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "race/snapshot.h"
#include "render/canvas.h"
#include "render/image.h"
#include "render/renderer.h"
#include "scene/scene.h"

namespace app {

struct GraphicsOptions {
  int width = 1920, height = 1080;
  std::optional<std::filesystem::path> looks_dir;  // overrides of the embedded looks
};

// One overlay to put on air, as given on the command line: `--overlay NAME` with the
// parameters that apply to it.
struct OverlayRequest {
  std::string kind;
  scene::Params params;
};

// Splits `--set` values among overlays: "key=value" goes to every requested overlay that
// accepts `key`, "kind.key=value" to that overlay only. Throws core::Error when a key is
// accepted by none of them (listing what they accept) or a value is not key=value.
std::vector<OverlayRequest> assign_params(const std::vector<std::string>& kinds,
                                          const std::vector<std::string>& sets);

// A frame's background: transparent (default), a colour, or a picture scaled to fill.
struct Background {
  render::Color color{0, 0, 0, 0};
  render::ImagePtr image;
};
// "transparent", "#RRGGBB[AA]" or a PNG file. Throws core::Error saying which.
Background parse_background(const std::string& text);

struct FrameTimes {
  double canvas_ms = 0;   // overlays drawing into the Canvas (CPU)
  double prepare_ms = 0;  // DrawList → vertices, glyph rasterisation (CPU)
  double render_ms = 0;   // GL submit + finish
  double readback_ms = 0;
  std::size_t damaged_pixels = 0;  // pixels the renderer redrew
  bool full_redraw = false;        // the whole target was redrawn
};

class Graphics {
 public:
  // Throws core::Error when GL, fonts or a look cannot be set up.
  explicit Graphics(const GraphicsOptions& options);
  ~Graphics();
  Graphics(const Graphics&) = delete;
  Graphics& operator=(const Graphics&) = delete;

  scene::Scene& scene();
  scene::LookStore& looks();
  render::TextEngine& text();
  // "Mesa llvmpipe (LLVM 15.0.6, 256 bits), OpenGL 4.5 (Core Profile) Mesa 22.3.6"
  std::string gl_description() const;
  // Makes its GL context current again, for a thread that also draws with another (the
  // console's window). Throws core::Error when SDL cannot.
  void make_current();

  // Whether the renderer redraws only what changed since the last frame (default) or the
  // whole frame every time (the benchmark's baseline).
  void set_incremental(bool on);

  // Draws the scene at `now` into the Canvas (no GL).
  const render::DrawList& build(const race::SnapshotPtr& race, core::UtcMs now, bool feed_stale,
                                const Background& background = {});
  // Renders what build() recorded; `times` gets the stage timings when given.
  void render(const Background& background = {}, FrameTimes* times = nullptr);
  // The rendered overlay on the CPU (premultiplied RGBA), brought up to date by reading
  // back only what changed since the last call; mirror().changed says where.
  const render::TargetMirror& read_changes();
  render::Image read_pixels(FrameTimes* times = nullptr);
  // The same into `into`, reusing its buffer (no 8 MB allocation per 1080p frame).
  void read_pixels(render::Image& into, FrameTimes* times = nullptr);
  // build() + render() + read_pixels().
  render::Image frame(const race::SnapshotPtr& race, core::UtcMs now, bool feed_stale,
                      const Background& background = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace app
