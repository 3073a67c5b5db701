// ConsoleUi: the console's ImGui frame — the state its widgets keep between frames (the
// selected overlay, the parameter being edited, the search, the correction forms) and the
// functions drawing its panels from a ConsoleModel. Private to the console's files.
// Thread-safety: the window thread, with the console's ImGui context current.
#pragma once

#include <imgui.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "console.h"
#include "console_announcer.h"
#include "console_model.h"
#include "control/control.h"

namespace app {

class AnnouncerService;

// What is on air, in every panel that shows it.
inline const ImVec4 kOnAirColour{0.95f, 0.25f, 0.2f, 1.0f};

// The Announcer tab's lines, made from the service's view when it updates (twice a second)
// or the language changes, not every frame.
struct AnnouncerTabLines {
  std::optional<std::uint64_t> updates;  // of the view they were made from; none: not yet
  int lang = 0;
  std::string url;
  std::size_t due = 0;
  announcer::CalloutCounters counters;
  std::vector<AnnouncerRow> rows;
  std::vector<CalloutLine> callouts;
};

// A texture of the console's GL context and the picture size it holds.
struct ConsoleTexture {
  std::uint32_t id = 0;
  int width = 0, height = 0;
  bool has_picture = false;
};

struct ConsoleUi {
  ConsoleUi(control::Control& c, std::string who) : control(c), by(std::move(who)) {}

  control::Control& control;
  const std::string by;
  ConsoleModel model;
  race::SnapshotPtr race;  // this frame's

  ConsoleTexture program, preview;
  std::string preview_error;
  std::vector<int> preview_ids;

  // --- overlays panel
  int selected = 0;                              // overlay whose parameters are edited; 0: none
  std::map<std::string, std::string> edit;       // its parameters as being edited
  std::map<std::string, std::string> edit_base;  // ... and as they were when editing began
  int new_kind = 0;                              // index into control.kinds()
  std::map<std::string, std::string> new_params;

  // --- runner panel
  std::string search;
  std::string searched;  // the query `hits` are for
  std::uint64_t searched_version = 0;
  std::chrono::steady_clock::time_point searched_at{};
  bool focus_search = false, search_active = false;
  bool pick_first_hit = false;  // Enter in the search field
  std::vector<control::RunnerHit> hits;
  race::RunnerId runner = -1;  // the selected hit
  std::optional<PacePlot> pace;
  std::uint64_t pace_version = 0;

  // --- corrections panel
  std::string fix_bib, fix_reason, fix_new_bib, fix_first, fix_last;
  int fix_status = 0;  // index into DNF, DNS, DSQ, OK
  int fix_mat = 0;

  // --- controls
  float delay_s = 0;
  bool delay_editing = false;

  // --- announcer tab (`pacecast run --announcer`; null: off)
  const AnnouncerService* announcer = nullptr;
  int announcer_lang = 0;           // the callouts' language: 0 English, 1 Russian
  bool select_announcer = false;    // bring the tab forward in the next frame
  bool announcer_reported = false;  // its first arrivals are in the debug log
  AnnouncerTabLines announcer_lines;
  int window_x = 0, window_y = 0;  // the window's top-left on the screen, this frame

  std::deque<ConsoleNote> notes;  // the latest 50, newest last
  std::map<std::string, PanelRect> panels;

  // Runs an action; Control's refusal (or any error) becomes a note for the operator.
  // Returns whether it succeeded.
  bool act(const std::function<void()>& fn);
  void note(std::string text, bool error = false);
  // Records the last item's (or the current child window's) box as panel `name`.
  void mark_item(const std::string& name);
  void mark_window(const std::string& name);
  // Starts editing overlay `id`, whose parameters are `params`.
  void select(int id, const std::map<std::string, std::string>& params);
};

// One frame of the whole window (console_panels.cpp).
void draw_console(ConsoleUi& ui);

// The panels of the lower right (console_tabs.cpp).
void draw_runner_tab(ConsoleUi& ui);
void draw_corrections_tab(ConsoleUi& ui);
void draw_log_tab(ConsoleUi& ui);
void draw_keys_tab(ConsoleUi& ui);
void draw_feed_panel(ConsoleUi& ui);
void draw_outputs_panel(ConsoleUi& ui);
// The announcer's arrivals and callouts (console_announcer_tab.cpp).
void draw_announcer_tab(ConsoleUi& ui);
// The rundown under the overlays, when one is loaded (console_rundown.cpp).
void draw_rundown(ConsoleUi& ui);

}  // namespace app
