// How far a runner's data can be trusted before an announcer says their name: official,
// provisional, interpolated, or weak (with the reason). Pure; any thread, immutable snapshot.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "race/snapshot.h"

namespace announcer {

enum class Provenance : std::uint8_t {
  invalid,
  official,      // finished and every mat of the contest read: the results are final
  provisional,   // the reads so far are consistent
  interpolated,  // one missed mat, filled in from the reads either side
  weak,          // an impossible read, two or more missed mats in a row, extra reads, a status
};
std::string_view to_string(Provenance p);  // "official", "provisional", "interpolated", "weak"

// A weak runner is still listed (marked) but never offered as a normal callout.
bool callable(Provenance p);

struct ProvenanceInfo {
  Provenance kind = Provenance::invalid;
  std::string reason;  // for people: "no read at 25K and 30K: course cut?"; empty when clean
};

ProvenanceInfo provenance(const race::RaceSnapshot& s, race::RunnerId id);

}  // namespace announcer
