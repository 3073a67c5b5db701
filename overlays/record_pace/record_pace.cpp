// Record pace: the leader of a gender against a record (and optionally a second one): the
// delta at the leader's latest mat, a course bar with the leader's estimated position and
// the record's ghost moving smoothly frame to frame, and the projected finish against the
// record. Positions are functions of frame.now; the text changes only with the standings.
// Engine thread only (an Overlay instance).
#include "record_pace/record_pace.h"

#include <algorithm>
#include <array>

#include "common/draw.h"
#include "common/kinds.h"
#include "core/text.h"
#include "leaderboard/board.h"
#include "race/projection.h"
#include "render/text.h"
#include "ticker/shared.h"

extern const std::string_view kLook_record_pace;

namespace overlays {

std::vector<MatDelta> record_deltas(const race::RaceSnapshot& race, race::RunnerId id,
                                    const race::CourseRecord& record, core::UtcMs now) {
  std::vector<MatDelta> out;
  const race::RunnerState& r = race.runner(id);
  if (r.contest < 0) return out;
  const race::Contest& c = race.config().contests[static_cast<std::size_t>(r.contest)];
  for (int p = 1; p <= r.furthest; ++p) {
    const auto i = static_cast<std::size_t>(p);
    if (r.kind[i] != race::ReadKind::read || r.time[i] > now) continue;
    const auto elapsed = race.rank_elapsed(id, p);
    if (!elapsed) continue;
    out.push_back({p, *elapsed - race::record_time_at(c, record, c.points[i].distance_m)});
  }
  return out;
}

std::string pace_phrase(core::Ms delta, std::string_view record) {
  const std::string pace = std::string(record) + " pace";
  const std::int64_t s = std::abs(delta.count()) / 1000;
  if (s == 0) return "on " + pace;
  return format_time(core::Ms(s * 1000)) + (delta.count() < 0 ? " ahead of " : " behind ") + pace;
}

std::optional<core::UtcMs> contest_gun_as_of(const race::RaceSnapshot& race, int contest,
                                             core::UtcMs now) {
  auto gun = race.contest_gun_time(contest);
  if (gun && *gun > now) gun = race.config().contests[static_cast<std::size_t>(contest)].gun;
  return gun;
}

namespace {

std::string gender_word(race::Gender g) {
  return g == race::Gender::male ? "MEN" : g == race::Gender::female ? "WOMEN" : "NON-BINARY";
}

// A record of the contest by label for the gender; throws ParamError listing what exists.
const race::CourseRecord* record_param(const scene::Params& params, std::string_view name,
                                       const race::Contest& c, race::Gender g,
                                       std::string_view fallback) {
  const std::string label = params.get(name, fallback);
  if (const race::CourseRecord* r = race::find_record(c, g, label)) return r;
  std::vector<std::string> labels;
  for (const auto& r : c.records)
    if (r.gender == g) labels.push_back(r.label);
  throw scene::ParamError(
      std::string(name) + "=" + label + ": " + c.id + " has no such record for " +
      std::string(race::to_string(g)) + "; use one of: " +
      (labels.empty() ? std::string("(none in race.toml)") : core::join(labels)));
}

class RecordPace final : public scene::Overlay {
 public:
  void configure(const scene::Params& params, const race::RaceSnapshot& race) override;
  void draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) override;

 private:
  // Everything a frame needs from the look, read once per Look (see LookCache).
  struct Style {
    render::BoxStyle header, panel, track, progress;
    render::TextStyle title_font, header_label, record, name, at, delta, projection, second,
        waiting, end, marker, ghost_label, ghost2_label;
    ChipStyle chip;
    render::Color ahead, behind, tick, leader, ghost, ghost2;
    float pad = 28, head_h = 56, line_h = 46, leader_h = 60, lane = 28, thick = 12, dot = 22;
    float bar_h = 0, name_min_w = 300;
    bool upper_last = true;
    std::string title, at_text, waiting_text, projected_text, finished_text, second_projected_text,
        second_finished_text, start_text, finish_text, ghost_text, ghost2_text;
    // The graphic placed for 1 to 4 full-width text lines besides the leader line and the bar.
    std::array<render::Rect, 4> boxes;
  };
  Style read_style(const scene::Look& look, const scene::Frame& frame) const;

