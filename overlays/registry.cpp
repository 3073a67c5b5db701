#include "overlays/registry.h"

#include "common/kinds.h"

extern const std::string_view kDefaultTheme;

namespace overlays {

const std::vector<scene::OverlayKind>& kinds() {
  static const std::vector<scene::OverlayKind> all = [] {
    std::vector<scene::OverlayKind> v;
    v.push_back(leaderboard_kind());
    v.push_back(split_card_kind());
    v.push_back(record_pace_kind());
    v.push_back(race_clock_kind());
    v.push_back(lower_third_kind());
    v.push_back(ticker_kind());
    v.push_back(finish_board_kind());
    v.push_back(ekiden_board_kind());
    v.push_back(callout_kind());
    return v;
  }();
  return all;
}

std::string_view default_theme() {
  return kDefaultTheme;
}

std::vector<scene::LookSource> look_sources() {
  std::vector<scene::LookSource> v;
  for (const auto& k : kinds()) v.push_back({k.name, k.default_look});
  return v;
}

}  // namespace overlays
