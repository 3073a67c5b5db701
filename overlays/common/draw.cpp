#include "common/draw.h"

#include <cmath>
#include <cstdio>

#include "core/text.h"
#include "render/text.h"

namespace overlays {
std::string two_digits(std::int64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(v));
  return buf;
}

namespace {

std::string hms(std::int64_t total_s, bool hours_always) {
  const long h = static_cast<long>(total_s / 3600), m = static_cast<long>(total_s / 60 % 60),
             s = static_cast<long>(total_s % 60);
  if (h > 0 || hours_always) return std::to_string(h) + ":" + two_digits(m) + ":" + two_digits(s);
  return std::to_string(m) + ":" + two_digits(s);
}

}  // namespace

std::string format_time(core::Ms t) {
  const bool neg = t.count() < 0;
  const std::int64_t s = std::abs(t.count()) / 1000;
  return (neg ? "-" : "") + hms(s, false);
}

std::string format_gap(core::Ms gap) {
  const std::int64_t s = std::abs(gap.count()) / 1000;
  if (s == 0) return "";
  if (s < 60) return "+" + std::to_string(s);
  return "+" + hms(s, false);
}

std::string format_pace(core::Ms per_km) {
  const std::int64_t s = (per_km.count() + 500) / 1000;
  return hms(std::max<std::int64_t>(s, 0), false);
}

std::string format_clock(core::UtcMs t, const race::RaceConfig& race) {
  const auto local = core::local_time_of_day(t, race.utc_offset);
  const std::int64_t s = local.count() / 1000;
  return two_digits(s / 3600) + ":" + two_digits(s / 60 % 60) + ":" + two_digits(s % 60);
}

std::string display_name(const race::Participant& p, bool upper_last) {
  const std::string last = upper_last ? render::to_upper_utf8(p.last_name) : p.last_name;
  if (p.first_name.empty()) return last;
  if (last.empty()) return p.first_name;
  return p.first_name + " " + last;
}

std::string ordinal(int place) {
  const int mod100 = place % 100, mod10 = place % 10;
  const char* suffix = "th";
  if (mod100 < 11 || mod100 > 13) {
    if (mod10 == 1) suffix = "st";
    if (mod10 == 2) suffix = "nd";
    if (mod10 == 3) suffix = "rd";
  }
  return std::to_string(place) + suffix;
}

render::Rect place(const scene::Frame& frame, const scene::Look& look, std::string_view key,
                   render::Vec2 size, std::string_view anchor) {
  const std::string k(key);
  const std::string a = look.string(k + ".anchor", anchor);
  const float dx = static_cast<float>(look.number(k + ".x", 0));
  const float dy = static_cast<float>(look.number(k + ".y", 0));
  const render::Rect& s = frame.safe;
  float x = s.x + dx, y = s.y + dy;
  if (a.find("center") != std::string::npos || a == "center") {
    if (a.starts_with("top") || a.starts_with("bottom") || a == "center") {
      x = s.x + (s.w - size.x) / 2 + dx;
    }
    if (a.starts_with("center")) y = s.y + (s.h - size.y) / 2 + dy;
  }
  if (a.ends_with("right")) x = s.right() - size.x - dx;
  if (a.starts_with("bottom")) y = s.bottom() - size.y - dy;
  return {x, y, size.x, size.y};
}

void panel(render::Canvas& canvas, const render::Rect& r, const scene::Look& look,
           std::string_view key) {
  render::BoxStyle fallback;
  fallback.fill.color = {0.05f, 0.1f, 0.2f, 0.92f};
  fallback.rounded(12);
  canvas.box(r, look.box_style(key, look.box_style("$panel", fallback)));
}

float country_chip(render::Canvas& canvas, const render::Rect& r, std::string_view code,
                   const scene::Look& look) {
  if (code.empty()) return 0;
  render::TextStyle fallback;
  fallback.size = 20;
  fallback.weight = 700;
  const render::TextStyle style = look.text_style("country.font", fallback);
  const auto m = canvas.measure(code, style);
  const float pad = static_cast<float>(look.number("country.padding", 8));
  const float h = std::min(r.h, m.ascent + m.descent + pad);
  const render::Rect chip{r.x, r.y + (r.h - h) / 2, m.width + 2 * pad, h};
  render::BoxStyle box;
  box.fill.color = look.color("country.fill", {1, 1, 1, 0.15f});
  box.rounded(static_cast<float>(look.number("country.radius", 4)));
  canvas.box(chip, box);
  canvas.text(chip, code, style, render::Align::center);
  return chip.w;
}