  struct Text {  // what the overlay says, rebuilt when the standings or the look change
    race::RunnerId leader = -1;
    std::string name, country, marker, at, delta, second_line, projection;
    bool ahead = false;
    std::vector<MatDelta> deltas;
  };
  // Widths measured once per Text (design units).
  struct Widths {
    float chip = 0, at = 0, delta = 0, start = 0, finish = 0, marker = 0, ghost = 0, ghost2 = 0;
    bool delta_own_line = false;  // the delta does not fit beside the name: a line of its own
  };
  void refresh(const race::RaceSnapshot& race, core::UtcMs now, const Style& st);
  void measure(render::Canvas& canvas, const render::Rect& box, const Style& st);
  void draw_leader(render::Canvas& canvas, const render::Rect& line, const Style& st) const;
  void draw_bar(render::Canvas& canvas, const render::Rect& r, const scene::Frame& frame,
                const Style& st) const;

  int contest_ = 0;
  race::Gender gender_ = race::Gender::male;
  const race::CourseRecord* record_ = nullptr;
  const race::CourseRecord* second_ = nullptr;
  std::string record_line_, heading_;
  LookCache<Style> style_;
  StandingsCache leader_;
  std::uint64_t built_ = 0, built_style_ = 0;  // leader_ and style_ generations of text_
  bool measured_ = false;                      // widths_ belong to text_
  Text text_;
  Widths widths_;
};

void RecordPace::configure(const scene::Params& params, const race::RaceSnapshot& race) {
  const auto& config = race.config();
  std::string fallback;
  std::vector<std::string> with_records;
  for (const auto& c : config.contests) {
    if (c.records.empty() || c.kind == race::ContestKind::relay) continue;
    if (fallback.empty()) fallback = c.id;
    with_records.push_back(c.id);
  }
  if (with_records.empty())
    throw scene::ParamError(
        "record_pace needs a record: no contest in race.toml has [[contests.records]]");
  contest_ = contest_param(params, race, "contest", fallback);
  const race::Contest& c = config.contests[static_cast<std::size_t>(contest_)];
  if (c.records.empty() || c.kind == race::ContestKind::relay) {
    throw scene::ParamError("contest=" + c.id +
                            ": no records in race.toml; use one of: " + core::join(with_records));
  }
  const std::string g = params.get("gender", "M");
  gender_ = race::parse_gender(g);
  if (gender_ == race::Gender::invalid) throw scene::ParamError("gender=" + g + ": use M or F");
  record_ = record_param(params, "record", c, gender_, "course record");
  second_ = params.has("second") && !params.get("second").empty()
                ? record_param(params, "second", c, gender_, "")
                : nullptr;
  if (second_ == record_) second_ = nullptr;
  auto line = [](const race::CourseRecord& r) {
    std::string s = r.label + " " + format_time(r.time);
    if (!r.holder.empty()) s += " · " + r.holder;
    if (!r.country.empty() || r.year > 0) {
      s += " (" + r.country + (r.country.empty() || r.year <= 0 ? "" : ", ") +
           (r.year > 0 ? std::to_string(r.year) : "") + ")";
    }
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
  };
  record_line_ = line(*record_);
  heading_ = c.name + " · " + gender_word(gender_);
  leader_.clear();
  style_.clear();
  built_ = built_style_ = 0;
  measured_ = false;
}

RecordPace::Style RecordPace::read_style(const scene::Look& look, const scene::Frame& frame) const {
  Style st;
  const render::Color dim{0.69f, 0.75f, 0.85f, 1};
  const render::Color gold{0.96f, 0.76f, 0.26f, 1};
  st.header = look_box(look, "header", "$header", {0, 0.63f, 0.86f, 1}, 0);
  st.panel = look_box(look, "panel", "$panel", {0.05f, 0.1f, 0.2f, 0.92f}, 12);
  st.title_font = look_font(look, "title_font", 30, 800, {1, 1, 1, 1});
  st.header_label = look_font(look, "header_label_font", 20, 700, {1, 1, 1, 1});
  st.record = look_font(look, "record_font", 26, 600, dim);
  st.name = look_font(look, "name_font", 34, 800, {1, 1, 1, 1});
  st.at = look_font(look, "at_font", 24, 600, dim);
  st.delta = look_font(look, "delta_font", 30, 700, {1, 1, 1, 1});
  st.projection = look_font(look, "projection_font", 26, 600, {1, 1, 1, 1});
  st.second = look_font(look, "second_font", 24, 600, gold);
  st.waiting = look_font(look, "waiting_font", 30, 500, dim);
  st.end = look_font(look, "bar.end_font", 20, 700, dim);
  st.marker = look_font(look, "bar.marker_font", 20, 700, {1, 1, 1, 1});
  st.ghost_label = st.marker;
  st.ghost_label.color = look.color("ghost.label_color", {1, 1, 1, 0.8f});
  st.ghost2_label = st.marker;
  st.ghost2_label.color = look.color("ghost2.label_color", {1, 1, 1, 0.8f});
  st.chip = read_chip_style(look, "country");
  st.ahead = theme_color(look, "ahead_color", "$colors.ahead", {0.22f, 0.85f, 0.54f, 1});
  st.behind = theme_color(look, "behind_color", "$colors.behind", {1, 0.48f, 0.35f, 1});
  st.tick = look.color("bar.tick_color", {1, 1, 1, 0.45f});
  st.leader = look.color("leader_marker_color", gold);
  st.ghost = look.color("ghost.color", {1, 1, 1, 0.55f});
  st.ghost2 = look.color("ghost2.color", {0.96f, 0.76f, 0.26f, 0.6f});
  st.pad = look_px(look, "padding.x", st.pad);
  st.head_h = look_px(look, "header_height", st.head_h);
  st.line_h = look_px(look, "line_height", st.line_h);
  st.leader_h = look_px(look, "leader_height", st.leader_h);
  st.lane = look_px(look, "bar.label_height", st.lane);
  st.thick = look_px(look, "bar.thickness", st.thick);
  st.dot = look_px(look, "bar.marker_size", st.dot);
  st.name_min_w = look_px(look, "name_min_width", st.name_min_w);
  st.track.fill.color = look.color("bar.track_color", {1, 1, 1, 0.18f});
  st.track.rounded(st.thick / 2);
  st.progress.fill.color = look.color("bar.progress_color", {0, 0.63f, 0.86f, 1});
  st.progress.rounded(st.thick / 2);
  st.upper_last = look.flag("upper_last", true);
  st.title = look.string("title", "RECORD PACE");
  st.at_text = look.string("at_text", "at");
  st.waiting_text = look.string("waiting_text", "Waiting for the first split");
  st.projected_text = look.string("projected_text", "Projected finish");
  st.finished_text = look.string("finished_text", "Finished");
  st.second_projected_text = look.string("second_projected_text", "projected");
  st.second_finished_text = look.string("second_finished_text", "finished");
  st.start_text = look.string("bar.start_text", "START");
  st.finish_text = look.string("bar.finish_text", "FINISH");
  st.ghost_text = look.string("ghost.label", "");
  if (st.ghost_text.empty()) st.ghost_text = render::to_upper_utf8(record_->label);
  if (second_) {
    st.ghost2_text = look.string("ghost2.label", "");
    if (st.ghost2_text.empty()) st.ghost2_text = render::to_upper_utf8(second_->label);
  }
  // The bar: the leader's name above the track, one label lane per ghost below it.
  st.bar_h = st.lane * (second_ ? 3 : 2) + st.thick + 24;
  const float w = std::min(look_px(look, "size.w", 900), frame.safe.w);
  for (std::size_t n = 0; n < st.boxes.size(); ++n) {
    const float h = st.head_h + st.leader_h + st.bar_h + 12 + st.line_h * static_cast<float>(n + 1);
    st.boxes[n] = place(frame, look, "position", {w, h}, "bottom-right");
  }
  return st;
}

void RecordPace::refresh(const race::RaceSnapshot& race, core::UtcMs now, const Style& st) {
  race::StandingsQuery q;
  q.contest = contest_;
  q.scope = race::Scope::gender;
  q.gender = gender_;
  q.limit = 1;
  const auto& rows = leader_.at(race, q, now);
  if (built_ == leader_.generation() && built_style_ == style_.generation()) return;
  built_ = leader_.generation();
  built_style_ = style_.generation();
  measured_ = false;
  text_ = {};
  if (rows.empty() || rows[0].point <= 0) return;
  const race::RunnerId id = rows[0].runner;
  const race::Participant& p = race.participant(id);
  const race::Contest& c = race.config().contests[static_cast<std::size_t>(contest_)];
  const double at_m = c.points[static_cast<std::size_t>(rows[0].point)].distance_m;
  text_.leader = id;
  text_.name = display_name(p, st.upper_last);
  text_.marker = st.upper_last ? render::to_upper_utf8(p.last_name) : p.last_name;
  if (text_.marker.empty()) text_.marker = text_.name;
  text_.country = p.country;
  text_.at = st.at_text + " " + point_label(race.config(), contest_, rows[0].point);
  text_.deltas = record_deltas(race, id, *record_, now);
  const core::Ms delta = rows[0].time - race::record_time_at(c, *record_, at_m);
  text_.delta = pace_phrase(delta, record_->label);
  text_.ahead = delta.count() < 0;
  if (second_) {
    text_.second_line =
        pace_phrase(rows[0].time - race::record_time_at(c, *second_, at_m), second_->label);
  }
  // The projection reads the whole snapshot: leave it out while the frame shows an instant
  // before the leader's latest read (a replay or a delayed output), rather than show the future.
  if (race.runner(id).furthest > rows[0].point) return;
  const auto proj = race::project_finish(race, id);
  if (!proj) return;
  const core::Ms t =
      c.rank_by == race::RankBy::net || proj->gun.count() == 0 ? proj->net : proj->gun;
  const bool done = proj->method == race::ProjectionMethod::finished;
  // "0:11 over the course record"; on the second record's line (which names it already)
  // just "0:11 over".
  auto versus = [&](const race::CourseRecord& r, bool name) {
    const core::Ms d = t - r.time;
    const std::string the = name ? " the " + r.label : std::string();
    if (std::abs(d.count()) < 1000) return "equals" + the;
    return format_time(core::Ms(std::abs(d.count()) / 1000 * 1000)) +
           (d.count() < 0 ? " under" : " over") + the;
  };
  text_.projection = (done ? st.finished_text : st.projected_text) + " " + format_time(t) + " · " +
                     versus(*record_, true);
  if (second_) {
    text_.second_line += " · " + (done ? st.second_finished_text : st.second_projected_text) + " " +
                         versus(*second_, false);
  }
}

void RecordPace::measure(render::Canvas& canvas, const render::Rect& box, const Style& st) {
  measured_ = true;
  Widths& w = widths_;
  // Label boxes get their measured width plus a little: a box exactly as wide as its text
  // can come out a hair narrower at the output scale and cut the text to "…".
  constexpr float kSlack = 4;
  w.chip = chip_width(canvas, text_.country, st.chip);
  w.at = canvas.measure(text_.at, st.at).width + kSlack;
  w.delta = canvas.measure(text_.delta, st.delta).width + kSlack;
  w.start = canvas.measure(st.start_text, st.end).width + kSlack;
  w.finish = canvas.measure(st.finish_text, st.end).width + kSlack;
  w.marker = canvas.measure(text_.marker, st.marker).width + kSlack;
  w.ghost = canvas.measure(st.ghost_text, st.ghost_label).width + kSlack;
  w.ghost2 = canvas.measure(st.ghost2_text, st.ghost2_label).width + kSlack;
  const float chip = w.chip > 0 ? w.chip + 14 : 0;
  const float name_room = box.w - 2 * st.pad - chip - w.at - 14 - w.delta - 24;
  w.delta_own_line = name_room < st.name_min_w;
}

// The leader's line: country, name, "at 30K", and the delta at the right when it fits.
void RecordPace::draw_leader(render::Canvas& canvas, const render::Rect& line,
                             const Style& st) const {
  const Widths& w = widths_;
  float x = line.x;
  x += draw_chip(canvas, {x, line.y, w.chip, line.h}, text_.country, st.chip);
  if (w.chip > 0) x += 14;
  float right = line.right();
  render::TextStyle delta = st.delta;
  delta.color = text_.ahead ? st.ahead : st.behind;
  if (!w.delta_own_line) {
    canvas.text({right - w.delta, line.y, w.delta, line.h}, text_.delta, delta,
                render::Align::right);
    right -= w.delta + 24;
  }
  const float name_room = std::max(0.f, right - x - w.at - 14);
  const float nw = canvas.text({x, line.y, name_room, line.h}, text_.name, st.name).width;
  canvas.text({x + nw + 14, line.y, w.at, line.h}, text_.at, st.at);
  if (w.delta_own_line) {
    canvas.text({line.x, line.bottom(), line.w, st.line_h}, text_.delta, delta);
  }
}

// The course from start to finish: mat ticks (dots coloured by the leader's delta there once
// passed), the leader's estimated position and the record's ghost (and a second one), all
// placed from frame.now so they move smoothly.
void RecordPace::draw_bar(render::Canvas& canvas, const render::Rect& r, const scene::Frame& frame,
                          const Style& st) const {
  const race::RaceSnapshot& race = *frame.race;
  const race::Contest& c = race.config().contests[static_cast<std::size_t>(contest_)];
  const Widths& w = widths_;
  const float bar_y = r.y + st.lane + 8;
  const render::Rect track{r.x + w.start + 12, bar_y, r.w - w.start - w.finish - 24, st.thick};
  const float label_y = bar_y - st.lane / 2 + st.thick / 2;
  canvas.text({r.x, label_y, w.start, st.lane}, st.start_text, st.end);
  canvas.text({r.right() - w.finish, label_y, w.finish, st.lane}, st.finish_text, st.end,
              render::Align::right);
  canvas.box(track, st.track);
  const double total = std::max(1, c.distance_m);
  auto x_at = [&](double m) {
    return track.x + track.w * static_cast<float>(std::clamp(m / total, 0.0, 1.0));
  };
  for (std::size_t i = 1; i + 1 < c.points.size(); ++i) {
    const float x = x_at(c.points[i].distance_m);
    canvas.line({x, track.y - 4}, {x, track.bottom() + 4}, 2, st.tick);
  }
  // Where the ghosts and the leader are now.
  const auto gun = contest_gun_as_of(race, contest_, frame.now);
  const core::Ms elapsed = gun && frame.now > *gun ? frame.now - *gun : core::Ms(0);
  auto marker = [&](float x, const render::Color& color, float border) {
    render::BoxStyle s;
    s.fill.color = color;
    s.border_width = border;
    s.border_color = {1, 1, 1, 0.9f};
    s.rounded(st.dot / 2);
    canvas.box({x - st.dot / 2, track.y + st.thick / 2 - st.dot / 2, st.dot, st.dot}, s);
  };
  auto label_at = [&](float x, float y, float width, const std::string& text,
                      const render::TextStyle& style) {
    const float left = std::clamp(x - width / 2, r.x, r.right() - width);
    canvas.text({left, y, width, st.lane}, text, style, render::Align::center);
  };
  std::optional<double> leader_m;
  if (text_.leader >= 0) leader_m = race::estimate_position_m(race, text_.leader, frame.now);
  if (leader_m) canvas.box({track.x, track.y, x_at(*leader_m) - track.x, st.thick}, st.progress);
  for (const MatDelta& d : text_.deltas) {
    if (d.point <= 0 || static_cast<std::size_t>(d.point) + 1 >= c.points.size()) continue;
    const float x = x_at(c.points[static_cast<std::size_t>(d.point)].distance_m);
    render::BoxStyle s;
    s.fill.color = d.delta.count() < 0 ? st.ahead : st.behind;
    s.rounded(5);
    canvas.box({x - 5, track.y + st.thick / 2 - 5, 10, 10}, s);
  }
  const float below = track.bottom() + 8;
  const float ghost_x = x_at(race::record_position_m(c, *record_, elapsed));
  marker(ghost_x, st.ghost, 0);
  label_at(ghost_x, below, w.ghost, st.ghost_text, st.ghost_label);
  if (second_) {
    const float x = x_at(race::record_position_m(c, *second_, elapsed));
    marker(x, st.ghost2, 0);
    label_at(x, below + st.lane, w.ghost2, st.ghost2_text, st.ghost2_label);
  }
  if (leader_m) {
    const float x = x_at(*leader_m);
    marker(x, st.leader, 3);
    label_at(x, r.y, w.marker, text_.marker, st.marker);
  }
}

void RecordPace::draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) {
  const Style& st =
      style_.get(look, frame.screen.w, [&](const scene::Look& l) { return read_style(l, frame); });
  refresh(*frame.race, frame.now, st);
  if (!measured_) measure(canvas, st.boxes[0], st);
  const bool has_leader = text_.leader >= 0;
  // Full-width lines: the record, the delta when it has its own, the projection, the second.
  const int lines = 1 + (has_leader ? 1 : 0) + (has_leader && widths_.delta_own_line ? 1 : 0) +
                    (has_leader && second_ ? 1 : 0);
  const render::Rect& box = st.boxes[static_cast<std::size_t>(lines - 1)];

  const render::Rect head{box.x, box.y, box.w, st.head_h};
  canvas.box(head, st.header);
  const float used =
      canvas.text(head.inset(st.pad, 0), heading_, st.header_label, render::Align::right).width;
  canvas.text({head.x + st.pad, head.y, head.w - 3 * st.pad - used, st.head_h}, st.title,
              st.title_font);
  const render::Rect body{box.x, head.bottom(), box.w, box.h - st.head_h};
  canvas.box(body, st.panel);
  const float inner_w = body.w - 2 * st.pad;
  const float x = body.x + st.pad;
  float y = body.y + 6;
  canvas.text({x, y, inner_w, st.line_h}, record_line_, st.record);
  y += st.line_h;
  if (has_leader) {
    draw_leader(canvas, {x, y, inner_w, st.leader_h}, st);
    if (widths_.delta_own_line) y += st.line_h;
  } else {
    canvas.text({x, y, inner_w, st.leader_h}, st.waiting_text, st.waiting);
  }
  y += st.leader_h;
  draw_bar(canvas, {x, y, inner_w, st.bar_h}, frame, st);
  y += st.bar_h;
  if (has_leader) {
    canvas.text({x, y, inner_w, st.line_h}, text_.projection, st.projection);
    y += st.line_h;
  }
  if (has_leader && second_) canvas.text({x, y, inner_w, st.line_h}, text_.second_line, st.second);
  stale_badge_clear_of(canvas, frame, look, box);
}

}  // namespace

scene::OverlayKind record_pace_kind() {
  return make_kind<RecordPace>(
      "record_pace",
      "the leader against a record: delta at each mat, ghost on the course, projection",
      kLook_record_pace,
      {
          {"contest", "contest id with records in race.toml; default: the first such", "", {}},
          {"gender", "whose leader and record: M or F", "M", {"M", "F", "X"}},
          {"record", "the record's label in race.toml", "course record", {}},
          {"second", "a second record's label, e.g. national record (optional)", "", {}},
      });
}

}  // namespace overlays
