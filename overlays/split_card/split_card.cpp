// Split card: one runner at a mat: split time, pace over the last segment, place there and
// places gained since the previous mat, gap to the leader, projected finish. Pieces the data
// cannot give (no place in a relay, no projection at the finish) are left out.
// Engine thread only (an Overlay instance).
#include <algorithm>

#include "common/draw.h"
#include "common/kinds.h"
#include "leaderboard/board.h"
#include "race/projection.h"
#include "scene/scene.h"
#include "split_card/split_card.h"
#include "ticker/shared.h"

extern const std::string_view kLook_split_card;

namespace overlays {

std::optional<int> split_card_point(const race::RaceSnapshot& race, race::RunnerId id, int point,
                                    core::UtcMs now) {
  const race::RunnerState& r = race.runner(id);
  auto usable = [&](int p) {
    return r.kind[static_cast<std::size_t>(p)] == race::ReadKind::read &&
           r.time[static_cast<std::size_t>(p)] <= now;
  };
  if (point >= 0) return usable(point) ? std::optional<int>(point) : std::nullopt;
  for (int p = r.furthest; p > 0; --p)
    if (usable(p)) return p;
  return std::nullopt;
}

SplitCardData split_card_data(const race::RaceSnapshot& race, race::RunnerId id, int point,
                              race::Scope scope) {
  SplitCardData d;
  d.point = point;
  const race::RunnerState& r = race.runner(id);
  if (r.contest < 0) return d;
  const race::Contest& c = race.config().contests[static_cast<std::size_t>(r.contest)];
  const auto& cp = c.points[static_cast<std::size_t>(point)];
  d.split = race.rank_elapsed(id, point);
  // Pace over the last segment: from the previous usable read, else from the runner's start.
  const int prev = previous_read_point(r, point, true);
  std::optional<core::UtcMs> from;
  double from_m = 0;
  if (prev >= 0) {
    from = r.time[static_cast<std::size_t>(prev)];
    from_m = c.points[static_cast<std::size_t>(prev)].distance_m;
  } else {
    from = race.start_time(id);
  }
  const double metres = cp.distance_m - from_m;
  if (from && metres > 0) {
    const auto dt = r.time[static_cast<std::size_t>(point)] - *from;
    if (dt.count() > 0)
      d.pace = core::Ms(static_cast<std::int64_t>(double(dt.count()) * 1000.0 / metres + 0.5));
  }
  d.place = race.place(id, point, scope);
  const int before = previous_read_point(r, point, false);
  if (d.place > 0 && before >= 0) {
    const int was = race.place(id, before, scope);
    if (was > 0) d.gained = was - d.place;
  }
  if (d.place > 0) d.gap = race.gap_to_leader(id, point, scope);
  const bool finish =
      point == static_cast<int>(c.points.size()) - 1 || cp.role == race::PointRole::finish;
  if (!finish) {
    if (const auto proj = race::project_finish(race, id)) {
      d.projected =
          c.rank_by == race::RankBy::net || proj->gun.count() == 0 ? proj->net : proj->gun;
    }
  }
  return d;
}

namespace {

constexpr float kBibSlack = 6;          // design units of room beyond the bib's measured width
constexpr float kCellGap = 20;          // between stat cells (the divider sits in it)
constexpr float kChangeGap = 10;        // between a place and its gained/lost arrow
constexpr float kChangeArrow = 14;      // the arrow's half width (draw_place_change)
constexpr float kMinValueScale = 0.7f;  // values never shrink below this share of their font

class SplitCard final : public scene::Overlay {
 public:
  void configure(const scene::Params& params, const race::RaceSnapshot& race) override {
    runner_ = bib_param(params, race);
    const race::RunnerState& r = race.runner(runner_);
    const race::Participant& p = race.participant(runner_);
    if (r.contest < 0) {
      throw scene::ParamError("bib=" + p.bib + ": the runner's contest `" + p.contest +
                              "` is not in race.toml; fix participants.csv");
    }
    point_ = -1;
    const std::string point = params.get("point");
    if (!point.empty() && point != "live") {
      point_ = point_param(params, race, r.contest, "point", "");
    }
    if (point_ == 0) {
      throw scene::ParamError("point=" + point + ": the start has no split; give a mat after it");
    }
    valid_ = false;
    style_.clear();
  }

