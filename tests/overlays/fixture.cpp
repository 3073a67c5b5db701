#include "fixture.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "overlays/registry.h"
#include "race/model_fixture.h"
#include "render/text.h"
#include "scene/scene.h"

namespace overlay_test {
namespace {

std::string rect_text(const render::Rect& r) {
  std::ostringstream s;
  s << "(" << r.x << "," << r.y << " " << r.w << "x" << r.h << ")";
  return s.str();
}

}  // namespace

race::SnapshotPtr almaty_at(std::string_view hhmmss) {
  const auto until = local(*almaty_config(), hhmmss);
  race::RaceModel model(almaty_config(), almaty_race().participants);
  for (const auto& e : almaty_race().events) {
    const auto t = race_fixture::time_of(e);
    if (t && *t > until) break;  // the generator writes events in time order
    model.apply(e);
  }
  return model.publish();
}

race::SnapshotPtr make_snapshot(std::shared_ptr<const race::RaceConfig> config,
                                std::vector<race::Participant> participants,
                                const std::vector<race::Event>& events) {
  race::RaceModel model(std::move(config), std::move(participants));
  for (const auto& e : events) model.apply(e);
  return model.publish();
}

render::TextEngine& text_engine() {
  static render::TextEngine engine(render::TextEngine::Options{});
  return engine;
}

scene::LookStore& looks() {
  static scene::LookStore store(overlays::default_theme(), overlays::look_sources(), std::nullopt);
  return store;
}

render::DrawList draw(std::string_view kind, const race::SnapshotPtr& race, core::UtcMs now,
                      const DrawOptions& options) {
  scene::Scene scene(overlays::kinds(), looks());
  scene::Params params(options.params);
  scene.take(kind, params, now - options.on_air, *race);
  render::Canvas canvas(text_engine(), options.width, options.height);
  scene.draw(canvas, {now, race, options.stale});
  return canvas.draw_list();
}

std::vector<const render::TextOp*> texts(const render::DrawList& list) {
  std::vector<const render::TextOp*> out;
  for (const auto& op : list.ops) {
    if (const auto* t = std::get_if<render::TextOp>(&op.op)) out.push_back(t);
  }
  return out;
}

const render::TextOp* find_text(const render::DrawList& list, std::string_view part) {
  for (const auto* t : texts(list)) {
    if (t->text.find(part) != std::string::npos) return t;
  }
  return nullptr;
}

render::Rect text_bounds(const render::DrawOp& op) {
  const auto& t = std::get<render::TextOp>(op.op);
  return op.state.transform.map(t.ink);
}

std::vector<std::string> layout_problems(const render::DrawList& list, bool text_in_safe_area,
                                         float slack) {
  std::vector<std::string> problems;
  const render::Rect screen{0, 0, float(list.width), float(list.height)};
  const render::Rect safe = screen.inset(screen.w * 0.05f, screen.h * 0.05f);
  std::vector<std::pair<render::Rect, std::string>> text_rects;
  for (const auto& op : list.ops) {
    const render::Rect b = op.bounds().intersect(op.state.clip);
    const auto* t = std::get_if<render::TextOp>(&op.op);
    if (!t) {
      const auto* box = std::get_if<render::BoxOp>(&op.op);
      // Shadows may fall off screen; the box itself may not.
      const render::Rect body =
          box ? op.state.transform.map(box->rect).intersect(op.state.clip) : b;
      if (!screen.contains(body, slack))
        problems.push_back("op outside the screen " + rect_text(body));
      continue;
    }
    const render::Rect tb = text_bounds(op).intersect(op.state.clip);
    if (tb.empty()) continue;  // clipped away entirely (e.g. a ticker item off screen)
    if (!(text_in_safe_area ? safe : screen).contains(tb, slack)) {
      problems.push_back("text '" + t->text + "' outside the " +
                         (text_in_safe_area ? "title-safe area " : "screen ") + rect_text(tb));
    }
    if (t->shaped && t->shaped->missing > 0) {
      problems.push_back("text '" + t->text + "' has characters no font can draw");
    }
    for (const auto& [r, other] : text_rects) {
      const render::Rect overlap = r.intersect(tb);
      if (overlap.w > slack && overlap.h > slack) {
        problems.push_back("text '" + t->text + "' " + rect_text(tb) + " overlaps '" + other +
                           "' " + rect_text(r));
      }
    }
    text_rects.emplace_back(tb, t->text);
  }
  return problems;
}

std::string describe(const render::DrawList& list) {
  std::ostringstream s;
  s << list.width << "x" << list.height << "\n";
  for (const auto& op : list.ops) {
    const auto& t = op.state.transform;
    const auto& c = op.state.clip;
    s << t.a << "," << t.b << "," << t.c << "," << t.d << "," << t.e << "," << t.f << " o"
      << op.state.opacity << " c" << c.x << "," << c.y << "," << c.w << "," << c.h << " ";
    if (const auto* text = std::get_if<render::TextOp>(&op.op)) {
      s << "text '" << text->text << "' " << text->origin.x << "," << text->origin.y;
    } else if (const auto* box = std::get_if<render::BoxOp>(&op.op)) {
      s << "box " << box->rect.x << "," << box->rect.y << " " << box->rect.w << "x" << box->rect.h
        << " " << box->style.fill.color.to_hex();
    } else if (const auto* line = std::get_if<render::LineOp>(&op.op)) {
      s << "line " << line->from.x << "," << line->from.y << "-" << line->to.x << "," << line->to.y;
    }
    s << "\n";
  }
  return s.str();
}

std::string all_problems(const render::DrawList& list, bool text_in_safe_area) {
  std::string out;
  for (const auto& p : layout_problems(list, text_in_safe_area)) out += p + "\n";
  return out;
}

std::string problems_at_other_sizes(std::string_view kind, const race::SnapshotPtr& race,
                                    core::UtcMs now, DrawOptions options) {
  std::string out;
  for (auto [w, h] : {std::pair{1080, 1920}, std::pair{3840, 2160}, std::pair{1280, 720}}) {
    options.width = w;
    options.height = h;
    const std::string problems = all_problems(draw(kind, race, now, options));
    if (!problems.empty()) out += std::to_string(w) + "x" + std::to_string(h) + ":\n" + problems;
  }
  return out;
}

const render::DrawOp* exact(const render::DrawList& list, std::string_view text) {
  for (const auto& op : list.ops) {
    const auto* t = std::get_if<render::TextOp>(&op.op);
    if (t && t->text == text) return &op;
  }
  return nullptr;
}

DrawOptions params(std::map<std::string, std::string> p) {
  DrawOptions o;
  o.params = std::move(p);
  return o;
}

std::string param_error(std::string_view kind, const race::SnapshotPtr& race, core::UtcMs now,
                        std::map<std::string, std::string> p) {
  try {
    draw(kind, race, now, params(std::move(p)));
  } catch (const scene::ParamError& e) {
    return std::string(e.what());
  }
  return std::string("no error");
}

std::string hms(core::Ms t) {
  const long long s = std::llabs(static_cast<long long>(t.count())) / 1000;
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  }
  return buf;
}

