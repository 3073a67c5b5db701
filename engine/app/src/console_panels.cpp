// The console's frame: the two monitors, the controls column (Take, Clear all, automation,
// data delay), the overlays panel with the parameter editor, and the message line. The
// panels of the lower right are in console_tabs.cpp.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "console_ui.h"

namespace app {
namespace {

const ImVec4 kCuedColour{0.3f, 0.85f, 0.35f, 1.0f};
const ImVec4 kOffColour{0.55f, 0.55f, 0.55f, 1.0f};
const ImVec4 kErrorColour{1.0f, 0.45f, 0.35f, 1.0f};
constexpr std::size_t kNotesKept = 50;
constexpr float kControlsWidth = 210;

ImVec4 slot_colour(control::SlotState s) {
  return s == control::SlotState::on_air ? kOnAirColour
         : s == control::SlotState::cued ? kCuedColour
                                         : kOffColour;
}

ImTextureID texture_id(const ConsoleTexture& t) {
  return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(t.id));
}

const scene::OverlayKind* kind_named(const ConsoleUi& ui, std::string_view name) {
  for (const auto& k : ui.control.kinds()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

// A picture scaled to fit w × h, centred, over black (the program) or a checkerboard (the
// preview: what is transparent shows as such), with a caption above and a coloured frame.
void draw_monitor(ConsoleUi& ui, const char* caption, const ConsoleTexture& t, bool checker,
                  ImVec4 colour, float w, float h, const std::string& panel) {
  ImGui::BeginGroup();
  ImGui::TextColored(colour, "%s", caption);
  const ImVec2 p0 = ImGui::GetCursorScreenPos(), p1{p0.x + w, p0.y + h};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, p1, IM_COL32(0, 0, 0, 255));
  if (checker) {
    constexpr float kTile = 12;
    for (float y = p0.y; y < p1.y; y += kTile) {
      for (float x = p0.x; x < p1.x; x += kTile) {
        if ((int((x - p0.x) / kTile) + int((y - p0.y) / kTile)) % 2 == 0) continue;
        dl->AddRectFilled({x, y}, {std::min(x + kTile, p1.x), std::min(y + kTile, p1.y)},
                          IM_COL32(48, 48, 48, 255));
      }
    }
  }
  if (t.has_picture && t.width > 0 && t.height > 0) {
    const float scale = std::min(w / float(t.width), h / float(t.height));
    const float dw = float(t.width) * scale, dh = float(t.height) * scale;
    const ImVec2 a{p0.x + (w - dw) / 2, p0.y + (h - dh) / 2};
    dl->AddImage(texture_id(t), a, {a.x + dw, a.y + dh});
  } else {
    dl->AddText({p0.x + 8, p0.y + 8}, IM_COL32(160, 160, 160, 255),
                checker ? "nothing cued" : "no program picture yet");
  }
  dl->AddRect(p0, p1, ImGui::GetColorU32(colour), 0, 0, 2);
  ImGui::Dummy({w, h});
  ui.mark_item(panel);
  ImGui::EndGroup();
}

void draw_controls(ConsoleUi& ui) {
  const auto cued = ui.model.ids(control::SlotState::cued);
  const auto on_air = ui.model.ids(control::SlotState::on_air);
  const float w = ImGui::GetContentRegionAvail().x;
  ImGui::PushStyleColor(
      ImGuiCol_Button, cued.empty() ? ImVec4{0.35f, 0.2f, 0.2f, 1} : ImVec4{0.75f, 0.12f, 0.1f, 1});
  if (ImGui::Button(("TAKE  (" + std::to_string(cued.size()) + " cued)").c_str(), {w, 56})) {
    ui.act([&] {
      const auto ids = ui.control.take_cued(ui.by);
      ui.note(ids.empty() ? "Take: nothing is cued"
                          : "Take: " + std::to_string(ids.size()) + " overlay(s) on air");
    });
  }
  ImGui::PopStyleColor();
  if (ImGui::Button(("CLEAR ALL  (" + std::to_string(on_air.size()) + " on air)").c_str(),
                    {w, 32})) {
    ui.act([&] {
      const auto ids = ui.control.clear_all(ui.by);
      ui.note("Clear all: " + std::to_string(ids.size()) + " overlay(s) off");
    });
  }
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("Space / Enter: Take. Esc: Clear all.");
  ImGui::PopTextWrapPos();
  ImGui::Separator();
  bool automation = ui.model.automation;
  if (ImGui::Checkbox("Automation", &automation)) {
    ui.act([&] { ui.control.set_automation(automation, ui.by); });
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Off: the director's rules are paused; the operator and the API act");
  }
  ImGui::TextUnformatted("Data delay");
  if (!ui.delay_editing) ui.delay_s = float(ui.model.data_delay_s);
  ImGui::SetNextItemWidth(w);
  ImGui::SliderFloat("##delay", &ui.delay_s, 0.0f, 60.0f, "%.1f s");
  ui.delay_editing = ImGui::IsItemActive();
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    ui.act([&] { ui.control.set_data_delay(double(ui.delay_s), ui.by); });
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Ctrl+click to type a value up to 600 s; applied on release");
  }
  ImGui::Separator();
  if (ui.race) {
    ImGui::Text("%zu runners", ui.race->runner_count());
  } else {
    ImGui::TextColored(kErrorColour, "no race yet");
  }
  const auto& s = ui.model.status;
  if (s.wall_ms > 0) ImGui::Text("%.1f fps, %lld dropped", s.fps, (long long)s.dropped);
}

// One parameter's field: a combo when the race or the kind names the values ("(default)"
// removes it), text otherwise. Returns whether it changed.
bool param_field(ConsoleUi& ui, const scene::ParamSpec& spec,
                 std::map<std::string, std::string>& values) {
  std::string& value = values[spec.name];
  const auto choices = param_choices(spec, ui.race ? &ui.race->config() : nullptr, values);
  bool changed = false;
  ImGui::SetNextItemWidth(std::max(120.0f, ImGui::GetContentRegionAvail().x - 150));
  if (!choices.empty()) {
    const std::string shown = value.empty() ? "(default " + spec.default_value + ")" : value;
    if (ImGui::BeginCombo(spec.name.c_str(), shown.c_str())) {
      if (ImGui::Selectable("(default)", value.empty())) {
        value.clear();
        changed = true;
      }
      for (const auto& c : choices) {
        if (ImGui::Selectable(c.c_str(), c == value)) {
          value = c;
          changed = true;
        }
      }
      ImGui::EndCombo();
    }
  } else {
    changed = ImGui::InputTextWithHint(spec.name.c_str(), spec.default_value.c_str(), &value);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", spec.description.c_str());
  if (spec.name == "bib" && ui.runner >= 0 && ui.race) {
    ImGui::SameLine();
    if (ImGui::SmallButton("selected runner")) {
      value = ui.race->participant(ui.runner).bib;
      changed = true;
    }
  }
  return changed;
}

// The values that differ from `before` ("" removes a key), for Control::set_params.
std::map<std::string, std::string> param_changes(const std::map<std::string, std::string>& before,
                                                 const std::map<std::string, std::string>& after) {
  std::map<std::string, std::string> changes;
  for (const auto& [k, v] : after) {
    const auto it = before.find(k);
    if ((it == before.end() && !v.empty()) || (it != before.end() && it->second != v)) {
      changes[k] = v;
    }
  }
  return changes;
}

std::map<std::string, std::string> non_empty(const std::map<std::string, std::string>& values) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : values) {
    if (!v.empty()) out[k] = v;
  }
  return out;
}

