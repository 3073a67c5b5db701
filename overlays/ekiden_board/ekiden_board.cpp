// Ekiden board: team places in a relay: place, team, the leg on the course now, time and gap,
// and a line with the gaps at the latest exchange the leading team has passed. A long list
// pages like the leaderboard. Rebuilt when the snapshot changes; drawn from cached strings.
// Engine thread only (an Overlay instance).
#include "ekiden_board/ekiden_board.h"

#include <algorithm>

#include "common/draw.h"
#include "common/kinds.h"
#include "leaderboard/board.h"
#include "ticker/shared.h"

extern const std::string_view kLook_ekiden_board;

namespace overlays {

std::string leg_text(const race::TeamStanding& team, int legs) {
  if (team.status != race::RunnerStatus::ok) return std::string(race::to_string(team.status));
  if (team.furthest < 0) return {};
  if (team.current_leg > legs) return "FIN";
  return "LEG " + std::to_string(team.current_leg) + "/" + std::to_string(legs);
}

int latest_exchange(const std::vector<race::TeamStanding>& teams) {
  if (teams.empty() || teams[0].place <= 0) return -1;
  const int legs = static_cast<int>(teams[0].exchange_gaps.size());
  return std::min(teams[0].current_leg - 2, legs - 1);
}

std::vector<ExchangeGap> exchange_gaps(const std::vector<race::TeamStanding>& teams, int leg,
                                       std::size_t limit) {
  std::vector<ExchangeGap> out;
  if (leg < 0) return out;
  for (const auto& t : teams) {
    if (static_cast<std::size_t>(leg) >= t.exchange_gaps.size()) continue;
    if (const auto& g = t.exchange_gaps[static_cast<std::size_t>(leg)]) out.push_back({t.team, *g});
  }
  std::stable_sort(out.begin(), out.end(), [](const ExchangeGap& a, const ExchangeGap& b) {
    return a.gap != b.gap ? a.gap < b.gap : a.team < b.team;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

namespace {

struct TeamRow {
  std::string place, team, leg, time, gap;
  bool leader = false;
};

class EkidenBoard final : public scene::Overlay {
 public:
  void configure(const scene::Params& params, const race::RaceSnapshot& race) override;
  void draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) override;

 private:
  // Everything a frame needs from the look, read once per Look (see LookCache).
  struct Style : BoardLook {
    render::TextStyle team, leg, time, gap, waiting, exchange;
    render::Color divider;
    render::Rect box;
    float header_h = 64, gap_h = 4, row_h = 54, footer_h = 48;
    float pad = 20, place_w = 56, leg_w = 100, time_w = 124, gap_w = 110;
    core::Ms page_ms{8000}, flip_ms{450};
    float stagger = 0.06f, row_slide_x = -40;
    std::string waiting_text, no_team_text, exchange_text;
    int exchange_teams = 4;
  };
  Style read_style(const scene::Look& look, const scene::Frame& frame) const;
  void refresh(const race::RaceSnapshot& race, const Style& st);
  void fit_exchange(render::Canvas& canvas, float width, const Style& st);
  void draw_row(render::Canvas& canvas, const render::Rect& r, const TeamRow& row,
                const Style& st) const;

  LookCache<Style> style_;

  int contest_ = -1;
  int rows_ = 8;
  int pages_ = 1;
  std::string title_;

  bool valid_ = false;
  const race::RaceSnapshot* race_ = nullptr;
  std::uint64_t version_ = 0;
  std::vector<TeamRow> built_;
  std::uint64_t built_style_ = 0;            // style_.generation() the rows were built with
  std::vector<std::string> exchange_parts_;  // "AT X3:", " Team A", " · Team B +12", ...
  std::string exchange_line_;                // the parts that fit the footer
  bool exchange_fitted_ = false;
  bool started_ = false;
};

void EkidenBoard::configure(const scene::Params& params, const race::RaceSnapshot& race) {
  const auto& contests = race.config().contests;
  std::vector<std::string> relays;
  for (const auto& c : contests)
    if (c.kind == race::ContestKind::relay) relays.push_back(c.id);
  if (relays.empty()) {
    throw scene::ParamError("ekiden_board needs a relay contest: " + race.config().name +
                            " has none (kind = \"relay\" in race.toml)");
  }
  contest_ = contest_param(params, race, "contest", relays.front());
  const race::Contest& c = contests[static_cast<std::size_t>(contest_)];
  if (c.kind != race::ContestKind::relay) {
    std::string list;
    for (const auto& id : relays) list += (list.empty() ? "" : ", ") + id;
    throw scene::ParamError("contest=" + c.id + ": not a relay; use one of: " + list +
                            " (the leaderboard overlay shows individual contests)");
  }
  rows_ = params.get_int("rows", 8, 3, 20);
  pages_ = params.get_int("pages", 1, 1, 5);
  title_ = params.get("title", c.name);
  valid_ = false;
  style_.clear();
}

EkidenBoard::Style EkidenBoard::read_style(const scene::Look& look,
                                           const scene::Frame& frame) const {
  Style st;
  static_cast<BoardLook&>(st) = read_board_look(look);
  const render::Color text = st.text_color, dim = st.dim_color;
  st.divider = look.color("divider_color", {1, 1, 1, 0.18f});
  st.team = look_font(look, "team_font", 30, 700, text);
  st.leg = look_font(look, "leg_font", 20, 700, dim);
  st.time = look_font(look, "time_font", 30, 600, text, true);
  st.gap = look_font(look, "gap_font", 26, 600, dim, true);
  st.waiting = look_font(look, "waiting_font", 28, 500, dim);
  st.exchange = look_font(look, "exchange.font", 24, 600, {0.96f, 0.76f, 0.26f, 1});
  st.header_h = look_px(look, "header_height", 64);
  st.gap_h = look_px(look, "header_gap", 4);
  st.footer_h = look_px(look, "exchange.height", 48);
  // Rows get shorter when a page would not fit the safe area.
  st.row_h =
      std::min(look_px(look, "row_height", 54),
               (frame.safe.h - st.header_h - st.gap_h - st.footer_h) / static_cast<float>(rows_));
  const float w = std::min(look_px(look, "size.w", 800), frame.safe.w);
  st.box = place(frame, look, "position",
                 {w, st.header_h + st.gap_h + st.row_h * static_cast<float>(rows_) + st.footer_h});
  st.pad = look_px(look, "padding.x", 20);
  st.place_w = look_px(look, "columns.place", 56);
  st.leg_w = look_px(look, "columns.leg", 100);
  st.time_w = look_px(look, "columns.time", 124);
  st.gap_w = look_px(look, "columns.gap", 110);
  st.page_ms = look.duration_ms("page_ms", st.page_ms);
  st.flip_ms = look.duration_ms("page_flip_ms", st.flip_ms);
  st.stagger = static_cast<float>(look.number("stagger", st.stagger));
  st.row_slide_x = look_px(look, "row_slide_x", st.row_slide_x);
  st.waiting_text = look.string("waiting_text", "Waiting for the start");
  st.no_team_text = look.string("no_team_text", "(no team)");
  st.exchange_text = look.string("exchange.text", "AT");
  st.exchange_teams = std::clamp(look.integer("exchange.teams", 4), 1, 10);
  return st;
}

void EkidenBoard::refresh(const race::RaceSnapshot& race, const Style& st) {
  if (valid_ && race_ == &race && version_ == race.version() && built_style_ == style_.generation())
    return;
  valid_ = true;
  race_ = &race;
  version_ = race.version();
  built_style_ = style_.generation();
  built_.clear();
  exchange_parts_.clear();
  exchange_line_.clear();
  exchange_fitted_ = false;
  const auto teams = race::relay_standings(race, contest_);
  const race::Contest& c = race.config().contests[static_cast<std::size_t>(contest_)];
  const int legs = static_cast<int>(c.legs.size());
  started_ = false;
  for (const auto& t : teams) started_ = started_ || t.furthest >= 0;
  if (!started_) return;
  auto gap_text = [](core::Ms g) {
    const std::string s = format_gap(g);
    return s.empty() ? std::string("+0") : s;
  };
  const auto limit = static_cast<std::size_t>(rows_ * pages_);
  for (std::size_t i = 0; i < teams.size() && built_.size() < limit; ++i) {
    const auto& t = teams[i];
    TeamRow row;
    row.place = t.place > 0 ? std::to_string(t.place) : "–";
    row.team = t.team.empty() ? st.no_team_text : t.team;
    row.leg = leg_text(t, legs);
    row.leader = t.place == 1;
    if (t.furthest >= 0) row.time = format_time(t.time);
    if (t.place > 1) row.gap = gap_text(t.gap);
    built_.push_back(std::move(row));
  }
  const int k = latest_exchange(teams);
  if (k < 0) return;
  const auto gaps = exchange_gaps(teams, k, static_cast<std::size_t>(st.exchange_teams));
  const int point = race.point_index(contest_, c.legs[static_cast<std::size_t>(k)].end_mat);
  exchange_parts_.push_back(st.exchange_text + " " + point_label(race.config(), contest_, point) +
                            ":");
  for (std::size_t i = 0; i < gaps.size(); ++i) {
    std::string part =
        (i == 0 ? " " : " · ") + (gaps[i].team.empty() ? st.no_team_text : gaps[i].team);
    if (i > 0) part += " " + gap_text(gaps[i].gap);
    exchange_parts_.push_back(std::move(part));
  }
}

// The exchange line with as many teams as fit the footer (at least the first), so a team is
// never cut in the middle of its gap.
void EkidenBoard::fit_exchange(render::Canvas& canvas, float width, const Style& st) {
  exchange_fitted_ = true;
  exchange_line_.clear();
  if (exchange_parts_.size() < 2) return;
  std::string line = exchange_parts_[0] + exchange_parts_[1];
  for (std::size_t i = 2; i < exchange_parts_.size(); ++i) {
    const std::string longer = line + exchange_parts_[i];
    if (canvas.measure(longer, st.exchange).width > width) break;
    line = longer;
  }
  exchange_line_ = std::move(line);
}

void EkidenBoard::draw_row(render::Canvas& canvas, const render::Rect& r, const TeamRow& row,
                           const Style& st) const {
  float x = r.x + st.pad;
  canvas.text({x, r.y, st.place_w, r.h}, row.place, row.leader ? st.leader_place : st.place,
              render::Align::center);
  x += st.place_w + 12;
  const float gap_x = r.right() - st.pad - st.gap_w;
  const float time_x = gap_x - st.time_w;
  const float leg_x = time_x - st.leg_w;
  canvas.text({x, r.y, leg_x - x - 12, r.h}, row.team, st.team);
  canvas.text({leg_x, r.y, st.leg_w, r.h}, row.leg, st.leg);
  canvas.text({time_x, r.y, st.time_w, r.h}, row.time, st.time, render::Align::right);
  canvas.text({gap_x, r.y, st.gap_w, r.h}, row.gap, st.gap, render::Align::right);
}

void EkidenBoard::draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) {
  const Style& st =
      style_.get(look, frame.screen.w, [&](const scene::Look& l) { return read_style(l, frame); });
  refresh(*frame.race, st);
  const int page_count =
      std::clamp(static_cast<int>((built_.size() + static_cast<std::size_t>(rows_) - 1) /
                                  static_cast<std::size_t>(rows_)),
                 1, pages_);
  const Page page = page_at(frame.on_air, st.page_ms, page_count);
  const render::Rect& box = st.box;
  const render::Rect head{box.x, box.y, box.w, st.header_h};
  canvas.box(head, st.header);
  float used = 0;
  if (page.count > 1) {
    const std::string pages = std::to_string(page.index + 1) + "/" + std::to_string(page.count);
    used = canvas.text(head.inset(st.pad, 0), pages, st.header_label, render::Align::right).width +
           st.pad;
  }
  canvas.text({head.x + st.pad, head.y, head.w - 2 * st.pad - used, st.header_h}, title_, st.title);

  const std::size_t first = static_cast<std::size_t>(page.index * rows_);
  const std::size_t shown =
      built_.size() > first ? std::min(built_.size() - first, static_cast<std::size_t>(rows_)) : 0;
  const int slots = shown == 0 ? 1 : static_cast<int>(shown);
  const float rows_h = st.row_h * static_cast<float>(slots);
  const render::Rect body{box.x, head.bottom() + st.gap_h, box.w, rows_h + st.footer_h};
  canvas.box(body, st.panel);
  for (int i = 1; i < slots; i += 2)
    canvas.fill_rect({body.x, body.y + st.row_h * static_cast<float>(i), body.w, st.row_h},
                     st.stripe);
  if (shown == 0) {
    canvas.text({body.x + 24, body.y, body.w - 48, st.row_h}, st.waiting_text, st.waiting);
  }
  for (std::size_t i = 0; i < shown; ++i) {
    const float in = row_entrance(frame, page, static_cast<int>(i), static_cast<int>(shown),
                                  st.stagger, st.flip_ms);
    if (in <= 0) continue;
    canvas.save();
    canvas.multiply_opacity(in);
    canvas.translate(st.row_slide_x * (1 - in), 0);
    draw_row(canvas, {body.x, body.y + st.row_h * static_cast<float>(i), body.w, st.row_h},
             built_[first + i], st);
    canvas.restore();
  }
  const float fy = body.y + rows_h;
  canvas.line({body.x + st.pad, fy}, {body.right() - st.pad, fy}, 2, st.divider);
  if (!exchange_fitted_) fit_exchange(canvas, body.w - 2 * st.pad, st);
  if (!exchange_line_.empty()) {
    canvas.text({body.x + st.pad, fy, body.w - 2 * st.pad, st.footer_h}, exchange_line_,
                st.exchange);
  }
  stale_badge_clear_of(canvas, frame, look, box);
}

}  // namespace

scene::OverlayKind ekiden_board_kind() {
  return make_kind<EkidenBoard>(
      "ekiden_board", "relay team places: current leg, time, gap, and gaps at the latest exchange",
      kLook_ekiden_board,
      {
          {"contest", "a relay contest id (race.toml); default: the first relay", "", {}},
          {"rows", "rows per page, 3 to 20", "8", {}},
          {"pages", "pages to rotate through, 1 to 5 (page time from the look)", "1", {}},
          {"title", "header text", "<contest name>", {}},
      });
}

}  // namespace overlays
