#include "leaderboard/board.h"
#include "scene/scene.h"

#include <algorithm>

namespace overlays {

const std::vector<race::Standing>& StandingsCache::at(const race::RaceSnapshot& race,
                                                      const race::StandingsQuery& query,
                                                      core::UtcMs now) {
  if (valid_ && race_ == &race && version_ == race.version() && span_.contains(now)) return rows_;
  valid_ = true;
  race_ = &race;
  version_ = race.version();
  ++generation_;
  if (now >= race.last_read_time()) {
    // Live: nothing read after `now`, so the snapshot's standings hold until it changes
    // (a gun after the last read does not change places: nobody has a read after it).
    span_ = {race.last_read_time(), std::nullopt};
    rows_ = race.standings(query);
  } else {
    span_ = race::quiet_span(race, query.contest, now);
    rows_ = race::standings_as_of(race, query, now);
  }
  return rows_;
}

Page page_at(core::Ms on_air, core::Ms page_ms, int pages) {
  Page p;
  p.count = std::max(1, pages);
  const auto ms = std::max<std::int64_t>(1, page_ms.count());
  const auto t = std::max<std::int64_t>(0, on_air.count());
  const std::int64_t shown = t / ms;
  p.index = p.count > 1 ? static_cast<int>(shown % p.count) : 0;
  p.since = p.count > 1 ? core::Ms(t % ms) : core::Ms(t);
  p.first_showing = p.count == 1 || shown == 0;
  return p;
}

float clamp01(float t) {
  return std::clamp(t, 0.f, 1.f);
}

float row_entrance(const scene::Frame& frame, const Page& page, int i, int n, float stagger,
                   core::Ms flip_ms) {
  float t = frame.transition;
  if (!page.first_showing && !frame.leaving) {
    t = flip_ms.count() > 0 ? float(page.since.count()) / float(flip_ms.count()) : 1.f;
  }
  if (n <= 1 || stagger <= 0) return scene::ease_in_out_cubic(t);
  const float s = std::min(stagger, 0.9f / float(n - 1));
  const float span = 1 - float(n - 1) * s;
  return scene::ease_in_out_cubic((t - float(i) * s) / span);
}

render::TextStyle look_font(const scene::Look& look, std::string_view key, float size, int weight,
                            const render::Color& color, bool tabular) {
  render::TextStyle fallback;
  fallback.size = size;
  fallback.weight = weight;
  fallback.color = color;
  fallback.tabular = tabular;
  return look.text_style(key, fallback);
}

float look_px(const scene::Look& look, std::string_view key, float fallback) {
  return static_cast<float>(look.number(key, fallback));
}

render::Color theme_color(const scene::Look& look, std::string_view key, std::string_view theme,
                          const render::Color& fallback) {
  return look.color(key, look.color(theme, fallback));
}

BoardLook read_board_look(const scene::Look& look) {
  BoardLook b;
  b.text_color = theme_color(look, "text_color", "$colors.text", {1, 1, 1, 1});
  b.dim_color = {0.69f, 0.75f, 0.85f, 1};
  b.header = look_box(look, "header", "$header", {0, 0.63f, 0.86f, 1}, 12);
  b.panel = look_box(look, "panel", "$panel", {0.05f, 0.1f, 0.2f, 0.92f}, 12);
  b.stripe = theme_color(look, "stripe", "$colors.panel_alt", {0.07f, 0.16f, 0.29f, 0.92f});
  b.title = look_font(look, "title_font", 30, 800, {1, 1, 1, 1});
  b.header_label = look_font(look, "header_label_font", 20, 700, {1, 1, 1, 1});
  b.place = look_font(look, "place_font", 30, 800, b.text_color, true);
  b.leader_place = look_font(look, "leader_place_font", 30, 800, b.text_color, true);
  return b;
}

render::BoxStyle look_box(const scene::Look& look, std::string_view key, std::string_view theme,
                          const render::Color& fill, float radius) {
  render::BoxStyle fallback;
  fallback.fill.color = fill;
  fallback.rounded(radius);
  return look.box_style(key, look.box_style(theme, fallback));
}

std::string point_label(const race::RaceConfig& config, int contest, int point) {
  if (contest < 0 || static_cast<std::size_t>(contest) >= config.contests.size()) return {};
  const auto& points = config.contests[static_cast<std::size_t>(contest)].points;
  if (point < 0 || static_cast<std::size_t>(point) >= points.size()) return {};
  const auto& p = points[static_cast<std::size_t>(point)];
  return p.label.empty() ? p.mat : p.label;
}

int previous_read_point(const race::RunnerState& runner, int point, bool with_start) {
  for (int p = point - 1; p >= (with_start ? 0 : 1); --p) {
    if (runner.kind[static_cast<std::size_t>(p)] == race::ReadKind::read) return p;
  }
  return -1;
}

}  // namespace overlays
