// Boston importer on the real results files: every year imports, the known dirty rows are
// reported, reads reproduce the file's net splits exactly, and delays are deterministic.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "bundle/boston.h"
#include "core/error.h"
#include "core/file.h"
#include "core/text.h"
#include "feed/codec.h"

namespace boston_test {

namespace {

using core::Ms;

std::string results_text(int year) {
  return core::read_file(std::string(PACECAST_TEST_DATA) + "/marathon_results_" +
                         std::to_string(year) + ".csv.gz");
}

bundle::BostonImport import_year(int year, std::uint64_t seed = 1) {
  return bundle::import_boston(results_text(year),
                               "marathon_results_" + std::to_string(year) + ".csv.gz", {seed, 0});
}

int count_with(const std::vector<bundle::LineProblem>& problems, std::string_view text) {
  return static_cast<int>(std::count_if(problems.begin(), problems.end(), [&](const auto& p) {
    return p.reason.find(text) != std::string::npos;
  }));
}

const race::Passing* as_passing(const race::Event& e) {
  return std::get_if<race::Passing>(&e);
}

// The first `rows` data rows of a year's file (rows are in finishing order, so this holds
// elites and the early waves).
std::string head_of(int year, int rows) {
  const std::string text = results_text(year);
  std::size_t pos = 0;
  for (int i = 0; i <= rows && pos != std::string::npos; ++i) pos = text.find('\n', pos + 1);
  return text.substr(0, pos == std::string::npos ? text.size() : pos + 1);
}

std::map<std::string, core::UtcMs> start_reads(const std::vector<race::Event>& events) {
  std::map<std::string, core::UtcMs> out;
  for (const auto& e : events)
    if (const auto* p = as_passing(e); p && p->mat == "start") out[p->bib] = p->time;
  return out;
}

}  // namespace

TEST_CASE("every Boston year imports, reporting its dirty rows and keeping the rest", "[boston]") {
  struct Expect {
    int year, rows;
    unsigned month_day;
    std::vector<std::pair<int, std::string>> problems;  // line, text in the reason
  };
  const Expect years[] = {
      {2015,
       26598,
       20,
       {{2380,
         "bib 3820: Official Time `0.124548611` is a spreadsheet day "
         "fraction; read as 2:59:21 (repaired)"},
        {2951, "bib 30877: 40K `2:59:14` leaves 2:20 to the finish, faster than the world record"},
        {3052, "bib 953: 40K `2:57:38` leaves 4:27 to the finish"},
        {5614, "bib 7171: 40K `3:10:04` leaves 4:09 to the finish"},
        {21847, "bib 30533: 40K `4:15:14` leaves 4:41 to the finish"}}},
      {2018,
       25832,
       16,
       {{388, "bib 4440: 30K `3:09:03` is after the Official Time 2:47:11"},
        {13132,
         "bib 25799: 5K `23:12:37` is after the Official Time 3:48:57, 10K `23:44:08` is after "
         "the Official Time 3:48:57, 15K `0:16:41` is faster than the world record, 20K "
         "`0:47:51` is faster than the world record, Half `0:54:32` is faster than the world "
         "record; imported as read, the race model flags it"}}},
      {2019, 26647, 15, {}},
  };
  for (const auto& y : years) {
    INFO(y.year);
    const auto r = import_year(y.year);
    CHECK(race::validate(r.config).empty());
    CHECK(r.config.name == "Boston Marathon " + std::to_string(y.year));
    CHECK(r.config.date ==
          core::Date{std::chrono::year(y.year), std::chrono::April, std::chrono::day(y.month_day)});
    CHECK(r.config.utc_offset.minutes == -240);
    CHECK(r.rows_read == y.rows);
    const int skipped = count_with(r.problems, "row skipped");
    CHECK(static_cast<int>(r.participants.size()) == r.rows_read - skipped);
    CHECK(r.official.size() == r.participants.size());
    REQUIRE(r.problems.size() == y.problems.size());
    for (std::size_t i = 0; i < y.problems.size(); ++i) {
      CHECK(r.problems[i].line == y.problems[i].first);
      CHECK_THAT(r.problems[i].reason, Catch::Contains(y.problems[i].second));
    }
    std::map<std::string, int> waves;
    int no_category = 0;
    for (const auto& p : r.participants) {
      ++waves[p.wave];
      no_category += p.category.empty();
    }
    CHECK(no_category == 0);
    CHECK(waves.size() == 6);
    CHECK(std::count_if(r.events.begin(), r.events.end(), [](const race::Event& e) {
            return std::holds_alternative<race::GunEvent>(e);
          }) == 6);
  }
}

TEST_CASE("Boston rows become participants with Boston's divisions and waves", "[boston]") {
  const auto r = bundle::import_boston(head_of(2019, 3000), "x/marathon_results_2019.csv.gz", {});
  const auto find = [&](std::string_view bib) -> const race::Participant& {
    auto it = std::find_if(r.participants.begin(), r.participants.end(),
                           [&](const auto& p) { return p.bib == bib; });
    REQUIRE(it != r.participants.end());
    return *it;
  };
  const auto& winner = find("2");
  CHECK(winner.last_name == "Cherono");
  CHECK(winner.first_name == "Lawrence");
  CHECK(winner.gender == race::Gender::male);
  CHECK(winner.age == 30);
  CHECK(winner.country == "KEN");
  CHECK(winner.city == "Eldoret");
  CHECK(winner.wave == "elite-men");
  CHECK(winner.category == "M18-39");
  CHECK(winner.contest == "marathon");
  const auto& women_winner = find("F1");
  CHECK(women_winner.wave == "elite-women");
  CHECK(women_winner.gender == race::Gender::female);
  CHECK(r.official[0].bib == "2");
  CHECK(r.official[0].overall == 1);
  CHECK(r.official[0].official_time == Ms(7677000));  // 2:07:57
  for (const auto& p : r.participants) {
    const auto bib = core::parse_int(p.bib);
    if (!bib || *bib < 100) continue;
    const long long n = *bib;
    CHECK(p.wave == (n < 8000 ? "wave1" : n < 16000 ? "wave2" : n < 24000 ? "wave3" : "wave4"));
  }
  const auto& c = r.config.contests.at(0);
  CHECK(c.rank_by == race::RankBy::net);
  CHECK(c.points.size() == 11);
  CHECK(c.points[5].mat == "Half");
  CHECK(c.points[5].distance_m == 21098);
  CHECK(r.config.categories.size() == 20);
  CHECK(r.config.categories[9].id == "M80+");
  CHECK(r.config.categories[10].id == "F18-39");
}

TEST_CASE("every read's net time equals the file's split", "[boston]") {
  for (int year : {2018, 2019}) {
    INFO(year);
    const std::string text = results_text(year);
    const auto r = bundle::import_boston(text, "marathon_results_" + std::to_string(year), {});
    // bib -> mat -> net time, straight from the CSV.
    std::map<std::string, std::map<std::string, Ms>> expected;
    core::CsvReader csv(text);
    std::vector<std::string> f, header;
    csv.next(header);
    const std::vector<std::pair<std::size_t, std::string>> columns = {
        {9, "5K"},   {10, "10K"}, {11, "15K"}, {12, "20K"}, {13, "Half"},
        {14, "25K"}, {15, "30K"}, {16, "35K"}, {17, "40K"}, {20, "finish"}};
    while (csv.next(f))
      for (const auto& [col, mat] : columns)
        if (auto t = core::parse_hms(f[col])) expected[f[0]][mat] = *t;

    const auto starts = start_reads(r.events);
    CHECK(starts.size() == r.participants.size());
    std::map<std::string, int> reads;
    int wrong = 0;
    for (const auto& e : r.events) {
      const auto* p = as_passing(e);
      if (!p || p->mat == "start") continue;
      ++reads[p->bib];
      const Ms net = p->time - starts.at(p->bib);
      if (net == expected.at(p->bib).at(p->mat)) continue;
      if (++wrong < 5) FAIL_CHECK(p->bib << " " << p->mat << ": net " << net.count() << " ms");
    }
    CHECK(wrong == 0);
    std::size_t dropped = 0;  // every split that is a time becomes a passing
    for (const auto& [bib, mats] : expected) dropped += mats.size() - reads[bib];
    CHECK(dropped == 0u);
  }
}

TEST_CASE("events are in time order, numbered from 1, each wave's gun before its reads",
          "[boston]") {
  const auto r = bundle::import_boston(head_of(2019, 4000), "marathon_results_2019.csv", {});
  std::map<std::string, core::UtcMs> guns;
  core::UtcMs last{};
  std::int64_t seq = 0;
  for (const auto& e : r.events) {
    std::visit(
        [&](const auto& x) {
          CHECK(x.origin.seq == ++seq);
          CHECK(x.origin.source == "boston-import");
          CHECK(x.origin.epoch == "boston-2019");
        },
        e);
    if (const auto* g = std::get_if<race::GunEvent>(&e)) {
      CHECK(g->time >= last);
      last = g->time;
      guns[g->wave] = g->time;
    } else if (const auto* p = as_passing(e)) {
      CHECK(p->time >= last);
      last = p->time;
    }
  }
  CHECK(core::format_iso8601(guns.at("elite-women"), r.config.utc_offset) ==
        "2019-04-15T09:32:00.000-04:00");
  CHECK(core::format_iso8601(guns.at("wave4"), r.config.utc_offset) ==
        "2019-04-15T11:15:00.000-04:00");
  const auto starts = start_reads(r.events);
  for (const auto& p : r.participants) {
    const Ms delay = starts.at(p.bib) - guns.at(p.wave);
    CHECK(delay >= Ms(0));
    CHECK(delay <= (p.wave.rfind("elite", 0) == 0 ? Ms(15000) : Ms(8 * 60000)));
  }
}

TEST_CASE("corral delays are deterministic by seed and grow with the bib", "[boston]") {
  const std::string text = head_of(2019, 3000);
  const auto a = bundle::import_boston(text, "marathon_results_2019.csv", {7, 0});
  const auto b = bundle::import_boston(text, "marathon_results_2019.csv", {7, 0});
  const auto c = bundle::import_boston(text, "marathon_results_2019.csv", {8, 0});
  REQUIRE(a.events.size() == b.events.size());
  bool identical = true;
  for (std::size_t i = 0; i < a.events.size(); ++i)
    identical = identical && feed::encode(a.events[i]) == feed::encode(b.events[i]);
  CHECK(identical);

  const auto sa = start_reads(a.events), sc = start_reads(c.events);
  int differ = 0;
  for (const auto& [bib, t] : sa) differ += t != sc.at(bib);
  CHECK(differ > static_cast<int>(sa.size()) * 9 / 10);

  // Within wave 1, the back half of the bib range starts later on average.
  double front = 0, back = 0;
  int n_front = 0, n_back = 0;
  const auto gun = *a.config.find_wave("wave1")->gun;
  for (const auto& p : a.participants) {
    if (p.wave != "wave1") continue;
    const double delay_s = static_cast<double>((sa.at(p.bib) - gun).count()) / 1000.0;
    (std::stol(p.bib) < 4000 ? front : back) += delay_s;
    ++(std::stol(p.bib) < 4000 ? n_front : n_back);
  }
  REQUIRE(n_front > 100);
  REQUIRE(n_back > 100);
  CHECK(back / n_back > front / n_front + 60.0);
}

TEST_CASE("broken rows are reported with their line and skipped", "[boston]") {
  const std::string header =
      "Bib,Name,Age,M/F,City,State,Country,Citizen,,5K,10K,15K,20K,Half,25K,30K,35K,40K,Pace,"
      "Proj Time,Official Time,Overall,Gender,Division\n";
  const std::string splits =
      "0:20:00,0:40:00,1:00:00,1:20:00,1:24:00,1:40:00,2:00:00,2:20:00,"
      "2:40:00,0:06:00,,";
  const std::string text =
      header +                                                                      // 1
      "101,\"Doe, Jane\",30,F,\"Newton,\nUpper Falls\",MA,USA,,," + splits +        // 2-3
      "2:50:00,1,1,1\n" +                                                           //
      "102,\"Roe, Rich\",41,M,Boston,MA,USA,,,0:20:00,1:7x:00,-,,1:24:00,1:40:00,"  // 4
      "2:00:00,2:20:00,2:40:00,0:06:00,,2:51:00,2,1,1\n" +                          //
      "103,\"Short, Row\",41,M,Boston\n" +                                          // 5
      ",\"No, Bib\",41,M,Boston,MA,USA,,," +
      splits + "2:52:00,3,2,2\n" +                                                        // 6
      "104,\"Bad, Time\",41,M,Boston,MA,USA,,," + splits + "2:5x:00,4,3,3\n" +            // 7
      "101,\"Twice, Jane\",30,F,Boston,MA,USA,,," + splits + "2:53:00,5,2,1\n" +          // 8
      "105,Solo,50,M,Boston,,USA,,," + splits + "0.125,6,4,1\n" +                         // 9
      "\n" +                                                                              // 10
      "107,Fast,30,M,,,USA,,,0:05:00,0:10:00," + splits.substr(16) + "3:00:00,7,5,2\n" +  // 11
      "106,\"Un, Closed";                                                                 // 12
  const auto r = bundle::import_boston(text, "results-2019.csv", {});
  CHECK(r.rows_read == 9);
  REQUIRE(r.participants.size() == 4);
  CHECK(r.participants[0].city == "Newton,\nUpper Falls, MA");
  CHECK(r.participants[2].last_name == "Solo");
  CHECK(r.participants[2].first_name.empty());
  CHECK(r.official[2].official_time == Ms(3 * 3600000));
  const std::pair<int, const char*> expected[] = {
      {4, "bib 102: 10K `1:7x:00` is not H:MM:SS; treated as missed mats"},
      {5, "the row has 5 fields but the header has 24; row skipped"},
      {6, "the row has no Bib; row skipped"},
      {7, "bib 104: Official Time `2:5x:00` is not H:MM:SS; row skipped"},
      {8, "bib 101 appears twice (first on line 2); row skipped"},
      {9, "bib 105: Official Time `0.125` is a spreadsheet day fraction; read as 3:00:00"},
      {11,
       "bib 107: 5K `0:05:00` is faster than the world record, 10K `0:10:00` is faster "
       "than the world record, 5K `0:05:00` leaves 5:00 to 10K, faster than the world record; "
       "imported as read, the race model flags it"},
      {12, "unterminated quoted field"},
  };
  REQUIRE(r.problems.size() == std::size(expected));
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    CHECK(r.problems[i].file == "results-2019.csv");
    CHECK(r.problems[i].line == expected[i].first);
    CHECK_THAT(r.problems[i].reason, Catch::Contains(expected[i].second));
  }
  int reads_102 = 0;
  for (const auto& e : r.events)
    if (const auto* p = as_passing(e); p && p->bib == "102") ++reads_102;
  CHECK(reads_102 == 8);  // start, 5K, Half..40K, finish: 10K bad, 15K '-', 20K empty
}

TEST_CASE("the year comes from the file name unless given", "[boston]") {
  const std::string header =
      "Bib,Name,Age,M/F,City,State,Country,Citizen,,5K,10K,15K,20K,Half,25K,30K,35K,40K,Pace,"
      "Proj Time,Official Time,Overall,Gender,Division\n";
  CHECK(bundle::import_boston(header, "/data/2017/marathon_results_2015.csv.gz", {}).config.name ==
        "Boston Marathon 2015");
  CHECK(bundle::import_boston(header, "results.csv", {1, 2016}).config.date ==
        core::Date{std::chrono::year(2016), std::chrono::April, std::chrono::day(18)});
  CHECK_THROWS_AS(bundle::import_boston(header, "results.csv", {}), core::Error);
  CHECK_THROWS_AS(bundle::import_boston("Bib,Name\n1,x\n", "r2019.csv", {}), core::Error);
}

}  // namespace boston_test
