// participants.csv: columns, defaults, every rejected row, and writing back.
#include <catch2/catch.hpp>

#include <string>

#include "race/event.h"
#include "race/participants_csv.h"

namespace participants_csv_test {

namespace {

using race::PointRole;

race::RaceConfig config() {
  race::RaceConfig c;
  c.name = "Test";
  c.date = core::Date{std::chrono::year(2025), std::chrono::September, std::chrono::day(28)};
  c.utc_offset = core::UtcOffset{300};
  c.mats = {{"start", ""}, {"X1", ""}, {"finish", ""}};
  race::Contest m;
  m.id = "marathon";
  m.distance_m = 42195;
  m.points = {{"start", 0, PointRole::start, ""}, {"finish", 42195, PointRole::finish, ""}};
  race::Contest r;
  r.id = "ekiden";
  r.kind = race::ContestKind::relay;
  r.distance_m = 10000;
  r.points = {{"start", 0, PointRole::start, ""},
              {"X1", 5000, PointRole::split, ""},
              {"finish", 10000, PointRole::finish, ""}};
  r.legs = {{1, 5000, "X1"}, {2, 5000, "finish"}};
  c.contests = {m, r};
  c.waves = {{"M1", "marathon", std::nullopt}, {"E1", "ekiden", std::nullopt}};
  c.categories = {{"M18-39", "Men 18-39", race::Gender::male, 18, 39, {}},
                  {"W18-39", "Women 18-39", race::Gender::female, 18, 39, {}},
                  {"V40", "40+", race::Gender::invalid, 40, 200, {}}};
  return c;
}

// Parses one data row under `header`, expecting it to be rejected with `part` in the reason.
void require_rejected(const std::string& header, const std::string& row, const std::string& part,
                      const race::RaceConfig& c = config()) {
  const auto r = race::parse_participants_csv(header + "\n" + row + "\n", c);
  INFO(row);
  CHECK(r.participants.empty());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == 2);
  CHECK_THAT(r.errors[0].reason, Catch::Contains(part));
}

const std::string kHeader =
    "bib,first_name,last_name,gender,birth_date,contest,wave,team,leg,chips";

}  // namespace

TEST_CASE("participants.csv: every column is read", "[participants]") {
  const std::string text =
      "\xEF\xBB\xBF" + std::string(race::kParticipantsHeader) +
      "\n"
      "F2,Айгерим,\"Сәрсенова, Jr\",F,1990-05-01,35,KAZ,Almaty,\"Run \"\"Club\"\"\",marathon,M1,,,"
      "A1; A2 ,yes,\"two\nlines\",ai-GEH-rim,W18-39\r\n";
  const auto r = race::parse_participants_csv(text, config());
  INFO((r.errors.empty() ? "" : r.errors[0].reason));
  REQUIRE(r.errors.empty());
  REQUIRE(r.participants.size() == 1);
  const race::Participant& p = r.participants[0];
  CHECK(p.bib == "F2");
  CHECK(p.first_name == "Айгерим");
  CHECK(p.last_name == "Сәрсенова, Jr");
  CHECK(p.gender == race::Gender::female);
  CHECK(p.birth_date == core::Date{std::chrono::year(1990), std::chrono::May, std::chrono::day(1)});
  CHECK(p.age == 35);
  CHECK(p.country == "KAZ");
  CHECK(p.city == "Almaty");
  CHECK(p.club == "Run \"Club\"");
  CHECK(p.contest == "marathon");
  CHECK(p.wave == "M1");
  CHECK(p.chips == std::vector<std::string>{"A1", "A2"});
  CHECK(p.vip);
  CHECK(p.note == "two\nlines");
  CHECK(p.pronunciation == "ai-GEH-rim");
  CHECK(p.category == "W18-39");
}

TEST_CASE("participants.csv: any column order, unknown columns, defaults", "[participants]") {
  const std::string text =
      "Shoe Size, BIB ,gender,birth_date,contest,team,leg\n"
      "44,0042,M,1985-09-29,marathon,,\n"
      "\n"
      "45,0043,M,1985-09-28,marathon,,\n"
      "46,7,,,ekiden,Team A,2\n"
      ",,,,,,\n";
  const auto r = race::parse_participants_csv(text, config());
  REQUIRE(r.errors.empty());
  REQUIRE(r.participants.size() == 3);
  const auto& a = r.participants[0];
  CHECK(a.bib == "0042");
  CHECK(a.age == 39);             // filled from the birth date on race day
  CHECK(a.category == "M18-39");  // derived
  CHECK(a.first_name.empty());
  CHECK(a.chips.empty());
  CHECK_FALSE(a.vip);
  CHECK(r.participants[1].age == 40);
  CHECK(r.participants[1].category == "V40");
  const auto& t = r.participants[2];
  CHECK(t.team == "Team A");
  CHECK(t.leg == 2);
  CHECK(t.age == -1);
  CHECK(t.category.empty());
  CHECK(t.gender == race::Gender::invalid);
}

