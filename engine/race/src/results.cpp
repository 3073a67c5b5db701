#include "race/results.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "index.h"
#include "race/relay.h"

namespace race {
namespace {

ResultRow base_row(const RaceSnapshot& s, RunnerId id) {
  const Participant& p = s.participant(id);
  const RunnerState& r = s.runner(id);
  ResultRow row;
  row.runner = id;
  row.bib = p.bib;
  row.name = p.display_name();
  row.contest = p.contest;
  row.gender = std::string(to_string(p.gender));
  if (r.category >= 0) row.category = s.config().categories[u(r.category)].id;
  row.status = std::string(to_string(r.status));
  if (r.contest >= 0 && r.furthest >= 0) {
    row.net_time = s.net_elapsed(id, r.furthest);
    row.gun_time = s.gun_elapsed(id, r.furthest);
    row.last_point = s.config().contests[u(r.contest)].points[u(r.furthest)].mat;
  }
  return row;
}

// Places within a scope along an already ordered list, ties sharing a place.
struct ScopeCounter {
  int count = 0;
  int last_place = 0;
  int last_point = -2;
  core::Ms last_time{-1};
  int next(int point, core::Ms time) {
    ++count;
    if (point != last_point || time != last_time) last_place = count;
    last_point = point;
    last_time = time;
    return last_place;
  }
};

void individual_results(const RaceSnapshot& s, int contest, std::vector<ResultRow>& out) {
  StandingsQuery q;
  q.contest = contest;
  q.point = kLive;
  q.include_unranked = true;
  std::map<Gender, ScopeCounter> by_gender;
  std::map<int, ScopeCounter> by_category;
  for (const Standing& st : s.standings(q)) {
    ResultRow row = base_row(s, st.runner);
    if (st.place > 0) {
      const RunnerState& r = s.runner(st.runner);
      row.overall_place = st.place;
      row.gender_place = by_gender[r.gender].next(st.point, st.time);
      if (r.category >= 0) row.category_place = by_category[r.category].next(st.point, st.time);
    }
    out.push_back(std::move(row));
  }
}

void relay_results(const RaceSnapshot& s, int contest, std::vector<ResultRow>& out) {
  const Contest& c = s.config().contests[u(contest)];
  for (const TeamStanding& t : relay_standings(s, contest)) {
    for (RunnerId id : t.members) {
      if (id < 0) continue;
      ResultRow row = base_row(s, id);
      row.overall_place = t.place;
      if (t.furthest >= 0) {
        row.gun_time = t.time;
        row.net_time = t.time;
        row.last_point = c.points[u(t.furthest)].mat;
      }
      out.push_back(std::move(row));
    }
  }
}

std::string opt_time(const std::optional<core::Ms>& t) {
  return t ? core::format_hms(*t) : "";
}
std::string opt_place(int p) {
  return p > 0 ? std::to_string(p) : "";
}

}  // namespace

std::vector<ResultRow> compute_results(const RaceSnapshot& s, int contest) {
  std::vector<ResultRow> out;
  const auto& contests = s.config().contests;
  for (int c = 0; c < static_cast<int>(contests.size()); ++c) {
    if (contest >= 0 && c != contest) continue;
    if (contests[u(c)].kind == ContestKind::relay)
      relay_results(s, c, out);
    else
      individual_results(s, c, out);
  }
  return out;
}

std::string format_results_csv(const std::vector<ResultRow>& rows) {
  std::string out = std::string(kResultsCsvHeader) + "\n";
  for (const auto& r : rows) {
    const std::string fields[] = {r.bib,
                                  r.name,
                                  r.contest,
                                  r.gender,
                                  r.category,
                                  r.status,
                                  opt_time(r.net_time),
                                  opt_time(r.gun_time),
                                  opt_place(r.overall_place),
                                  opt_place(r.gender_place),
                                  opt_place(r.category_place),
                                  r.last_point};
    for (std::size_t i = 0; i < std::size(fields); ++i) {
      if (i) out += ',';
      out += core::csv_field(fields[i]);
    }
    out += '\n';
  }
  return out;
}

std::string format_results_json(const std::vector<ResultRow>& rows) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& r : rows) {
    nlohmann::json o;
    o["bib"] = r.bib;
    o["name"] = r.name;
    o["contest"] = r.contest;
    o["gender"] = r.gender;
    o["category"] = r.category;
    o["status"] = r.status;
    o["net_time"] = r.net_time ? nlohmann::json(core::format_hms(*r.net_time)) : nlohmann::json();
    o["gun_time"] = r.gun_time ? nlohmann::json(core::format_hms(*r.gun_time)) : nlohmann::json();
    o["overall_place"] = r.overall_place > 0 ? nlohmann::json(r.overall_place) : nlohmann::json();
    o["gender_place"] = r.gender_place > 0 ? nlohmann::json(r.gender_place) : nlohmann::json();
    o["category_place"] =
        r.category_place > 0 ? nlohmann::json(r.category_place) : nlohmann::json();
    o["last_point"] = r.last_point;
    arr.push_back(std::move(o));
  }
  return arr.dump(2) + "\n";
}

std::string format_results_table(const std::vector<ResultRow>& rows) {
  // Column widths count UTF-8 code points, so Cyrillic names line up.
  auto width = [](const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
    return n;
  };
  const char* headers[] = {"Place",  "Bib", "Name", "Contest", "G",    "Cat",
                           "Status", "Net", "Gun",  "G.pl",    "C.pl", "At"};
  std::vector<std::array<std::string, 12>> cells;
  for (const auto& r : rows)
    cells.push_back({opt_place(r.overall_place), r.bib, r.name, r.contest, r.gender, r.category,
                     r.status, opt_time(r.net_time), opt_time(r.gun_time),
                     opt_place(r.gender_place), opt_place(r.category_place), r.last_point});
  std::array<std::size_t, 12> w{};
  for (std::size_t i = 0; i < 12; ++i) w[i] = width(headers[i]);
  for (const auto& row : cells)
    for (std::size_t i = 0; i < 12; ++i)
      w[i] = std::max(w[i], std::min<std::size_t>(width(row[i]), 32));
  auto line = [&](const auto& row) {
    std::string out;
    for (std::size_t i = 0; i < 12; ++i) {
      std::string cell = row[i];
      out += cell;
      if (i + 1 < 12) out += std::string(w[i] > width(cell) ? w[i] - width(cell) : 0, ' ') + "  ";
    }
    return out + "\n";
  };
  std::array<std::string, 12> head;
  for (std::size_t i = 0; i < 12; ++i) head[i] = headers[i];
  std::string out = line(head);
  for (const auto& row : cells) out += line(row);
  return out;
}

}  // namespace race
