#include "console_model.h"

#include <SDL_keycode.h>

#include <algorithm>
#include <ctime>

#include "core/time.h"
#include "race/projection.h"

namespace app {
namespace {

float pace_s_per_km(core::Ms elapsed, double metres) {
  return float(double(elapsed.count()) / metres);  // ms per m = s per km
}

std::string f_key_name(int position) {
  return "F" + std::to_string(position + 1);
}

}  // namespace

const control::OverlaySlot* ConsoleModel::find(int id) const {
  for (const auto& s : overlays) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::vector<int> ConsoleModel::ids(control::SlotState state) const {
  std::vector<int> out;
  for (const auto& s : overlays) {
    if (s.state == state) out.push_back(s.id);
  }
  return out;
}

void refresh(ConsoleModel& m, const control::Control& control) {
  m.overlays = control.overlays();
  std::sort(m.overlays.begin(), m.overlays.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  m.corrections = control.corrections();
  const std::int64_t last = m.log.empty() ? 0 : m.log.back().seq;
  for (auto& e : control.log_since(last)) m.log.push_back(std::move(e));
  if (m.log.size() > kConsoleLogKeep) {
    m.log.erase(m.log.begin(), m.log.end() - std::ptrdiff_t(kConsoleLogKeep));
  }
  m.status = control.status();
  m.automation = control.automation();
  m.data_delay_s = control.data_delay();
  const race::SnapshotPtr race = control.race();
  m.has_race = race != nullptr;
  m.race_version = race ? race->version() : 0;
  m.rundown = control.rundown();
}

std::optional<Hotkey> hotkey_for(std::int32_t sdl_key, std::uint16_t sdl_mod, bool typing) {
  const bool ctrl = (sdl_mod & KMOD_CTRL) != 0, shift = (sdl_mod & KMOD_SHIFT) != 0;
  const bool alt = (sdl_mod & KMOD_ALT) != 0;
  if (alt) return std::nullopt;  // Alt+F4 and friends belong to the desktop
  if (sdl_key >= SDLK_F1 && sdl_key <= SDLK_F12) {
    const int position = int(sdl_key - SDLK_F1);
    if (ctrl && shift) return std::nullopt;
    if (ctrl) return Hotkey{HotkeyAction::take, position};
    if (shift) return Hotkey{HotkeyAction::clear, position};
    return Hotkey{HotkeyAction::cue, position};
  }
  if (ctrl && !shift && sdl_key == SDLK_f) return Hotkey{HotkeyAction::focus_search, -1};
  if (!ctrl && !shift && sdl_key == SDLK_PAGEDOWN) return Hotkey{HotkeyAction::rundown_next, -1};
  if (!ctrl && !shift && sdl_key == SDLK_PAGEUP) return Hotkey{HotkeyAction::rundown_back, -1};
  if (typing || ctrl || shift) return std::nullopt;
  if (sdl_key == SDLK_SPACE || sdl_key == SDLK_RETURN || sdl_key == SDLK_KP_ENTER) {
    return Hotkey{HotkeyAction::take_cued, -1};
  }
  if (sdl_key == SDLK_ESCAPE) return Hotkey{HotkeyAction::clear_all, -1};
  return std::nullopt;
}

std::string apply_hotkey(control::Control& control, const Hotkey& key,
                         const std::vector<control::OverlaySlot>& list, std::string_view by) {
  const auto slot = [&]() -> const control::OverlaySlot* {
    if (key.position < 0 || std::size_t(key.position) >= list.size()) return nullptr;
    return &list[std::size_t(key.position)];
  };
  const auto named = [&](const control::OverlaySlot& s) {
    return "overlay " + std::to_string(s.id) + " (" + s.label + ")";
  };
  switch (key.action) {
    case HotkeyAction::cue:
    case HotkeyAction::take:
    case HotkeyAction::clear: {
      const control::OverlaySlot* s = slot();
      const std::string name = (key.action == HotkeyAction::take    ? "Ctrl+"
                                : key.action == HotkeyAction::clear ? "Shift+"
                                                                    : "") +
                               f_key_name(key.position);
      if (!s) {
        return name + ": no overlay " + std::to_string(key.position + 1) +
               " in the list; add one first";
      }
      if (key.action == HotkeyAction::cue) {
        control.cue(s->id, by);
        return name + ": cued " + named(*s);
      }
      if (key.action == HotkeyAction::take) {
        control.take(s->id, by);
        return name + ": took " + named(*s);
      }
      control.clear(s->id, by);
      return name + ": cleared " + named(*s);
    }
    case HotkeyAction::take_cued: {
      const auto ids = control.take_cued(by);
      return ids.empty() ? "Take: nothing is cued"
                         : "Take: " + std::to_string(ids.size()) + " overlay(s) on air";
    }
    case HotkeyAction::clear_all: {
      const auto ids = control.clear_all(by);
      return "Clear all: " + std::to_string(ids.size()) + " overlay(s) off";
    }
    case HotkeyAction::rundown_next: {
      const std::size_t index = control.rundown_next(by);
      const control::RundownState r = control.rundown();
      return "Next: rundown item " + std::to_string(index) + " (" + r.items.at(index).title +
             ") on air";
    }
    case HotkeyAction::rundown_back: {
      control.rundown_back(by);
      const control::RundownState r = control.rundown();
      return r.cursor < r.items.size()
                 ? "Back: the rundown's next item is " + std::to_string(r.cursor) + " (" +
                       r.items[r.cursor].title + ")"
                 : "Back: the rundown is at its end";
    }
    case HotkeyAction::focus_search:
    case HotkeyAction::invalid:
      break;
  }
  return "";
}

int find_slot(const ConsoleModel& m, std::string_view kind,
              const std::map<std::string, std::string>& params) {
  for (const auto& s : m.overlays) {
    if (s.kind == kind && s.params == params) return s.id;
  }
  return 0;
}

int cue_runner_card(control::Control& control, const ConsoleModel& m, std::string_view kind,
                    std::string_view title, const control::RunnerHit& runner, std::string_view by) {
  const std::map<std::string, std::string> params{{"bib", runner.bib}};
  int id = find_slot(m, kind, params);
  if (id == 0) {
    id = control.add(kind, params, std::string(title) + " " + runner.bib + " " + runner.name, by);
  }
  control.cue(id, by);
  return id;
}

const std::vector<std::pair<std::string, std::string>>& hotkey_help() {
  static const std::vector<std::pair<std::string, std::string>> help{
      {"F1-F12", "cue overlay 1-12 of the list (the preview shows it)"},
      {"Ctrl+F1-F12", "take overlay 1-12 on air at once"},
      {"Shift+F1-F12", "clear overlay 1-12"},
      {"Space / Enter", "Take: every cued overlay on air"},
      {"Esc", "Clear all: every overlay off"},
      {"Ctrl+F", "runner search; Enter there picks the first runner found"},
      {"Page Down", "rundown: Next (the item under the cursor on air, the cursor moves on)"},
      {"Page Up", "rundown: Back (the cursor back one item; nothing is taken)"},
  };
  return help;
}

std::optional<PacePlot> pace_plot(const race::RaceSnapshot& race, race::RunnerId id) {
  if (id < 0 || std::size_t(id) >= race.runner_count()) return std::nullopt;
  const race::Contest& contest = race.contest_of(id);
  const race::RunnerState& state = race.runner(id);
  struct Timed {
    std::string label;
    double distance_m;
    core::UtcMs time;
  };
  std::vector<Timed> timed;
  for (std::size_t p = 0; p < contest.points.size() && p < std::size_t(race::kMaxPoints); ++p) {
    const race::PointTime t = state.point(int(p));
    if (!t.usable()) continue;
    timed.push_back(
        {contest.points[p].shown_label(), double(contest.points[p].distance_m), t.time});
  }
  if (timed.empty() || timed.front().distance_m > 0) {
    if (const auto gun = race.gun_time(id)) timed.insert(timed.begin(), {"GUN", 0.0, *gun});
  }
  const race::CourseRecord* record = race::find_record(contest, race.participant(id).gender);
  PacePlot plot;
  for (std::size_t i = 1; i < timed.size(); ++i) {
    const double metres = timed[i].distance_m - timed[i - 1].distance_m;
    if (metres <= 0 || timed[i].time <= timed[i - 1].time) continue;
    plot.segments.push_back(timed[i - 1].label + "-" + timed[i].label);
    plot.runner_s_per_km.push_back(pace_s_per_km(timed[i].time - timed[i - 1].time, metres));
    if (record) {
      const core::Ms a = race::record_time_at(contest, *record, timed[i - 1].distance_m);
      const core::Ms b = race::record_time_at(contest, *record, timed[i].distance_m);
      plot.record_s_per_km.push_back(pace_s_per_km(b - a, metres));
    }
  }
  if (plot.segments.empty()) return std::nullopt;
  if (record) {
    plot.record = record->label + " " + core::format_hms(record->time);
    if (!record->holder.empty()) {
      plot.record += " (" + record->holder +
                     (record->year > 0 ? " " + std::to_string(record->year) : "") + ")";
    }
  }
  const auto [lo, hi] =
      std::minmax_element(plot.runner_s_per_km.begin(), plot.runner_s_per_km.end());
  plot.min_s = *lo;
  plot.max_s = *hi;
  for (const float r : plot.record_s_per_km) {
    plot.min_s = std::min(plot.min_s, r);
    plot.max_s = std::max(plot.max_s, r);
  }
  const float pad = std::max(5.0f, (plot.max_s - plot.min_s) * 0.1f);
  plot.min_s -= pad;
  plot.max_s += pad;
  return plot;
}

std::string format_pace(float s_per_km) {
  if (!(s_per_km > 0)) return "-";
  return core::format_short(core::Ms(std::int64_t(s_per_km * 1000.0f))) + "/km";
}

std::vector<std::string> param_choices(const scene::ParamSpec& spec, const race::RaceConfig* race,
                                       const std::map<std::string, std::string>& params) {
  if (!spec.choices.empty()) return spec.choices;
  if (!race || race->contests.empty()) return {};
  std::vector<std::string> out;
  if (spec.name == "contest") {
    if (spec.default_value == "all") out.push_back("all");
    for (const auto& c : race->contests) out.push_back(c.id);
  } else if (spec.name == "point" || spec.name == "mat") {
    if (spec.default_value == "live") out.push_back("live");
    const race::Contest* contest = &race->contests.front();
    if (const auto it = params.find("contest"); it != params.end()) {
      for (const auto& c : race->contests) {
        if (c.id == it->second) contest = &c;
      }
    }
    for (const auto& p : contest->points) out.push_back(p.mat);
  } else if (spec.name == "category") {
    for (const auto& c : race->categories) out.push_back(c.id);
  }
  return out;
}

std::string_view state_label(control::SlotState s) {
  switch (s) {
    case control::SlotState::on_air:
      return "ON AIR";
    case control::SlotState::cued:
      return "CUED";
    case control::SlotState::off:
    case control::SlotState::invalid:
      break;
  }
  return "off";
}

std::string format_wall_time(std::int64_t wall_ms) {
  const std::time_t t = std::time_t(wall_ms / 1000);
  std::tm local{};
  localtime_r(&t, &local);
  char text[16];
  std::strftime(text, sizeof text, "%H:%M:%S", &local);
  return text;
}

}  // namespace app