TEST_CASE("participants.csv: the category column", "[participants]") {
  const std::string h = "bib,gender,age,category,contest";
  auto r = race::parse_participants_csv(
      h + "\n1,M,30,V40,marathon\n2,M,30,ELITE,marathon\n3,M,30,,marathon\n", config());
  REQUIRE(r.participants.size() == 3);
  CHECK(r.participants[0].category == "V40");     // given and known: kept
  CHECK(r.participants[1].category == "M18-39");  // unknown: derived
  CHECK(r.participants[2].category == "M18-39");  // empty: derived
  race::RaceConfig none = config();
  none.categories.clear();
  r = race::parse_participants_csv(h + "\n1,M,30,ELITE,marathon\n", none);
  REQUIRE(r.participants.size() == 1);
  CHECK(r.participants[0].category == "ELITE");  // nothing to check against: kept
}

TEST_CASE("participants.csv: contest defaults only with a single contest", "[participants]") {
  race::RaceConfig one = config();
  one.contests.resize(1);
  one.waves.resize(1);
  auto r = race::parse_participants_csv("bib\n1\n", one);
  REQUIRE(r.participants.size() == 1);
  CHECK(r.participants[0].contest == "marathon");
  require_rejected("bib", "1", "this race has 2 contests, so fill the contest column");
  race::RaceConfig empty;
  r = race::parse_participants_csv("bib,contest,wave\n1,any,W\n2,,\n", empty);
  CHECK(r.errors.empty());
  CHECK(r.participants.size() == 2);
}

TEST_CASE("participants.csv: bad rows are reported and skipped", "[participants]") {
  require_rejected(kHeader, ",A,B,M,,marathon,,,,", "the bib is empty");
  require_rejected(kHeader, "1,A,B,Q,,marathon,,,,", "bib `1`: gender `Q` is not M, F or X");
  require_rejected(kHeader, "1,A,B,M,28.09.1990,marathon,,,,",
                   "birth_date `28.09.1990` is not a date");
  require_rejected(kHeader, "1,A,B,M,2030-01-01,marathon,,,,", "outside 0..120");
  require_rejected("bib,age,contest", "1,121,marathon", "age `121` is not a whole number 0..120");
  require_rejected("bib,age,contest", "1,thirty,marathon", "age `thirty`");
  require_rejected("bib,age,contest", "1,-1,marathon", "age `-1`");
  require_rejected(kHeader, "1,A,B,M,,half,,,,", "contest `half` is not in race.toml");
  require_rejected(kHeader, "1,A,B,M,,marathon,M9,,,", "wave `M9` is not in race.toml");
  require_rejected(kHeader, "1,A,B,M,,marathon,E1,,,",
                   "wave `E1` belongs to contest `ekiden`, not `marathon`");
  require_rejected(kHeader, "1,A,B,M,,ekiden,,,1,", "relay contest `ekiden` needs a team");
  require_rejected(kHeader, "1,A,B,M,,ekiden,,T,3,", "needs a leg 1..2, not `3`");
  require_rejected(kHeader, "1,A,B,M,,ekiden,,T,,", "needs a leg 1..2");
  require_rejected(kHeader, "1,A,B,M,,ekiden,,T,x,", "leg `x` is not a leg number");
  require_rejected("bib,country,contest", "1,Kaz,marathon", "country `Kaz` is not a 3-letter code");
  require_rejected("bib,country,contest", "1,KZ,marathon", "country `KZ`");
  require_rejected("bib,vip,contest", "1,maybe,marathon", "vip `maybe`");
  require_rejected("bib,first_name,contest", "1,\xC3\x28,marathon",
                   "column first_name is not valid UTF-8");
  require_rejected("bib,first_name,contest", "1,A", "the row has 2 fields but the header has 3");
  require_rejected("bib,first_name,contest", "1,A,marathon,extra", "the row has 4 fields");
  require_rejected("bib,first_name,contest", "1,\"A,marathon", "unterminated quoted field");
}

TEST_CASE("participants.csv: duplicates name the first line", "[participants]") {
  const std::string text =
      "bib,contest,chips,team,leg\n"
      "1,marathon,C1;C2,,\n"
      "1,marathon,C3,,\n"  // duplicate bib
      "2,marathon,C2,,\n"  // chip worn by bib 1
      "3,ekiden,C4,T,1\n"
      "4,ekiden,,T,1\n"       // leg taken
      "5,ekiden,C5;C5,T,2\n"  // a chip listed twice on one row is fine
      "6,marathon,,,\n"
      "1,marathon,,,\n";
  const auto r = race::parse_participants_csv(text, config());
  REQUIRE(r.participants.size() == 4);
  CHECK(r.participants[3].bib == "6");
  CHECK(r.participants[2].chips == std::vector<std::string>{"C5"});
  REQUIRE(r.errors.size() == 4);
  CHECK(r.errors[0].line == 3);
  CHECK(r.errors[0].reason == "bib `1` is used twice (first on line 2)");
  CHECK(r.errors[1].line == 4);
  CHECK(r.errors[1].reason == "bib `2`: chip `C2` is already worn by bib `1` (line 2)");
  CHECK(r.errors[2].line == 6);
  CHECK_THAT(r.errors[2].reason, Catch::Contains("team `T` leg 1 is already run by bib `3`"));
  CHECK(r.errors[3].line == 9);
  // A rejected row does not claim its chips: C3 is free for a later row.
  const auto again = race::parse_participants_csv(
      "bib,contest,chips\n1,marathon,\n1,marathon,C3\n2,marathon,C3\n", config());
  CHECK(again.participants.size() == 2);
}

