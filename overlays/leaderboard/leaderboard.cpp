// Leaderboard: the top runners of a contest (overall, one gender or one category), live or
// at a chosen mat: place, name, country, time or gap, and arrows for places gained or lost
// since the previous mat. When places change, rows slide from their old place to the new
// one; a long list pages. Everything is a function of the snapshot and frame.now.
// Engine thread only (an Overlay instance).
#include <algorithm>

#include "common/draw.h"
#include "common/kinds.h"
#include "core/text.h"
#include "leaderboard/board.h"
#include "scene/scene.h"
#include "ticker/shared.h"

extern const std::string_view kLook_leaderboard;

namespace overlays {
namespace {

enum class Show : std::uint8_t { invalid, time, gap };

// One line of the board, built when the standings change (never per frame).
struct RunnerRow {
  race::RunnerId runner = -1;
  std::string place, name, short_name, country, value, mat;
  int gained = 0;  // places gained since the runner's previous mat (< 0: lost)
  bool leader = false;
};

// "A. SULTANALIEV": the first name's initial, for a name too wide for its column.
std::string short_name(const race::Participant& p, bool upper_last) {
  if (p.first_name.empty() || p.last_name.empty()) return display_name(p, upper_last);
  std::size_t n = 1;  // the first character, UTF-8
  while (n < p.first_name.size() && (static_cast<unsigned char>(p.first_name[n]) & 0xC0) == 0x80)
    ++n;
  race::Participant initial = p;
  initial.first_name = p.first_name.substr(0, n) + ".";
  return display_name(initial, upper_last);
}

// scope, gender and category from the parameters; a gender or category alone implies its
// scope. Throws ParamError.
void parse_scope(const scene::Params& params, const race::RaceSnapshot& race, int contest,
                 race::StandingsQuery& q) {
  std::string scope = params.get("scope");
  if (scope.empty())
    scope = params.has("category") ? "category" : params.has("gender") ? "gender" : "overall";
  if (scope == "overall") {
    q.scope = race::Scope::overall;
  } else if (scope == "gender") {
    q.scope = race::Scope::gender;
    const std::string g = params.get("gender");
    q.gender = race::parse_gender(g);
    if (q.gender == race::Gender::invalid) {
      throw scene::ParamError(g.empty() ? "scope=gender needs gender=M, F or X"
                                        : "gender=" + g + ": use M, F or X");
    }
  } else if (scope == "category") {
    q.scope = race::Scope::category;
    const std::string id = params.get("category");
    const auto& config = race.config();
    const std::string& contest_id = config.contests[static_cast<std::size_t>(contest)].id;
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < config.categories.size(); ++i) {
      const auto& c = config.categories[i];
      const bool applies = c.contests.empty() || std::find(c.contests.begin(), c.contests.end(),
                                                           contest_id) != c.contests.end();
      if (!applies) continue;
      if (c.id == id) q.category = static_cast<int>(i);
      ids.push_back(c.id);
    }
    if (q.category < 0) {
      const std::string what = id.empty() ? "scope=category needs category=ID"
                                          : "category=" + id + ": not a category of " + contest_id;
      throw scene::ParamError(what + "; use one of: " +
                              (ids.empty() ? std::string("(none in race.toml)") : core::join(ids)));
    }
  } else {
    throw scene::ParamError("scope=" + scope + ": use overall, gender or category");
  }
}

class Leaderboard final : public scene::Overlay {
 public:
  void configure(const scene::Params& params, const race::RaceSnapshot& race) override;
  void draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) override;

 private:
  RunnerRow make_row(const race::RaceSnapshot& race, const race::Standing& s, int index,
                     bool upper_last) const;
  const std::vector<RunnerRow>& rows_now(const race::RaceSnapshot& race, core::UtcMs now,
                                         bool upper_last);
  void draw_header(render::Canvas& canvas, const render::Rect& r, const scene::Look& look,
                   const Page& page) const;
  void draw_row(render::Canvas& canvas, const render::Rect& r, const RunnerRow& row,
                const scene::Look& look) const;
  void draw_rows(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look,
                 const std::vector<RunnerRow>& rows, const Page& page, std::size_t first,
                 std::size_t shown, const render::Rect& body);

