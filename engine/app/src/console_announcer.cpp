// The Announcer tab's lines from the announcer service's view (console_announcer.h).
#include "console_announcer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace app {

std::string format_countdown(double seconds_to_go) {
  if (!(seconds_to_go > 0)) return "due";
  const long s = long(std::ceil(seconds_to_go));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

namespace {

std::string announcer_place(const announcer::Arrival& a) {
  if (a.place_overall <= 0) return "";
  std::string out = std::to_string(a.place_overall);
  if (a.place_gender > 0) out += " (" + std::to_string(a.place_gender) + ")";
  return out;
}

std::string announcer_notes(const announcer::Arrival& a) {
  std::string out = a.vip ? "VIP" : "";
  for (const auto& n : a.notes) {
    if (n.kind == announcer::NoteKind::vip || n.text.empty()) continue;  // said as "VIP"
    if (!out.empty()) out += " · ";
    out += n.text;
  }
  return out;
}

}  // namespace

std::vector<AnnouncerRow> announcer_rows(const announcer::Arrivals& arrivals) {
  std::vector<AnnouncerRow> rows;
  for (const auto& g : arrivals.groups) {
    bool first = true;
    for (const auto& a : g.arrivals) {
      AnnouncerRow r;
      r.runner = a.runner;
      r.countdown = format_countdown(a.seconds_to_go);
      r.bib = a.bib;
      r.name = a.name;
      r.pronunciation = a.pronunciation;
      r.country = a.country;
      r.contest = a.contest;
      r.category = a.category;
      r.place = announcer_place(a);
      r.notes = announcer_notes(a);
      r.provenance = std::string(announcer::to_string(a.provenance));
      r.weak = !a.callable || a.provenance == announcer::Provenance::weak;
      if (r.weak) r.reason = a.provenance_reason.empty() ? "doubtful data" : a.provenance_reason;
      r.vip = a.vip;
      r.group_start = first;
      r.seconds_to_go = a.seconds_to_go;
      first = false;
      rows.push_back(std::move(r));
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const AnnouncerRow& a, const AnnouncerRow& b) {
    return a.seconds_to_go < b.seconds_to_go;
  });
  return rows;
}

control::RunnerHit runner_hit(const AnnouncerRow& row) {
  control::RunnerHit h;
  h.id = row.runner;
  h.bib = row.bib;
  h.name = row.name;
  h.contest = row.contest;
  return h;
}

std::vector<CalloutLine> callout_lines(const std::vector<announcer::Callout>& oldest_first,
                                       std::string_view lang) {
  std::vector<CalloutLine> lines;
  lines.reserve(oldest_first.size());
  for (auto it = oldest_first.rbegin(); it != oldest_first.rend(); ++it) {
    CalloutLine l;
    const auto pick = [&](std::string_view want) {
      const auto t = it->text.find(std::string(want));
      if (t == it->text.end() || t->second.empty()) return false;
      l.text = t->second;
      l.lang = t->first;
      return true;
    };
    if (!pick(lang) && !pick("en")) {
      for (const auto& [code, text] : it->text) {
        if (!text.empty() && pick(code)) break;
      }
    }
    if (l.text.empty()) l.text = it->reason;
    l.priority = it->priority;
    l.reason = it->reason;
    if (!it->bibs.empty()) l.bib = it->bibs.front();
    lines.push_back(std::move(l));
  }
  return lines;
}

}  // namespace app
