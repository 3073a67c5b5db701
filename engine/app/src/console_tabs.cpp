// The console's lower-right panels: runner search with the pace plot, corrections with
// undo, the log, the hotkeys, and the feed and outputs status.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "console_ui.h"
#include "core/text.h"
#include "core/time.h"

namespace app {
namespace {

const ImVec4 kGood{0.3f, 0.85f, 0.35f, 1.0f};
const ImVec4 kWarn{1.0f, 0.7f, 0.2f, 1.0f};
const ImVec4 kBad{1.0f, 0.35f, 0.3f, 1.0f};
const ImVec4 kRunnerLine{0.35f, 0.75f, 1.0f, 1.0f};
const ImVec4 kRecordLine{1.0f, 0.8f, 0.25f, 1.0f};
constexpr std::size_t kSearchLimit = 25;
constexpr auto kResearch = std::chrono::seconds(1);
const char* const kStatuses[] = {"DNF", "DNS", "DSQ", "OK"};

void cue_runner(ConsoleUi& ui, const char* kind, const char* title, const control::RunnerHit& hit) {
  ui.act([&] {
    ui.select(cue_runner_card(ui.control, ui.model, kind, title, hit, ui.by), {{"bib", hit.bib}});
    ui.note(std::string("cued ") + title + " for " + hit.bib + " " + hit.name);
  });
}

void select_runner(ConsoleUi& ui, race::RunnerId id) {
  ui.runner = id;
  ui.pace.reset();
  ui.pace_version = 0;
}

// Searches again when the query changed, or the race did (at most once a second: a search
// reads every runner).
void refresh_hits(ConsoleUi& ui) {
  const auto now = std::chrono::steady_clock::now();
  if (ui.search == ui.searched &&
      (ui.searched_version == ui.model.race_version || now < ui.searched_at + kResearch)) {
    return;
  }
  ui.searched = ui.search;
  ui.searched_version = ui.model.race_version;
  ui.searched_at = now;
  ui.hits.clear();
  const std::string_view query = core::trim(ui.search);
  if (!query.empty()) ui.hits = ui.control.search(query, kSearchLimit);
}

void draw_hits(ConsoleUi& ui, float height) {
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("hits", 5, kFlags, {0, height})) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Bib");
  ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("Contest");
  ImGui::TableSetupColumn("At");
  ImGui::TableSetupColumn("Place");
  ImGui::TableHeadersRow();
  for (const auto& h : ui.hits) {
    ImGui::TableNextRow();
    ImGui::PushID(h.id);
    ImGui::TableSetColumnIndex(0);
    if (ImGui::Selectable(h.bib.c_str(), ui.runner == h.id, ImGuiSelectableFlags_SpanAllColumns)) {
      select_runner(ui, h.id);
    }
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(h.name.c_str());
    ImGui::TableSetColumnIndex(2);
    ImGui::TextUnformatted(h.contest.c_str());
    ImGui::TableSetColumnIndex(3);
    if (h.status != "ok") {
      ImGui::TextColored(kBad, "%s", h.status.c_str());
    } else if (!h.furthest_mat.empty()) {
      ImGui::Text("%s %s", h.furthest_mat.c_str(),
                  h.last_split ? core::format_hms(*h.last_split).c_str() : "");
    }
    ImGui::TableSetColumnIndex(4);
    if (h.live_place > 0) ImGui::Text("%d", h.live_place);
    ImGui::PopID();
  }
  ImGui::EndTable();
}

// ImGui's plot reads values through this: pace negated, so that faster plots higher.
float negated(void* data, int i) {
  return -static_cast<const float*>(data)[i];
}

void draw_pace(ConsoleUi& ui) {
  if (!ui.race || ui.runner < 0) return;
  if (!ui.pace || ui.pace_version != ui.model.race_version) {
    ui.pace = pace_plot(*ui.race, ui.runner);
    ui.pace_version = ui.model.race_version;
  }
  if (!ui.pace) {
    ImGui::TextDisabled("Pace: after the runner's second timed point");
    return;
  }
  const PacePlot& p = *ui.pace;
  ImGui::TextColored(kRunnerLine, "runner");
  ImGui::SameLine();
  if (p.record_s_per_km.empty()) {
    ImGui::TextDisabled("(no record for this contest and gender)");
  } else {
    ImGui::TextColored(kRecordLine, "%s", p.record.c_str());
  }
  // Two lines on one scale, drawn negated: faster is higher.
  if (p.segments.size() >= 2) {
    const ImVec2 size{ImGui::GetContentRegionAvail().x, 90};
    const ImVec2 at = ImGui::GetCursorPos();
    const std::string caption = "pace per segment, up is faster (" + format_pace(p.min_s) + " to " +
                                format_pace(p.max_s) + ")";
    ImGui::PushStyleColor(ImGuiCol_PlotLines, kRunnerLine);
    ImGui::PlotLines("##runner_pace", negated, const_cast<float*>(p.runner_s_per_km.data()),
                     int(p.runner_s_per_km.size()), 0, caption.c_str(), -p.max_s, -p.min_s, size);
    ImGui::PopStyleColor();
    if (!p.record_s_per_km.empty()) {
      const ImVec2 after = ImGui::GetCursorPos();
      ImGui::SetCursorPos(at);
      ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4{0, 0, 0, 0});
      ImGui::PushStyleColor(ImGuiCol_PlotLines, kRecordLine);
      ImGui::PlotLines("##record_pace", negated, const_cast<float*>(p.record_s_per_km.data()),
                       int(p.record_s_per_km.size()), 0, nullptr, -p.max_s, -p.min_s, size);
      ImGui::PopStyleColor(2);
      ImGui::SetCursorPos(after);
    }
  }
  for (std::size_t i = 0; i < p.segments.size(); ++i) {
    const float r = p.runner_s_per_km[i];
    if (i < p.record_s_per_km.size()) {
      const float d = r - p.record_s_per_km[i];
      ImGui::Text("%-14s %s", p.segments[i].c_str(), format_pace(r).c_str());
      ImGui::SameLine();
      ImGui::TextColored(d <= 0 ? kGood : kWarn, "%+.0f s/km vs record", double(d));
    } else {
      ImGui::Text("%-14s %s", p.segments[i].c_str(), format_pace(r).c_str());
    }
  }
}