  race::StandingsQuery query_;
  int rows_ = 10;
  int pages_ = 1;
  Show show_ = Show::gap;
  std::string title_, scope_label_, waiting_point_;
  // Everything the frame needs from the look, read once per Look (see LookCache).
  struct Style : BoardLook {
    render::TextStyle name, mat, value, leader_value, waiting;
    ChipStyle chip;
    ChangeStyle change;
    render::Rect box;  // the whole board: header and a full page of rows
    float header_h = 64, gap = 4, row_h = 54;
    float pad = 20, place_w = 56, chip_w = 76, arrow_w = 60, mat_w = 92, value_w = 136;
    bool show_change = true, upper_last = true;
    core::Ms page_ms{8000}, flip_ms{450}, reorder_ms{800};
    float stagger = 0.06f, row_slide_x = -40;
    std::string waiting_start_text, waiting_text;
  };
  Style read_style(const scene::Look& look, const scene::Frame& frame) const;
  LookCache<Style> style_;
  const Style* st_ = nullptr;  // style_ of the frame being drawn

  StandingsCache current_, previous_;
  std::uint64_t built_generation_ = 0;
  bool built_upper_last_ = true;
  std::vector<RunnerRow> built_;
};

void Leaderboard::configure(const scene::Params& params, const race::RaceSnapshot& race) {
  const int contest = contest_param(params, race);
  const auto& config = race.config();
  const race::Contest& c = config.contests[static_cast<std::size_t>(contest)];
  if (c.kind == race::ContestKind::relay) {
    throw scene::ParamError("contest=" + c.id +
                            ": a relay has team places, not runner places; use the ekiden_board "
                            "overlay for it");
  }
  race::StandingsQuery q;
  q.contest = contest;
  q.point = point_param(params, race, contest);
  parse_scope(params, race, contest, q);
  rows_ = params.get_int("rows", 10, 3, 20);
  pages_ = params.get_int("pages", 1, 1, 5);
  q.limit = static_cast<std::size_t>(rows_ * pages_);
  const std::string show = params.get("show", "gap");
  if (show != "gap" && show != "time") {
    throw scene::ParamError("show=" + show + ": use gap (leader's time, then +gaps) or time");
  }
  show_ = show == "gap" ? Show::gap : Show::time;
  query_ = q;
  waiting_point_ = q.point == race::kLive ? std::string() : point_label(config, contest, q.point);
  title_ = params.get("title", c.name + " · " + (q.point == race::kLive ? "LIVE" : waiting_point_));
  switch (q.scope) {
    case race::Scope::gender:
      scope_label_ = q.gender == race::Gender::male     ? "MEN"
                     : q.gender == race::Gender::female ? "WOMEN"
                                                        : "NON-BINARY";
      break;
    case race::Scope::category:
      scope_label_ = config.categories[static_cast<std::size_t>(q.category)].id;
      break;
    case race::Scope::overall:
      scope_label_.clear();
      break;
  }
  current_.clear();
  previous_.clear();
  built_.clear();
  style_.clear();
}

RunnerRow Leaderboard::make_row(const race::RaceSnapshot& race, const race::Standing& s, int index,
                                bool upper_last) const {
  RunnerRow row;
  row.runner = s.runner;
  const race::Participant& p = race.participant(s.runner);
  row.place = s.place > 0 ? std::to_string(s.place) : "–";
  row.name = display_name(p, upper_last);
  if (row.name.empty()) row.name = "#" + p.bib;
  row.short_name = short_name(p, upper_last);
  row.country = p.country;
  row.leader = s.place == 1;
  if (show_ == Show::time || index == 0 || s.place == 1) {
    row.value = format_time(s.time);
  } else {
    row.value = format_gap(s.gap);
    if (row.value.empty()) row.value = "+0";
  }
  if (query_.point == race::kLive) row.mat = point_label(race.config(), query_.contest, s.point);
  const int prev = previous_read_point(race.runner(s.runner), s.point, false);
  if (prev >= 0) {
    const int before = race.place(s.runner, prev, query_.scope);
    const int now = race.place(s.runner, s.point, query_.scope);
    if (before > 0 && now > 0) row.gained = before - now;
  }
  return row;
}

