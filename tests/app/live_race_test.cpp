// LiveRace keeps its own compact copy of a bundle's events: replayed to any instant, its
// race is the one a model fed the bundle's events up to that instant holds.
#include <catch2/catch.hpp>

#include "common.h"
#include "live_race.h"
#include "race/results.h"

namespace live_race_test {

namespace {

std::string describe(const std::vector<race::ResultRow>& rows) {
  std::string out;
  for (const auto& r : rows) {
    out += r.bib + " " + r.status + " " + r.last_point + " " +
           std::to_string(r.net_time ? r.net_time->count() : -1) + " " +
           std::to_string(r.gun_time ? r.gun_time->count() : -1) + " " +
           std::to_string(r.overall_place) + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("live race: the packed replay equals a model fed the bundle's events", "[replay]") {
  const bundle::Bundle b = app::load_race("almaty");
  REQUIRE(b.events.size() > 50'000);
  std::size_t others = 0;
  for (const auto& e : b.events) others += std::holds_alternative<race::Passing>(e) ? 0 : 1;
  REQUIRE(others > 0);  // guns: the events kept whole are replayed in their place too

  const auto order = app::time_order(b.events);
  const core::UtcMs first = order.front().first;
  app::LiveRace live(b, first - core::Ms(1));
  race::RaceModel model(b.config, b.participants);
  std::size_t next = 0;
  for (const auto minutes : {60, 150, 240, 24 * 60}) {
    const core::UtcMs t = first + core::Ms(std::int64_t(minutes) * 60'000);
    while (next < order.size() && order[next].first <= t)
      model.apply(b.events[order[next++].second]);
    const auto expected = model.publish();
    const auto got = live.advance(t);
    INFO(minutes << " minutes after the first event");
    CHECK(got->counters().passings == expected->counters().passings);
    CHECK(got->counters().events == expected->counters().events);
    CHECK(describe(race::compute_results(*got)) == describe(race::compute_results(*expected)));
  }
  CHECK(next == order.size());
}

}  // namespace live_race_test
