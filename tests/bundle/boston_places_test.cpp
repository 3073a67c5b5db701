// The official places of real Boston Marathons come out of our model: for 2015, 2018 and
// 2019, ranking by net time reproduces Overall, Gender and Division places under the
// consistency rule of tests/data (official place, re-ranked among the rows present, lies in
// the range of places shared by everyone with the same time to the second).
//
// Two rows cannot be checked, and are left out of the comparison (as if not in the file):
// - 2015 bib 3820: its Official Time is a spreadsheet day fraction (0.124548611 = 2:59:21)
//   that contradicts its own official places (2379 overall lies between runners at 2:58:59
//   and 2:59:00), so the repaired time cannot be placed where the organiser placed it.
// - 2018 bib 28841: the file gives it the same Overall/Gender/Division places as bib 25148
//   (21354/12138/4218) although it is a second slower; a duplicated place in the source.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "bundle/boston.h"
#include "core/file.h"
#include "race/model.h"
#include "race/results.h"

namespace boston_places_test {

namespace {

struct Check {
  int checked = 0;
  std::vector<std::string> exceptions;
};

// `group` partitions the finishers (everyone, by gender, by division); `official` is the
// organiser's place within that partition.
template <class Group, class Official>
void check_places(const std::vector<bundle::BostonOfficial>& finishers, const race::RaceSnapshot& s,
                  const std::string& what, Group group, Official official, Check& out) {
  std::map<std::string, std::vector<const bundle::BostonOfficial*>> groups;
  for (const auto& f : finishers) groups[group(f)].push_back(&f);
  for (auto& [key, rows] : groups) {
    // Official place re-ranked among the rows present in the file.
    std::vector<const bundle::BostonOfficial*> by_official = rows;
    std::sort(by_official.begin(), by_official.end(),
              [&](auto* a, auto* b) { return official(*a) < official(*b); });
    std::map<std::string, int> reranked;
    for (std::size_t i = 0; i < by_official.size(); ++i)
      reranked[by_official[i]->bib] = static_cast<int>(i) + 1;
    // Our net times from the model, to the second.
    std::map<std::int64_t, int> count_at;
    std::map<std::string, std::int64_t> second_of;
    for (auto* f : rows) {
      const auto id = *s.find_bib(f->bib);
      const auto net = s.net_elapsed(id, s.runner(id).furthest);
      REQUIRE(net);
      second_of[f->bib] = net->count() / 1000;
      ++count_at[second_of[f->bib]];
    }
    int before = 0;
    std::map<std::int64_t, int> first_place;
    for (const auto& [sec, n] : count_at) {
      first_place[sec] = before + 1;
      before += n;
    }
    for (auto* f : rows) {
      const auto sec = second_of[f->bib];
      const int lo = first_place[sec], hi = lo + count_at[sec] - 1;
      const int want = reranked[f->bib];
      ++out.checked;
      if (want < lo || want > hi) {
        std::ostringstream msg;
        msg << what << " " << key << ": bib " << f->bib << " official " << official(*f)
            << " (re-ranked " << want << ") outside our places " << lo << "-" << hi;
        out.exceptions.push_back(msg.str());
      }
    }
  }
}

// Rows the consistency rule cannot apply to: a repaired Official Time (the file's own time is
// not trustworthy), and a row repeating an earlier row's official place.
std::vector<bundle::BostonOfficial> checkable(const bundle::BostonImport& imported,
                                              std::vector<std::string>& left_out) {
  std::set<std::string> repaired;
  for (const auto& p : imported.problems) {
    if (p.reason.find("(repaired)") == std::string::npos || p.reason.rfind("bib ", 0) != 0)
      continue;
    repaired.insert(p.reason.substr(4, p.reason.find(':') - 4));
  }
  std::set<int> overall_seen;
  std::vector<bundle::BostonOfficial> out;
  for (const auto& f : imported.official) {
    if (repaired.count(f.bib)) {
      left_out.push_back("bib " + f.bib + ": Official Time repaired from a day fraction");
      continue;
    }
    if (!overall_seen.insert(f.overall).second) {
      left_out.push_back("bib " + f.bib + ": repeats official place " + std::to_string(f.overall));
      continue;
    }
    out.push_back(f);
  }
  return out;
}

void check_year(int year, int expected_impossible, std::vector<std::string> expected_left_out) {
  const std::string name = "marathon_results_" + std::to_string(year) + ".csv.gz";
  const auto imported = bundle::import_boston(
      core::read_file(std::string(PACECAST_TEST_DATA) + "/" + name), name, {});
  REQUIRE(imported.official.size() > 25000);
  std::vector<std::string> left_out;
  const auto finishers = checkable(imported, left_out);
  CHECK(left_out == expected_left_out);
  auto config = std::make_shared<const race::RaceConfig>(imported.config);
  race::RaceModel model(config, imported.participants);
  for (const auto& e : imported.events) model.apply(e);
  const auto s = model.publish();
  // Splits the importer reported as impossible (after the finish, faster than the world
  // record) are kept as reads and flagged by the model, never ranked.
  CHECK(s->counters().impossible == static_cast<std::uint64_t>(expected_impossible));
  CHECK(s->counters().unknown_runner == 0);

  // Our own places (model's live ranking, net time) match the computed ranges exactly.
  const auto rows = race::compute_results(*s);
  std::map<std::string, const race::ResultRow*> row_of;
  for (const auto& r : rows) row_of[r.bib] = &r;
  for (const auto& f : imported.official) {
    const auto* r = row_of.at(f.bib);
    REQUIRE(r->overall_place > 0);
    REQUIRE(r->net_time);
    REQUIRE(*r->net_time / 1000 == f.official_time / 1000);  // our net time is the official time
  }

  Check check;
  check_places(
      finishers, *s, "overall", [](const auto&) { return std::string("all"); },
      [](const auto& f) { return f.overall; }, check);
  check_places(
      finishers, *s, "gender",
      [&](const auto& f) {
        return std::string(race::to_string(s->runner(*s->find_bib(f.bib)).gender));
      },
      [](const auto& f) { return f.gender; }, check);
  check_places(
      finishers, *s, "division", [&](const auto& f) { return row_of.at(f.bib)->category; },
      [](const auto& f) { return f.division; }, check);
  INFO(year << ": " << check.checked << " places checked, " << check.exceptions.size()
            << " exceptions");
  for (std::size_t i = 0; i < check.exceptions.size() && i < 80; ++i) WARN(check.exceptions[i]);
  CHECK(check.checked == 3 * static_cast<int>(finishers.size()));
  CHECK(check.exceptions.empty());

  // The model's places for each finisher are the first place of its tie range.
  for (const auto& f : imported.official) {
    const auto* r = row_of.at(f.bib);
    const auto id = *s->find_bib(f.bib);
    REQUIRE(r->overall_place == s->live_place(id, race::Scope::overall));
  }
}

}  // namespace

TEST_CASE("Boston 2015 official places are reproduced", "[boston][places]") {
  // Four runners' 40K splits leave 2:20 to 4:41 for the last 2.2 km: flagged.
  check_year(2015, 4, {"bib 3820: Official Time repaired from a day fraction"});
}
TEST_CASE("Boston 2018 official places are reproduced", "[boston][places]") {
  // bib 4440: 30K, 35K, 40K after its finish; bib 25799: 5K and 10K are clock times,
  // 15K, 20K and Half faster than the world record: eight flagged reads.
  check_year(2018, 8, {"bib 28841: repeats official place 21354"});
}
TEST_CASE("Boston 2019 official places are reproduced", "[boston][places]") {
  check_year(2019, 0, {});
}

}  // namespace boston_places_test
