#include "scene/scene.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"

namespace scene {
namespace {

// Parameters every layer accepts besides its kind's own.
bool generic_param(std::string_view name) {
  return name == "take" || name == "out";
}

void check_names(const OverlayKind& kind, const Params& params) {
  for (const auto& entry : params.values()) {
    const std::string& name = entry.first;
    if (generic_param(name)) continue;
    const bool known = std::any_of(kind.params.begin(), kind.params.end(),
                                   [&](const ParamSpec& p) { return p.name == name; });
    if (known) continue;
    std::vector<std::string> names;
    for (const auto& p : kind.params) names.push_back(p.name);
    names.push_back("take");
    names.push_back("out");
    throw ParamError(kind.name + ": unknown parameter '" + name + "'; " + kind.name +
                     " accepts: " + core::join(names));
  }
  for (const auto& spec : kind.params) {
    if (spec.choices.empty() || !params.has(spec.name)) continue;
    const std::string v = params.get(spec.name);
    if (std::find(spec.choices.begin(), spec.choices.end(), v) == spec.choices.end()) {
      throw ParamError(kind.name + ": " + spec.name + "=" + v +
                       " is not allowed; use one of: " + core::join(spec.choices));
    }
  }
}

float clamp01(float v) {
  return std::clamp(v, 0.f, 1.f);
}

}  // namespace

float ease_out_cubic(float t) {
  t = clamp01(t);
  const float u = 1 - t;
  return 1 - u * u * u;
}

float ease_in_out_cubic(float t) {
  t = clamp01(t);
  return t < 0.5f ? 4 * t * t * t : 1 - std::pow(-2 * t + 2, 3.f) / 2;
}

Scene::Scene(const std::vector<OverlayKind>& kinds, LookStore& looks)
    : kinds_(kinds), looks_(looks) {}

const OverlayKind* Scene::find(std::string_view kind) const {
  for (const auto& k : kinds_) {
    if (k.name == kind) return &k;
  }
  return nullptr;
}

int Scene::take(std::string_view kind, const Params& params, core::UtcMs at,
                const race::RaceSnapshot& race, Entry entry) {
  const OverlayKind* k = find(kind);
  if (!k) {
    std::vector<std::string> names;
    for (const auto& x : kinds_) names.push_back(x.name);
    throw ParamError("no overlay called '" + std::string(kind) + "'; overlays: " +
                     core::join(names) + " (pacecast snapshot --list shows their parameters)");
  }
  check_names(*k, params);
  Layer layer;
  layer.id = next_id_;
  layer.kind = k->name;
  layer.params = params;
  layer.take_at = params.get_time("take", race.config()).value_or(at);
  layer.out_at = params.get_time("out", race.config());
  layer.cut = entry == Entry::cut;
  layer.overlay = k->make();
  layer.overlay->configure(params, race);
  layers_.push_back(std::move(layer));
  return next_id_++;
}

bool Scene::take_out(int id, core::UtcMs at) {
  for (auto& l : layers_) {
    if (l.id == id && !l.out_at) {
      l.out_at = at;
      return true;
    }
  }
  return false;
}

void Scene::update(int id, const Params& params, const race::RaceSnapshot& race) {
  for (auto& l : layers_) {
    if (l.id != id) continue;
    const OverlayKind* k = find(l.kind);
    check_names(*k, params);
    l.overlay->configure(params, race);
    l.params = params;
    return;
  }
  throw ParamError("no layer " + std::to_string(id) + " is on air");
}

void Scene::draw(render::Canvas& canvas, const SceneFrame& frame) {
  if (!frame.race || canvas.height() <= 0 || canvas.width() <= 0) return;
  const float scale = static_cast<float>(canvas.height()) / 1080.f;
  const render::Rect screen{0, 0, static_cast<float>(canvas.width()) / scale, 1080.f};

  // Drop layers whose animation out has finished.
  std::erase_if(layers_, [&](const Layer& l) {
    if (!l.out_at) return false;
    const auto look = looks_.look(l.kind);
    const core::Ms out_ms = look->duration_ms(
        "animation.out_ms", look->duration_ms("$animation.out_ms", core::Ms(350)));
    return frame.now >= *l.out_at + out_ms;
  });

  for (auto& l : layers_) {
    if (frame.now < l.take_at) continue;  // not on air yet at this presentation time
    const LookPtr look = looks_.look(l.kind);
    const auto in_ms =
        look->duration_ms("animation.in_ms", look->duration_ms("$animation.in_ms", core::Ms(450)));
    const auto out_ms = look->duration_ms("animation.out_ms",
                                          look->duration_ms("$animation.out_ms", core::Ms(350)));
    const float slide_x = static_cast<float>(
        look->number("animation.slide_x", look->number("$animation.slide_x", 0)));
    const float slide_y = static_cast<float>(
        look->number("animation.slide_y", look->number("$animation.slide_y", 30)));
    const float mx = static_cast<float>(look->number("$safe_area.margin_x", 0.05));
    const float my = static_cast<float>(look->number("$safe_area.margin_y", 0.05));

    Frame f;
    f.now = frame.now;
    f.race = frame.race.get();
    f.feed_stale = frame.feed_stale;
    f.screen = screen;
    f.safe = {screen.w * mx, screen.h * my, screen.w * (1 - 2 * mx), screen.h * (1 - 2 * my)};
    f.on_air = frame.now - l.take_at;
    const float t_in =
        in_ms.count() > 0 && !l.cut ? float(f.on_air.count()) / float(in_ms.count()) : 1.f;
    float t = clamp01(t_in);
    if (l.out_at && frame.now >= *l.out_at) {
      f.leaving = true;
      const auto since = frame.now - *l.out_at;
      const float t_out = out_ms.count() > 0 ? float(since.count()) / float(out_ms.count()) : 1.f;
      t = std::min(t, 1 - clamp01(t_out));
    }
    f.transition = t;
    const float eased = ease_out_cubic(t);

    canvas.save();
    canvas.scale(scale, scale);
    canvas.translate(slide_x * (1 - eased), slide_y * (1 - eased));
    canvas.multiply_opacity(eased);
    l.overlay->draw(canvas, f, *look);
    canvas.restore();
  }
}

}  // namespace scene
