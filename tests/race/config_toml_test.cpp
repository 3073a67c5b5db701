// race.toml parsing, writing and error reporting.
#include <catch2/catch.hpp>

#include <string>

#include "core/error.h"
#include "race/config_toml.h"

namespace config_toml_test {

using namespace std::chrono_literals;

namespace {

const char* const kSample = R"(# Almaty Marathon, a small sample
[race]
name = "Almaty Marathon 2025"
date = 2025-09-28
utc_offset = "+05:00"
dedup_window_s = 120

[[mats]]
id = "start"
name = "Start, Republic Square"

[[mats]]
id = "5K"

[[mats]]
id = "X1"

[[mats]]
id = "10K"

[[mats]]
id = "pre-finish"

[[mats]]
id = "finish"
name = "Finish, Republic Square"

[[contests]]
id = "marathon"
name = "Marathon"
distance_m = 42195
gun = "06:30:00"
points = [
  { mat = "start", distance_m = 0 },
  { mat = "5K", distance_m = 5000 },
  { mat = "10K", distance_m = 10000, label = "10 KM" },
  { mat = "pre-finish", distance_m = 41995, role = "announcer" },
  { mat = "finish", distance_m = 42195, role = "finish", label = "FINISH" },
]

[[contests.records]]
gender = "M"
time = "2:19:44"
holder = "Ilia Tiapkin"
country = "KGZ"
year = 2024
splits = { "10K" = "0:33:00", "5K" = "0:16:30" }

[[contests.records]]
label = "course record"
gender = "F"
time = "2:42:44"
holder = "Alexandra Kalanova"
country = "RUS"
year = 2019

[[contests]]
id = "ekiden"
name = "Ekiden relay"
distance_m = 10000
kind = "relay"
rank_by = "net"
speed_check = false
gun = 06:35:00
points = [
  { mat = "start", distance_m = 0, role = "start" },
  { mat = "X1", distance_m = 5000 },
  { mat = "finish", distance_m = 10000, role = "finish" },
]
legs = [ { distance_m = 5000, end_mat = "X1" }, { distance_m = 5000, end_mat = "finish" } ]

[[waves]]
id = "M1"
contest = "marathon"
gun = "06:30:00"

[[waves]]
id = "M2"
contest = "marathon"
gun = 2025-09-28T06:45:00+05:00

[[categories]]
id = "M18-34"
name = "Men 18–34"
gender = "M"
min_age = 18
max_age = 34
contests = ["marathon"]

[[categories]]
id = "OPEN"
)";

core::UtcMs local(int h, int m, int s = 0) {
  return core::local_to_utc(
      core::Date{std::chrono::year(2025), std::chrono::September, std::chrono::day(28)},
      std::chrono::hours(h) + std::chrono::minutes(m) + std::chrono::seconds(s),
      core::UtcOffset{300});
}

// Parses `text` expecting a ConfigError at `line` for `key` whose text contains `part`.
void require_error(const std::string& text, int line, const std::string& key,
                   const std::string& part) {
  INFO(text);
  try {
    race::parse_race_config(text, "race.toml");
    FAIL("parsed without an error");
  } catch (const core::ConfigError& e) {
    INFO(e.what());
    CHECK(e.file() == "race.toml");
    CHECK(e.line() == line);
    CHECK(e.key() == key);
    CHECK_THAT(e.what(), Catch::Contains(part));
    const std::string prefix =
        "race.toml:" + std::to_string(line) + ": " + (key.empty() ? "" : key + ": ");
    CHECK_THAT(e.what(), Catch::StartsWith(prefix));
  }
}

const char* const kMinimal = R"([race]
name = "Test"
date = 2025-09-28
utc_offset = "+05:00"

[[mats]]
id = "start"

[[mats]]
id = "finish"

[[contests]]
id = "10k"
distance_m = 10000
points = [
  { mat = "start", distance_m = 0 },
  { mat = "finish", distance_m = 10000 },
]
)";

const std::string kPoints =
    "points = [\n  { mat = \"start\", distance_m = 0 },\n"
    "  { mat = \"finish\", distance_m = 10000 },\n]\n";