  void draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) override;

 private:
  // Everything a frame needs from the look, read once per Look (see LookCache).
  struct Style {
    render::BoxStyle header, panel;
    render::TextStyle head, head_name, name, bib, label, value, waiting;
    ChipStyle chip;
    ChangeStyle change;
    render::Color divider;
    render::Rect box;
    float head_h = 48, name_h = 72, stats_h = 100, pad = 28, label_h = 30, stats_pad_y = 10;
    race::Scope scope = race::Scope::overall;
    bool upper_last = true;
    std::string bib_prefix, title, waiting_text, not_yet_text;
    std::string split, pace, place, gap, leader, projected, status;  // cell labels
  };
  Style read_style(const scene::Look& look, const scene::Frame& frame) const;
  // `latest`: the frame's instant is at or after the runner's latest read in the snapshot.
  void refresh(const race::RaceSnapshot& race, std::optional<int> point, bool latest,
               const Style& st);
  void fit_cells(render::Canvas& canvas, float width, const Style& st);
  void draw_stats(render::Canvas& canvas, const render::Rect& r, const Style& st) const;

  race::RunnerId runner_ = -1;
  int point_ = -1;  // -1: the runner's furthest read at frame.now
  LookCache<Style> style_;

  // Built when the snapshot, the point shown or the look change.
  struct Cell {
    std::string label, value;
    int gained = 0;
    int drop = 0;  // on a screen too narrow for every cell, the highest goes first (0: never)
  };
  bool valid_ = false;
  const race::RaceSnapshot* race_ = nullptr;
  std::uint64_t version_ = 0, style_generation_ = 0;
  std::optional<int> shown_point_;
  bool latest_ = true;
  std::string name_, bib_, country_, mat_label_, mat_name_, waiting_;
  std::vector<Cell> cells_;
  // Cell widths and the value font, fitted to the cells' text once per rebuild.
  bool fitted_ = false;
  std::vector<float> cell_w_;
  render::TextStyle value_;
};

SplitCard::Style SplitCard::read_style(const scene::Look& look, const scene::Frame& frame) const {
  Style st;
  const render::Color dim{0.69f, 0.75f, 0.85f, 1};
  st.header = look_box(look, "header", "$header", {0, 0.63f, 0.86f, 1}, 0);
  st.panel = look_box(look, "panel", "$panel", {0.05f, 0.1f, 0.2f, 0.92f}, 12);
  st.head = look_font(look, "header_font", 26, 800, {1, 1, 1, 1});
  st.head_name = look_font(look, "header_name_font", 22, 600, {1, 1, 1, 0.85f});
  st.name = look_font(look, "name_font", 44, 800, {1, 1, 1, 1});
  st.bib = look_font(look, "bib_font", 28, 700, dim, true);
  st.label = look_font(look, "label_font", 20, 700, dim);
  st.value = look_font(look, "value_font", 40, 700, {1, 1, 1, 1}, true);
  st.waiting = look_font(look, "waiting_font", 30, 500, dim);
  st.chip = read_chip_style(look, "country");
  st.change = read_change_style(look);
  st.divider = look.color("divider_color", {1, 1, 1, 0.18f});
  st.head_h = look_px(look, "header_height", st.head_h);
  st.name_h = look_px(look, "name_height", st.name_h);
  st.stats_h = look_px(look, "stats_height", st.stats_h);
  st.pad = look_px(look, "padding.x", st.pad);
  st.label_h = look_px(look, "label_height", st.label_h);
  st.stats_pad_y = look_px(look, "stats_padding_y", st.stats_pad_y);
  const float w = std::min(look_px(look, "size.w", 900), frame.safe.w);
  st.box = place(frame, look, "position", {w, st.head_h + st.name_h + st.stats_h}, "top-right");
  st.scope = look.string("place_scope", "overall") == "gender" ? race::Scope::gender
                                                               : race::Scope::overall;
  st.upper_last = look.flag("upper_last", true);
  st.bib_prefix = look.string("bib_prefix", "#");
  st.title = look.string("title", "SPLIT");
  st.waiting_text = look.string("waiting_text", "Waiting for the first split");
  st.not_yet_text = look.string("not_yet_text", "Not yet at");
  st.split = look.string("labels.split", "SPLIT");
  st.pace = look.string("labels.pace", "PACE /KM");
  st.place = look.string("labels.place", "PLACE");
  st.gap = look.string("labels.gap", "GAP");
  st.leader = look.string("labels.leader", "LEADER");
  st.projected = look.string("labels.projected", "PROJECTED");
  st.status = look.string("labels.status", "STATUS");
  return st;
}

void SplitCard::refresh(const race::RaceSnapshot& race, std::optional<int> point, bool latest,
                        const Style& st) {
  if (valid_ && race_ == &race && version_ == race.version() && shown_point_ == point &&
      latest_ == latest && style_generation_ == style_.generation())
    return;
  latest_ = latest;
  valid_ = true;
  fitted_ = false;
  race_ = &race;
  version_ = race.version();
  shown_point_ = point;
  style_generation_ = style_.generation();
  const race::Participant& p = race.participant(runner_);
  const race::RunnerState& r = race.runner(runner_);
  name_ = display_name(p, st.upper_last);
  if (name_.empty()) name_ = st.bib_prefix + p.bib;
  bib_ = st.bib_prefix + p.bib;
  country_ = p.country;
  cells_.clear();
  const int at = point ? *point : point_;
  mat_label_ = at > 0 ? point_label(race.config(), r.contest, at) : std::string();
  mat_name_.clear();
  if (at > 0) {
    const auto& cp = race.config()
                         .contests[static_cast<std::size_t>(r.contest)]
                         .points[static_cast<std::size_t>(at)];
    if (const race::Mat* m = race.config().find_mat(cp.mat)) mat_name_ = m->name;
  }
  if (!point) {
    waiting_ = point_ > 0 ? st.not_yet_text + " " + mat_label_ : st.waiting_text;
    return;
  }
  const SplitCardData d = split_card_data(race, runner_, *point, st.scope);
  if (d.split) cells_.push_back({st.split, format_time(*d.split), 0, 0});
  if (d.pace) cells_.push_back({st.pace, format_pace(*d.pace), 0, 2});
  if (r.status != race::RunnerStatus::ok) {
    cells_.push_back({st.status, std::string(race::to_string(r.status)), 0, 0});
  } else if (d.place > 0) {
    cells_.push_back({st.place, std::to_string(d.place), d.gained, 0});
    if (d.gap) {
      cells_.push_back({st.gap, d.gap->count() < 1000 ? st.leader : format_gap(*d.gap), 0, 1});
    }
  }
  // The projection reads the whole snapshot: leave it out while the frame shows an instant
  // before the runner's latest read (a replay or a delayed output), rather than show the future.
  if (d.projected && latest) cells_.push_back({st.projected, format_time(*d.projected), 0, 3});
}

// Each cell as wide as its label or value (with the place-change arrow) needs, the spare
// room shared out evenly; when that is too wide the values get a smaller font, and on a
// screen narrower still (portrait) the least important cells are left out.
void SplitCard::fit_cells(render::Canvas& canvas, float width, const Style& st) {
  fitted_ = true;
  value_ = st.value;
  const float room = width - 2 * st.pad;
  auto needs = [&](const render::TextStyle& value) {
    cell_w_.assign(cells_.size(), 0);
    float total = 0;
    for (std::size_t i = 0; i < cells_.size(); ++i) {
      const Cell& c = cells_[i];
      float v = canvas.measure(c.value, value).width;
      if (c.gained != 0) {
        v += kChangeGap + 2 * kChangeArrow +
             canvas.measure(std::to_string(std::abs(c.gained)), st.change.font).width;
      }
      cell_w_[i] = std::max(canvas.measure(c.label, st.label).width, v) + kCellGap;
      total += cell_w_[i];
    }
    return total;
  };
  float total = needs(value_);
  if (total > room) {
    value_.size = std::max(st.value.size * kMinValueScale, st.value.size * room / total);
    total = needs(value_);
  }
  while (total > room) {
    const auto it = std::max_element(cells_.begin(), cells_.end(),
                                     [](const Cell& a, const Cell& b) { return a.drop < b.drop; });
    if (it == cells_.end() || it->drop == 0) break;
    cells_.erase(it);
    total = needs(value_);
  }
  if (cells_.empty()) return;
  const float spare = (room - total) / static_cast<float>(cells_.size());
  for (float& w : cell_w_) w += spare;
}

void SplitCard::draw_stats(render::Canvas& canvas, const render::Rect& r, const Style& st) const {
  float x = r.x + st.pad;
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    const Cell& c = cells_[i];
    const float cell_w = cell_w_[i];
    if (i > 0) canvas.line({x - 10, r.y + 16}, {x - 10, r.bottom() - 16}, 2, st.divider);
    const float top = r.y + st.stats_pad_y;
    canvas.text({x, top, cell_w - kCellGap, st.label_h}, c.label, st.label);
    const render::Rect v{x, top + st.label_h, cell_w - kCellGap,
                         r.bottom() - top - st.label_h - 10};
    const float used = canvas.text(v, c.value, value_).width;
    if (c.gained != 0) {
      draw_place_change(
          canvas,
          {x + used + kChangeGap, v.y, std::max(0.f, v.w - used - kChangeGap + kCellGap / 2), v.h},
          c.gained, st.change);
    }
    x += cell_w;
  }
}

