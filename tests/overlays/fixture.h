// Test fixture for overlays: the Almaty sample race as of any instant, a race built in
// code, and one overlay drawn through the real Scene onto a null canvas (Canvas + the real
// TextEngine, no GL), with layout checks on the recorded DrawList.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/almaty.h"
#include "common/race_fixture.h"
#include "race/model.h"
#include "render/canvas.h"
#include "render/text.h"
#include "scene/look_store.h"

namespace overlay_test {

// The Almaty race at full scale, seed 2025 (what `pacecast ... almaty` uses).
using race_fixture::almaty_config;
using race_fixture::almaty_race;
using race_fixture::local;
// The sample race with every event up to and including that local time applied.
race::SnapshotPtr almaty_at(std::string_view hhmmss);
// A race built in code: events are applied in the order given.
race::SnapshotPtr make_snapshot(std::shared_ptr<const race::RaceConfig> config,
                                std::vector<race::Participant> participants,
                                const std::vector<race::Event>& events);

render::TextEngine& text_engine();  // one per process (bundled fonts)
scene::LookStore& looks();          // the embedded default looks and theme

struct DrawOptions {
  int width = 1920, height = 1080;
  bool stale = false;
  core::Ms on_air{60'000};  // the overlay was taken on air this long before `now`
  std::map<std::string, std::string> params;
};
// Draws one overlay on air at `now` through a fresh Scene. Throws scene::ParamError from
// configure() as the app would see it.
render::DrawList draw(std::string_view kind, const race::SnapshotPtr& race, core::UtcMs now,
                      const DrawOptions& options = {});

// The text ops of a list, in drawing order.
std::vector<const render::TextOp*> texts(const render::DrawList& list);
// The first text op whose shown text contains `part`, or nullptr.
const render::TextOp* find_text(const render::DrawList& list, std::string_view part);
// Everything that would look broken: ops reaching outside the output, text outside the
// title-safe area (5% each side; outside the screen when `text_in_safe_area` is false, for
// full-screen boards and edge-to-edge tickers), text ops overlapping each other, text with
// characters no font has. Empty when the layout is clean. `slack` is in output pixels.
std::vector<std::string> layout_problems(const render::DrawList& list,
                                         bool text_in_safe_area = true, float slack = 1.0f);
// Output-pixel bounds of a text op (after its transform).
render::Rect text_bounds(const render::DrawOp& op);

// --- shared checks ------------------------------------------------------------------------
// Every op of a list as text (size, transform, opacity, clip, content, fill), to compare
// two draws exactly and to print a layout when a check fails.
std::string describe(const render::DrawList& list);
// layout_problems() one per line; empty when the layout is clean.
std::string all_problems(const render::DrawList& list, bool text_in_safe_area = true);
// The layout problems of `kind` drawn with `options` at a portrait big screen (1080×1920),
// 4K (3840×2160) and 720p, each prefixed with its size; empty when all three are clean.
std::string problems_at_other_sizes(std::string_view kind, const race::SnapshotPtr& race,
                                    core::UtcMs now, DrawOptions options);
// The text op showing exactly `text`, or nullptr.
const render::DrawOp* exact(const render::DrawList& list, std::string_view text);
// DrawOptions with these parameters and everything else default.
DrawOptions params(std::map<std::string, std::string> p);
// The ParamError message configure() gives for these parameters, or "no error".
std::string param_error(std::string_view kind, const race::SnapshotPtr& race, core::UtcMs now,
                        std::map<std::string, std::string> p);

// --- expected text, written here independently of the overlays ----------------------------
// Race time as a broadcast shows it: whole seconds, truncated, "1:02:03" or "2:03"; the
// sign is dropped (callers say ahead or behind).
std::string hms(core::Ms t);
// Gap behind: "+12" under a minute, else "+2:03" / "+1:02:03"; "+0" for zero.
std::string gap_text(core::Ms g);
// Ordinal place: "1st", "2nd", "11th", "23rd".
std::string nth(int n);
// The last name upper-cased, any script.
std::string last_upper(const race::Participant& p);
// Broadcast name: "First LAST".
std::string full_name(const race::Participant& p);
// A runner of the model fixture's race with these names and country ("" keeps the default).
race::Participant named_runner(std::string bib, std::string first, std::string last,
                               race::Gender gender, int age = 30, std::string country = {});

// --- whole draws --------------------------------------------------------------------------
// What is wrong with the overlay's stale-feed badge at one instant: drawn with the feed
// stale it must show DATA DELAYED with a clean layout, drawn fresh it must not. Empty when
// both hold.
std::string stale_badge_problems(std::string_view kind, const race::SnapshotPtr& race,
                                 core::UtcMs now, DrawOptions options);
// One scene (1920x1080) taken at `take`, drawn at each of `before` and then at `now`: the
// list of the last draw, to compare with a fresh draw at `now`.
render::DrawList draw_after(std::string_view kind, const race::SnapshotPtr& race,
                            const std::map<std::string, std::string>& params, core::UtcMs take,
                            const std::vector<core::UtcMs>& before, core::UtcMs now);
// The overlay taken a minute before `now` with a looks directory holding `<kind>.toml` =
// `look_toml` (over the embedded looks), drawn at `now` with the feed stale.
render::DrawList draw_stale_with_look(std::string_view kind, const race::SnapshotPtr& race,
                                      core::UtcMs now,
                                      const std::map<std::string, std::string>& params,
                                      std::string_view look_toml);

}  // namespace overlay_test