void require_same(const race::RaceConfig& a, const race::RaceConfig& b) {
  CHECK(a.name == b.name);
  CHECK(a.date == b.date);
  CHECK(a.utc_offset == b.utc_offset);
  CHECK(a.age_reference == b.age_reference);
  CHECK(a.dedup_window == b.dedup_window);
  REQUIRE(a.mats.size() == b.mats.size());
  for (std::size_t i = 0; i < a.mats.size(); ++i) {
    CHECK(a.mats[i].id == b.mats[i].id);
    CHECK(a.mats[i].name == b.mats[i].name);
  }
  REQUIRE(a.contests.size() == b.contests.size());
  for (std::size_t i = 0; i < a.contests.size(); ++i) {
    const race::Contest &x = a.contests[i], &y = b.contests[i];
    CHECK(x.id == y.id);
    CHECK(x.name == y.name);
    CHECK(x.distance_m == y.distance_m);
    CHECK(x.kind == y.kind);
    CHECK(x.rank_by == y.rank_by);
    CHECK(x.speed_check == y.speed_check);
    CHECK(x.gun == y.gun);
    REQUIRE(x.points.size() == y.points.size());
    for (std::size_t k = 0; k < x.points.size(); ++k) {
      CHECK(x.points[k].mat == y.points[k].mat);
      CHECK(x.points[k].distance_m == y.points[k].distance_m);
      CHECK(x.points[k].role == y.points[k].role);
      CHECK(x.points[k].label == y.points[k].label);
    }
    REQUIRE(x.legs.size() == y.legs.size());
    for (std::size_t k = 0; k < x.legs.size(); ++k) {
      CHECK(x.legs[k].number == y.legs[k].number);
      CHECK(x.legs[k].distance_m == y.legs[k].distance_m);
      CHECK(x.legs[k].end_mat == y.legs[k].end_mat);
    }
    REQUIRE(x.records.size() == y.records.size());
    for (std::size_t k = 0; k < x.records.size(); ++k) {
      CHECK(x.records[k].label == y.records[k].label);
      CHECK(x.records[k].gender == y.records[k].gender);
      CHECK(x.records[k].time == y.records[k].time);
      CHECK(x.records[k].holder == y.records[k].holder);
      CHECK(x.records[k].country == y.records[k].country);
      CHECK(x.records[k].year == y.records[k].year);
      CHECK(x.records[k].splits == y.records[k].splits);
    }
  }
  REQUIRE(a.waves.size() == b.waves.size());
  for (std::size_t i = 0; i < a.waves.size(); ++i) {
    CHECK(a.waves[i].id == b.waves[i].id);
    CHECK(a.waves[i].contest == b.waves[i].contest);
    CHECK(a.waves[i].gun == b.waves[i].gun);
  }
  REQUIRE(a.categories.size() == b.categories.size());
  for (std::size_t i = 0; i < a.categories.size(); ++i) {
    const race::Category &x = a.categories[i], &y = b.categories[i];
    CHECK(x.id == y.id);
    CHECK(x.name == y.name);
    CHECK(x.gender == y.gender);
    CHECK(x.min_age == y.min_age);
    CHECK(x.max_age == y.max_age);
    CHECK(x.contests == y.contests);
  }
}

