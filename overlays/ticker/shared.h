// Helpers shared by the race clock, lower third, ticker and finish board (candidates for
// overlays/common): finishers in crossing order with provisional places, the name a
// finisher goes by, and a stale badge kept inside the title-safe area.
// Values built from one immutable snapshot; engine thread (the badge draws on a Canvas).
#pragma once

#include <string>
#include <vector>

#include "race/snapshot.h"
#include "render/canvas.h"
#include "scene/look.h"
#include "scene/overlay.h"

namespace overlays {

// The finish point of a contest (role finish, else its last point); -1 without points.
int finish_point(const race::RaceConfig& config, int contest);

// The name a finisher goes by on graphics: the team for a relay runner with a team,
// otherwise display_name().
std::string finisher_name(const race::RaceSnapshot& race, race::RunnerId id, bool upper_last);

struct Finisher {
  core::UtcMs at{};  // crossing time at the finish mat
  race::RunnerId runner = -1;
  int contest = -1;
  core::Ms time{0};  // official time (gun or net per the contest's rank_by)
  int rank = 0;      // position in the contest's finishers by time (first of a tie):
                     // rank + 1 is the place at the finish, ties shared
};

// Every ranked finisher of one contest (or of all, `contest` < 0), oldest crossing first
// (ties by runner id); a relay team counts once, as its last leg, with the team's time.
// O(n log n) in finishers to build; update() rebuilds only when the rankings at the finish
// points (every point of a relay) or the participants changed, not on every passing.
class FinisherList {
 public:
  void build(const race::RaceSnapshot& race, int contest);
  // build() when `race` (a later snapshot of the model of the last build) or `contest`
  // may change the list; true when it did.
  bool update(const race::RaceSnapshot& race, int contest);
  // The next update() builds.
  void invalidate() { built_ = false; }
  const std::vector<Finisher>& all() const { return list_; }
  bool empty() const { return list_.empty(); }
  // How many crossed at or before `t` (they are all()[0 .. n)).
  std::size_t count_until(core::UtcMs t) const;
  // Finishers per contest index (sizes of the provisional place counters).
  const std::vector<std::size_t>& per_contest() const { return per_contest_; }

 private:
  // What the list was built from: contest, participants, each point's ranking stamp.
  std::vector<race::RaceSnapshot::RankingStamp> stamps(const race::RaceSnapshot& race,
                                                       int contest) const;

  std::vector<Finisher> list_;
  std::vector<std::size_t> per_contest_;
  bool built_ = false;
  int contest_ = -1;
  std::uint64_t participants_ = 0;
  std::vector<race::RaceSnapshot::RankingStamp> stamps_;
};

// Provisional places: 1 + the finishers of the same contest who had crossed by an instant
// with a strictly better time (ties share a place). Sweeps forward in time only.
class ProvisionalPlaces {
 public:
  ProvisionalPlaces() = default;
  explicit ProvisionalPlaces(const FinisherList& list);
  // Counts every finisher who crossed at or before `t`; `t` must not decrease.
  void advance_to(core::UtcMs t);
  int place_of(const Finisher& f) const;

 private:
  const FinisherList* list_ = nullptr;
  std::size_t next_ = 0;                 // first finisher not yet counted
  std::vector<std::vector<int>> trees_;  // per contest: Fenwick tree over `rank`
};

// A country chip's look, read once per frame: keys `<key>.font`, `.fill`, `.padding`,
// `.radius` (the keys country_chip() reads when `key` is "country"), sizes × `scale`.
struct ChipStyle {
  render::TextStyle font;
  render::Color fill{1, 1, 1, 0.15f};
  float padding = 8;
  float radius = 4;
  friend bool operator==(const ChipStyle&, const ChipStyle&) = default;
};
ChipStyle read_chip_style(const scene::Look& look, std::string_view key, float scale = 1);
// Width of the chip for `code` (0 when empty), without drawing it.
float chip_width(render::Canvas& canvas, std::string_view code, const ChipStyle& style);
// Draws country_chip()'s chip from a style read beforehand; returns its width.
float draw_chip(render::Canvas& canvas, const render::Rect& r, std::string_view code,
                const ChipStyle& style);

// stale_badge() above `panel` when there is room inside the safe area, otherwise just
// below it (a panel at the top of the safe area keeps its badge readable on air).
void stale_badge_clear_of(render::Canvas& canvas, const scene::Frame& frame,
                          const scene::Look& look, const render::Rect& panel);

}  // namespace overlays
