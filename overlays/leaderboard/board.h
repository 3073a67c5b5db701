// Helpers shared by the list overlays (leaderboard, record pace, Ekiden board): standings as
// of the frame's instant with caching, paging through a long list, staggered row entrances
// and look reads with broadcast defaults. Candidates for overlays/common.
// Engine thread (an overlay instance owns its caches).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/look_cache.h"
#include "race/as_of.h"
#include "race/snapshot.h"
#include "render/canvas.h"
#include "scene/look.h"
#include "scene/overlay.h"

namespace overlays {

// The standings of one query as of the frame's instant. Recomputed only when the snapshot
// changes or the instant leaves the span in which nothing of the contest happened; as of
// the snapshot's last read (the live case) it is the snapshot's own standings. The result
// depends only on (snapshot, query, instant), never on which instants were asked before.
class StandingsCache {
 public:
  const std::vector<race::Standing>& at(const race::RaceSnapshot& race,
                                        const race::StandingsQuery& query, core::UtcMs now);
  // Bumps whenever at() recomputed (caches derived from the rows key on it).
  std::uint64_t generation() const { return generation_; }
  // Forgets everything (after configure()).
  void clear() { valid_ = false; }

 private:
  bool valid_ = false;
  const race::RaceSnapshot* race_ = nullptr;
  std::uint64_t version_ = 0;
  race::QuietSpan span_;
  std::vector<race::Standing> rows_;
  std::uint64_t generation_ = 0;
};

// A box style from the look with a theme fallback (`$panel`, `$header`) and a last resort.
render::BoxStyle look_box(const scene::Look& look, std::string_view key, std::string_view theme,
                          const render::Color& fill, float radius);

// Which page of a list shows at `on_air`: pages rotate every `page_ms`.
struct Page {
  int index = 0;              // 0-based
  int count = 1;              // pages with rows on them
  core::Ms since{0};          // time since this page came up
  bool first_showing = true;  // the first page on its first showing (entrance animation)
};
Page page_at(core::Ms on_air, core::Ms page_ms, int pages);

// 0 → 1 as row `i` of `n` comes in: staggered by `stagger` (0..1 of the whole entrance)
// after the one above, over the overlay's own transition, or over `flip_ms` after a page
// flip. Eased.
float row_entrance(const scene::Frame& frame, const Page& page, int i, int n, float stagger,
                   core::Ms flip_ms);

float clamp01(float t);

// A text style from the look with the given fallback size, weight and colour.
render::TextStyle look_font(const scene::Look& look, std::string_view key, float size, int weight,
                            const render::Color& color, bool tabular = false);
float look_px(const scene::Look& look, std::string_view key, float fallback);

// Theme colours with their usual defaults.
render::Color theme_color(const scene::Look& look, std::string_view key, std::string_view theme,
                          const render::Color& fallback);

// The frame and place column of a standings board (leaderboard, Ekiden board) with broadcast
// defaults: header and panel boxes, row stripe, title, header label and place fonts, and the
// text and dimmed-text colours the other columns start from.
struct BoardLook {
  render::Color text_color, dim_color, stripe;
  render::BoxStyle header, panel;
  render::TextStyle title, header_label, place, leader_place;
};
BoardLook read_board_look(const scene::Look& look);

// The point label for graphics: the contest point's label, else its mat id.
std::string point_label(const race::RaceConfig& config, int contest, int point);

// The last point before `point` with a usable read (the start too when `with_start`);
// -1 when none.
int previous_read_point(const race::RunnerState& runner, int point, bool with_start);

}  // namespace overlays