void draw_add_overlay(ConsoleUi& ui) {
  if (!ImGui::CollapsingHeader("Add overlay")) return;
  const auto& kinds = ui.control.kinds();
  if (kinds.empty()) return;
  ui.new_kind = std::clamp(ui.new_kind, 0, int(kinds.size()) - 1);
  const auto& kind = kinds[std::size_t(ui.new_kind)];
  if (ImGui::BeginCombo("kind", kind.name.c_str())) {
    for (std::size_t i = 0; i < kinds.size(); ++i) {
      if (ImGui::Selectable(kinds[i].name.c_str(), int(i) == ui.new_kind)) {
        ui.new_kind = int(i);
        ui.new_params.clear();
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kinds[i].description.c_str());
    }
    ImGui::EndCombo();
  }
  ImGui::PushID("new");
  for (const auto& spec : kind.params) param_field(ui, spec, ui.new_params);
  ImGui::PopID();
  if (ImGui::Button("Add")) {
    ui.act([&] {
      ui.select(ui.control.add(kind.name, non_empty(ui.new_params), "", ui.by),
                non_empty(ui.new_params));
      ui.new_params.clear();
    });
  }
}

void draw_overlay_row(ConsoleUi& ui, const control::OverlaySlot& s, std::size_t position) {
  ImGui::TableNextRow();
  ImGui::PushID(s.id);
  ImGui::TableSetColumnIndex(0);
  if (position < 12) ImGui::Text("F%zu", position + 1);
  ImGui::TableSetColumnIndex(1);
  ImGui::TextColored(slot_colour(s.state), "%s", std::string(state_label(s.state)).c_str());
  if (s.state == control::SlotState::on_air && s.auto_clear_s) {
    ImGui::SameLine();
    ImGui::TextDisabled("%.0fs", *s.auto_clear_s);
  }
  if (!s.error.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(kErrorColour, "(!)");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.error.c_str());
  }
  ImGui::TableSetColumnIndex(2);
  if (ImGui::Selectable(s.label.c_str(), ui.selected == s.id)) ui.select(s.id, s.params);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s, last change by %s", s.kind.c_str(), s.by.c_str());
  ImGui::TableSetColumnIndex(3);
  ImGui::TextDisabled("%s", s.by.c_str());
  ImGui::TableSetColumnIndex(4);
  const bool on_air = s.state == control::SlotState::on_air;
  ImGui::BeginDisabled(on_air || s.state == control::SlotState::cued);
  if (ImGui::SmallButton("Cue")) ui.act([&] { ui.control.cue(s.id, ui.by); });
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::SmallButton(on_air ? "Retake" : "Take")) {
    ui.act([&] { ui.control.take(s.id, ui.by); });
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(s.state == control::SlotState::off);
  if (ImGui::SmallButton("Clear")) ui.act([&] { ui.control.clear(s.id, ui.by); });
  ImGui::EndDisabled();
  ImGui::PopID();
}