// The status colour of a feed state.
ImVec4 feed_colour(const control::FeedStatus& f) {
  if (f.state == "live" && !f.stale) return kGood;
  if (f.connected) return kWarn;
  return kBad;
}

}  // namespace

void draw_runner_tab(ConsoleUi& ui) {
  if (ui.focus_search) {
    ImGui::SetKeyboardFocusHere();
    ui.focus_search = false;
  }
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##search", "bib or name, any script (Ctrl+F)", &ui.search);
  ui.search_active = ImGui::IsItemActive();
  refresh_hits(ui);
  if (ui.pick_first_hit) {
    if (!ui.hits.empty()) select_runner(ui, ui.hits.front().id);
    ui.pick_first_hit = false;
  }
  if (!ui.model.has_race) {
    ImGui::TextDisabled("no race yet");
    return;
  }
  if (!ui.search.empty() && ui.hits.empty()) ImGui::TextDisabled("nobody matches");
  if (!ui.hits.empty()) draw_hits(ui, std::min(160.0f, ImGui::GetContentRegionAvail().y * 0.4f));
  const auto hit = std::find_if(ui.hits.begin(), ui.hits.end(),
                                [&](const auto& h) { return h.id == ui.runner; });
  if (hit == ui.hits.end()) return;
  ImGui::Separator();
  ImGui::Text("%s  %s  (%s)", hit->bib.c_str(), hit->name.c_str(), hit->contest.c_str());
  if (ImGui::Button("Cue split card")) cue_runner(ui, "split_card", "Split card", *hit);
  ImGui::SameLine();
  if (ImGui::Button("Cue lower third")) cue_runner(ui, "lower_third", "Lower third", *hit);
  ImGui::SameLine();
  if (ImGui::Button("Correct…")) ui.fix_bib = hit->bib;
  draw_pace(ui);
}

