// Lower third internals, exposed for tests: the items of the details line.
// Pure functions of a snapshot; any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "race/snapshot.h"

namespace overlays {

struct LowerThirdItem {
  enum class Kind : std::uint8_t { invalid, bib, country, category, club, note };
  Kind kind = Kind::invalid;
  std::string text;
};

struct LowerThirdOptions {
  bool show_bib = true;
  std::optional<std::string> note;  // replaces the participant's note when set
  std::string bib_prefix = "#";
  std::string leg_prefix = "Leg ";
  std::string separator = " · ";  // between a relay team and its leg
};

// Bib, country, category (registered, else derived), club, or for a relay runner with a
// team "Team · Leg 3", then the note: in that order, leaving out what is empty.
std::vector<LowerThirdItem> lower_third_items(const race::RaceSnapshot& race, race::RunnerId id,
                                              const LowerThirdOptions& options);

}  // namespace overlays
