// Ekiden board internals, exposed for tests: the leg column and the line of gaps at the
// latest exchange. Pure functions of relay standings; any thread.
#pragma once

#include <string>
#include <vector>

#include "race/relay.h"

namespace overlays {

// "LEG 3/6" while a runner of the team is on the course, "FIN" once the team finished, the
// status ("DNF") for a team with one, "" before the team's first read.
std::string leg_text(const race::TeamStanding& team, int legs);

// The latest exchange the leading team has passed (0-based leg index whose end it reached),
// or -1 before the first exchange.
int latest_exchange(const std::vector<race::TeamStanding>& teams);

struct ExchangeGap {
  std::string team;
  core::Ms gap{0};  // behind the first team through that exchange
};
// Teams through exchange `leg` (leg index) in the order they passed it, at most `limit`.
std::vector<ExchangeGap> exchange_gaps(const std::vector<race::TeamStanding>& teams, int leg,
                                       std::size_t limit);

}  // namespace overlays
