// Provenance through the real RaceModel on real Almaty runners: a cut course, an impossible
// read and a missed mat are flagged with the right kind and reason; a clean finisher is
// official.
#include <catch2/catch.hpp>

#include "announcer/provenance.h"
#include "fixture.h"

namespace provenance_test {

namespace {

using namespace announcer_test;
using namespace std::chrono_literals;

// A marathon runner who read every mat, with a 5K split under 22 minutes.
std::string clean_fast_marathoner(const race::RaceSnapshot& s) {
  const int c = s.contest_index("marathon");
  const int at5 = s.point_index(c, "5K");
  for (race::RunnerId id = 0; id < static_cast<race::RunnerId>(s.runner_count()); ++id) {
    const auto& r = s.runner(id);
    if (r.contest != c || r.extra_reads != 0) continue;
    bool all = true;
    for (std::size_t p = 0; p < s.contest_of(id).points.size(); ++p)
      all = all && r.kind[p] == race::ReadKind::read;
    if (all && r.time[static_cast<std::size_t>(at5)] - r.time[0] < 22min)
      return s.participant(id).bib;
  }
  return "";
}

struct Edited {
  race::SnapshotPtr s;
  race::RunnerId id = -1;
};

// The whole Almaty race with `bib`'s reads at `drop` removed and `add` appended.
Edited edited(const std::string& bib, const std::vector<std::string>& drop,
              const std::vector<race::Passing>& add = {}) {
  race::RaceModel model(almaty_config(), almaty_race().participants);
  for (const auto& e : almaty_race().events) {
    const auto* p = std::get_if<race::Passing>(&e);
    if (p && p->bib == bib && std::find(drop.begin(), drop.end(), p->mat) != drop.end()) continue;
    model.apply(e);
  }
  for (const auto& p : add) model.apply(p);
  Edited out{model.publish(), -1};
  out.id = *out.s->find_bib(bib);
  return out;
}

}  // namespace

TEST_CASE("provenance of real Almaty runners with edited reads", "[provenance][almaty]") {
  const auto whole = edited("", {});
  const std::string bib = clean_fast_marathoner(*whole.s);
  REQUIRE_FALSE(bib.empty());
  const auto id = *whole.s->find_bib(bib);

  SECTION("a clean finisher is official") {
    const auto p = announcer::provenance(*whole.s, id);
    CHECK(p.kind == announcer::Provenance::official);
    CHECK(p.reason.empty());
    CHECK(announcer::callable(p.kind));
  }
  SECTION("two mid mats missing: course cut?") {
    const auto e = edited(bib, {"25K", "30K"});
    CHECK(e.s->runner(e.id).kind[7] == race::ReadKind::interpolated);
    const auto p = announcer::provenance(*e.s, e.id);
    CHECK(p.kind == announcer::Provenance::weak);
    CHECK(p.reason == "no read at 25K and 30K: course cut?");
    CHECK_FALSE(announcer::callable(p.kind));
  }
  SECTION("one mat missing: interpolated") {
    const auto e = edited(bib, {"25K"});
    const auto p = announcer::provenance(*e.s, e.id);
    CHECK(p.kind == announcer::Provenance::interpolated);
    CHECK(p.reason == "no read at 25K: time estimated");
    CHECK(announcer::callable(p.kind));
  }
  SECTION("an impossible read: flagged with the split's pace") {
    const auto& r = whole.s->runner(id);
    race::Passing fake;
    fake.origin = {"test", "1", 1};
    fake.mat = "10K";
    fake.bib = bib;
    fake.time = r.time[1] + 1min;  // 5 km in a minute
    const auto e = edited(bib, {}, {fake});
    REQUIRE(e.s->runner(e.id).kind[2] == race::ReadKind::impossible);
    const auto p = announcer::provenance(*e.s, e.id);
    CHECK(p.kind == announcer::Provenance::weak);
    CHECK(p.reason == "impossible split 5K→10K (0:12/km)");
  }
  SECTION("still on course, every mat read so far: provisional") {
    const auto e = edited(bib, {"finish"});
    const auto p = announcer::provenance(*e.s, e.id);
    CHECK(p.kind == announcer::Provenance::provisional);
  }
  SECTION("a status is weak") {
    race::RaceModel model(almaty_config(), almaty_race().participants);
    for (const auto& e : almaty_race().events) model.apply(e);
    race::StatusChange dsq;
    dsq.origin = {"test", "1", 1};
    dsq.bib = bib;
    dsq.status = race::RunnerStatus::dsq;
    model.apply(dsq);
    const auto p = announcer::provenance(*model.publish(), id);
    CHECK(p.kind == announcer::Provenance::weak);
    CHECK(p.reason == "status DSQ");
  }
}

TEST_CASE("most of the Almaty field is callable; the sample's lost reads are caught",
          "[provenance][almaty]") {
  const auto whole = edited("", {});
  std::map<announcer::Provenance, int> counts;
  for (race::RunnerId id = 0; id < static_cast<race::RunnerId>(whole.s->runner_count()); ++id)
    if (whole.s->runner(id).furthest >= 0) ++counts[announcer::provenance(*whole.s, id).kind];
  INFO("official " << counts[announcer::Provenance::official] << ", provisional "
                   << counts[announcer::Provenance::provisional] << ", interpolated "
                   << counts[announcer::Provenance::interpolated] << ", weak "
                   << counts[announcer::Provenance::weak]);
  CHECK(counts[announcer::Provenance::official] > 10000);
  CHECK(counts[announcer::Provenance::interpolated] > 0);  // the sample loses some reads
  CHECK(counts[announcer::Provenance::weak] < counts[announcer::Provenance::official] / 20);
}

}  // namespace provenance_test
