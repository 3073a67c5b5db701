// The console's Announcer tab: the next arrivals and the recent callouts of `pacecast run
// --announcer`, read from the announcer service each frame; a click on a runner cues their
// lower third through Control. Without --announcer it says how to turn it on.
#include <imgui.h>
#include <imgui_internal.h>  // ImGuiSelectableFlags_SelectOnClick

#include "announcer_service.h"
#include "console_announcer.h"
#include "console_ui.h"
#include "core/log.h"

namespace app {
namespace {

const ImVec4 kAnnouncerHigh{1.0f, 0.45f, 0.3f, 1.0f};
const ImVec4 kAnnouncerLow{0.6f, 0.6f, 0.6f, 1.0f};
const ImVec4 kAnnouncerVip{1.0f, 0.8f, 0.25f, 1.0f};
const char* const kAnnouncerLangs[] = {"en", "ru"};

void announcer_cue(ConsoleUi& ui, const AnnouncerRow& row) {
  const control::RunnerHit hit = runner_hit(row);
  ui.act([&] {
    ui.select(cue_runner_card(ui.control, ui.model, "lower_third", "Lower third", hit, ui.by),
              {{"bib", hit.bib}});
    ui.note("cued Lower third for " + hit.bib + " " + hit.name);
    core::log::info("console: announcer: cued a lower third for " + hit.bib + " " + hit.name);
  });
}

// The runner's cell: name, pronunciation, country and category; then notes and provenance.
void announcer_runner_cell(const AnnouncerRow& r) {
  if (r.vip) {
    ImGui::TextColored(kAnnouncerVip, "%s", r.name.c_str());
  } else {
    ImGui::TextUnformatted(r.name.c_str());
  }
  if (!r.pronunciation.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("[%s]", r.pronunciation.c_str());
  }
  ImGui::SameLine();
  ImGui::TextDisabled("%s · %s", r.country.c_str(), r.category.c_str());
  std::string second = r.weak ? "WEAK: " + r.reason : r.provenance;
  if (!r.notes.empty()) second += " · " + r.notes;
  ImGui::TextDisabled("%s", second.c_str());
}

// The tab's lines, made again only when the service updated or the language changed.
const AnnouncerTabLines& announcer_lines(ConsoleUi& ui) {
  AnnouncerTabLines& l = ui.announcer_lines;
  const std::uint64_t updates = ui.announcer->updates();
  if (l.updates == updates && l.lang == ui.announcer_lang) return l;
  const AnnouncerView view = ui.announcer->latest();
  l.updates = view.updates;
  l.lang = ui.announcer_lang;
  l.url = view.url;
  l.due = view.arrivals.count();
  l.counters = view.counters;
  l.rows = announcer_rows(view.arrivals);
  l.callouts = callout_lines(view.callouts, kAnnouncerLangs[l.lang]);
  return l;
}

// The arrivals table; the first time it has runners, a debug line says how many, who is
// first and where the tab and its first row are on the screen (for a test or a remote look).
void announcer_arrivals(ConsoleUi& ui, const std::vector<AnnouncerRow>& rows, float height) {
  if (rows.empty()) {
    ImGui::TextDisabled("nobody due at the finish in the next minutes");
    return;
  }
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("arrivals", 4, kFlags, {0, height})) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("ETA");
  ImGui::TableSetupColumn("Bib");
  ImGui::TableSetupColumn("Runner (click: lower third)", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("Place");
  ImGui::TableHeadersRow();
  const float row_h = 2 * ImGui::GetTextLineHeightWithSpacing();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const AnnouncerRow& r = rows[i];
    ImGui::TableNextRow();
    ImGui::PushID(r.runner);
    if (r.weak)
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TableSetColumnIndex(0);
    // On the press, not the release: the list moves under the pointer twice a second, and
    // the runner cued is the one the operator pressed on.
    const std::string eta = (r.group_start ? "" : "= ") + r.countdown;
    if (ImGui::Selectable(eta.c_str(), false,
                          ImGuiSelectableFlags_SpanAllColumns |
                              ImGuiSelectableFlags_AllowItemOverlap |
                              ImGuiSelectableFlags_SelectOnClick,
                          {0, row_h})) {
      announcer_cue(ui, r);
    }
    if (i == 0) ui.mark_item("announcer_first");
    if (r.weak && ImGui::IsItemHovered()) ImGui::SetTooltip("weak data: %s", r.reason.c_str());
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(r.bib.c_str());
    ImGui::TableSetColumnIndex(2);
    announcer_runner_cell(r);
    ImGui::TableSetColumnIndex(3);
    ImGui::TextUnformatted(r.place.c_str());
    if (r.weak) ImGui::PopStyleColor();
    ImGui::PopID();
  }
  ImGui::EndTable();
  if (!ui.announcer_reported) {
    ui.announcer_reported = true;
    const PanelRect& first = ui.panels["announcer_first"];
    const PanelRect& tabs = ui.panels["tabs"];
    core::log::debug(
        "console: announcer tab: " + std::to_string(rows.size()) + " arrivals, the first " +
        rows[0].bib + " " + rows[0].name + "; the tab at " + std::to_string(ui.window_x + tabs.x) +
        "," + std::to_string(ui.window_y + tabs.y) + " " + std::to_string(tabs.w) + "×" +
        std::to_string(tabs.h) + ", its first row at " + std::to_string(ui.window_x + first.x) +
        "," + std::to_string(ui.window_y + first.y) + " " + std::to_string(first.w) + "×" +
        std::to_string(first.h) + " on the screen");
  }
}

void announcer_callouts(const std::vector<CalloutLine>& lines, std::string_view lang) {
  ImGui::BeginChild("callouts", {0, 0}, false);
  if (lines.empty()) ImGui::TextDisabled("no callouts yet");
  for (const CalloutLine& l : lines) {
    const ImVec4 colour = l.priority == announcer::Priority::high ? kAnnouncerHigh
                          : l.priority == announcer::Priority::low
                              ? kAnnouncerLow
                              : ImGui::GetStyleColorVec4(ImGuiCol_Text);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextWrapped("%s%s", l.lang != lang ? ("(" + l.lang + ") ").c_str() : "", l.text.c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s priority: %s", std::string(announcer::to_string(l.priority)).c_str(),
                        l.reason.c_str());
    }
  }
  ImGui::EndChild();
}

}  // namespace

