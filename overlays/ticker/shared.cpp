#include "ticker/shared.h"

#include <algorithm>

#include "common/draw.h"
#include "race/relay.h"

namespace overlays {
namespace {

std::size_t u(int i) {
  return static_cast<std::size_t>(i);
}

// Relay runners are not ranked one by one: a team finishes when its time reaches the finish
// point; the finisher shown is its last leg (any member when that leg is not registered).
void add_relay_finishers(const race::RaceSnapshot& race, int contest, int point,
                         std::vector<Finisher>& out) {
  const auto gun = race.contest_gun_time(contest);
  if (!gun) return;
  for (const auto& team : race::relay_standings(race, contest)) {
    if (team.furthest != point || team.status != race::RunnerStatus::ok) continue;
    race::RunnerId runner = -1;
    for (race::RunnerId m : team.members) runner = m >= 0 ? m : runner;
    if (runner < 0) continue;
    out.push_back({*gun + team.time, runner, contest, team.time, 0});
  }
}

// What stale_badge() draws: a 30-unit badge 6 units above its anchor.
constexpr float kBadgeReach = 36;
constexpr float kBadgeGap = 6;

}  // namespace

int finish_point(const race::RaceConfig& config, int contest) {
  if (contest < 0 || u(contest) >= config.contests.size()) return -1;
  const auto& points = config.contests[u(contest)].points;
  for (std::size_t i = points.size(); i-- > 0;) {
    if (points[i].role == race::PointRole::finish) return static_cast<int>(i);
  }
  return points.empty() ? -1 : static_cast<int>(points.size()) - 1;
}

std::string finisher_name(const race::RaceSnapshot& race, race::RunnerId id, bool upper_last) {
  const race::Participant& p = race.participant(id);
  const int contest = race.runner(id).contest;
  const auto& contests = race.config().contests;
  if (contest >= 0 && u(contest) < contests.size() &&
      contests[u(contest)].kind == race::ContestKind::relay && !p.team.empty()) {
    return p.team;
  }
  return display_name(p, upper_last);
}

void FinisherList::build(const race::RaceSnapshot& race, int contest) {
  list_.clear();
  const int n_contests = static_cast<int>(race.config().contests.size());
  per_contest_.assign(u(n_contests), 0);
  for (int c = 0; c < n_contests; ++c) {
    if (contest >= 0 && c != contest) continue;
    const int point = finish_point(race.config(), c);
    if (point < 0) continue;
    const std::size_t first = list_.size();
    if (race.config().contests[u(c)].kind == race::ContestKind::relay) {
      add_relay_finishers(race, c, point, list_);
    } else {
      // In rank order: the times come sorted (the ranking time is rank_elapsed()).
      race.for_each_ranked(c, point, [&](race::RunnerId id) {
        if (const auto time = race.rank_elapsed(id, point)) {
          list_.push_back({race.runner(id).time[u(point)], id, c, *time, 0});
        }
        return true;
      });
    }
    const auto by_time = [](const Finisher& a, const Finisher& b) { return a.time < b.time; };
    const auto begin = list_.begin() + static_cast<std::ptrdiff_t>(first);
    if (!std::is_sorted(begin, list_.end(), by_time)) std::stable_sort(begin, list_.end(), by_time);
    // Rank within the contest: the index of the first finisher with an equal time.
    for (std::size_t i = first; i < list_.size(); ++i) {
      list_[i].rank = i > first && list_[i].time == list_[i - 1].time ? list_[i - 1].rank
                                                                      : static_cast<int>(i - first);
    }
    per_contest_[u(c)] = list_.size() - first;
  }
  std::sort(list_.begin(), list_.end(), [](const Finisher& a, const Finisher& b) {
    return a.at != b.at ? a.at < b.at : a.runner < b.runner;
  });
}

std::vector<race::RaceSnapshot::RankingStamp> FinisherList::stamps(const race::RaceSnapshot& race,
                                                                   int contest) const {
  std::vector<race::RaceSnapshot::RankingStamp> out;
  const auto& contests = race.config().contests;
  for (int c = 0; c < static_cast<int>(contests.size()); ++c) {
    if (contest >= 0 && c != contest) continue;
    if (contests[u(c)].kind == race::ContestKind::relay) {
      for (int p = 0; p < static_cast<int>(contests[u(c)].points.size()); ++p)
        out.push_back(race.ranking_stamp(c, p));
    } else {
      out.push_back(race.ranking_stamp(c, finish_point(race.config(), c)));
    }
  }
  return out;
}

bool FinisherList::update(const race::RaceSnapshot& race, int contest) {
  auto now = stamps(race, contest);
  if (built_ && contest == contest_ && race.participants_generation() == participants_ &&
      now == stamps_) {
    return false;
  }
  build(race, contest);
  built_ = true;
  contest_ = contest;
  participants_ = race.participants_generation();
  stamps_ = std::move(now);
  return true;
}

std::size_t FinisherList::count_until(core::UtcMs t) const {
  return static_cast<std::size_t>(
      std::upper_bound(list_.begin(), list_.end(), t,
                       [](core::UtcMs v, const Finisher& f) { return v < f.at; }) -
      list_.begin());
}

ProvisionalPlaces::ProvisionalPlaces(const FinisherList& list) : list_(&list) {
  trees_.resize(list.per_contest().size());
  for (std::size_t c = 0; c < trees_.size(); ++c) trees_[c].assign(list.per_contest()[c] + 1, 0);
}

void ProvisionalPlaces::advance_to(core::UtcMs t) {
  if (!list_) return;
  const auto& all = list_->all();
  while (next_ < all.size() && all[next_].at <= t) {
    const Finisher& f = all[next_++];
    auto& tree = trees_[u(f.contest)];
    for (std::size_t i = u(f.rank) + 1; i < tree.size(); i += i & (~i + 1)) ++tree[i];
  }
}

int ProvisionalPlaces::place_of(const Finisher& f) const {
  if (!list_) return 0;
  const auto& tree = trees_[u(f.contest)];
  int faster = 0;  // counted finishers with rank < f.rank: prefix sum over [0, rank)
  for (std::size_t i = u(f.rank); i > 0; i -= i & (~i + 1)) faster += tree[i];
  return faster + 1;
}

ChipStyle read_chip_style(const scene::Look& look, std::string_view key, float scale) {
  const std::string k(key);
  ChipStyle s;
  render::TextStyle fallback;
  fallback.size = 20;
  fallback.weight = 700;
  s.font = look.text_style(k + ".font", fallback);
  s.font.size *= scale;
  s.fill = look.color(k + ".fill", s.fill);
  s.padding = static_cast<float>(look.number(k + ".padding", 8)) * scale;
  s.radius = static_cast<float>(look.number(k + ".radius", 4)) * scale;
  return s;
}

float chip_width(render::Canvas& canvas, std::string_view code, const ChipStyle& style) {
  if (code.empty()) return 0;
  return canvas.measure(code, style.font).width + 2 * style.padding;
}

float draw_chip(render::Canvas& canvas, const render::Rect& r, std::string_view code,
                const ChipStyle& style) {
  if (code.empty()) return 0;
  const auto m = canvas.measure(code, style.font);
  const float h = std::min(r.h, m.ascent + m.descent + style.padding);
  const render::Rect chip{r.x, r.y + (r.h - h) / 2, m.width + 2 * style.padding, h};
  render::BoxStyle box;
  box.fill.color = style.fill;
  box.rounded(style.radius);
  canvas.box(chip, box);
  canvas.text(chip, code, style.font, render::Align::center);
  return chip.w;
}

void stale_badge_clear_of(render::Canvas& canvas, const scene::Frame& frame,
                          const scene::Look& look, const render::Rect& panel) {
  if (panel.y - kBadgeReach >= frame.safe.y) {
    stale_badge(canvas, frame, look, panel);
    return;
  }
  // stale_badge() draws above its anchor's top edge: anchor it below the panel instead.
  stale_badge(canvas, frame, look, {panel.x, panel.bottom() + kBadgeReach + kBadgeGap, panel.w, 0});
}

}  // namespace overlays
