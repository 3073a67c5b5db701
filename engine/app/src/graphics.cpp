#include "app/graphics.h"

#include <algorithm>
#include <chrono>

#include "core/error.h"
#include "core/log.h"
#include "elapsed.h"
#include "overlays/registry.h"
#include "render/gl_context.h"
#include "render/text.h"

namespace app {
namespace {

const scene::OverlayKind* find_kind(std::string_view name) {
  for (const auto& k : overlays::kinds()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

bool accepts(const scene::OverlayKind& k, std::string_view key) {
  if (key == "take" || key == "out") return true;
  return std::any_of(k.params.begin(), k.params.end(),
                     [&](const scene::ParamSpec& p) { return p.name == key; });
}

}  // namespace

std::vector<OverlayRequest> assign_params(const std::vector<std::string>& kinds,
                                          const std::vector<std::string>& sets) {
  std::vector<OverlayRequest> out;
  std::string names;
  for (const auto& k : kinds) {
    if (!find_kind(k)) {
      for (const auto& x : overlays::kinds()) names += (names.empty() ? "" : ", ") + x.name;
      throw core::Error("--overlay " + k + ": no such overlay; overlays: " + names +
                        " (pacecast snapshot --list)");
    }
    out.push_back({k, {}});
  }
  for (const auto& set : sets) {
    const auto eq = set.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw core::Error("--set " + set + ": expected KEY=VALUE or OVERLAY.KEY=VALUE");
    }
    std::string key = set.substr(0, eq);
    const std::string value = set.substr(eq + 1);
    std::string only;
    if (const auto dot = key.find('.'); dot != std::string::npos) {
      only = key.substr(0, dot);
      key = key.substr(dot + 1);
      if (std::none_of(out.begin(), out.end(), [&](const auto& r) { return r.kind == only; })) {
        throw core::Error("--set " + set + ": " + only + " is not among the --overlay list");
      }
    }
    bool used = false;
    std::string accepted;
    for (auto& r : out) {
      if (!only.empty() && r.kind != only) continue;
      const auto* k = find_kind(r.kind);
      if (accepts(*k, key)) {
        r.params.set(key, value);
        used = true;
      }
      std::string list;
      for (const auto& p : k->params) list += (list.empty() ? "" : ", ") + p.name;
      accepted += "; " + r.kind + " accepts " + list + ", take, out";
    }
    if (!used) throw core::Error("--set " + set + ": no overlay takes '" + key + "'" + accepted);
  }
  return out;
}

Background parse_background(const std::string& text) {
  Background b;
  if (text.empty() || text == "transparent") return b;
  if (auto c = render::Color::parse(text)) {
    b.color = *c;
    return b;
  }
  if (text.starts_with('#')) {
    throw core::Error("--background " + text +
                      ": not a colour; use #RRGGBB, #RRGGBBAA, "
                      "transparent or a PNG file");
  }
  if (!std::filesystem::exists(text)) {
    throw core::Error("--background " + text +
                      ": no such file; give a PNG file, a colour "
                      "(#RRGGBB) or transparent");
  }
  b.image = std::make_shared<const render::Image>(render::load_png(text));
  return b;
}

struct Graphics::Impl {
  GraphicsOptions options;
  render::GlContext context;
  render::GlRenderer renderer;
  render::TextEngine text;
  scene::LookStore looks;
  scene::Scene scene;
  render::Canvas canvas;
  render::TargetMirror mirror;

  explicit Impl(const GraphicsOptions& o)
      : options(o),
        context(render::ContextOptions{}),
        renderer(context),
        text(render::TextEngine::Options{}),
        looks(overlays::default_theme(), overlays::look_sources(), o.looks_dir),
        scene(overlays::kinds(), looks),
        canvas(text, o.width, o.height) {}
};

Graphics::Graphics(const GraphicsOptions& options) : impl_(std::make_unique<Impl>(options)) {
  core::log::info("graphics: " + gl_description() + ", " + std::to_string(options.width) + "x" +
                  std::to_string(options.height));
}

Graphics::~Graphics() = default;

scene::Scene& Graphics::scene() {
  return impl_->scene;
}
scene::LookStore& Graphics::looks() {
  return impl_->looks;
}
render::TextEngine& Graphics::text() {
  return impl_->text;
}

std::string Graphics::gl_description() const {
  return impl_->context.renderer() + ", OpenGL " + impl_->context.version();
}

const render::DrawList& Graphics::build(const race::SnapshotPtr& race, core::UtcMs now,
                                        bool feed_stale, const Background& background) {
  auto& c = impl_->canvas;
  c.reset(impl_->options.width, impl_->options.height);
  impl_->text.begin_frame();
  if (background.image) {
    c.image({0, 0, float(c.width()), float(c.height())}, background.image);
  }
  impl_->scene.draw(c, {now, race, feed_stale});
  return c.draw_list();
}

void Graphics::make_current() {
  impl_->context.make_current();
}

void Graphics::set_incremental(bool on) {
  impl_->renderer.set_incremental(on);
}

void Graphics::render(const Background& background, FrameTimes* times) {
  auto t0 = std::chrono::steady_clock::now();
  impl_->renderer.prepare(impl_->canvas.draw_list(), impl_->text);
  if (times) times->prepare_ms = ms_since(t0);
  t0 = std::chrono::steady_clock::now();
  const render::RenderStats stats = impl_->renderer.draw(background.color);
  if (times) {
    impl_->renderer.finish();
    times->render_ms = ms_since(t0);
    times->damaged_pixels = stats.damaged_pixels;
    times->full_redraw = stats.full_redraw;
  }
}

const render::TargetMirror& Graphics::read_changes() {
  impl_->renderer.read_changes(impl_->mirror);
  return impl_->mirror;
}

render::Image Graphics::read_pixels(FrameTimes* times) {
  render::Image img;
  read_pixels(img, times);
  return img;
}

void Graphics::read_pixels(render::Image& into, FrameTimes* times) {
  const auto t0 = std::chrono::steady_clock::now();
  impl_->renderer.read_pixels(into);
  if (times) times->readback_ms = ms_since(t0);
}

render::Image Graphics::frame(const race::SnapshotPtr& race, core::UtcMs now, bool feed_stale,
                              const Background& background) {
  build(race, now, feed_stale, background);
  render(background);
  return read_pixels();
}

}  // namespace app
