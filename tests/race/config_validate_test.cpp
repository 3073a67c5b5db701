// validate(): every check a race.toml author could get wrong, on configs built in code.
#include <catch2/catch.hpp>

#include <string>

#include "race/config.h"
#include "race/participant.h"

namespace config_validate_test {

using namespace std::chrono_literals;

namespace {

using race::PointRole;

race::RaceConfig valid_config() {
  race::RaceConfig c;
  c.name = "Test race";
  c.date = core::Date{std::chrono::year(2025), std::chrono::September, std::chrono::day(28)};
  c.utc_offset = core::UtcOffset{300};
  c.mats = {{"start", "Start"},
            {"5K", "5 km"},
            {"X1", "Exchange"},
            {"pre", "Pre-finish"},
            {"finish", "Finish"}};
  race::Contest ten;
  ten.id = "10k";
  ten.name = "10 km";
  ten.distance_m = 10000;
  ten.points = {{"start", 0, PointRole::start, "START"},
                {"5K", 5000, PointRole::split, "5K"},
                {"pre", 9800, PointRole::announcer, "pre"},
                {"finish", 10000, PointRole::finish, "FINISH"}};
  ten.records.push_back(
      {"course record", race::Gender::male, 28min, "A", "KAZ", 2020, {{"5K", 14min}}});
  race::Contest relay;
  relay.id = "relay";
  relay.name = "Relay";
  relay.kind = race::ContestKind::relay;
  relay.distance_m = 10000;
  relay.points = {{"start", 0, PointRole::start, "S"},
                  {"X1", 4000, PointRole::split, "X1"},
                  {"finish", 10000, PointRole::finish, "F"}};
  relay.legs = {{1, 4000, "X1"}, {2, 6000, "finish"}};
  c.contests = {ten, relay};
  c.waves = {{"W1", "10k", std::nullopt}};
  c.categories = {{"M18-39", "Men", race::Gender::male, 18, 39, {"10k"}},
                  {"OPEN", "Open", race::Gender::invalid, 0, 200, {}}};
  return c;
}

// True when validate() reports a problem for `key` whose text contains `part`.
bool has_problem(const race::RaceConfig& c, const std::string& key, const std::string& part) {
  for (const race::ConfigProblem& p : race::validate_problems(c))
    if (p.key == key && p.message.find(part) != std::string::npos) return true;
  return false;
}

std::string all_problems(const race::RaceConfig& c) {
  std::string out;
  for (const std::string& p : race::validate(c)) out += p + "\n";
  return out;
}

#define REQUIRE_PROBLEM(config, key, part)       \
  do {                                           \
    INFO(all_problems(config));                  \
    CHECK(has_problem((config), (key), (part))); \
  } while (false)

}  // namespace

TEST_CASE("validate: a good config has no problems", "[config]") {
  const race::RaceConfig c = valid_config();
  CHECK(race::validate(c).empty());
  CHECK(c.find_contest("relay") == &c.contests[1]);
  CHECK(c.find_contest("half") == nullptr);
  CHECK(c.find_mat("5K") == &c.mats[1]);
  CHECK(c.find_mat("5k") == nullptr);
  CHECK(c.find_wave("W1") == &c.waves[0]);
  CHECK(c.find_wave("W2") == nullptr);
}

TEST_CASE("validate: messages start with the key", "[config]") {
  race::RaceConfig c = valid_config();
  c.contests[0].points[1].distance_m = 0;
  const auto problems = race::validate(c);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] ==
        "contests[0].points[1].distance_m: distance 0 m of mat `5K` (contest `10k`) is not greater "
        "than the previous point's 0 m; list points in course order");
}

