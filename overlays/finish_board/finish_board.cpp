// Finish board for big screens at the finish: when someone has just crossed, a full-screen
// card with their name, time, place and country and the previous few finishers (mode A);
// otherwise a rotating top 10 per contest (mode B). Modes switch with a fade driven by the
// frame time. Sizes follow the screen width, so it also lays out on a portrait screen.
// Engine thread only (an Overlay instance).
#include "finish_board/finish_board.h"

#include <algorithm>
#include <cmath>

#include "common/draw.h"
#include "common/kinds.h"
#include "finish_board/board_draw.h"

extern const std::string_view kLook_finish_board;

namespace overlays {

float card_weight(const FinisherList& finishers, core::UtcMs now, const BoardTiming& timing) {
  const auto& all = finishers.all();
  const double fade = static_cast<double>(std::max<std::int64_t>(timing.fade.count(), 1));
  const auto hold = timing.hold;
  if (hold.count() <= 0) return 0;
  float best = 0;
  // Only finishers within hold + fade of now matter; at most a few hundred even in a rush.
  for (std::size_t i = finishers.count_until(now); i-- > 0;) {
    const core::Ms d = now - all[i].at;
    if (d >= hold + timing.fade) break;
    const double up = std::min(1.0, static_cast<double>(d.count()) / fade);
    const double down = d < hold ? 1.0 : 1.0 - static_cast<double>((d - hold).count()) / fade;
    best = std::max(best, static_cast<float>(std::clamp(std::min(up, down), 0.0, 1.0)));
    if (best >= 1) break;
  }
  return best;
}

std::size_t rotation_index(core::Ms on_air, core::Ms rotate, std::size_t n) {
  if (n == 0) return 0;
  if (rotate.count() <= 0 || on_air.count() < 0) return 0;
  return static_cast<std::size_t>(on_air.count() / rotate.count()) % n;
}

namespace {

class FinishBoard final : public scene::Overlay {
 public:
  void configure(const scene::Params& params, const race::RaceSnapshot& race) override {
    contest_ = params.get("contest", "all") == "all" ? -1 : contest_param(params, race);
    hold_ = core::Ms(params.get_int("hold_ms", 6000, 0, 600'000));
    rotate_ = core::Ms(params.get_int("rotate_ms", 8000, 1000, 600'000));
    finishers_.invalidate();
  }

  void draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) override;

 private:
  void rebuild(const race::RaceSnapshot& race);
  BoardRow row_of(const race::RaceSnapshot& race, race::RunnerId id, int contest, int place,
                  core::Ms time, bool upper_last) const;
  void draw_card(BoardPainter& p, const scene::Frame& frame, std::size_t n, float opacity);
  void draw_top(BoardPainter& p, const scene::Frame& frame, float opacity);

  int contest_ = -1;
  core::Ms hold_{6000}, rotate_{8000};

  // --- derived from the snapshot (rebuilt when its finishers or participants change) ---
  bool upper_last_ = true;
  FinisherList finishers_;
  std::vector<ContestTop> tops_;  // contests with finishers, in race.toml order
};

BoardRow FinishBoard::row_of(const race::RaceSnapshot& race, race::RunnerId id, int contest,
                             int place, core::Ms time, bool upper_last) const {
  BoardRow row;
  row.runner = id;
  row.place = place > 0 ? std::to_string(place) : "";
  row.name = finisher_name(race, id, upper_last);
  row.country = race.participant(id).country;
  row.time = format_time(time);
  row.contest = race.config().contests[static_cast<std::size_t>(contest)].name;
  return row;
}

void FinishBoard::rebuild(const race::RaceSnapshot& race) {
  tops_.clear();
  // Per contest, its finishers by time (rank, then runner id), the first kTopRows.
  const auto& contests = race.config().contests;
  std::vector<std::vector<const Finisher*>> by_contest(contests.size());
  for (const auto& f : finishers_.all())
    by_contest[static_cast<std::size_t>(f.contest)].push_back(&f);
  for (std::size_t c = 0; c < contests.size(); ++c) {
    auto& list = by_contest[c];
    if (list.empty()) continue;
    const auto n = std::min(list.size(), kTopRows);
    std::partial_sort(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(n), list.end(),
                      [](const Finisher* a, const Finisher* b) {
                        return a->rank != b->rank ? a->rank < b->rank : a->runner < b->runner;
                      });
    ContestTop top;
    top.contest = static_cast<int>(c);
    top.name = contests[c].name;
    for (std::size_t i = 0; i < n; ++i) {
      const Finisher& f = *list[i];
      top.rows.push_back(row_of(race, f.runner, f.contest, f.rank + 1, f.time, upper_last_));
    }
    tops_.push_back(std::move(top));
  }
}

void FinishBoard::draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) {
  const bool upper_last = look.flag("upper_last", true);
  const bool rebuilt = finishers_.update(*frame.race, contest_);
  if (rebuilt || upper_last != upper_last_) {
    upper_last_ = upper_last;
    rebuild(*frame.race);
  }
  BoardPainter p(canvas, look, frame);
  p.background();
  const std::size_t n = finishers_.count_until(frame.now);
  if (n == 0 || tops_.empty()) {
    p.waiting(frame.race->config().name);
  } else {
    BoardTiming timing;
    timing.hold = hold_;
    timing.fade = look.duration_ms("switch_ms", core::Ms(600));
    const float a = card_weight(finishers_, frame.now, timing);
    const bool cross = look.string("switch_style", "dip") == "cross";
    // "dip": the board fades out, then the card fades in (no two texts on top of each
    // other at any instant); "cross": both at once.
    const float card = cross ? a : std::clamp(2 * a - 1, 0.f, 1.f);
    const float top = cross ? 1 - a : std::clamp(1 - 2 * a, 0.f, 1.f);
    if (top > 0) draw_top(p, frame, top);
    if (card > 0) draw_card(p, frame, n, card);
  }
  p.stale(frame);
}

void FinishBoard::draw_card(BoardPainter& p, const scene::Frame& frame, std::size_t n,
                            float opacity) {
  const race::RaceSnapshot& race = *frame.race;
  const Finisher& f = finishers_.all()[n - 1];
  const int place = f.rank + 1;  // among everyone in the snapshot who has finished
  FinisherCard card;
  card.hero = row_of(race, f.runner, f.contest, place, f.time, upper_last_);
  card.place_text = place > 0 ? ordinal(place) : "";
  const auto& contest = race.config().contests[static_cast<std::size_t>(f.contest)];
  card.time_label = contest.rank_by == race::RankBy::net ? "NET TIME" : "GUN TIME";
  card.since = frame.now - f.at;
  const std::size_t recent = p.recent_rows();
  for (std::size_t i = n - 1; i-- > 0 && card.recent.size() < recent;) {
    const Finisher& r = finishers_.all()[i];
    card.recent.push_back(row_of(race, r.runner, r.contest, r.rank + 1, r.time, upper_last_));
  }
  card.show_contest = contest_ < 0;
  p.card(card, opacity);
}

void FinishBoard::draw_top(BoardPainter& p, const scene::Frame& frame, float opacity) {
  const std::size_t i = rotation_index(frame.on_air, rotate_, tops_.size());
  float fade = 1;
  if (tops_.size() > 1) {
    // A short dip between contests, placed at the ends of each contest's turn.
    const auto ms = p.rotate_fade();
    const std::int64_t phase = frame.on_air.count() % rotate_.count();
    const float in = frame.on_air < rotate_ ? 1.f : float(phase) / float(ms.count());
    const float out = float(rotate_.count() - phase) / float(ms.count());
    fade = std::clamp(std::min(in, out), 0.f, 1.f);
  }
  p.top(tops_[i], i, tops_.size(), opacity * fade);
}

}  // namespace

scene::OverlayKind finish_board_kind() {
  return make_kind<FinishBoard>(
      "finish_board", "full-screen finish board: the latest finisher large, else a rotating top 10",
      kLook_finish_board,
      {
          {"contest", "contest id (race.toml), or all for every contest", "all", {}},
          {"hold_ms", "how long a new finisher stays large, ms (0-600000)", "6000", {}},
          {"rotate_ms", "how long each contest's top 10 shows, ms (1000-600000)", "8000", {}},
      });
}

}  // namespace overlays
