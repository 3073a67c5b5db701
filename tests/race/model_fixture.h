// A small race built in code for the model tests: a 10 km (gun ranked), a 10 km ranked by
// net time with two waves, and a two-leg relay.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "race/config.h"
#include "race/event.h"
#include "race/model.h"
#include "race/participant.h"

namespace fixture {

inline core::UtcOffset kOffset{5 * 60};
inline core::Date kDate{std::chrono::year(2025), std::chrono::month(9), std::chrono::day(28)};

inline core::UtcMs at(int h, int m, double s) {
  return core::local_to_utc(
      kDate, core::Ms(static_cast<std::int64_t>((h * 3600 + m * 60 + s) * 1000)), kOffset);
}

inline std::shared_ptr<race::RaceConfig> config() {
  using namespace race;
  auto c = std::make_shared<RaceConfig>();
  c->name = "Test race";
  c->date = kDate;
  c->utc_offset = kOffset;
  c->mats = {{"start", "Start"},
             {"5K", "5 km"},
             {"X1", "Exchange"},
             {"pre", "Pre-finish"},
             {"finish", "Finish"}};
  Contest ten;
  ten.id = "10k";
  ten.name = "10 km";
  ten.distance_m = 10000;
  ten.rank_by = RankBy::gun;
  ten.gun = at(9, 0, 0);
  ten.points = {{"start", 0, PointRole::start, "START"},
                {"5K", 5000, PointRole::split, "5K"},
                {"pre", 9800, PointRole::announcer, "PRE"},
                {"finish", 10000, PointRole::finish, "FINISH"}};
  CourseRecord rec;
  rec.gender = Gender::male;
  rec.time = core::Ms(30 * 60 * 1000);
  rec.holder = "Record Holder";
  rec.country = "KAZ";
  rec.year = 2020;
  ten.records.push_back(rec);
  c->contests.push_back(ten);

  Contest net = ten;
  net.id = "10k-net";
  net.name = "10 km (net)";
  net.rank_by = RankBy::net;
  net.records.clear();
  c->contests.push_back(net);

  Contest relay;
  relay.id = "relay";
  relay.name = "Relay";
  relay.distance_m = 10000;
  relay.kind = ContestKind::relay;
  relay.gun = at(9, 0, 0);
  relay.points = {{"start", 0, PointRole::start, "START"},
                  {"X1", 5000, PointRole::split, "X1"},
                  {"finish", 10000, PointRole::finish, "FINISH"}};
  relay.legs = {{1, 5000, "X1"}, {2, 5000, "finish"}};
  c->contests.push_back(relay);

  c->waves = {{"A", "10k-net", at(9, 0, 0)}, {"B", "10k-net", at(9, 10, 0)}};
  c->categories = {{"M18-39", "Men 18-39", Gender::male, 18, 39, {}},
                   {"M40+", "Men 40+", Gender::male, 40, 200, {}},
                   {"F18-39", "Women 18-39", Gender::female, 18, 39, {}},
                   {"F40+", "Women 40+", Gender::female, 40, 200, {}}};
  return c;
}

inline race::Participant runner(std::string bib, race::Gender g, int age,
                                std::string contest = "10k", std::string wave = {}) {
  race::Participant p;
  p.bib = bib;
  p.first_name = "Runner";
  p.last_name = bib;
  p.gender = g;
  p.age = age;
  p.contest = std::move(contest);
  p.wave = std::move(wave);
  p.chips = {"C" + bib};
  return p;
}

inline race::Passing passing(std::string bib, std::string mat, core::UtcMs t,
                             std::int64_t seq = 0) {
  race::Passing p;
  p.origin = {"test", "e1", seq};
  p.bib = std::move(bib);
  p.mat = std::move(mat);
  p.time = t;
  return p;
}

}  // namespace fixture
