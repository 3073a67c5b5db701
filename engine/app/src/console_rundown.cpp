// The console's Rundown panel: the loaded running order with the cursor (the item Next takes)
// and the item on air, Next and Back buttons, and a click on an item to put the cursor there.
#include <imgui.h>

#include <cstdio>

#include "console_ui.h"

namespace app {
namespace {

const ImVec4 kNextColour{0.3f, 0.85f, 0.35f, 1.0f};

std::string seconds_text(core::Ms on_air) {
  if (on_air.count() <= 0) return "hold";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%gs", static_cast<double>(on_air.count()) / 1000.0);
  return buf;
}

void draw_item_row(ConsoleUi& ui, const control::RundownState& r, std::size_t i) {
  const director::RundownItem& item = r.items[i];
  const bool on_air = r.on_air == i, next = r.cursor == i;
  ImGui::TableNextRow();
  ImGui::PushID(static_cast<int>(i));
  ImGui::TableSetColumnIndex(0);
  ImGui::Text("%zu", i);
  ImGui::TableSetColumnIndex(1);
  if (on_air) ImGui::TextColored(kOnAirColour, "ON AIR");
  if (on_air && next) ImGui::SameLine();
  if (next) ImGui::TextColored(kNextColour, "NEXT");
  ImGui::TableSetColumnIndex(2);
  // A click puts the cursor on the item: Next takes it.
  if (ImGui::Selectable(item.title.c_str(), next, ImGuiSelectableFlags_SpanAllColumns))
    ui.act([&] { ui.control.rundown_go(static_cast<std::int64_t>(i), ui.by); });
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("%s%s%s\nline %d of %s", item.show.c_str(), item.note.empty() ? "" : ": ",
                      item.note.c_str(), item.line, r.source.c_str());
  }
  ImGui::TableSetColumnIndex(3);
  ImGui::TextDisabled("%s", item.show.c_str());
  ImGui::TableSetColumnIndex(4);
  ImGui::TextDisabled("%s", seconds_text(item.on_air).c_str());
  ImGui::PopID();
}

}  // namespace

void draw_rundown(ConsoleUi& ui) {
  const control::RundownState& r = ui.model.rundown;
  ImGui::TextUnformatted("Rundown");
  ImGui::SameLine();
  ImGui::TextDisabled("%s", r.source.c_str());
  ImGui::BeginDisabled(r.cursor >= r.items.size());
  if (ImGui::Button("Next (PgDn)")) {
    ui.act([&] {
      const std::size_t index = ui.control.rundown_next(ui.by);
      ui.note("Next: rundown item " + std::to_string(index) + " on air");
    });
  }
  ImGui::EndDisabled();
  ui.mark_item("rundown_next");
  ImGui::SameLine();
  ImGui::BeginDisabled(r.cursor == 0);
  if (ImGui::Button("Back (PgUp)")) ui.act([&] { ui.control.rundown_back(ui.by); });
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (r.cursor < r.items.size())
    ImGui::TextDisabled("next: %zu of %zu", r.cursor, r.items.size());
  else
    ImGui::TextDisabled("at the end (%zu items)", r.items.size());
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("rundown_list", 5, kFlags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#");
    ImGui::TableSetupColumn("State");
    ImGui::TableSetupColumn("Item", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Kind");
    ImGui::TableSetupColumn("Time");
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < r.items.size(); ++i) draw_item_row(ui, r, i);
    ImGui::EndTable();
  }
}

}  // namespace app