void stale_badge(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look,
                 const render::Rect& anchor) {
  if (!frame.feed_stale || !look.flag("stale.show", look.flag("$stale.show", true))) return;
  const std::string text = look.string("stale.text", look.string("$stale.text", "DATA DELAYED"));
  render::TextStyle style;
  style.size = 18;
  style.weight = 800;
  style.color = {0.05f, 0.05f, 0.05f, 1};
  style.tracking = 40;
  const auto m = canvas.measure(text, style);
  const float h = 30, w = m.width + 24;
  const render::Rect r{anchor.right() - w, anchor.y - h - 6, w, h};
  render::BoxStyle box;
  box.fill.color = look.color("stale.color", look.color("$colors.stale", {1, 0.62f, 0.11f, 1}));
  box.rounded(6);
  canvas.box(r, box);
  canvas.text(r, text, style, render::Align::center);
}

void place_change(render::Canvas& canvas, const render::Rect& r, int gained,
                  const scene::Look& look) {
  if (gained == 0) return;
  draw_place_change(canvas, r, gained, read_change_style(look));
}

ChangeStyle read_change_style(const scene::Look& look) {
  ChangeStyle c;
  c.up = look.color("$colors.up", c.up);
  c.down = look.color("$colors.down", c.down);
  c.font = look.text_style("$fonts.small", {});
  c.font.tabular = true;
  return c;
}

void draw_place_change(render::Canvas& canvas, const render::Rect& r, int gained,
                       const ChangeStyle& style) {
  if (gained == 0) return;
  const render::Color c = gained > 0 ? style.up : style.down;
  const float s = std::min(r.h * 0.45f, 14.f);
  const float cx = r.x + s, cy = r.y + r.h / 2;
  // An arrow head drawn as two strokes plus a stem.
  const float dir = gained > 0 ? -1.f : 1.f;
  canvas.line({cx, cy - dir * s * 0.8f}, {cx, cy + dir * s * 0.8f}, 3, c);
  canvas.line({cx, cy + dir * s * 0.8f}, {cx - s * 0.6f, cy + dir * s * 0.2f}, 3, c);
  canvas.line({cx, cy + dir * s * 0.8f}, {cx + s * 0.6f, cy + dir * s * 0.2f}, 3, c);
  render::TextStyle font = style.font;
  font.color = c;
  canvas.text({cx + s, r.y, r.w - 2 * s, r.h}, std::to_string(std::abs(gained)), font);
}

int contest_param(const scene::Params& params, const race::RaceSnapshot& race,
                  std::string_view name, std::string_view fallback) {
  const auto& contests = race.config().contests;
  if (contests.empty()) throw scene::ParamError("the race has no contests (race.toml)");
  std::string id = params.get(name, fallback);
  if (id.empty()) return 0;
  const int index = race.contest_index(id);
  if (index >= 0) return index;
  std::vector<std::string> ids;
  for (const auto& c : contests) ids.push_back(c.id);
  throw scene::ParamError(std::string(name) + "=" + id + ": no such contest in " +
                          race.config().name + "; use one of: " + core::join(ids));
}

int point_param(const scene::Params& params, const race::RaceSnapshot& race, int contest,
                std::string_view name, std::string_view fallback) {
  const std::string value = params.get(name, fallback);
  if (value.empty() || value == "live") return race::kLive;
  const auto& c = race.config().contests[static_cast<std::size_t>(contest)];
  std::vector<std::string> ids{"live"};
  for (std::size_t i = 0; i < c.points.size(); ++i) {
    const auto& p = c.points[i];
    if (p.mat == value || p.label == value) return static_cast<int>(i);
    ids.push_back(p.label.empty() || p.label == p.mat ? p.mat : p.mat + " (" + p.label + ")");
  }
  throw scene::ParamError(std::string(name) + "=" + value + ": contest " + c.id +
                          " has no such mat; use one of: " + core::join(ids));
}

race::RunnerId bib_param(const scene::Params& params, const race::RaceSnapshot& race,
                         std::string_view name) {
  const std::string bib = params.get(name);
  if (bib.empty()) {
    throw scene::ParamError(std::string(name) + " is required: the runner's bib, e.g. " +
                            std::string(name) + "=1");
  }
  const auto id = race.find_bib(bib);
  if (!id) {
    throw scene::ParamError(std::string(name) + "=" + bib +
                            ": no runner with this bib is registered; check participants.csv");
  }
  return *id;
}

}  // namespace overlays