// Replaces the first occurrence of `from` in `text`.
std::string edit(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("race.toml: a full sample parses with every field", "[config]") {
  const race::RaceConfig c = race::parse_race_config(kSample);
  CHECK(c.name == "Almaty Marathon 2025");
  CHECK(c.date ==
        core::Date{std::chrono::year(2025), std::chrono::September, std::chrono::day(28)});
  CHECK(c.utc_offset.minutes == 300);
  CHECK(c.dedup_window == 120s);
  CHECK(c.age_reference_date() == c.date);
  REQUIRE(c.mats.size() == 6);
  CHECK(c.mats[0].name == "Start, Republic Square");
  CHECK(c.mats[1].name == "5K");  // name defaults to the id
  REQUIRE(c.contests.size() == 2);

  const race::Contest& m = c.contests[0];
  CHECK(m.kind == race::ContestKind::individual);
  CHECK(m.rank_by == race::RankBy::gun);
  CHECK(m.speed_check);
  CHECK(m.gun == local(6, 30));
  REQUIRE(m.points.size() == 5);
  CHECK(m.points[0].role == race::PointRole::start);  // defaults by position
  CHECK(m.points[1].role == race::PointRole::split);
  CHECK(m.points[1].label == "5K");  // label defaults to the mat id
  CHECK(m.points[2].label == "10 KM");
  CHECK(m.points[3].role == race::PointRole::announcer);
  CHECK(m.points[4].role == race::PointRole::finish);
  CHECK(m.points[4].label == "FINISH");
  REQUIRE(m.records.size() == 2);
  CHECK(m.records[0].label == "course record");
  CHECK(m.records[0].gender == race::Gender::male);
  CHECK(m.records[0].time == 2h + 19min + 44s);
  CHECK(m.records[0].holder == "Ilia Tiapkin");
  CHECK(m.records[0].country == "KGZ");
  CHECK(m.records[0].year == 2024);
  REQUIRE(m.records[0].splits.size() == 2);
  CHECK(m.records[0].splits[0].first == "5K");  // back in course order
  CHECK(m.records[0].splits[0].second == 16min + 30s);
  CHECK(m.records[0].splits[1].first == "10K");

  const race::Contest& e = c.contests[1];
  CHECK(e.kind == race::ContestKind::relay);
  CHECK(e.rank_by == race::RankBy::net);
  CHECK_FALSE(e.speed_check);
  CHECK(e.gun == local(6, 35));  // a TOML local time
  REQUIRE(e.legs.size() == 2);
  CHECK(e.legs[0].number == 1);
  CHECK(e.legs[1].number == 2);
  CHECK(e.legs[1].end_mat == "finish");

  REQUIRE(c.waves.size() == 2);
  CHECK(c.waves[0].gun == local(6, 30));
  CHECK(c.waves[1].gun == local(6, 45));  // a TOML offset date-time
  REQUIRE(c.categories.size() == 2);
  CHECK(c.categories[0].name == "Men 18–34");
  CHECK(c.categories[0].gender == race::Gender::male);
  CHECK(c.categories[0].contests == std::vector<std::string>{"marathon"});
  CHECK(c.categories[1].name == "OPEN");
  CHECK(c.categories[1].gender == race::Gender::invalid);
  CHECK(c.categories[1].min_age == 0);
  CHECK(c.categories[1].max_age == 200);
}

TEST_CASE("race.toml: defaults and alternative spellings", "[config]") {
  race::RaceConfig c = race::parse_race_config(kMinimal);
  CHECK(c.dedup_window == 5min);
  CHECK_FALSE(c.age_reference);
  CHECK(c.contests[0].name == "10k");
  CHECK_FALSE(c.contests[0].gun);
  CHECK(c.contests[0].points[1].role == race::PointRole::finish);

  std::string text = edit(kMinimal, "date = 2025-09-28",
                          "date = \"2025-09-28\"\n"
                          "age_reference = \"2025-12-31\"\n"
                          "dedup_window_s = 0.5");
  text = edit(text, "distance_m = 10000\n",
              "distance_m = 10000\ngun = \"2025-09-28T07:00:00.250+05:00\"\n");
  c = race::parse_race_config(text);
  CHECK(c.date ==
        core::Date{std::chrono::year(2025), std::chrono::September, std::chrono::day(28)});
  CHECK(c.age_reference_date() ==
        core::Date{std::chrono::year(2025), std::chrono::December, std::chrono::day(31)});
  CHECK(c.dedup_window == 500ms);
  CHECK(c.contests[0].gun == local(7, 0) + 250ms);

  // Points may also be written as [[contests.points]] tables.
  text = edit(kMinimal, kPoints,
              "[[contests.points]]\nmat = \"start\"\ndistance_m = 0\n"
              "[[contests.points]]\nmat = \"finish\"\ndistance_m = 10000\n");
  c = race::parse_race_config(text);
  REQUIRE(c.contests[0].points.size() == 2);
  CHECK(c.contests[0].points[0].role == race::PointRole::start);
}

TEST_CASE("race.toml: format then parse gives the same config", "[config]") {
  const race::RaceConfig c = race::parse_race_config(kSample);
  const std::string text = race::format_race_config(c);
  INFO(text);
  require_same(race::parse_race_config(text), c);
  CHECK(race::format_race_config(race::parse_race_config(text)) == text);
}

TEST_CASE("race.toml: round trip of awkward values", "[config]") {
  race::RaceConfig c = race::parse_race_config(kMinimal);
  c.name = "Quote \" backslash \\ tab \t newline \n bell \x07 Қазақ";
  c.age_reference = core::Date{std::chrono::year(2025), std::chrono::January, std::chrono::day(1)};
  c.dedup_window = 1ms;
  c.utc_offset = core::UtcOffset{-210};
  c.mats[0].name = "";
  c.contests[0].gun = local(23, 59, 59) + 999ms;  // time of day with milliseconds
  c.contests[0].points[0].label = "";             // explicitly empty label
  c.contests[0].points[1].label = "FINISH \"line\"";
  c.contests[0].records.push_back({"national record",
                                   race::Gender::nonbinary,
                                   29min + 1ms,
                                   "",
                                   "",
                                   0,
                                   {{"finish", 29min + 1ms}}});
  c.waves.push_back({"W #1", "10k", local(0, 0) + std::chrono::hours(30)});  // next day
  c.categories.push_back({"all", "All ages", race::Gender::female, 0, 120, {"10k"}});
  const std::string text = race::format_race_config(c);
  INFO(text);
  require_same(race::parse_race_config(text), c);
}

TEST_CASE("race.toml: syntax errors name the line", "[config]") {
  require_error("[race]\nname = \"x\"\ndate = 2025-09-28\nutc_offset = \"+05:00\n", 4, "",
                "TOML syntax error");
  require_error("[race]\nname = \"x\"\nname = \"y\"\n", 3, "", "TOML syntax error");
  require_error("[race\n", 1, "", "TOML syntax error");
}

TEST_CASE("race.toml: unknown keys are rejected with a suggestion", "[config]") {
  require_error(edit(kMinimal, "distance_m = 10000\npoints", "distnce_m = 10000\npoints"), 14,
                "contests[0].distnce_m", "did you mean `distance_m`?");
  require_error(edit(kMinimal, "id = \"finish\"", "id = \"finish\"\ncolour = \"red\""), 11,
                "mats[1].colour", "unknown key `colour`");
  require_error(std::string(kMinimal) + "[timing]\nx = 1\n", 19, "timing", "unknown key");
  require_error(edit(kMinimal, "{ mat = \"start\", distance_m = 0 }",
                     "{ mat = \"start\", distance_m = 0, roll = \"start\" }"),
                16, "contests[0].points[0].roll", "did you mean `role`?");
}

TEST_CASE("race.toml: missing keys name the enclosing table's line", "[config]") {
  require_error("[race]\nname = \"x\"\nutc_offset = \"+05:00\"\n", 1, "race.date", "missing");
  require_error("x = 1\n", 1, "x", "unknown key");
  require_error("[[mats]]\nid = \"a\"\n", 1, "race", "missing the [race] table");
  require_error(edit(kMinimal, "id = \"10k\"\n", ""), 12, "contests[0].id", "missing");
  require_error(edit(kMinimal, "[[mats]]\nid = \"finish\"", "[[mats]]\nname = \"finish\""), 9,
                "mats[1].id", "missing");
  require_error(edit(kMinimal, "{ mat = \"finish\", distance_m = 10000 }", "{ mat = \"finish\" }"),
                17, "contests[0].points[1].distance_m", "missing");
  require_error(edit(kMinimal, "points = [", "pts = ["), 15, "contests[0].pts", "unknown key");
}

TEST_CASE("race.toml: wrong types and bad values", "[config]") {
  require_error(edit(kMinimal, "distance_m = 10000\n", "distance_m = \"10000\"\n"), 14,
                "contests[0].distance_m", "expected a whole number, found a string");
  require_error(edit(kMinimal, "distance_m = 10000\n", "distance_m = 10000.5\n"), 14,
                "contests[0].distance_m", "expected a whole number");
  require_error(edit(kMinimal, "distance_m = 10000\n", "distance_m = -5\n"), 14,
                "contests[0].distance_m", "out of range");
  require_error(edit(kMinimal, "name = \"Test\"", "name = 5"), 2, "race.name", "expected a string");
  require_error(edit(kMinimal, "date = 2025-09-28", "date = \"28.09.2025\""), 3, "race.date",
                "YYYY-MM-DD");
  require_error(edit(kMinimal, "date = 2025-09-28", "date = 1025-09-28"), 3, "race.date",
                "not plausible");
  require_error(edit(kMinimal, "\"+05:00\"", "\"UTC+5\""), 4, "race.utc_offset", "UTC offset");
  require_error(
      edit(kMinimal, "utc_offset = \"+05:00\"", "utc_offset = \"+05:00\"\ndedup_window_s = -1"), 5,
      "race.dedup_window_s", "between 0 and 86400");
  require_error(edit(kMinimal, "distance_m = 10000\n", "distance_m = 10000\nkind = \"team\"\n"), 15,
                "contests[0].kind", "individual or relay");
  require_error(edit(kMinimal, "distance_m = 10000\n", "distance_m = 10000\nrank_by = \"chip\"\n"),
                15, "contests[0].rank_by", "gun or net");
  require_error(edit(kMinimal, "distance_m = 10000\n", "distance_m = 10000\nspeed_check = 1\n"), 15,
                "contests[0].speed_check", "true or false");
  require_error(edit(kMinimal, "distance_m = 10000\n", "distance_m = 10000\ngun = \"6:30pm\"\n"),
                15, "contests[0].gun", "HH:MM:SS");
  require_error(edit(kMinimal, "distance_m = 10000\n", "distance_m = 10000\ngun = \"25:00:00\"\n"),
                15, "contests[0].gun", "not a time of day");
  require_error(edit(kMinimal, "distance_m = 10000\n", "distance_m = 10000\ngun = 630\n"), 15,
                "contests[0].gun", "expected a local time of day");
  require_error(edit(kMinimal, "distance_m = 10000\n",
                     "distance_m = 10000\ngun = 2025-10-28T06:30:00+05:00\n"),
                15, "contests[0].gun", "within two days");
  require_error(edit(kMinimal, "{ mat = \"start\", distance_m = 0 }",
                     "{ mat = \"start\", distance_m = 0, role = \"begin\" }"),
                16, "contests[0].points[0].role", "start, split, announcer or finish");
  require_error(edit(kMinimal, kPoints, "points = 3\n"), 15, "contests[0].points",
                "expected an array");
  require_error(edit(kMinimal, "{ mat = \"start\", distance_m = 0 }", "\"start\""), 16,
                "contests[0].points[0]", "expected a table");
  require_error(edit(kMinimal, "[[contests]]", "[contests]"), 12, "contests", "expected an array");
}

TEST_CASE("race.toml: records, waves and categories report bad values", "[config]") {
  const std::string rec = std::string(kMinimal) + "\n[[contests.records]]\n";
  require_error(rec + "gender = \"M\"\n", 20, "contests[0].records[0].time", "missing");
  require_error(rec + "time = \"fast\"\n", 21, "contests[0].records[0].time", "not a time");
  require_error(rec + "time = \"0:29:00\"\ngender = \"W\"\n", 22, "contests[0].records[0].gender",
                "M, F or X");
  require_error(rec + "time = \"0:29:00\"\nsplits = { \"start\" = \"1:00\" }\n", 22,
                "contests[0].records[0].splits", "start mat");
  require_error(rec + "time = \"0:29:00\"\nsplits = [\"1:00\"]\n", 22,
                "contests[0].records[0].splits", "expected a table");
  require_error(rec + "time = \"0:29:00\"\nsplits = { \"finish\" = 5 }\n", 22,
                "contests[0].records[0].splits.finish", "expected a time");
  require_error(rec + "time = \"0:29:00\"\nyear = 20245\n", 22, "contests[0].records[0].year",
                "out of range");
  require_error(rec + "time = \"0:29:00\"\ncountry = \"Kazakhstan\"\n", 22,
                "contests[0].records[0].country", "3-letter");
  require_error(std::string(kMinimal) + "\n[[waves]]\nid = \"W1\"\ncontest = \"half\"\n", 22,
                "waves[0].contest", "not defined");
  require_error(std::string(kMinimal) + "\n[[waves]]\nid = \"W1\"\n", 20, "waves[0].contest",
                "missing");
  require_error(
      std::string(kMinimal) + "\n[[categories]]\nid = \"C\"\nmin_age = 40\nmax_age = 39\n", 23,
      "categories[0].max_age", "above max_age");
  require_error(std::string(kMinimal) + "\n[[categories]]\nid = \"C\"\ngender = \"male?\"\n", 22,
                "categories[0].gender", "M, F or X");
  require_error(std::string(kMinimal) + "\n[[categories]]\nid = \"C\"\ncontests = [1]\n", 22,
                "categories[0].contests[0]", "expected a contest id");
  require_error(std::string(kMinimal) + "\n[[categories]]\nid = \"C\"\ncontests = [\"5k\"]\n", 22,
                "categories[0].contests", "`5k`, which is not defined");
}

TEST_CASE("race.toml: validation problems point at the right line", "[config]") {
  require_error(edit(kMinimal, "{ mat = \"finish\", distance_m = 10000 }",
                     "{ mat = \"finish\", distance_m = 9000 }"),
                17, "contests[0].points[1].distance_m", "the contest is 10000 m long");
  require_error(
      edit(kMinimal, "{ mat = \"start\", distance_m = 0 }", "{ mat = \"strat\", distance_m = 0 }"),
      16, "contests[0].points[0].mat", "`strat` (contest `10k`) is not listed under [[mats]]");
  require_error(edit(kMinimal, "id = \"finish\"", "id = \"start\""), 10, "mats[1].id",
                "used twice");
  // Every problem is listed, not only the first.
  const std::string two =
      edit(edit(kMinimal, "id = \"finish\"", "id = \"start\""),
           "{ mat = \"finish\", distance_m = 10000 }", "{ mat = \"finish\", distance_m = 9000 }");
  require_error(two, 10, "mats[1].id", "race.toml:17: contests[0].points[1].distance_m: ");
}

}  // namespace config_toml_test
