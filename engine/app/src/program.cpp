#include "program.h"

#include <chrono>

#include "app/graphics.h"
#include "common.h"
#include "core/error.h"
#include "core/log.h"
#include "live_race.h"

namespace app {
namespace {

// The marathon leader (or the first contest's) at `race`, for a split card or lower third
// asked for without a bib.
std::string leader_bib(const race::RaceSnapshot& race) {
  const int marathon = race.contest_index("marathon");
  race::StandingsQuery q;
  q.contest = marathon >= 0 ? marathon : 0;
  q.limit = 1;
  const auto top = race.standings(q);
  return top.empty() ? std::string() : race.participant(top[0].runner).bib;
}

GraphicsOptions graphics_options(const ProgramOptions& o) {
  GraphicsOptions g;
  g.width = o.width;
  g.height = o.height;
  if (!o.looks.empty()) g.looks_dir = o.looks;
  return g;
}

}  // namespace

struct ProgramOverlays::Impl {
  ProgramOptions options;
  bundle::Bundle bundle;
  core::UtcMs start;
  core::Ms delay;
  LiveRace live;
  Graphics graphics;
  std::vector<video::Box> changed;

  explicit Impl(const ProgramOptions& o)
      : options(o),
        bundle(load_race(o.race)),
        start(parse_race_time(*bundle.config, o.at.empty() ? "08:35:00" : o.at, "--at")),
        delay(core::Ms(std::int64_t(o.data_delay_s * 1000))),
        live(bundle, start - delay),
        graphics(graphics_options(o)) {}
};

ProgramOverlays::ProgramOverlays(const ProgramOptions& o) {
  if (!(o.speed > 0)) throw core::Error("--speed must be above 0");
  if (o.data_delay_s < 0) throw core::Error("--data-delay must be 0 or more seconds");
  const auto requests = assign_params(o.overlays, o.sets);
  impl_ = std::make_unique<Impl>(o);
  report_problems(impl_->bundle.problems);
  Impl& d = *impl_;
  const race::SnapshotPtr& first = d.live.advance(d.start - d.delay);
  for (auto r : requests) {
    if ((r.kind == "split_card" || r.kind == "lower_third") && !r.params.has("bib")) {
      r.params.set("bib", leader_bib(*first));
    }
    try {
      d.graphics.scene().take(r.kind, r.params, d.start, *first);
    } catch (const scene::ParamError& e) {
      throw core::Error("--overlay " + r.kind + ": " + e.what());
    }
  }
}

ProgramOverlays::~ProgramOverlays() = default;

video::OverlayFrame ProgramOverlays::frame(std::int64_t t_us) {
  Impl& d = *impl_;
  const core::UtcMs now = d.start + core::Ms(std::int64_t(double(t_us) / 1000.0 * d.options.speed));
  const auto& race = d.live.advance(now - d.delay);
  // Edited look files show up within a second (a few stat calls, once a second).
  if (!d.options.looks.empty()) {
    for (const auto& kind : d.graphics.looks().poll(std::chrono::steady_clock::now(),
                                                    std::chrono::milliseconds(1000))) {
      core::log::info("look reloaded: " + kind);
    }
  }
  d.graphics.build(race, now, false);
  d.graphics.render();
  const render::TargetMirror& m = d.graphics.read_changes();
  d.changed.clear();
  for (const auto& c : m.changed) d.changed.push_back({c.x, c.y, c.w, c.h});
  return video::OverlayFrame{m.rgba.data(), m.width, m.height, d.changed};
}

video::OverlaySource ProgramOverlays::source() {
  return [this](std::int64_t, std::int64_t t_us) { return frame(t_us); };
}

}  // namespace app