void draw_corrections_tab(ConsoleUi& ui) {
  const float field = std::max(100.0f, ImGui::GetContentRegionAvail().x * 0.45f);
  ImGui::SetNextItemWidth(field);
  ImGui::InputTextWithHint("bib", "runner's bib", &ui.fix_bib);
  if (ui.runner >= 0 && ui.race) {
    ImGui::SameLine();
    if (ImGui::SmallButton("selected runner")) ui.fix_bib = ui.race->participant(ui.runner).bib;
  }
  ImGui::SetNextItemWidth(80);
  ImGui::Combo("##status", &ui.fix_status, kStatuses, IM_ARRAYSIZE(kStatuses));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field);
  ImGui::InputTextWithHint("##reason", "reason", &ui.fix_reason);
  ImGui::SameLine();
  if (ImGui::Button("Mark")) {
    ui.act([&] {
      const auto status = race::parse_status(kStatuses[ui.fix_status]);
      const int id = ui.control.correct_status(ui.fix_bib, status, ui.fix_reason, ui.by);
      ui.note("correction " + std::to_string(id) + ": " + kStatuses[ui.fix_status] + " for " +
              ui.fix_bib);
    });
  }
  ImGui::SetNextItemWidth(field);
  ImGui::InputTextWithHint("##new_bib", "new bib", &ui.fix_new_bib);
  ImGui::SameLine();
  if (ImGui::Button("Change bib")) {
    ui.act([&] { ui.control.correct_bib(ui.fix_bib, ui.fix_new_bib, ui.by); });
  }
  ImGui::SetNextItemWidth(field / 2);
  ImGui::InputTextWithHint("##first", "first name", &ui.fix_first);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field / 2);
  ImGui::InputTextWithHint("##last", "last name", &ui.fix_last);
  ImGui::SameLine();
  if (ImGui::Button("Fix name")) {
    ui.act([&] { ui.control.correct_name(ui.fix_bib, ui.fix_first, ui.fix_last, ui.by); });
  }
  std::vector<std::string> mats;
  if (ui.race) {
    const auto id = ui.race->find_bib(ui.fix_bib);
    if (id) {
      for (const auto& p : ui.race->contest_of(*id).points) mats.push_back(p.mat);
    } else {
      for (const auto& m : ui.race->config().mats) mats.push_back(m.id);
    }
  }
  ui.fix_mat = mats.empty() ? 0 : std::clamp(ui.fix_mat, 0, int(mats.size()) - 1);
  ImGui::SetNextItemWidth(field);
  if (ImGui::BeginCombo("##mat", mats.empty() ? "" : mats[std::size_t(ui.fix_mat)].c_str())) {
    for (std::size_t i = 0; i < mats.size(); ++i) {
      if (ImGui::Selectable(mats[i].c_str(), int(i) == ui.fix_mat)) ui.fix_mat = int(i);
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(mats.empty());
  if (ImGui::Button("Void passing")) {
    ui.act([&] { ui.control.void_passing(ui.fix_bib, mats[std::size_t(ui.fix_mat)], ui.by); });
  }
  ImGui::EndDisabled();
  ImGui::Separator();
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("corrections", 4, kFlags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("#");
  ImGui::TableSetupColumn("Correction", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("By");
  ImGui::TableSetupColumn("");
  ImGui::TableHeadersRow();
  for (auto it = ui.model.corrections.rbegin(); it != ui.model.corrections.rend(); ++it) {
    const auto& c = *it;
    ImGui::TableNextRow();
    ImGui::PushID(c.id);
    ImGui::TableSetColumnIndex(0);
    ImGui::Text("%d", c.id);
    ImGui::TableSetColumnIndex(1);
    if (c.undone) {
      ImGui::TextDisabled("%s (undone by %s)", c.text.c_str(), c.undone_by.c_str());
    } else {
      ImGui::TextUnformatted(c.text.c_str());
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", format_wall_time(c.wall_ms).c_str());
    ImGui::TableSetColumnIndex(2);
    ImGui::TextUnformatted(c.by.c_str());
    ImGui::TableSetColumnIndex(3);
    ImGui::BeginDisabled(c.undone);
    if (ImGui::SmallButton("Undo")) ui.act([&] { ui.control.undo(c.id, ui.by); });
    ImGui::EndDisabled();
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void draw_log_tab(ConsoleUi& ui) {
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("log", 3, kFlags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Time");
  ImGui::TableSetupColumn("By");
  ImGui::TableSetupColumn("What", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  const bool at_end = ImGui::GetScrollY() >= ImGui::GetScrollMaxY();
  for (const auto& e : ui.model.log) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", format_wall_time(e.wall_ms).c_str());
    ImGui::TableSetColumnIndex(1);
    // What automation did stands out from what people did.
    if (e.by == "director") {
      ImGui::TextColored(kWarn, "%s", e.by.c_str());
    } else {
      ImGui::TextUnformatted(e.by.c_str());
    }
    ImGui::TableSetColumnIndex(2);
    ImGui::TextWrapped("%s", e.text.c_str());
  }
  if (at_end) ImGui::SetScrollHereY(1.0f);
  ImGui::EndTable();
}

void draw_keys_tab(ConsoleUi&) {
  for (const auto& [keys, what] : hotkey_help()) {
    ImGui::TextColored(kRecordLine, "%-14s", keys.c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(what.c_str());
  }
  ImGui::TextDisabled("Space, Enter and Esc act when no text field has the keyboard.");
}

void draw_feed_panel(ConsoleUi& ui) {
  const control::RunStatus& s = ui.model.status;
  ImGui::TextUnformatted("Feed");
  if (s.wall_ms == 0) {
    ImGui::TextDisabled("no status from the run yet");
    return;
  }
  if (!s.feed) {
    ImGui::TextDisabled("no live feed: the race is replayed");
    return;
  }
  const control::FeedStatus& f = *s.feed;
  ImGui::SameLine();
  ImGui::TextColored(feed_colour(f), "%s%s", f.state.c_str(), f.stale ? " (STALE)" : "");
  ImGui::TextWrapped("%s", f.url.c_str());
  ImGui::Text("%s, lag %.1f s, seq %lld", f.connected ? "connected" : "DISCONNECTED", f.lag_s,
              (long long)f.last_seq);
  ImGui::Text("%.1f events/s, %lld gaps, %lld reconnects", f.rate_eps, (long long)f.gaps,
              (long long)f.reconnects);
  if (f.rejected.empty()) {
    ImGui::TextDisabled("no message rejected");
  } else {
    ImGui::TextUnformatted("rejected:");
    for (const auto& [reason, n] : f.rejected) {
      ImGui::BulletText("%s: %lld", reason.c_str(), (long long)n);
    }
  }
  const double age_s = double(core::utc_now().time_since_epoch().count() - s.wall_ms) / 1000.0;
  if (age_s > 3) ImGui::TextColored(kWarn, "status is %.0f s old", age_s);
}

void draw_outputs_panel(ConsoleUi& ui) {
  const control::RunStatus& s = ui.model.status;
  ImGui::TextUnformatted("Outputs");
  if (s.wall_ms == 0) {
    ImGui::TextDisabled("no status from the run yet");
    return;
  }
  ImGui::Text("%.1f fps, %lld frames", s.fps, (long long)s.ticks);
  ImGui::Text("dropped %lld, late %lld, repeated %lld", (long long)s.dropped, (long long)s.late,
              (long long)s.repeated);
  std::string stages;
  for (const auto& [stage, ms] : s.stage_ms) {
    char part[48];
    std::snprintf(part, sizeof part, "%s%s %.1f", stages.empty() ? "" : ", ", stage.c_str(), ms);
    stages += part;
  }
  if (!stages.empty()) ImGui::TextWrapped("ms/frame: %s", stages.c_str());
  for (const auto& k : s.sinks) {
    ImGui::Separator();
    const ImVec4 colour = k.state == "running" ? kGood : k.state == "failed" ? kBad : kWarn;
    ImGui::TextColored(colour, "%s", k.state.c_str());
    ImGui::SameLine();
    ImGui::TextWrapped("%s", k.target.c_str());
    ImGui::Text("%.0f kb/s, %lld dropped, %lld reconnects", k.bitrate_kbps, (long long)k.dropped,
                (long long)k.reconnects);
    if (!k.last_error.empty()) ImGui::TextColored(kBad, "%s", k.last_error.c_str());
  }
}

}  // namespace app
