// Helpers every overlay uses: placing a box in the safe area from its look, panels,
// country chips, the stale-feed badge, parameter lookups and time formatting.
// Pure functions of their arguments; engine thread (they draw on a Canvas).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "race/snapshot.h"
#include "render/canvas.h"
#include "scene/look.h"
#include "scene/overlay.h"

namespace overlays {

// --- formatting ---------------------------------------------------------------------------
// Race time: "2:08:48", or "28:15" under an hour.
std::string format_time(core::Ms t);
// Gap behind: "+12", "+1:02", "+1:02:03"; "" for zero.
std::string format_gap(core::Ms gap);
// Pace per km: "3:02".
std::string format_pace(core::Ms per_km);
// Clock of day in race-local time: "08:15:03".
std::string format_clock(core::UtcMs t, const race::RaceConfig& race);
// Broadcast name: "Eliud KIPCHOGE" (last name upper-cased, any script); "First Last"
// when `upper_last` is false.
std::string display_name(const race::Participant& p, bool upper_last);
// Ordinal place for small labels: "1st", "2nd", "23rd".
std::string ordinal(int place);
// Zero-padded to two digits, for minutes and seconds: "07".
std::string two_digits(std::int64_t v);

// --- layout -------------------------------------------------------------------------------
// A box of `size` placed from look keys `<key>.anchor` (top-left, top-center, top-right,
// center-left, center, center-right, bottom-left, bottom-center, bottom-right; default
// `anchor`) and `<key>.x`/`<key>.y` offsets (design units, towards the screen centre), inside
// the frame's safe area.
render::Rect place(const scene::Frame& frame, const scene::Look& look, std::string_view key,
                   render::Vec2 size, std::string_view anchor = "top-left");

// --- drawing ------------------------------------------------------------------------------
// A panel box in the look's `key` style (falls back to the theme's "$panel").
void panel(render::Canvas& canvas, const render::Rect& r, const scene::Look& look,
           std::string_view key = "panel");
// A three-letter country code on a chip, vertically centred in `r` at its left; returns
// the width used (0 when `code` is empty).
float country_chip(render::Canvas& canvas, const render::Rect& r, std::string_view code,
                   const scene::Look& look);
// When the feed is stale and the look's `stale.show` (theme default true) is on: a badge
// above the top-right corner of `anchor` reading `stale.text`.
void stale_badge(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look,
                 const render::Rect& anchor);
// A small up/down arrow with the number of places gained (> 0) or lost (< 0) in `r`.
void place_change(render::Canvas& canvas, const render::Rect& r, int gained,
                  const scene::Look& look);
// place_change()'s colours and font (`$colors.up`, `$colors.down`, `$fonts.small`), read
// once so a list overlay does not read its look per row.
struct ChangeStyle {
  render::Color up{0.22f, 0.85f, 0.54f, 1};
  render::Color down{1, 0.36f, 0.36f, 1};
  render::TextStyle font;
};
ChangeStyle read_change_style(const scene::Look& look);
// place_change() with a style read before.
void draw_place_change(render::Canvas& canvas, const render::Rect& r, int gained,
                       const ChangeStyle& style);

// --- parameters ---------------------------------------------------------------------------
// The contest named by parameter `name` (default: `fallback`, or the first contest).
// Throws ParamError listing the race's contests.
int contest_param(const scene::Params& params, const race::RaceSnapshot& race,
                  std::string_view name = "contest", std::string_view fallback = {});
// A point of a contest by mat id or label ("5K", "finish"), or race::kLive for "live".
// Throws ParamError listing the contest's mats.
int point_param(const scene::Params& params, const race::RaceSnapshot& race, int contest,
                std::string_view name = "point", std::string_view fallback = "live");
// A runner by bib. Throws ParamError when the bib is not registered.
race::RunnerId bib_param(const scene::Params& params, const race::RaceSnapshot& race,
                         std::string_view name = "bib");

}  // namespace overlays
