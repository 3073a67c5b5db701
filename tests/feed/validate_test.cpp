// Race-aware event checks (feed/validate.h): unknown mats, contests and waves, times far
// from race day, reads naming no runner; and what passes.
#include <catch2/catch.hpp>

#include "feed/validate.h"

namespace validate_test {

namespace {

using core::Ms;
using core::UtcMs;

race::RaceConfig config() {
  race::RaceConfig c;
  c.name = "Almaty Marathon";
  c.date = core::Date{std::chrono::year(2025), std::chrono::month(9), std::chrono::day(28)};
  c.utc_offset = core::UtcOffset{300};
  c.mats = {{"start", "Start"}, {"5K", "5 km"}, {"finish", "Finish"}};
  race::Contest marathon;
  marathon.id = "marathon";
  c.contests.push_back(marathon);
  c.waves.push_back(race::Wave{"elite", "marathon", std::nullopt});
  return c;
}

// 2025-09-28 06:30:00.250 in Almaty (+05:00).
const UtcMs kMorning{Ms(1759023000250)};

race::Event passing(std::string mat, UtcMs time, std::string bib = "12") {
  race::Passing p;
  p.origin = race::Origin{"feed", "e1", 17};
  p.mat = std::move(mat);
  p.bib = std::move(bib);
  p.time = time;
  return race::Event(p);
}

std::string code_of(const race::Event& e) {
  const auto error = feed::check_event(config(), e);
  return error ? error->code : std::string();
}

}  // namespace

TEST_CASE("validate: a passing on race day at a known mat passes", "[validate]") {
  CHECK(code_of(passing("5K", kMorning)).empty());
  CHECK(code_of(passing("finish", kMorning + std::chrono::hours(8))).empty());
  // Within 12 h of the local day: the evening before, the small hours after.
  CHECK(code_of(passing("start", kMorning - std::chrono::hours(16))).empty());
  CHECK(code_of(passing("start", kMorning + std::chrono::hours(28))).empty());
}

TEST_CASE("validate: unknown mats and implausible times are named", "[validate]") {
  const auto unknown = feed::check_event(config(), passing("30K", kMorning));
  REQUIRE(unknown);
  CHECK(unknown->code == "unknown_point");
  CHECK_THAT(unknown->message, Catch::Contains("passing seq 17: point `30K`"));
  CHECK_THAT(unknown->message, Catch::Contains("mats: start, 5K, finish"));

  const auto early = feed::check_event(config(), passing("5K", kMorning - std::chrono::hours(20)));
  REQUIRE(early);
  CHECK(early->code == "implausible_time");
  CHECK_THAT(early->message, Catch::Contains("race day 2025-09-28"));
  CHECK_THAT(early->message, Catch::Contains("clock"));
  CHECK(code_of(passing("5K", kMorning + std::chrono::hours(24 * 365))) == "implausible_time");
  CHECK(code_of(passing("5K", kMorning, "")) == "bad_value");  // no bib, no chip
}

TEST_CASE("validate: guns name known contests and waves", "[validate]") {
  race::GunEvent g;
  g.contest = "marathon";
  g.time = kMorning;
  CHECK(code_of(race::Event(g)).empty());
  g.wave = "elite";
  CHECK(code_of(race::Event(g)).empty());
  g.wave = "masters";
  CHECK(code_of(race::Event(g)) == "unknown_wave");
  g.contest = "ultra";
  g.wave.clear();
  CHECK(code_of(race::Event(g)) == "unknown_contest");
  g.contest = "marathon";
  g.time = UtcMs(Ms(0));
  CHECK(code_of(race::Event(g)) == "implausible_time");
}

TEST_CASE("validate: statuses, corrections and entries", "[validate]") {
  race::StatusChange s;
  s.bib = "12";
  s.status = race::RunnerStatus::dnf;
  CHECK(code_of(race::Event(s)).empty());
  s.bib.clear();
  CHECK(code_of(race::Event(s)) == "bad_value");

  race::Correction c;
  c.target_seq = 3;
  c.action = race::Correction::Action::void_passing;
  CHECK(code_of(race::Event(c)).empty());
  c.action = race::Correction::Action::adjust_time;
  c.new_time = kMorning;
  CHECK(code_of(race::Event(c)).empty());
  c.new_time = UtcMs(Ms(0));
  CHECK(code_of(race::Event(c)) == "implausible_time");

  race::Participant p;
  p.bib = "999";  // unknown bibs are the model's business, not the feed's
  CHECK(code_of(race::Event(race::ParticipantUpdate{{}, "", p})).empty());
  const feed::EventCheck check = feed::make_event_check(config());
  CHECK(check(passing("5K", kMorning)) == std::nullopt);
  CHECK(check(passing("6K", kMorning))->code == "unknown_point");
}

}  // namespace validate_test