const std::vector<RunnerRow>& Leaderboard::rows_now(const race::RaceSnapshot& race, core::UtcMs now,
                                                    bool upper_last) {
  const auto& standings = current_.at(race, query_, now);
  if (built_generation_ != current_.generation() || built_upper_last_ != upper_last) {
    built_.clear();
    for (std::size_t i = 0; i < standings.size(); ++i)
      built_.push_back(make_row(race, standings[i], static_cast<int>(i), upper_last));
    built_generation_ = current_.generation();
    built_upper_last_ = upper_last;
  }
  return built_;
}

void Leaderboard::draw_header(render::Canvas& canvas, const render::Rect& r, const scene::Look&,
                              const Page& page) const {
  const Style& st = *st_;
  canvas.box(r, st.header);
  std::string right = scope_label_;
  if (page.count > 1) {
    right += (right.empty() ? "" : "  ") + std::to_string(page.index + 1) + "/" +
             std::to_string(page.count);
  }
  float used = 0;
  if (!right.empty()) {
    used = canvas.text(r.inset(st.pad, 0), right, st.header_label, render::Align::right).width +
           st.pad;
  }
  canvas.text({r.x + st.pad, r.y, r.w - 2 * st.pad - used, r.h}, title_, st.title);
}

Leaderboard::Style Leaderboard::read_style(const scene::Look& look,
                                           const scene::Frame& frame) const {
  Style st;
  static_cast<BoardLook&>(st) = read_board_look(look);
  const render::Color text = st.text_color, dim = st.dim_color;
  st.name = look_font(look, "name_font", 30, 700, text);
  st.mat = look_font(look, "mat_font", 20, 700, dim);
  st.value = look_font(look, "value_font", 30, 600, text, true);
  st.leader_value = look_font(look, "leader_value_font", 30, 600, text, true);
  st.waiting = look_font(look, "waiting_font", 28, 500, dim);
  st.chip = read_chip_style(look, "country");
  st.change = read_change_style(look);
  const float w = std::min(look_px(look, "size.w", 760), frame.safe.w);
  const bool narrow = w < look_px(look, "narrow_below", 640);
  st.header_h = look_px(look, "header_height", 64);
  st.gap = look_px(look, "header_gap", 4);
  // Rows get shorter when a page would not fit the safe area (20 rows on one page).
  st.row_h = std::min(look_px(look, "row_height", 54),
                      (frame.safe.h - st.header_h - st.gap) / static_cast<float>(rows_));
  st.box = place(frame, look, "position",
                 {w, st.header_h + st.gap + st.row_h * static_cast<float>(rows_)});
  st.pad = look_px(look, "padding.x", 20);
  st.place_w = look_px(look, "columns.place", 56);
  st.chip_w = narrow ? 0 : look_px(look, "columns.country", 76);
  st.arrow_w = look_px(look, "columns.change", 60);
  st.mat_w = query_.point == race::kLive && !narrow ? look_px(look, "columns.mat", 92) : 0;
  st.value_w = look_px(look, "columns.value", 136);
  st.show_change = look.flag("show_change", true);
  st.upper_last = look.flag("upper_last", true);
  st.page_ms = look.duration_ms("page_ms", st.page_ms);
  st.flip_ms = look.duration_ms("page_flip_ms", st.flip_ms);
  st.reorder_ms = look.duration_ms("reorder_ms", st.reorder_ms);
  st.stagger = static_cast<float>(look.number("stagger", st.stagger));
  st.row_slide_x = look_px(look, "row_slide_x", st.row_slide_x);
  st.waiting_start_text = look.string("waiting_start_text", "Waiting for the start");
  st.waiting_text = look.string("waiting_text", "Waiting for the first runners");
  return st;
}