TEST_CASE("validate: ids are present, trimmed and unique", "[config]") {
  race::RaceConfig c = valid_config();
  c.mats[3].id = "5K";
  c.contests[1].id = "10k";
  c.waves.push_back({"W1", "10k", std::nullopt});
  c.categories[1].id = "";
  c.mats.push_back({" pad ", ""});
  REQUIRE_PROBLEM(c, "mats[3].id", "mat id `5K` is used twice (also mats[1])");
  REQUIRE_PROBLEM(c, "contests[1].id", "contest id `10k` is used twice");
  REQUIRE_PROBLEM(c, "waves[1].id", "wave id `W1` is used twice");
  REQUIRE_PROBLEM(c, "categories[1].id", "has no id");
  REQUIRE_PROBLEM(c, "mats[5].id", "spaces");
}

TEST_CASE("validate: race-wide values", "[config]") {
  race::RaceConfig c = valid_config();
  c.date = core::Date{std::chrono::year(2025), std::chrono::February, std::chrono::day(30)};
  c.utc_offset.minutes = 15 * 60;
  c.age_reference =
      core::Date{std::chrono::year(2025), std::chrono::month(13), std::chrono::day(1)};
  c.dedup_window = -1ms;
  REQUIRE_PROBLEM(c, "race.date", "not a valid calendar date");
  REQUIRE_PROBLEM(c, "race.utc_offset", "outside");
  REQUIRE_PROBLEM(c, "race.age_reference", "not a valid");
  REQUIRE_PROBLEM(c, "race.dedup_window_s", "negative");
}

TEST_CASE("validate: contest distance, kind and rank", "[config]") {
  race::RaceConfig c = valid_config();
  c.contests[0].distance_m = 0;
  c.contests[0].kind = race::ContestKind::invalid;
  c.contests[0].rank_by = race::RankBy::invalid;
  REQUIRE_PROBLEM(c, "contests[0].distance_m", "must be positive");
  REQUIRE_PROBLEM(c, "contests[0].kind", "individual or relay");
  REQUIRE_PROBLEM(c, "contests[0].rank_by", "gun or net");
}

TEST_CASE("validate: points need a start and a finish", "[config]") {
  race::RaceConfig c = valid_config();
  c.contests[0].points.resize(1);
  REQUIRE_PROBLEM(c, "contests[0].points", "needs at least a start and a finish");

  c = valid_config();
  c.contests[0].points[0].distance_m = 10;
  c.contests[0].points[0].role = PointRole::split;
  c.contests[0].points[3].role = PointRole::announcer;
  c.contests[0].points[3].distance_m = 10001;
  REQUIRE_PROBLEM(c, "contests[0].points[0].distance_m", "it must be at 0 m");
  REQUIRE_PROBLEM(c, "contests[0].points[0].role", "must have role start, not split");
  REQUIRE_PROBLEM(c, "contests[0].points[3].role", "must have role finish, not announcer");
  REQUIRE_PROBLEM(c, "contests[0].points[3].distance_m", "the contest is 10000 m long");

  c = valid_config();
  c.contests[0].points[1].role = PointRole::finish;
  c.contests[0].points[2].role = PointRole::invalid;
  REQUIRE_PROBLEM(c, "contests[0].points[1].role", "in the middle of the course");
  REQUIRE_PROBLEM(c, "contests[0].points[2].role", "has no role");
}

TEST_CASE("validate: points are in order, known, unique and not too many", "[config]") {
  race::RaceConfig c = valid_config();
  c.contests[0].points[2].distance_m = 4000;
  c.contests[0].points[1].mat = "5km";
  REQUIRE_PROBLEM(c, "contests[0].points[2].distance_m",
                  "is not greater than the previous point's 5000 m");
  REQUIRE_PROBLEM(c, "contests[0].points[1].mat",
                  "mat `5km` (contest `10k`) is not listed under [[mats]]");

  c = valid_config();
  c.contests[0].points[2].mat = "5K";
  REQUIRE_PROBLEM(c, "contests[0].points[2].mat", "appears twice (also points[1])");

  c = valid_config();
  c.contests[0].points[1].role = PointRole::announcer;
  REQUIRE_PROBLEM(c, "contests[0].points[2].role", "more than one announcer point");

  c = valid_config();
  auto& pts = c.contests[0].points;
  pts.erase(pts.begin() + 1, pts.end() - 1);
  for (int i = 1; i <= race::kMaxContestPoints - 2; ++i) {
    c.mats.push_back({"m" + std::to_string(i), ""});
    pts.insert(pts.end() - 1, {"m" + std::to_string(i), i * 500, PointRole::split, ""});
  }
  c.contests[0].records[0].splits.clear();
  CHECK(race::validate(c).empty());
  c.mats.push_back({"one-more", ""});
  pts.insert(pts.end() - 1, {"one-more", 9900, PointRole::split, ""});
  REQUIRE_PROBLEM(c, "contests[0].points", "at most 16 are supported");
}