TEST_CASE("participants.csv: header problems and line numbers", "[participants]") {
  auto r = race::parse_participants_csv("", config());
  CHECK(r.participants.empty());
  CHECK(r.errors.empty());
  r = race::parse_participants_csv("\n\nname,contest\nA,marathon\n", config());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == 3);
  CHECK_THAT(r.errors[0].reason, Catch::Contains("no `bib` column"));
  r = race::parse_participants_csv(
      "\xEF\xBB\xBF"
      "bib;name\r\n1;A\r\n",
      config());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == 1);
  CHECK_THAT(r.errors[0].reason, Catch::Contains("separates columns with `;`"));
  // A quoted newline makes a record span lines; later rows keep their real line numbers.
  r = race::parse_participants_csv("bib,note,contest\n1,\"a\nb\",marathon\n2,x,half\n", config());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == 4);
}

TEST_CASE("participants.csv: vip spellings", "[participants]") {
  const auto r = race::parse_participants_csv(
      "bib,vip,contest\n1,1,marathon\n2,TRUE,marathon\n3,Yes,marathon\n4,0,marathon\n"
      "5,false,marathon\n6,no,marathon\n7,,marathon\n",
      config());
  REQUIRE(r.participants.size() == 7);
  for (int i = 0; i < 7; ++i) CHECK(r.participants[i].vip == (i < 3));
}

TEST_CASE("participants.csv: format then parse gives the same rows", "[participants]") {
  race::Participant a;
  a.bib = "F2";
  a.first_name = "Zoë";
  a.last_name = "O'Neil, \"Jr\"";
  a.gender = race::Gender::female;
  a.birth_date = core::Date{std::chrono::year(1990), std::chrono::May, std::chrono::day(1)};
  a.age = 35;
  a.country = "IRL";
  a.city = "Cork";
  a.club = "Line\nbreak";
  a.contest = "marathon";
  a.wave = "M1";
  a.chips = {"X", "Y"};
  a.vip = true;
  a.note = "note, with comma";
  a.pronunciation = "ZO-ee";
  a.category = "W18-39";
  race::Participant b;
  b.bib = "7";
  b.contest = "ekiden";
  b.team = "Team A";
  b.leg = 2;
  const std::string text = race::format_participants_csv({a, b});
  CHECK(text.rfind(std::string(race::kParticipantsHeader) + "\n", 0) == 0);
  const auto r = race::parse_participants_csv(text, config());
  REQUIRE(r.errors.empty());
  REQUIRE(r.participants.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const race::Participant& x = r.participants[i];
    const race::Participant& y = i == 0 ? a : b;
    CHECK(x.bib == y.bib);
    CHECK(x.first_name == y.first_name);
    CHECK(x.last_name == y.last_name);
    CHECK(x.gender == y.gender);
    CHECK(x.birth_date == y.birth_date);
    CHECK(x.age == y.age);
    CHECK(x.country == y.country);
    CHECK(x.city == y.city);
    CHECK(x.club == y.club);
    CHECK(x.contest == y.contest);
    CHECK(x.wave == y.wave);
    CHECK(x.team == y.team);
    CHECK(x.leg == y.leg);
    CHECK(x.chips == y.chips);
    CHECK(x.vip == y.vip);
    CHECK(x.note == y.note);
    CHECK(x.pronunciation == y.pronunciation);
    CHECK(x.category == y.category);
  }
  CHECK(race::format_participants_csv(r.participants) == text);
}

TEST_CASE("runner status names", "[participants]") {
  using race::RunnerStatus;
  CHECK(race::to_string(RunnerStatus::ok).empty());
  CHECK(race::to_string(RunnerStatus::invalid).empty());
  for (auto s : {RunnerStatus::dns, RunnerStatus::dnf, RunnerStatus::dsq})
    CHECK(race::parse_status(race::to_string(s)) == s);
  CHECK(race::parse_status("ok") == RunnerStatus::ok);
  CHECK(race::parse_status("Dnf") == RunnerStatus::dnf);
  CHECK(race::parse_status("") == RunnerStatus::invalid);
  CHECK(race::parse_status("DQ") == RunnerStatus::invalid);
}

}  // namespace participants_csv_test