void draw_param_editor(ConsoleUi& ui, const control::OverlaySlot& s) {
  const scene::OverlayKind* kind = kind_named(ui, s.kind);
  ImGui::Text("Parameters of overlay %d (%s)", s.id, s.kind.c_str());
  if (!kind) return;
  // What the operator changed, against the parameters when editing began: a change made
  // meanwhile by the API or the director is kept, and shown when nothing is being edited.
  auto changes = param_changes(ui.edit_base, ui.edit);
  if (changes.empty() && s.params != ui.edit_base) ui.select(s.id, s.params);
  ImGui::PushID("edit");
  for (const auto& spec : kind->params) param_field(ui, spec, ui.edit);
  ImGui::PopID();
  changes = param_changes(ui.edit_base, ui.edit);
  ImGui::BeginDisabled(changes.empty());
  if (ImGui::Button(s.state == control::SlotState::on_air ? "Apply (on air)" : "Apply")) {
    if (ui.act([&] { ui.control.set_params(s.id, changes, ui.by); })) {
      ui.edit_base = non_empty(ui.edit);
    }
  }
  ImGui::SameLine();
  if (ImGui::Button("Revert")) ui.select(s.id, s.params);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(s.state == control::SlotState::on_air);
  if (ImGui::Button("Remove")) {
    ui.act([&] { ui.control.remove(s.id, ui.by); });
    ui.selected = 0;
  }
  ImGui::EndDisabled();
}

void draw_overlays(ConsoleUi& ui) {
  ImGui::TextUnformatted("Overlays");
  ImGui::SameLine();
  ImGui::TextDisabled("F1-12 cue, Ctrl+F1-12 take, Shift+F1-12 clear");
  draw_add_overlay(ui);
  const control::OverlaySlot* selected = ui.model.find(ui.selected);
  if (!selected) ui.selected = 0;
  const float avail = ImGui::GetContentRegionAvail().y;
  const float table_h = selected ? std::max(100.0f, avail * 0.5f) : avail;
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("overlay_list", 5, kFlags, {0, table_h})) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Key");
    ImGui::TableSetupColumn("State");
    ImGui::TableSetupColumn("Overlay", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("By");
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < ui.model.overlays.size(); ++i) {
      draw_overlay_row(ui, ui.model.overlays[i], i);
    }
    ImGui::EndTable();
  }
  if (ui.model.overlays.empty())
    ImGui::TextDisabled("No overlays yet: add one, or search a runner");
  if (selected) {
    ImGui::Separator();
    ImGui::BeginChild("params");
    draw_param_editor(ui, *selected);
    ImGui::EndChild();
  }
}

void draw_messages(ConsoleUi& ui) {
  ImGui::BeginChild("messages", {0, 0}, true, ImGuiWindowFlags_NoScrollbar);
  ui.mark_window("messages");
  if (ui.notes.empty()) {
    ImGui::TextDisabled(ui.model.rundown.loaded
                            ? "F1-F12 cue  ·  Space/Enter take  ·  Esc clear all  ·  Ctrl+F "
                              "search  ·  PgDn/PgUp rundown"
                            : "F1-F12 cue  ·  Space/Enter take  ·  Esc clear all  ·  Ctrl+F "
                              "search");
  } else {
    const ConsoleNote& n = ui.notes.back();
    const std::string line = format_wall_time(n.wall_ms) + "  " + n.text;
    if (n.error) {
      ImGui::TextColored(kErrorColour, "%s", line.c_str());
    } else {
      ImGui::TextUnformatted(line.c_str());
    }
  }
  ImGui::EndChild();
}

}  // namespace