TEST_CASE("validate: relay legs", "[config]") {
  race::RaceConfig c = valid_config();
  c.contests[1].legs.clear();
  REQUIRE_PROBLEM(c, "contests[1].legs", "has no legs");

  c = valid_config();
  c.contests[1].legs[0].distance_m = 5000;
  REQUIRE_PROBLEM(c, "contests[1].legs[0].end_mat",
                  "at 4000 m, but the legs so far add up to 5000 m");
  REQUIRE_PROBLEM(c, "contests[1].legs", "add up to 11000 m but the contest is 10000 m long");

  c = valid_config();
  c.contests[1].legs[0].end_mat = "5K";
  c.contests[1].legs[1].number = 3;
  REQUIRE_PROBLEM(c, "contests[1].legs[0].end_mat", "not one of the contest's points");
  REQUIRE_PROBLEM(c, "contests[1].legs[1]", "is numbered 3");

  c = valid_config();
  c.contests[1].legs = {{1, 4000, "X1"}, {2, 0, "X1"}, {3, 6000, "finish"}};
  REQUIRE_PROBLEM(c, "contests[1].legs[1].distance_m", "must be positive");

  c = valid_config();
  c.contests[1].legs = {{1, 4000, "X1"}};
  c.contests[1].distance_m = 4000;
  c.contests[1].points.back().distance_m = 4000;
  c.contests[1].points.erase(c.contests[1].points.begin() + 1);
  c.contests[1].legs[0].end_mat = "finish";
  CHECK(race::validate(c).empty());
  c.contests[1].points.insert(c.contests[1].points.begin() + 1, {"X1", 4000, PointRole::split, ""});
  c.contests[1].points.back().distance_m = 6000;
  c.contests[1].distance_m = 6000;
  c.contests[1].legs = {{1, 4000, "X1"}, {2, 2000, "start"}};
  REQUIRE_PROBLEM(c, "contests[1].legs[1].end_mat", "must end at the finish mat `finish`");

  c = valid_config();
  c.contests[0].legs = {{1, 10000, "finish"}};
  REQUIRE_PROBLEM(c, "contests[0].legs", "is not a relay but has legs");
}

TEST_CASE("validate: records", "[config]") {
  race::RaceConfig c = valid_config();
  auto& r = c.contests[0].records[0];
  r.time = 0ms;
  r.country = "kz";
  r.splits = {{"X1", 10min}, {"start", 1min}, {"5K", -1ms}, {"5K", 10min}};
  REQUIRE_PROBLEM(c, "contests[0].records[0].time", "has no time");
  REQUIRE_PROBLEM(c, "contests[0].records[0].country", "3-letter code");
  REQUIRE_PROBLEM(c, "contests[0].records[0].splits",
                  "`X1` (contest `10k`) names a mat that is not");
  REQUIRE_PROBLEM(c, "contests[0].records[0].splits", "start mat");
  REQUIRE_PROBLEM(c, "contests[0].records[0].splits", "must be positive");
  REQUIRE_PROBLEM(c, "contests[0].records[0].splits", "is given twice");

  c = valid_config();
  c.contests[0].records[0].splits = {{"5K", 29min}};
  REQUIRE_PROBLEM(c, "contests[0].records[0].splits", "not longer than the record time");
}

