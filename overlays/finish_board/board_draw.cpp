#include "finish_board/board_draw.h"

#include <algorithm>
#include <cmath>

#include "common/draw.h"
#include "scene/scene.h"
#include "ticker/shared.h"

namespace overlays {

BoardPainter::BoardPainter(render::Canvas& canvas, const scene::Look& look,
                           const scene::Frame& frame)
    : canvas_(canvas), look_(look), screen_(frame.screen), area_(frame.safe) {
  const double reference = std::max(1.0, look.number("reference_width", 1920));
  const double min_scale = std::clamp(look.number("min_scale", 0.5), 0.1, 1.0);
  k_ = static_cast<float>(std::clamp(frame.screen.w / reference, min_scale, 1.0));
}

float BoardPainter::num(std::string_view key, double fallback) const {
  return static_cast<float>(look_.number(key, fallback)) * k_;
}

render::TextStyle BoardPainter::font(std::string_view key, float size, int weight,
                                     bool tabular) const {
  render::TextStyle fallback;
  fallback.size = size;
  fallback.weight = weight;
  fallback.tabular = tabular;
  render::TextStyle s = look_.text_style(key, fallback);
  s.size *= k_;
  return s;
}

bool BoardPainter::portrait() const {
  return screen_.w < screen_.h;
}

std::size_t BoardPainter::recent_rows() const {
  const int rows = portrait() ? look_.integer("card.recent.rows_portrait", 10)
                              : look_.integer("card.recent.rows", 4);
  return static_cast<std::size_t>(std::clamp(rows, 0, 20));
}

core::Ms BoardPainter::rotate_fade() const {
  return std::max(core::Ms(1), look_.duration_ms("top.fade_ms", core::Ms(400)));
}

void BoardPainter::background() {
  render::BoxStyle fallback;
  fallback.fill.color = {0.03f, 0.08f, 0.16f, 1};
  canvas_.box(screen_, look_.box_style("background", fallback));
}

render::Rect BoardPainter::header(const std::string& text) {
  const render::Rect r{area_.x, area_.y, area_.w, num("header.height", 84)};
  panel(canvas_, r, look_, "header.panel");
  const float pad = num("header.padding_x", 32);
  // The right end is kept for the stale badge and the rotation dots.
  const float reserve = num("header.reserve_right", 300);
  canvas_.text({r.x + pad, r.y, std::max(0.f, r.w - 2 * pad - reserve), r.h}, text,
               font("header.font", 44, 800));
  return r;
}

BoardPainter::RowStyle BoardPainter::row_style(std::string_view key) const {
  const std::string k(key);
  RowStyle s;
  s.place = font(k + ".place_font", 48, 800, true);
  s.name = font(k + ".name_font", 48, 700);
  s.time = font(k + ".time_font", 48, 600, true);
  s.contest = font(k + ".contest_font", 32, 500);
  s.place_w = num(k + ".place_width", 90);
  s.chip_w = num(k + ".chip_width", 110);
  s.time_w = num(k + ".time_width", 240);
  s.contest_w = num(k + ".contest_width", 300);
  s.gap = num(k + ".gap", 24);
  s.chip = read_chip_style(look_, k + ".country", k_);
  return s;
}

void BoardPainter::fit_columns(RowStyle& s, const std::vector<BoardRow>& rows, float row_w,
                               bool& show_contest) {
  // The place column takes the widest place shown; the contest column goes when it would
  // leave the names less than `min_name_share` of the row (narrow, portrait screens).
  for (const auto& r : rows)
    s.place_w = std::max(s.place_w, canvas_.measure(r.place, s.place).width + 1);
  const float fixed = 2 * s.gap + s.place_w + s.gap + s.time_w + s.gap + s.chip_w + s.gap;
  const float share = static_cast<float>(look_.number("min_name_share", 0.4));
  if (show_contest && row_w - fixed - s.contest_w - s.gap < share * row_w) show_contest = false;
}

void BoardPainter::row(const render::Rect& r, const BoardRow& row, const RowStyle& s,
                       bool show_contest) {
  const float pad = s.gap;
  float x = r.x + pad;
  canvas_.text({x, r.y, s.place_w, r.h}, row.place, s.place, render::Align::right);
  x += s.place_w + s.gap;
  float right = r.right() - pad;
  canvas_.text({right - s.time_w, r.y, s.time_w, r.h}, row.time, s.time, render::Align::right);
  right -= s.time_w + s.gap;
  if (show_contest) {
    canvas_.text({right - s.contest_w, r.y, s.contest_w, r.h}, row.contest, s.contest);
    right -= s.contest_w + s.gap;
  }
  if (!row.country.empty()) {
    draw_chip(canvas_, {right - s.chip_w, r.y, s.chip_w, r.h}, row.country, s.chip);
    right -= s.chip_w + s.gap;
  }
  if (right - x > s.gap) canvas_.text({x, r.y, right - x, r.h}, row.name, s.name);
}

void BoardPainter::waiting(const std::string& race_name) {
  header(look_.string("waiting.title", "FINISH") + " · " + race_name);
  const render::TextStyle style = font("waiting.font", 64, 600);
  canvas_.text({area_.x, area_.y, area_.w, area_.h},
               look_.string("waiting.text", "Waiting for the first finishers"), style,
               render::Align::center);
}

float BoardPainter::hero_name(const render::Rect& r, const std::string& name) {
  // Long names shrink (down to name_min_scale of the size) before they are cut with "…";
  // on a portrait screen a name that still does not fit goes on two lines instead.
  const render::TextStyle base = font("card.name_font", 140, 800);
  const float min_ratio =
      std::clamp(static_cast<float>(look_.number("card.name_min_scale", 0.79)), 0.3f, 1.f);
  auto fitted = [&](std::string_view text) {
    render::TextStyle style = base;
    const float width = canvas_.measure(text, style).width;
    if (width > r.w && width > 0) style.size *= std::max(min_ratio, r.w / width);
    return std::pair{style, width * style.size / base.size <= r.w + 0.5f};
  };
  auto [style, fits] = fitted(name);
  const auto space = split_point(name);
  if (fits || !portrait() || space == std::string::npos ||
      !look_.flag("card.name_two_lines", true)) {
    canvas_.text(r, name, style);
    return r.h;
  }
  const std::string first = name.substr(0, space), second = name.substr(space + 1);
  canvas_.text(r, first, fitted(first).first);
  canvas_.text(r.offset(0, r.h), second, fitted(second).first);
  return 2 * r.h;
}

std::size_t BoardPainter::split_point(std::string_view name) {
  // The space nearest the middle: "Maria-Fernanda Alessandra | Guadalupe DE LOS SANTOS".
  std::size_t best = std::string::npos;
  for (std::size_t i = name.find(' '); i != std::string::npos; i = name.find(' ', i + 1)) {
    const auto d = [&](std::size_t at) {
      return at > name.size() / 2 ? at - name.size() / 2 : name.size() / 2 - at;
    };
    if (best == std::string::npos || d(i) < d(best)) best = i;
  }
  return best;
}

float BoardPainter::hero(const FinisherCard& card, float y) {
  const float pad = num("card.padding_x", 32);
  const float name_h = num("card.name_height", 180);
  y += hero_name({area_.x + pad, y, area_.w - 2 * pad, name_h}, card.hero.name);
  const float info_h = num("card.info_height", 104);
  float x = area_.x + pad;
  const float gap = num("card.gap", 32);
  if (!card.hero.country.empty()) {
    x += draw_chip(canvas_, {x, y, area_.w, info_h}, card.hero.country,
                   read_chip_style(look_, "card.country", k_)) +
         gap;
  }
  const auto place_style = font("card.place_font", 80, 800);
  if (!card.place_text.empty()) {
    x += canvas_.text({x, y, area_.right() - pad - x, info_h}, card.place_text, place_style).width +
         gap;
  }
  if (area_.right() - pad - x > gap) {
    canvas_.text({x, y, area_.right() - pad - x, info_h}, card.hero.contest,
                 font("card.contest_font", 52, 600));
  }
  y += info_h + num("card.time_gap", 8);
  const float time_h = num("card.time_height", 190);
  const auto time_style = font("card.time_font", 150, 700, true);
  const float time_w = canvas_.measure(card.hero.time, time_style).width;
  const float time_box_w = std::min(time_w + 1, area_.w - 2 * pad);
  canvas_.text({area_.x + pad, y, time_box_w, time_h}, card.hero.time, time_style);
  const float lx = area_.x + pad + time_w + gap;
  if (area_.right() - pad - lx > gap) {
    canvas_.text({lx, y, area_.right() - pad - lx, time_h}, card.time_label,
                 font("card.time_label_font", 36, 700));
  }
  return y + time_h;
}

void BoardPainter::card(const FinisherCard& card, float opacity) {
  canvas_.save();
  canvas_.multiply_opacity(opacity);
  const render::Rect h = header(look_.string("card.title", "FINISH") + " · " + card.hero.contest);
  // The hero slides in from the right as they cross.
  const float intro_ms =
      static_cast<float>(look_.duration_ms("card.intro_ms", core::Ms(450)).count());
  const float t = intro_ms > 0 ? static_cast<float>(card.since.count()) / intro_ms : 1.f;
  const float e = scene::ease_out_cubic(t);
  canvas_.save();
  canvas_.clip(area_);
  canvas_.translate((1 - e) * num("card.intro_slide", 80), 0);
  canvas_.multiply_opacity(e);
  const float top = h.bottom() + num("card.top_gap", 24);
  float y = hero(card, top) + num("card.recent_gap", 28);
  canvas_.restore();

  if (!card.recent.empty()) {
    const float label_h = num("card.recent.label_height", 48);
    const float pad = num("card.padding_x", 32);
    canvas_.text({area_.x + pad, y, area_.w - 2 * pad, label_h},
                 look_.string("card.recent.title", "PREVIOUS FINISHERS"),
                 font("card.recent.label_font", 30, 700));
    y += label_h;
    RowStyle s = row_style("card.recent");
    bool show_contest = card.show_contest;
    fit_columns(s, card.recent, area_.w, show_contest);
    const float row_h = num("card.recent.row_height", 64);
    for (const auto& r : card.recent) {
      if (y + row_h > area_.bottom() + 0.5f) break;
      row({area_.x, y, area_.w, row_h}, r, s, show_contest);
      y += row_h;
    }
  }
  canvas_.restore();
}

void BoardPainter::top(const ContestTop& top, std::size_t index, std::size_t count, float opacity) {
  canvas_.save();
  canvas_.multiply_opacity(opacity);
  const render::Rect h = header(top.name + " · " + look_.string("top.title", "TOP 10"));
  if (count > 1) {
    // One dot per contest in the rotation, the current one lit.
    const float d = num("top.dot_size", 14), gap = num("top.dot_gap", 12);
    const float right = h.right() - num("header.padding_x", 32);
    render::BoxStyle on, off;
    on.fill.color = look_.color("top.dot_on", {1, 1, 1, 1});
    off.fill.color = look_.color("top.dot_off", {1, 1, 1, 0.35f});
    on.rounded(d / 2);
    off.rounded(d / 2);
    for (std::size_t i = 0; i < count; ++i) {
      const float x = right - static_cast<float>(count - i) * (d + gap) + gap;
      canvas_.box({x, h.y + (h.h - d) / 2, d, d}, i == index ? on : off);
    }
  }
  RowStyle s = row_style("top");
  bool show_contest = false;
  fit_columns(s, top.rows, area_.w, show_contest);
  float y = h.bottom() + num("top.top_gap", 20);
  float row_h = num("top.row_height", 78);
  if (portrait() && !top.rows.empty()) {
    // A tall screen spreads the rows out, up to portrait_row_stretch times their height.
    const float stretch = static_cast<float>(look_.number("top.portrait_row_stretch", 1.6));
    const float room = (area_.bottom() - y) / static_cast<float>(kTopRows);
    row_h = std::max(row_h, std::min(row_h * stretch, room));
  }
  render::BoxStyle alt;
  alt.fill.color = look_.color("top.row_alt", {1, 1, 1, 0.05f});
  for (std::size_t i = 0; i < top.rows.size(); ++i) {
    if (y + row_h > area_.bottom() + 0.5f) break;
    const render::Rect r{area_.x, y, area_.w, row_h};
    if (i % 2 == 1) canvas_.box(r, alt);
    row(r, top.rows[i], s, false);
    y += row_h;
  }
  canvas_.restore();
}

void BoardPainter::stale(const scene::Frame& frame) {
  // In the header's right end, inside the title-safe area.
  const float h = num("header.height", 84);
  const float pad = num("header.padding_x", 32);
  const render::Rect anchor{area_.x, area_.y + 36 + (h - 30) / 2, area_.w - pad, 0};
  stale_badge(canvas_, frame, look_, anchor);
}

}  // namespace overlays
