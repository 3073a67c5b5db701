#include <catch2/catch.hpp>

#include <cmath>

#include "model_fixture.h"
#include "race/model.h"
#include "race/projection.h"
#include "race/relay.h"

namespace projection_test {

using namespace race;
using fixture::at;
using fixture::passing;
using fixture::runner;

namespace {
core::Ms mins(double m) {
  return core::Ms(static_cast<std::int64_t>(std::llround(m * 60000)));
}
}  // namespace

TEST_CASE("projections: Riegel from one split, blended after two, actual when finished",
          "[projection]") {
  RaceModel m(fixture::config(), {runner("1", Gender::male, 30)});
  m.apply(passing("1", "start", at(9, 0, 0)));
  auto s = m.publish();
  const RunnerId id = *s->find_bib("1");
  CHECK_FALSE(project_finish(*s, id));  // no split yet

  m.apply(passing("1", "5K", at(9, 20, 0)));
  s = m.publish();
  auto p = project_finish(*s, id);
  REQUIRE(p);
  CHECK(p->method == ProjectionMethod::riegel);
  // 20:00 * 2^1.06
  CHECK(p->net == core::Ms(std::llround(1200000.0 * std::pow(2.0, 1.06))));

  m.apply(passing("1", "pre", at(9, 41, 0)));  // 4800 m in 21:00: slower
  s = m.publish();
  p = project_finish(*s, id);
  REQUIRE(p);
  CHECK(p->method == ProjectionMethod::blended);
  const double seg = 21.0 * 60000 / 4800, avg = 41.0 * 60000 / 9800;
  CHECK(p->by_last_split == mins(41) + core::Ms(std::llround(200 * seg)));
  CHECK(p->by_average == mins(41) + core::Ms(std::llround(200 * avg)));
  CHECK(p->net == mins(41) + core::Ms(std::llround(200 * (0.6 * seg + 0.4 * avg))));
  CHECK(p->gun == p->net);
  CHECK(last_segment_pace(*s, id) == core::Ms(std::llround(seg * 1000)));
  CHECK(average_pace(*s, id) == core::Ms(std::llround(avg * 1000)));

  m.apply(passing("1", "finish", at(9, 42, 10)));
  s = m.publish();
  p = project_finish(*s, id);
  REQUIRE(p);
  CHECK(p->method == ProjectionMethod::finished);
  CHECK(p->net == core::Ms((42 * 60 + 10) * 1000));
}

TEST_CASE("estimated position between mats", "[projection]") {
  RaceModel m(fixture::config(), {runner("1", Gender::male, 30)});
  m.apply(passing("1", "start", at(9, 0, 0)));
  m.apply(passing("1", "5K", at(9, 20, 0)));
  auto s = m.publish();
  const RunnerId id = *s->find_bib("1");
  CHECK(*estimate_position_m(*s, id, at(9, 10, 0)) == Approx(2500));  // between reads
  CHECK(*estimate_position_m(*s, id, at(8, 50, 0)) == Approx(0));
  const double ahead = *estimate_position_m(*s, id, at(9, 24, 0));
  CHECK(ahead > 5000);
  CHECK(ahead < 6000);  // slower than 4:00/km under Riegel
  CHECK(*estimate_position_m(*s, id, at(11, 0, 0)) == Approx(9800));  // never past an unread mat
}

TEST_CASE("record pace: delta at a mat, the ghost, projected finish", "[projection]") {
  auto config = fixture::config();
  RaceModel m(config, {runner("1", Gender::male, 30)});
  m.apply(passing("1", "start", at(9, 0, 0)));
  m.apply(passing("1", "5K", at(9, 14, 40)));
  auto s = m.publish();
  const Contest& c = config->contests[0];
  const CourseRecord* rec = find_record(c, Gender::male);
  REQUIRE(rec);
  CHECK(find_record(c, Gender::female) == nullptr);
  CHECK(record_time_at(c, *rec, 5000) == mins(15));
  CHECK(record_position_m(c, *rec, mins(15)) == Approx(5000));
  CHECK(record_position_m(c, *rec, mins(45)) == Approx(10000));  // capped at the finish
  auto rp = record_pace(*s, *s->find_bib("1"), *rec);
  REQUIRE(rp);
  CHECK(rp->point == 1);
  CHECK(rp->delta == core::Ms(-20000));  // 20 s ahead of record pace
  REQUIRE(rp->projected_delta);
  CHECK(*rp->projected_delta > core::Ms(-40000));  // Riegel slows the projection

  SECTION("record splits replace even pace where configured") {
    CourseRecord with_splits = *rec;
    with_splits.splits = {{"5K", mins(14.5)}};
    CHECK(record_time_at(c, with_splits, 5000) == mins(14.5));
    CHECK(record_time_at(c, with_splits, 2500) == mins(7.25));
    CHECK(record_time_at(c, with_splits, 7500) == mins(14.5 + 7.75));
    CHECK(record_position_m(c, with_splits, mins(14.5)) == Approx(5000));
    auto rp2 = record_pace(*s, *s->find_bib("1"), with_splits);
    CHECK(rp2->delta == core::Ms(10000));  // 10 s behind the record's own 5K split
  }
}

TEST_CASE("relay: team time is the sum of legs, leg ranks, gaps at exchanges", "[relay]") {
  std::vector<Participant> people;
  for (const char* team : {"T1", "T2", "T3"}) {
    for (int leg = 1; leg <= 2; ++leg) {
      Participant p =
          runner(std::string(team) + "-" + std::to_string(leg), Gender::male, 30, "relay");
      p.team = team;
      p.leg = leg;
      people.push_back(p);
    }
  }
  RaceModel m(fixture::config(), people);
  m.apply(passing("T1-1", "X1", at(9, 18, 0)));
  m.apply(passing("T2-1", "X1", at(9, 17, 0)));
  m.apply(passing("T3-1", "X1", at(9, 20, 0)));
  m.apply(passing("T1-2", "finish", at(9, 35, 0)));  // leg 2: 17:00
  m.apply(passing("T2-2", "finish", at(9, 36, 0)));  // leg 2: 19:00
  auto s = m.publish();
  const int relay = s->contest_index("relay");
  const auto teams = relay_standings(*s, relay);
  REQUIRE(teams.size() == 3);
  CHECK(teams[0].team == "T1");
  CHECK(teams[0].place == 1);
  CHECK(teams[0].time == mins(35));
  CHECK(teams[0].current_leg == 3);  // finished
  CHECK(teams[0].leg_times[0] == mins(18));
  CHECK(teams[0].leg_times[1] == mins(17));
  CHECK(teams[0].leg_places[0] == 2);
  CHECK(teams[0].leg_places[1] == 1);
  CHECK(teams[0].exchange_gaps[0] == mins(1));
  CHECK(teams[1].team == "T2");
  CHECK(teams[1].gap == mins(1));
  CHECK(teams[1].exchange_gaps[0] == mins(0));
  CHECK(teams[2].team == "T3");
  CHECK(teams[2].place == 3);
  CHECK(teams[2].current_leg == 2);
  CHECK(teams[2].gap == mins(3));  // at the exchange
  // Relay runners are not ranked as individuals.
  CHECK(s->place(*s->find_bib("T1-2"), 2, Scope::overall) == 0);
}

}  // namespace projection_test