void Leaderboard::draw_row(render::Canvas& canvas, const render::Rect& r, const RunnerRow& row,
                           const scene::Look&) const {
  const Style& st = *st_;
  float x = r.x + st.pad;
  canvas.text({x, r.y, st.place_w, r.h}, row.place, row.leader ? st.leader_place : st.place,
              render::Align::center);
  x += st.place_w + 12;
  if (st.chip_w > 0) {
    draw_chip(canvas, {x, r.y, st.chip_w, r.h}, row.country, st.chip);
    x += st.chip_w;
  }
  const float value_x = r.right() - st.pad - st.value_w;
  const float mat_x = value_x - st.mat_w;
  const float arrow_x = mat_x - st.arrow_w;
  const float room = arrow_x - x - 8;
  const bool fits = canvas.measure(row.name, st.name).width <= room;
  canvas.text({x, r.y, room, r.h}, fits ? row.name : row.short_name, st.name);
  if (st.show_change)
    draw_place_change(canvas, {arrow_x, r.y, st.arrow_w, r.h}, row.gained, st.change);
  if (st.mat_w > 0 && !row.mat.empty()) {
    canvas.text({mat_x, r.y, st.mat_w - 8, r.h}, row.mat, st.mat, render::Align::right);
  }
  canvas.text({value_x, r.y, st.value_w, r.h}, row.value, row.leader ? st.leader_value : st.value,
              render::Align::right);
}

// Where a runner is in a list (index), or -1.
int index_of(const std::vector<race::Standing>& list, race::RunnerId id) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i].runner == id) return static_cast<int>(i);
  return -1;
}

// Rows slide from their places a millisecond before the page's order last changed (t_c) to
// their places now over `reorder_ms`; rows new to the page fade in, rows leaving it fade out
// (or slide off it when they moved to another page). All a function of frame.now.
void Leaderboard::draw_rows(render::Canvas& canvas, const scene::Frame& frame,
                            const scene::Look& look, const std::vector<RunnerRow>& rows,
                            const Page& page, std::size_t first, std::size_t shown,
                            const render::Rect& body) {
  const race::RaceSnapshot& race = *frame.race;
  const auto& now_list = current_.at(race, query_, frame.now);
  const std::vector<race::Standing> on_page(
      now_list.begin() + static_cast<std::ptrdiff_t>(first),
      now_list.begin() + static_cast<std::ptrdiff_t>(first + shown));
  const Style& st = *st_;
  const core::Ms reorder_ms = st.reorder_ms;
  float e = 1;
  const std::vector<race::Standing>* before = nullptr;
  if (const auto t_c = race::last_change(race, on_page, frame.now);
      t_c && reorder_ms.count() > 0 && frame.now - *t_c < reorder_ms) {
    e = scene::ease_in_out_cubic(float((frame.now - *t_c).count()) / float(reorder_ms.count()));
    before = &previous_.at(race, query_, *t_c - core::Ms(1));
  }
  const float row_h = st.row_h;
  const float stagger = st.stagger;
  const float slide_x = st.row_slide_x;
  const core::Ms flip_ms = st.flip_ms;
  const bool upper_last = st.upper_last;
  const int n = static_cast<int>(shown);

  auto draw_at = [&](const RunnerRow& row, float slot, float opacity, int entrance_slot) {
    const float in = row_entrance(frame, page, entrance_slot, n, stagger, flip_ms);
    const float alpha = opacity * in;
    if (alpha <= 0) return;
    canvas.save();
    canvas.multiply_opacity(alpha);
    canvas.translate(slide_x * (1 - in), 0);
    draw_row(canvas, {body.x, body.y + row_h * slot, body.w, row_h}, row, look);
    canvas.restore();
  };

  canvas.save();
  canvas.clip(body);
  const int lo = static_cast<int>(first);
  for (int i = 0; i < n; ++i) {
    const RunnerRow& row = rows[first + static_cast<std::size_t>(i)];
    const int was = before ? index_of(*before, row.runner) : lo + i;
    if (was < 0) {
      draw_at(row, float(i), e, i);  // new in the list: fades in
    } else {
      draw_at(row, float(was - lo) + (float(i) - float(was - lo)) * e, 1, i);
    }
  }
  if (before) {
    // Rows of the page before the change that are not on it now.
    for (int j = lo; j < lo + rows_ && j < static_cast<int>(before->size()); ++j) {
      const race::Standing& s = (*before)[static_cast<std::size_t>(j)];
      if (index_of(on_page, s.runner) >= 0) continue;
      const int to = index_of(now_list, s.runner);
      const RunnerRow row = make_row(race, s, j, upper_last);
      if (to < 0) {
        draw_at(row, float(j - lo), 1 - e, std::min(j - lo, n - 1));
      } else {
        draw_at(row, float(j - lo) + float(to - j) * e, 1, std::min(j - lo, n - 1));
      }
    }
  }
  canvas.restore();
}

