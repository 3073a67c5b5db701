// ConsoleModel: what the operator's console shows, read from control::Control (overlays,
// corrections, the log, the run's status, automation, the data delay), and the pure helpers
// behind its panels: hotkeys, a runner's pace against the record, a parameter's choices.
// No SDL, GL or ImGui here, so all of it is testable without a window.
// Thread-safety: value types and pure functions; refresh() reads Control (thread-safe).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "control/control.h"
#include "race/snapshot.h"
#include "scene/overlay.h"

namespace app {

// Log entries a console keeps (Control keeps the last 1,000).
inline constexpr std::size_t kConsoleLogKeep = 500;

struct ConsoleModel {
  std::vector<control::OverlaySlot> overlays;  // by id: the list's order, the hotkeys'
  std::vector<control::CorrectionRecord> corrections;
  std::vector<control::LogEntry> log;  // the latest kConsoleLogKeep, oldest first
  control::RunStatus status;
  bool automation = true;
  double data_delay_s = 0;
  bool has_race = false;
  std::uint64_t race_version = 0;
  control::RundownState rundown;  // loaded == false without --rundown

  const control::OverlaySlot* find(int id) const;
  std::vector<int> ids(control::SlotState state) const;
};

// Brings `m` up to date with `control`; the log grows by the entries after its last one.
void refresh(ConsoleModel& m, const control::Control& control);

// --- hotkeys (docs/console.md). F1-F12 name the first 12 overlays of the list.
enum class HotkeyAction : std::uint8_t {
  invalid,
  cue,           // F1-F12
  take,          // Ctrl+F1-F12: that overlay on air at once
  clear,         // Shift+F1-F12: that overlay off
  take_cued,     // Space or Enter: every cued overlay on air (the Take button)
  clear_all,     // Esc: everything off (the Clear all button)
  focus_search,  // Ctrl+F: the runner search field
  rundown_next,  // Page Down: the rundown's next item on air (a presenter clicker sends it)
  rundown_back,  // Page Up: the rundown's cursor back one item
};

struct Hotkey {
  HotkeyAction action = HotkeyAction::invalid;
  int position = -1;  // 0-11 for the F keys: the overlay's place in the list
};

// An SDL key code and modifier state to a hotkey. While a text field has the keyboard
// (`typing`) only the F keys, Ctrl+F and Page Up / Down act: Space, Enter and Esc belong to
// the field.
std::optional<Hotkey> hotkey_for(std::int32_t sdl_key, std::uint16_t sdl_mod, bool typing);

// Carries `key` out through Control as `by`, on the overlays of `list` (the console's
// order). Returns a line saying what happened ("F3: cued overlay 3 (…)", "no overlay at
// F9"); throws control::ControlError when Control refuses.
std::string apply_hotkey(control::Control& control, const Hotkey& key,
                         const std::vector<control::OverlaySlot>& list, std::string_view by);

// The first overlay of `kind` with exactly `params` in the list, or 0.
int find_slot(const ConsoleModel& m, std::string_view kind,
              const std::map<std::string, std::string>& params);
// Cues the runner's card of `kind` (split_card, lower_third): the overlay the list already
// has for that bib, else a new one labelled "TITLE BIB NAME". Returns its id; throws
// control::ControlError when Control refuses (an overlay on air: 409 on_air).
int cue_runner_card(control::Control& control, const ConsoleModel& m, std::string_view kind,
                    std::string_view title, const control::RunnerHit& runner, std::string_view by);

// One line per hotkey, for the console's help and the docs.
const std::vector<std::pair<std::string, std::string>>& hotkey_help();

// --- the runner panel's pace plot: pace per segment (between consecutive reads) against
// the record's pace over the same stretch.
struct PacePlot {
  std::vector<std::string> segments;   // "START-5K", "5K-10K"...
  std::vector<float> runner_s_per_km;  // seconds per km
  std::vector<float> record_s_per_km;  // empty when the contest has no record for them
  std::string record;                  // "course record 2:05:00 (Holder 2019)" or ""
  float min_s = 0, max_s = 0;          // a common scale for both lines
};
// Nullopt before the runner's second timed point (the gun counts as the first).
std::optional<PacePlot> pace_plot(const race::RaceSnapshot& race, race::RunnerId id);
// "3:05/km".
std::string format_pace(float s_per_km);

// --- the parameter editor: the values a parameter may take in this race, for a combo;
// empty means free text. The kind's own choices; otherwise contests for "contest", the
// contest's mats for "point" and "mat" (with "live" where that is the default), the race's
// categories for "category".
std::vector<std::string> param_choices(const scene::ParamSpec& spec, const race::RaceConfig* race,
                                       const std::map<std::string, std::string>& params);

// "ON AIR", "CUED", "off".
std::string_view state_label(control::SlotState s);
// "14:03:07" in local time of the machine, from Unix ms.
std::string format_wall_time(std::int64_t wall_ms);

}  // namespace app
