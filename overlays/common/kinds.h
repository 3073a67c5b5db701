// One factory per overlay kind, defined in overlays/<kind>/<kind>.cpp, and the helper they
// fill their OverlayKind with. Built once at start-up (registry), read-only afterwards.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scene/overlay.h"

namespace overlays {

scene::OverlayKind leaderboard_kind();   // overlays/leaderboard
scene::OverlayKind split_card_kind();    // overlays/split_card
scene::OverlayKind record_pace_kind();   // overlays/record_pace
scene::OverlayKind race_clock_kind();    // overlays/race_clock
scene::OverlayKind lower_third_kind();   // overlays/lower_third
scene::OverlayKind ticker_kind();        // overlays/ticker
scene::OverlayKind finish_board_kind();  // overlays/finish_board
scene::OverlayKind ekiden_board_kind();  // overlays/ekiden_board
scene::OverlayKind callout_kind();       // overlays/callout

// A kind whose instances are default-constructed `T`s, with its default look (look.toml).
template <class T>
scene::OverlayKind make_kind(std::string name, std::string description, std::string_view look,
                             std::vector<scene::ParamSpec> params) {
  scene::OverlayKind k;
  k.name = std::move(name);
  k.description = std::move(description);
  k.params = std::move(params);
  k.default_look = look;
  k.make = [] { return std::make_unique<T>(); };
  return k;
}

}  // namespace overlays