void Leaderboard::draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) {
  const race::RaceSnapshot& race = *frame.race;
  const Style& st =
      style_.get(look, frame.screen.w, [&](const scene::Look& l) { return read_style(l, frame); });
  st_ = &st;
  const auto& rows = rows_now(race, frame.now, st.upper_last);
  const int per_page = rows_;
  const int page_count =
      std::clamp(static_cast<int>((rows.size() + static_cast<std::size_t>(per_page) - 1) /
                                  static_cast<std::size_t>(per_page)),
                 1, pages_);
  const Page page = page_at(frame.on_air, st.page_ms, page_count);
  const render::Rect& box = st.box;
  draw_header(canvas, {box.x, box.y, box.w, st.header_h}, look, page);
  const render::Rect body{box.x, box.y + st.header_h + st.gap, box.w, box.h - st.header_h - st.gap};

  const std::size_t first = static_cast<std::size_t>(page.index * per_page);
  const std::size_t shown =
      rows.size() > first ? std::min(rows.size() - first, static_cast<std::size_t>(per_page)) : 0;
  const int slots = shown == 0 ? 1 : static_cast<int>(shown);
  canvas.box({body.x, body.y, body.w, st.row_h * static_cast<float>(slots)}, st.panel);
  for (int i = 1; i < slots; i += 2)
    canvas.fill_rect({body.x, body.y + st.row_h * static_cast<float>(i), body.w, st.row_h},
                     st.stripe);

  if (shown == 0) {
    const auto gun = race.contest_gun_time(query_.contest);
    const bool started = gun && *gun <= frame.now;
    std::string text = started ? st.waiting_text : st.waiting_start_text;
    if (started && !waiting_point_.empty()) text += " at " + waiting_point_;
    canvas.text({body.x + 24, body.y, body.w - 48, st.row_h}, text, st.waiting);
  } else {
    draw_rows(canvas, frame, look, rows, page, first, shown, body);
  }
  stale_badge_clear_of(canvas, frame, look, box);
}

}  // namespace

scene::OverlayKind leaderboard_kind() {
  return make_kind<Leaderboard>(
      "leaderboard", "top runners of a contest, gender or category, live or at a mat, with gaps",
      kLook_leaderboard,
      {
          {"contest", "contest id (race.toml), e.g. marathon", "", {}},
          {"point", "live, or a mat id or label (e.g. 10K, HALF, finish)", "live", {}},
          {"scope", "overall, gender or category", "overall", {"overall", "gender", "category"}},
          {"gender", "with scope=gender: M, F or X", "", {"M", "F", "X"}},
          {"category", "with scope=category: a category id, e.g. M40-44", "", {}},
          {"rows", "rows per page, 3 to 20", "10", {}},
          {"pages", "pages to rotate through, 1 to 5 (page time from the look)", "1", {}},
          {"show",
           "gap: the leader's time then +gaps; time: every runner's time",
           "gap",
           {"gap", "time"}},
          {"title", "header text", "<contest name> · <mat label or LIVE>", {}},
      });
}

}  // namespace overlays