bool ConsoleUi::act(const std::function<void()>& fn) {
  try {
    fn();
    return true;
  } catch (const control::ControlError& e) {
    note(e.what(), true);
  } catch (const std::exception& e) {
    note(e.what(), true);
  }
  return false;
}

void ConsoleUi::note(std::string text, bool error) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  notes.push_back(
      {std::chrono::duration_cast<std::chrono::milliseconds>(now).count(), std::move(text), error});
  while (notes.size() > kNotesKept) notes.pop_front();
}

void ConsoleUi::select(int id, const std::map<std::string, std::string>& params) {
  selected = id;
  edit = params;
  edit_base = params;
}

void ConsoleUi::mark_item(const std::string& name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  panels[name] = {int(a.x), int(a.y), int(b.x - a.x), int(b.y - a.y)};
}

void ConsoleUi::mark_window(const std::string& name) {
  const ImVec2 a = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
  panels[name] = {int(a.x), int(a.y), int(s.x), int(s.y)};
}

void draw_console(ConsoleUi& ui) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  // No background of its own: the GL clear is it (a full-window quad less to rasterise,
  // which counts when GL runs on the CPU).
  constexpr ImGuiWindowFlags kWhole =
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
      ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground;
  ImGui::Begin("Pacecast console", nullptr, kWhole);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = ImGui::GetContentRegionAvail().x, height = ImGui::GetContentRegionAvail().y;
  const float caption = ImGui::GetTextLineHeightWithSpacing();
  const float message_h = ImGui::GetFrameHeightWithSpacing() + style.WindowPadding.y;
  float monitor_w = (width - kControlsWidth - 2 * style.ItemSpacing.x) / 2;
  float monitor_h = monitor_w * 9 / 16;
  if (monitor_h > height * 0.4f) {
    monitor_h = height * 0.4f;
    monitor_w = monitor_h * 16 / 9;
  }
  draw_monitor(ui, "PROGRAM (on air)", ui.program, false, kOnAirColour, monitor_w, monitor_h,
               "program");
  ImGui::SameLine();
  draw_monitor(ui, "PREVIEW (cued)", ui.preview, true, kCuedColour, monitor_w, monitor_h,
               "preview");
  ImGui::SameLine();
  ImGui::BeginChild("controls", {0, monitor_h + caption}, false);
  ui.mark_window("controls");
  draw_controls(ui);
  ImGui::EndChild();
  if (!ui.preview_error.empty()) {
    ImGui::TextColored(kErrorColour, "Preview: %s", ui.preview_error.c_str());
  }

  const float middle_h = std::max(120.0f, ImGui::GetContentRegionAvail().y - message_h);
  // With a rundown, the left column is the overlays over the rundown.
  const bool rundown = ui.model.rundown.loaded;
  const float overlays_h = rundown ? std::floor(middle_h * 0.55f) : middle_h;
  ImGui::BeginGroup();
  ImGui::BeginChild("overlays", {width * 0.42f, overlays_h}, true);
  ui.mark_window("overlays");
  draw_overlays(ui);
  ImGui::EndChild();
  if (rundown) {
    ImGui::BeginChild("rundown", {width * 0.42f, middle_h - overlays_h - style.ItemSpacing.y},
                      true);
    ui.mark_window("rundown");
    draw_rundown(ui);
    ImGui::EndChild();
  }
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginChild("tabs", {width * 0.33f, middle_h}, true);
  ui.mark_window("tabs");
  if (ImGui::BeginTabBar("tab_bar")) {
    const std::pair<const char*, void (*)(ConsoleUi&)> tabs[] = {
        {"Runner", draw_runner_tab},
        {"Announcer", draw_announcer_tab},
        {"Corrections", draw_corrections_tab},
        {"Log", draw_log_tab},
        {"Keys", draw_keys_tab}};
    for (const auto& [name, draw] : tabs) {
      // Ctrl+F brings the runner search forward; --announcer its tab, at the start.
      const bool forward = (draw == &draw_runner_tab && ui.focus_search) ||
                           (draw == &draw_announcer_tab && ui.select_announcer);
      if (ImGui::BeginTabItem(name, nullptr, forward ? ImGuiTabItemFlags_SetSelected : 0)) {
        draw(ui);
        ImGui::EndTabItem();
      }
    }
    ui.select_announcer = false;
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::BeginChild("feed", {0, middle_h * 0.45f}, true);
  ui.mark_window("feed");
  draw_feed_panel(ui);
  ImGui::EndChild();
  ImGui::BeginChild("outputs", {0, middle_h - middle_h * 0.45f - style.ItemSpacing.y}, true);
  ui.mark_window("outputs");
  draw_outputs_panel(ui);
  ImGui::EndChild();
  ImGui::EndGroup();
  draw_messages(ui);
  ImGui::End();
}

}  // namespace app
