#include "app/board.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "race/projection.h"
#include "race/relay.h"

namespace app {
namespace {

std::size_t u(int i) {
  return static_cast<std::size_t>(i);
}

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// Pads or cuts (at a code point boundary, with an ellipsis) to exactly `width` columns.
std::string fit(const std::string& s, std::size_t width) {
  if (display_width(s) <= width) return s + std::string(width - display_width(s), ' ');
  std::string out;
  std::size_t cols = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 1;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    if (cols + 1 >= width) break;
    out.append(s, i, len);
    i += len;
    ++cols;
  }
  return out + "…" + std::string(width - cols - 1, ' ');
}

std::string thousands(std::size_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(u(i), ",");
  return s;
}

// "clock 1:05:12" once the contest's gun has gone, "starts 07:20:00" before.
std::string clock(const race::RaceSnapshot& s, int ci, const BoardOptions& o) {
  std::optional<core::UtcMs> gun = s.contest_gun_time(ci);
  const auto& cfg = s.config();
  for (const auto& w : cfg.waves)  // a contest started in waves: its first wave
    if (w.contest == cfg.contests[u(ci)].id && w.gun && (!gun || *w.gun < *gun)) gun = w.gun;
  if (!gun) return "";
  if (o.now >= *gun) return "clock " + core::format_hms(o.now - *gun) + " · ";
  return "starts " + core::format_hms(core::local_time_of_day(*gun, cfg.utc_offset)) + " · ";
}

std::string signed_short(core::Ms d) {
  return (d.count() < 0 ? "-" : "+") + core::format_short(core::Ms(std::abs(d.count())));
}

void individual(const race::RaceSnapshot& s, int ci, const BoardOptions& o, std::string& out) {
  const race::Contest& c = s.config().contests[u(ci)];
  const int finish = static_cast<int>(c.points.size()) - 1;
  std::size_t started = 0;
  for (int p = 0; p <= finish; ++p) started = std::max(started, s.count_at(ci, p));
  out += fit(c.name, 20) + " " + clock(s, ci, o) + "started " + thousands(started) +
         " · finished " + thousands(s.count_at(ci, finish)) + "\n";
  race::StandingsQuery q;
  q.contest = ci;
  q.limit = o.top;
  int shown = 0;
  for (const auto& st : s.standings(q)) {
    if (st.point == 0) break;  // past here only start-mat reads: no split to rank by yet
    ++shown;
    const auto& p = s.participant(st.runner);
    char line[64];
    std::snprintf(line, sizeof line, "  %3d  %-6s ", st.place, p.bib.c_str());
    out += line + fit(p.display_name(), 26) + " " + fit(p.country, 3) + "  " +
           fit(c.points[u(st.point)].shown_label(), 7) + " " + fit(core::format_hms(st.time), 8) +
           (st.gap.count() > 0 ? "  " + signed_short(st.gap) : "") + "\n";
  }
  if (shown == 0 && started > 0) out += "       no split yet\n";
  // Leaders against the course records.
  for (race::Gender g : {race::Gender::male, race::Gender::female}) {
    const race::CourseRecord* rec = race::find_record(c, g);
    if (!rec) continue;
    race::StandingsQuery gq = q;
    gq.scope = race::Scope::gender;
    gq.gender = g;
    gq.limit = 1;
    const auto leader = s.standings(gq);
    if (leader.empty()) continue;
    const auto rp = race::record_pace(s, leader.front().runner, *rec);
    if (!rp) continue;
    const std::string who = g == race::Gender::male ? "men" : "women";
    out += "       " + who + "'s leader " +
           core::format_short(core::Ms(std::abs(rp->delta.count()))) +
           (rp->delta.count() <= 0 ? " ahead of" : " behind") + " record pace at " +
           c.points[u(rp->point)].mat;
    if (rp->projected_delta)
      out += "; projected " + signed_short(*rp->projected_delta) + " vs " +
             core::format_hms(rec->time) + " (" + rec->holder + ", " + rec->country + ", " +
             std::to_string(rec->year) + ")";
    out += "\n";
  }
}

void relay(const race::RaceSnapshot& s, int ci, const BoardOptions& o, std::string& out) {
  const race::Contest& c = s.config().contests[u(ci)];
  const auto teams = race::relay_standings(s, ci);
  std::size_t on_course = 0;
  for (const auto& t : teams) on_course += t.furthest >= 0 ? 1 : 0;
  out += fit(c.name, 20) + " " + clock(s, ci, o) + "teams on course " + thousands(on_course) + "\n";
  for (std::size_t i = 0; i < teams.size() && i < o.top && teams[i].place > 0; ++i) {
    const auto& t = teams[i];
    char line[96];
    const int leg = std::min<int>(t.current_leg, static_cast<int>(c.legs.size()));
    std::snprintf(line, sizeof line, "  %3d  ", t.place);
    out +=
        line + fit(t.team, 33) + " " +
        (t.current_leg > static_cast<int>(c.legs.size()) ? std::string("finished")
                                                         : "leg " + std::to_string(leg) + "   ") +
        "  " + fit(core::format_hms(t.time), 8) +
        (t.gap.count() > 0 ? "  " + signed_short(t.gap) : "") + "\n";
  }
}

}  // namespace

std::string format_board(const race::RaceSnapshot& s, const BoardOptions& o) {
  const auto& cfg = s.config();
  std::string out = cfg.name + " · " +
                    core::format_hms(core::local_time_of_day(o.now, cfg.utc_offset)) + " (UTC" +
                    core::format_utc_offset(cfg.utc_offset) + ")";
  if (o.speed > 0) {
    char speed[32];
    std::snprintf(speed, sizeof speed, " · replay ×%g", o.speed);
    out += speed;
  }
  const auto& k = s.counters();
  out += "\npassings " + thousands(k.passings) + " · duplicates " + thousands(k.duplicates) +
         " · flagged impossible " + thousands(k.impossible) + " · unknown " +
         thousands(k.unknown_runner + k.unknown_mat) + "\n\n";
  for (int ci = 0; ci < static_cast<int>(cfg.contests.size()); ++ci) {
    if (cfg.contests[u(ci)].kind == race::ContestKind::relay)
      relay(s, ci, o, out);
    else
      individual(s, ci, o, out);
    out += "\n";
  }
  return out;
}

}  // namespace app
