// The terminal standings board that `pacecast replay` prints: per contest the live top N
// with gaps, relay teams, and the marathon leaders against the course records.
// Pure formatting of an immutable snapshot; safe from any thread.
#pragma once

#include <string>

#include "race/snapshot.h"

namespace app {

struct BoardOptions {
  std::size_t top = 5;
  core::UtcMs now{};  // race time shown in the header
  double speed = 0;   // replay speed, 0 when not replaying in real time
};

std::string format_board(const race::RaceSnapshot& snapshot, const BoardOptions& options);

}  // namespace app