TEST_CASE("validate: waves and categories", "[config]") {
  race::RaceConfig c = valid_config();
  c.waves[0].contest = "half";
  c.categories[0].min_age = 40;
  c.categories[0].max_age = 39;
  c.categories[1].min_age = -1;
  c.categories[1].contests = {"10k", "5k"};
  REQUIRE_PROBLEM(c, "waves[0].contest", "wave `W1` names contest `half`, which is not defined");
  REQUIRE_PROBLEM(c, "categories[0].max_age", "min_age 40 above max_age 39");
  REQUIRE_PROBLEM(c, "categories[1].min_age", "negative");
  REQUIRE_PROBLEM(c, "categories[1].contests", "names contest `5k`");
}

TEST_CASE("enum names parse back", "[config]") {
  using race::Gender;
  for (Gender g : {Gender::male, Gender::female, Gender::nonbinary})
    CHECK(race::parse_gender(race::to_string(g)) == g);
  CHECK(race::parse_gender("female") == Gender::female);
  CHECK(race::parse_gender("MALE") == Gender::male);
  CHECK(race::parse_gender("f") == Gender::female);
  CHECK(race::parse_gender("NonBinary") == Gender::nonbinary);
  CHECK(race::parse_gender("") == Gender::invalid);
  CHECK(race::parse_gender("W") == Gender::invalid);
  CHECK(race::to_string(Gender::invalid).empty());
  for (auto r : {race::RankBy::gun, race::RankBy::net})
    CHECK(race::parse_rank_by(race::to_string(r)) == r);
  CHECK(race::parse_rank_by("chip") == race::RankBy::invalid);
  for (auto r : {PointRole::start, PointRole::split, PointRole::announcer, PointRole::finish})
    CHECK(race::parse_point_role(race::to_string(r)) == r);
  CHECK(race::parse_point_role("") == PointRole::invalid);
  for (auto k : {race::ContestKind::individual, race::ContestKind::relay})
    CHECK(race::parse_contest_kind(race::to_string(k)) == k);
  CHECK(race::parse_contest_kind("team") == race::ContestKind::invalid);
}

TEST_CASE("derive_category: gender, age and contest", "[config]") {
  const race::RaceConfig c = valid_config();
  race::Participant p;
  p.gender = race::Gender::male;
  p.contest = "10k";
  CHECK(race::derive_category(c, p).empty());  // no age, no birth date
  p.age = 30;
  CHECK(race::derive_category(c, p) == "M18-39");
  p.age = 40;
  CHECK(race::derive_category(c, p) == "OPEN");
  p.age = 18;
  p.contest = "relay";  // M18-39 is for the 10k only
  CHECK(race::derive_category(c, p) == "OPEN");
  p.contest = "10k";
  p.gender = race::Gender::female;
  CHECK(race::derive_category(c, p) == "OPEN");
  p.gender = race::Gender::male;
  p.age = -1;
  p.birth_date = core::Date{std::chrono::year(1985), std::chrono::September, std::chrono::day(29)};
  CHECK(race::derive_category(c, p) == "M18-39");  // 39 on race day, 40 the day after
  race::RaceConfig later = c;
  later.age_reference =
      core::Date{std::chrono::year(2025), std::chrono::December, std::chrono::day(31)};
  CHECK(race::derive_category(later, p) == "OPEN");
}

TEST_CASE("display_name joins first and last names", "[config]") {
  race::Participant p;
  p.first_name = "Айгерим";
  p.last_name = "Сәрсенова";
  CHECK(p.display_name() == "Айгерим Сәрсенова");
  p.first_name.clear();
  CHECK(p.display_name() == "Сәрсенова");
  p.first_name = "Ilia";
  p.last_name.clear();
  CHECK(p.display_name() == "Ilia");
}

}  // namespace config_validate_test