std::string gap_text(core::Ms g) {
  const long long s = g.count() / 1000;
  return s < 60 ? "+" + std::to_string(s) : "+" + hms(g);
}

std::string nth(int n) {
  const char* suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                       : n % 10 == 1                    ? "st"
                       : n % 10 == 2                    ? "nd"
                       : n % 10 == 3                    ? "rd"
                                                        : "th";
  return std::to_string(n) + suffix;
}

std::string last_upper(const race::Participant& p) {
  return render::to_upper_utf8(p.last_name);
}

std::string full_name(const race::Participant& p) {
  return p.first_name + " " + last_upper(p);
}

race::Participant named_runner(std::string bib, std::string first, std::string last,
                               race::Gender gender, int age, std::string country) {
  race::Participant p = fixture::runner(std::move(bib), gender, age);
  p.first_name = std::move(first);
  p.last_name = std::move(last);
  if (!country.empty()) p.country = std::move(country);
  return p;
}

std::string stale_badge_problems(std::string_view kind, const race::SnapshotPtr& race,
                                 core::UtcMs now, DrawOptions options) {
  std::string out;
  options.stale = true;
  const auto stale = draw(kind, race, now, options);
  if (!find_text(stale, "DATA DELAYED")) out += "stale: no DATA DELAYED badge\n";
  if (const auto problems = all_problems(stale); !problems.empty()) out += "stale:\n" + problems;
  options.stale = false;
  if (find_text(draw(kind, race, now, options), "DATA DELAYED")) {
    out += "fresh: a DATA DELAYED badge\n";
  }
  if (!out.empty()) out += describe(stale);
  return out;
}

render::DrawList draw_after(std::string_view kind, const race::SnapshotPtr& race,
                            const std::map<std::string, std::string>& params, core::UtcMs take,
                            const std::vector<core::UtcMs>& before, core::UtcMs now) {
  scene::Scene scene(overlays::kinds(), looks());
  scene.take(kind, scene::Params(params), take, *race);
  render::Canvas canvas(text_engine(), 1920, 1080);
  for (const auto t : before) {
    canvas.reset(1920, 1080);
    scene.draw(canvas, {t, race, false});
  }
  canvas.reset(1920, 1080);
  scene.draw(canvas, {now, race, false});
  return canvas.draw_list();
}

render::DrawList draw_stale_with_look(std::string_view kind, const race::SnapshotPtr& race,
                                      core::UtcMs now,
                                      const std::map<std::string, std::string>& params,
                                      std::string_view look_toml) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("pacecast_" + std::string(kind) + "_look");
  std::filesystem::create_directories(dir);
  std::ofstream(dir / (std::string(kind) + ".toml")) << look_toml;
  scene::LookStore store(overlays::default_theme(), overlays::look_sources(), dir);
  scene::Scene scene(overlays::kinds(), store);
  scene.take(kind, scene::Params(params), now - core::Ms(60'000), *race);
  render::Canvas canvas(text_engine(), 1920, 1080);
  scene.draw(canvas, {now, race, true});
  std::filesystem::remove_all(dir);
  return canvas.draw_list();
}

}  // namespace overlay_test