void SplitCard::draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) {
  const race::RaceSnapshot& race = *frame.race;
  const Style& st =
      style_.get(look, frame.screen.w, [&](const scene::Look& l) { return read_style(l, frame); });
  const race::RunnerState& r = race.runner(runner_);
  const bool latest = r.furthest < 0 || r.time[static_cast<std::size_t>(r.furthest)] <= frame.now;
  refresh(race, split_card_point(race, runner_, point_, frame.now), latest, st);
  const render::Rect& box = st.box;

  // Header: the mat's label, its name beside it.
  const render::Rect head{box.x, box.y, box.w, st.head_h};
  canvas.box(head, st.header);
  float x = box.x + st.pad;
  if (!mat_label_.empty()) {
    x += canvas.text({x, head.y, box.w / 3, st.head_h}, mat_label_, st.head).width + 20;
  }
  canvas.text({x, head.y, box.right() - st.pad - x, st.head_h},
              mat_name_.empty() ? st.title : mat_name_, st.head_name);

  // The runner: country, name, bib.
  const render::Rect card{box.x, head.bottom(), box.w, st.name_h + st.stats_h};
  canvas.box(card, st.panel);
  // The bib's box gets a little more than its measured width: a box exactly that wide can
  // come out a hair narrower at the output scale and cut the bib to "…".
  const float bib_w = canvas.measure(bib_, st.bib).width + kBibSlack;
  x = box.x + st.pad;
  x += draw_chip(canvas, {x, card.y, 90, st.name_h}, country_, st.chip);
  if (!country_.empty()) x += 16;
  canvas.text({x, card.y, box.right() - st.pad - bib_w - 20 - x, st.name_h}, name_, st.name);
  canvas.text({box.right() - st.pad - bib_w, card.y, bib_w, st.name_h}, bib_, st.bib,
              render::Align::right);

  const render::Rect stats{box.x, card.y + st.name_h, box.w, st.stats_h};
  canvas.line({box.x + st.pad, stats.y}, {box.right() - st.pad, stats.y}, 2, st.divider);
  if (!shown_point_) {
    canvas.text(stats.inset(st.pad, 0), waiting_, st.waiting);
  } else {
    // The numbers follow the card in.
    canvas.save();
    canvas.multiply_opacity(scene::ease_in_out_cubic(frame.transition));
    if (!fitted_) fit_cells(canvas, stats.w, st);
    draw_stats(canvas, stats, st);
    canvas.restore();
  }
  stale_badge_clear_of(canvas, frame, look, box);
}

}  // namespace

scene::OverlayKind split_card_kind() {
  return make_kind<SplitCard>(
      "split_card", "one runner at a mat: split, segment pace, place, gap, projected finish",
      kLook_split_card,
      {
          {"bib", "the runner's bib (required)", "", {}},
          {"point", "a mat id or label (e.g. 10K); default: the runner's latest split", "", {}},
      });
}

}  // namespace overlays