void draw_announcer_tab(ConsoleUi& ui) {
  if (!ui.announcer) {
    ImGui::TextWrapped(
        "The announcer is off. Start the run with --announcer HOST:PORT (for example "
        "--announcer 0.0.0.0:8090) to see the next arrivals at the finish and the callouts "
        "here, and to serve the announcers' page to their tablets (docs/announcer.md).");
    return;
  }
  const AnnouncerTabLines& lines = announcer_lines(ui);
  ImGui::TextDisabled("Page");
  ImGui::SameLine();
  ImGui::TextUnformatted(lines.url.c_str());
  const auto& c = lines.counters;
  ImGui::TextDisabled(
      "%zu due · callouts %llu said, %llu too old, %llu rate-limited, %llu repeated", lines.due,
      static_cast<unsigned long long>(c.said), static_cast<unsigned long long>(c.too_old),
      static_cast<unsigned long long>(c.rate_limited), static_cast<unsigned long long>(c.repeated));
  announcer_arrivals(ui, lines.rows, ImGui::GetContentRegionAvail().y * 0.6f);
  ImGui::Separator();
  ImGui::TextUnformatted("Callouts");
  for (int i = 0; i < int(IM_ARRAYSIZE(kAnnouncerLangs)); ++i) {
    ImGui::SameLine();
    ImGui::RadioButton(i == 0 ? "EN" : "RU", &ui.announcer_lang, i);
  }
  announcer_callouts(lines.callouts, kAnnouncerLangs[lines.lang]);
}

}  // namespace app
