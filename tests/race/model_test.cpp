#include <catch2/catch.hpp>

#include "model_fixture.h"
#include "race/model.h"
#include "race/results.h"

namespace model_test {

using namespace race;
using fixture::at;
using fixture::passing;
using fixture::runner;

namespace {

std::vector<Participant> field() {
  return {runner("1", Gender::male, 30), runner("2", Gender::male, 45),
          runner("3", Gender::female, 30), runner("4", Gender::female, 50),
          runner("5", Gender::male, 25)};
}

struct Race {
  RaceModel model{fixture::config(), field()};
  ApplyResult pass(const std::string& bib, const std::string& mat, core::UtcMs t,
                   std::int64_t seq = 0) {
    return model.apply(passing(bib, mat, t, seq));
  }
  SnapshotPtr snap() { return model.publish(); }
};

core::Ms hms(int h, int m, int s) {
  return core::Ms((h * 3600 + m * 60 + s) * 1000);
}

}  // namespace

TEST_CASE("gun and net elapsed: net starts at the start-mat read, else at the gun", "[model]") {
  Race r;
  REQUIRE(r.pass("1", "start", at(9, 0, 20)) == ApplyResult::applied);
  REQUIRE(r.pass("1", "5K", at(9, 20, 20)) == ApplyResult::applied);
  REQUIRE(r.pass("2", "5K", at(9, 21, 0)) == ApplyResult::applied);
  auto s = r.snap();
  const RunnerId one = *s->find_bib("1"), two = *s->find_bib("2");
  CHECK(s->gun_elapsed(one, 1) == hms(0, 20, 20));
  CHECK(s->net_elapsed(one, 1) == hms(0, 20, 0));
  CHECK(s->net_elapsed(two, 1) == hms(0, 21, 0));  // no start read: net from the gun
  CHECK(s->runner(one).furthest == 1);
  CHECK(s->participant(one).bib == "1");
}

TEST_CASE("repeated reads collapse: same origin, same content, within the window", "[model]") {
  Race r;
  CHECK(r.pass("1", "5K", at(9, 20, 0), 10) == ApplyResult::applied);
  CHECK(r.pass("1", "5K", at(9, 20, 0), 10) == ApplyResult::duplicate);  // same origin
  CHECK(r.pass("1", "5K", at(9, 20, 0), 11) == ApplyResult::duplicate);  // same content
  CHECK(r.pass("1", "5K", at(9, 20, 3), 12) == ApplyResult::duplicate);  // within the window
  auto s = r.snap();
  const RunnerId one = *s->find_bib("1");
  CHECK(s->gun_elapsed(one, 1) == hms(0, 20, 0));
  CHECK(s->counters().duplicates == 3);
  CHECK(s->runner(one).extra_reads == 0);

  SECTION("an earlier read arriving late wins: first read by time") {
    CHECK(r.pass("1", "5K", at(9, 19, 58), 13) == ApplyResult::applied);
    CHECK(r.snap()->gun_elapsed(one, 1) == hms(0, 19, 58));
  }
  SECTION("a read after the window is kept as an extra read, not a new time") {
    CHECK(r.pass("1", "5K", at(9, 40, 0), 14) == ApplyResult::applied);
    auto s2 = r.snap();
    CHECK(s2->gun_elapsed(one, 1) == hms(0, 20, 0));
    CHECK(s2->runner(one).extra_reads == 1);
  }
}

TEST_CASE("unknown runners and mats are rejected and counted", "[model]") {
  Race r;
  CHECK(r.pass("999", "5K", at(9, 20, 0)) == ApplyResult::unknown_runner);
  CHECK(r.pass("1", "X1", at(9, 20, 0)) == ApplyResult::unknown_mat);  // not on the 10 km course
  CHECK(r.pass("1", "nowhere", at(9, 20, 0)) == ApplyResult::unknown_mat);
  Passing by_chip = passing("", "5K", at(9, 20, 0));
  by_chip.chip = "C3";
  CHECK(r.model.apply(by_chip) == ApplyResult::applied);
  auto s = r.snap();
  CHECK(s->counters().unknown_runner == 1);
  CHECK(s->counters().unknown_mat == 2);
  CHECK(s->runner(*s->find_bib("3")).furthest == 1);
}

TEST_CASE("impossible passings are kept, flagged and not ranked", "[model]") {
  Race r;
  SECTION("backwards along the course") {
    r.pass("1", "5K", at(9, 30, 0));
    r.pass("1", "finish", at(9, 45, 0));
    r.pass("1", "pre", at(9, 44, 0));
    r.pass("1", "start", at(9, 50, 0));  // a start read after the finish
    auto s = r.snap();
    const auto& st = s->runner(*s->find_bib("1"));
    CHECK(st.kind[0] == ReadKind::impossible);
    CHECK(st.kind[3] == ReadKind::read);
    CHECK(s->place(*s->find_bib("1"), 0, Scope::overall) == 0);
    CHECK(s->counters().impossible == 1);
  }
  SECTION("faster than the world record between two mats") {
    r.pass("1", "5K", at(9, 20, 0));
    r.pass("1", "finish", at(9, 25, 0));  // 5 km in 5 minutes
    auto s = r.snap();
    const RunnerId one = *s->find_bib("1");
    const auto& st = s->runner(one);
    CHECK(st.kind[1] == ReadKind::read);
    CHECK(st.kind[3] == ReadKind::impossible);
    CHECK(st.furthest == 1);
    CHECK(s->place(one, 3, Scope::overall) == 0);
    CHECK(s->count_at(0, 3) == 0);
  }
  SECTION("faster than the world record from the gun, and before the gun") {
    r.pass("1", "5K", at(9, 10, 0));     // 5 km in 10 minutes from the gun
    r.pass("2", "start", at(8, 59, 0));  // before the gun
    auto s = r.snap();
    CHECK(s->runner(*s->find_bib("1")).kind[1] == ReadKind::impossible);
    CHECK(s->runner(*s->find_bib("2")).kind[0] == ReadKind::impossible);
    CHECK(s->counters().impossible == 2);
  }
  SECTION("splits that contradict the finish are flagged, however many") {
    r.pass("1", "start", at(9, 0, 0));
    r.pass("1", "5K", at(9, 50, 0));  // both after the finish, consistent with each other
    r.pass("1", "pre", at(10, 20, 0));
    r.pass("1", "finish", at(9, 45, 0));
    auto s = r.snap();
    const RunnerId one = *s->find_bib("1");
    const auto& st = s->runner(one);
    CHECK(st.kind[1] == ReadKind::impossible);
    CHECK(st.kind[2] == ReadKind::impossible);
    CHECK(st.kind[3] == ReadKind::read);
    CHECK(st.furthest == 3);
    CHECK(s->place(one, 3, Scope::overall) == 1);
  }
  SECTION("a correction of the bad read clears the flag") {
    r.pass("1", "5K", at(9, 20, 0), 1);
    r.pass("1", "finish", at(9, 25, 0), 2);
    Correction c;
    c.origin = {"test", "e1", 3};
    c.target_seq = 2;
    c.action = Correction::Action::adjust_time;
    c.new_time = at(9, 41, 0);
    CHECK(r.model.apply(c) == ApplyResult::applied);
    auto s = r.snap();
    CHECK(s->runner(*s->find_bib("1")).kind[3] == ReadKind::read);
    CHECK(s->counters().impossible == 0);
  }
}

TEST_CASE("a missed mat gets an interpolated estimate, flagged and not ranked", "[model]") {
  Race r;
  r.pass("1", "start", at(9, 0, 0));
  r.pass("1", "pre", at(9, 39, 12));
  auto s = r.snap();
  const RunnerId one = *s->find_bib("1");
  const auto& st = s->runner(one);
  CHECK(st.kind[1] == ReadKind::interpolated);
  // 5000 m of 9800 m at even pace: 39:12 * 5000 / 9800 = 20:00.
  CHECK(s->gun_elapsed(one, 1) == hms(0, 20, 0));
  CHECK(s->place(one, 1, Scope::overall) == 0);
  CHECK(s->place(one, 2, Scope::overall) == 1);
  CHECK(st.kind[3] == ReadKind::none);  // nothing is invented beyond the last read
}

TEST_CASE("equal times share a place; gender and category places", "[model]") {
  Race r;
  r.pass("1", "finish", at(9, 40, 0));
  r.pass("5", "finish", at(9, 40, 0));  // tie with 1
  r.pass("2", "finish", at(9, 41, 0));
  r.pass("3", "finish", at(9, 42, 0));
  r.pass("4", "finish", at(9, 43, 0));
  auto s = r.snap();
  auto id = [&](const char* b) { return *s->find_bib(b); };
  CHECK(s->place(id("1"), 3, Scope::overall) == 1);
  CHECK(s->place(id("5"), 3, Scope::overall) == 1);
  CHECK(s->place(id("2"), 3, Scope::overall) == 3);
  CHECK(s->place(id("3"), 3, Scope::overall) == 4);
  CHECK(s->place(id("3"), 3, Scope::gender) == 1);
  CHECK(s->place(id("4"), 3, Scope::gender) == 2);
  CHECK(s->place(id("4"), 3, Scope::category) == 1);
  CHECK(s->place(id("2"), 3, Scope::category) == 1);  // M40+
  CHECK(s->live_place(id("2"), Scope::gender) == 3);
  CHECK(s->gap_to_leader(id("4"), 3, Scope::overall) == hms(0, 3, 0));
  CHECK(s->gap_to_leader(id("4"), 3, Scope::gender) == hms(0, 1, 0));

  const auto rows = compute_results(*s, 0);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].overall_place == 1);
  CHECK(rows[1].overall_place == 1);
  CHECK(rows[2].bib == "2");
  CHECK(rows[2].overall_place == 3);
  CHECK(rows[2].gender_place == 3);
  CHECK(rows[2].category_place == 1);
  CHECK(rows[3].gender_place == 1);
}

TEST_CASE("live ranking: furthest point first, then the time there", "[model]") {
  Race r;
  r.pass("1", "5K", at(9, 25, 0));
  r.pass("2", "5K", at(9, 20, 0));
  r.pass("3", "5K", at(9, 22, 0));
  r.pass("1", "pre", at(9, 44, 0));  // 1 is furthest although slower at 5K
  auto s = r.snap();
  auto id = [&](const char* b) { return *s->find_bib(b); };
  CHECK(s->live_place(id("1"), Scope::overall) == 1);
  CHECK(s->live_place(id("2"), Scope::overall) == 2);
  CHECK(s->live_place(id("3"), Scope::overall) == 3);
  CHECK(s->live_place(id("5"), Scope::overall) == 0);  // no read yet
  CHECK(s->place(id("1"), 1, Scope::overall) == 3);    // but third at 5K

  StandingsQuery q;
  q.contest = 0;
  const auto live = s->standings(q);
  REQUIRE(live.size() == 3);
  CHECK(live[0].runner == id("1"));
  CHECK(live[0].point == 2);
  CHECK(live[1].runner == id("2"));
  CHECK(live[1].gap == core::Ms(0));  // the leader at 5K is 2 themself
  CHECK(live[2].gap == hms(0, 2, 0));
  q.limit = 2;
  CHECK(s->standings(q).size() == 2);
  q.limit = 0;
  q.scope = Scope::gender;
  q.gender = Gender::female;
  const auto women = s->standings(q);
  REQUIRE(women.size() == 1);
  CHECK(women[0].place == 1);
  q.include_unranked = true;
  CHECK(s->standings(q).size() == 2);  // runner 4 has no read yet
}

TEST_CASE("DNS, DNF and DSQ have no place and list last", "[model]") {
  Race r;
  r.pass("1", "finish", at(9, 40, 0));
  r.pass("2", "finish", at(9, 41, 0));
  r.pass("3", "finish", at(9, 42, 0));
  StatusChange dsq;
  dsq.origin = {"test", "e1", 100};
  dsq.bib = "1";
  dsq.status = RunnerStatus::dsq;
  CHECK(r.model.apply(dsq) == ApplyResult::applied);
  StatusChange dns = dsq;
  dns.origin.seq = 101;
  dns.bib = "5";
  dns.status = RunnerStatus::dns;
  CHECK(r.model.apply(dns) == ApplyResult::applied);
  auto s = r.snap();
  auto id = [&](const char* b) { return *s->find_bib(b); };
  CHECK(s->place(id("1"), 3, Scope::overall) == 0);
  CHECK(s->place(id("2"), 3, Scope::overall) == 1);
  const auto rows = compute_results(*s, 0);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].bib == "2");
  CHECK(rows[1].bib == "3");
  CHECK(rows[2].bib == "1");
  CHECK(rows[2].status == "DSQ");
  CHECK(rows[2].overall_place == 0);
  CHECK(rows[4].status == "DNS");

  SECTION("status OK restores the place") {
    StatusChange ok = dsq;
    ok.origin.seq = 102;
    ok.status = RunnerStatus::ok;
    CHECK(r.model.apply(ok) == ApplyResult::applied);
    CHECK(r.snap()->place(id("1"), 3, Scope::overall) == 1);
  }
  SECTION("the same status event twice is a duplicate") {
    CHECK(r.model.apply(dsq) == ApplyResult::duplicate);
  }
}

TEST_CASE("net ranking across waves", "[model]") {
  std::vector<Participant> people = {runner("a", Gender::male, 30, "10k-net", "A"),
                                     runner("b", Gender::male, 30, "10k-net", "B")};
  RaceModel m(fixture::config(), people);
  m.apply(passing("a", "start", at(9, 1, 0)));
  m.apply(passing("a", "finish", at(9, 41, 0)));  // net 40:00, gun 41:00
  m.apply(passing("b", "start", at(9, 10, 30)));
  m.apply(passing("b", "finish", at(9, 50, 0)));  // net 39:30, gun (wave B) 40:00
  auto s = m.publish();
  const RunnerId a = *s->find_bib("a"), b = *s->find_bib("b");
  CHECK(s->gun_elapsed(b, 3) == hms(0, 40, 0));
  CHECK(s->net_elapsed(a, 3) == hms(0, 40, 0));
  CHECK(s->place(b, 3, Scope::overall) == 1);
  CHECK(s->place(a, 3, Scope::overall) == 2);
  CHECK(s->rank_elapsed(b, 3) == hms(0, 39, 30));
}

TEST_CASE("a gun event moves every elapsed time of its contest", "[model]") {
  Race r;
  r.pass("1", "5K", at(9, 20, 0));
  GunEvent g;
  g.origin = {"test", "e1", 50};
  g.contest = "10k";
  g.time = at(9, 2, 0);
  CHECK(r.model.apply(g) == ApplyResult::applied);
  auto s = r.snap();
  CHECK(s->gun_elapsed(*s->find_bib("1"), 1) == hms(0, 18, 0));
  GunEvent bad = g;
  bad.origin.seq = 51;
  bad.contest = "nope";
  CHECK(r.model.apply(bad) == ApplyResult::rejected);
  bad.contest = "10k";
  bad.wave = "B";  // a wave of another contest
  bad.origin.seq = 52;
  CHECK(r.model.apply(bad) == ApplyResult::rejected);
}

TEST_CASE("corrections void or adjust a passing by its origin", "[model]") {
  Race r;
  r.pass("1", "finish", at(9, 40, 0), 7);
  r.pass("1", "finish", at(9, 40, 2), 8);  // a second read within the window
  Correction v;
  v.origin = {"test", "e1", 9};
  v.target_seq = 7;
  v.action = Correction::Action::void_passing;
  CHECK(r.model.apply(v) == ApplyResult::applied);
  auto s = r.snap();
  const RunnerId one = *s->find_bib("1");
  CHECK(s->gun_elapsed(one, 3) == hms(0, 40, 2));  // the next read takes over
  Correction again = v;
  again.origin.seq = 10;
  CHECK(r.model.apply(again) == ApplyResult::no_change);
  Correction unknown = v;
  unknown.origin.seq = 11;
  unknown.target_seq = 12345;
  CHECK(r.model.apply(unknown) == ApplyResult::unknown_target);
  CHECK(s->counters().corrections == 1);
}

TEST_CASE("a voided passing is restored by its origin; adjust and restore keep other voids",
          "[model]") {
  Race r;
  r.pass("1", "finish", at(9, 40, 0), 7);
  Correction v;
  v.origin = {"test", "e1", 9};
  v.target_seq = 7;
  v.action = Correction::Action::void_passing;
  REQUIRE(r.model.apply(v) == ApplyResult::applied);
  const RunnerId one = *r.snap()->find_bib("1");
  CHECK_FALSE(r.snap()->gun_elapsed(one, 3));
  Correction back = v;
  back.origin.seq = 10;
  back.action = Correction::Action::restore;
  CHECK(r.model.apply(back) == ApplyResult::applied);
  CHECK(r.snap()->gun_elapsed(one, 3) == hms(0, 40, 0));
  back.origin.seq = 11;
  CHECK(r.model.apply(back) == ApplyResult::no_change);  // nothing voided any more
  CHECK(r.snap()->counters().corrections == 2);
}

TEST_CASE("an operator voids and restores a runner's reads at a mat by bib", "[model]") {
  Race r;
  r.pass("1", "5K", at(9, 20, 0), 1);
  r.pass("1", "finish", at(9, 40, 0), 2);
  r.pass("1", "finish", at(9, 40, 2), 3);  // a second read within the window
  r.pass("2", "finish", at(9, 41, 0), 4);
  // The feed voids the second read itself; the operator's void and restore leave it void.
  Correction feed_void;
  feed_void.origin = {"test", "e1", 5};
  feed_void.target_seq = 3;
  feed_void.action = Correction::Action::void_passing;
  REQUIRE(r.model.apply(feed_void) == ApplyResult::applied);

  Correction v;
  v.origin = {"operator", "run-1", 1};
  v.at_mat = std::make_shared<const MatTarget>(MatTarget{"1", "finish"});
  v.action = Correction::Action::void_passing;
  CHECK(r.model.apply(v) == ApplyResult::applied);
  auto s = r.snap();
  const RunnerId one = *s->find_bib("1");
  CHECK(s->runner(one).furthest == 1);  // back at 5K
  CHECK_FALSE(s->gun_elapsed(one, 3));
  CHECK(s->place(*s->find_bib("2"), 3, Scope::overall) == 1);
  v.origin.seq = 2;
  CHECK(r.model.apply(v) == ApplyResult::no_change);  // already void

  Correction back = v;
  back.origin.seq = 3;
  back.action = Correction::Action::restore;
  CHECK(r.model.apply(back) == ApplyResult::applied);
  s = r.snap();
  CHECK(s->gun_elapsed(one, 3) == hms(0, 40, 0));
  CHECK(s->place(one, 3, Scope::overall) == 1);
  // The feed's void of the 9:40:02 read still holds: voiding the 9:40:00 read by its origin
  // leaves no finish time at all.
  Correction first = feed_void;
  first.origin.seq = 6;
  first.target_seq = 2;
  REQUIRE(r.model.apply(first) == ApplyResult::applied);
  CHECK_FALSE(r.snap()->gun_elapsed(one, 3));

  Correction unknown = v;
  unknown.origin.seq = 4;
  unknown.at_mat = std::make_shared<const MatTarget>(MatTarget{"999", "finish"});
  CHECK(r.model.apply(unknown) == ApplyResult::unknown_target);
  unknown.origin.seq = 5;
  unknown.at_mat = std::make_shared<const MatTarget>(MatTarget{"1", "X1"});  // not on the 10 km
  CHECK(r.model.apply(unknown) == ApplyResult::unknown_target);
  Correction adjust = v;
  adjust.origin.seq = 6;
  adjust.action = Correction::Action::adjust_time;
  CHECK(r.model.apply(adjust) == ApplyResult::rejected);  // adjust names one passing
}

TEST_CASE("late entries and bib swaps", "[model]") {
  Race r;
  ParticipantUpdate late;
  late.origin = {"test", "e1", 20};
  late.participant = runner("77", Gender::female, 33);
  CHECK(r.model.apply(late) == ApplyResult::applied);
  CHECK(r.pass("77", "finish", at(9, 39, 0)) == ApplyResult::applied);
  r.pass("1", "finish", at(9, 41, 0));
  ParticipantUpdate swap;
  swap.origin = {"test", "e1", 21};
  swap.old_bib = "1";
  swap.participant = runner("101", Gender::male, 30);
  CHECK(r.model.apply(swap) == ApplyResult::applied);
  auto s = r.snap();
  CHECK_FALSE(s->find_bib("1"));
  const RunnerId moved = *s->find_bib("101");
  CHECK(s->place(moved, 3, Scope::overall) == 2);  // the reads stay with the runner
  CHECK(s->place(*s->find_bib("77"), 3, Scope::overall) == 1);
  ParticipantUpdate taken = swap;
  taken.origin.seq = 22;
  taken.old_bib = "101";
  taken.participant = runner("2", Gender::male, 30);
  CHECK(r.model.apply(taken) == ApplyResult::rejected);
}

TEST_CASE("snapshots are immutable and shared when nothing changed", "[model]") {
  Race r;
  r.pass("1", "5K", at(9, 20, 0));
  auto before = r.snap();
  CHECK(r.snap() == before);  // nothing changed: the same snapshot
  r.pass("1", "finish", at(9, 40, 0));
  r.pass("2", "5K", at(9, 19, 0));
  auto after = r.snap();
  CHECK(after != before);
  CHECK(after->version() > before->version());
  const RunnerId one = *before->find_bib("1");
  CHECK(before->runner(one).furthest == 1);
  CHECK(after->runner(one).furthest == 3);
  CHECK(before->place(one, 1, Scope::overall) == 1);
  CHECK(after->place(one, 1, Scope::overall) == 2);
}

TEST_CASE("latest arrivals at a mat come newest first", "[model]") {
  Race r;
  r.pass("1", "finish", at(9, 40, 0));
  r.pass("2", "finish", at(9, 42, 0));
  r.pass("3", "finish", at(9, 41, 0));
  auto s = r.snap();
  const auto latest = s->latest_at(0, 3, 2);
  REQUIRE(latest.size() == 2);
  CHECK(s->participant(latest[0]).bib == "2");
  CHECK(s->participant(latest[1]).bib == "3");
}

TEST_CASE("a point's ranking stamp changes with its rankings only; ranked runners in order",
          "[model]") {
  Race r;
  r.pass("1", "finish", at(9, 40, 0));
  r.pass("2", "finish", at(9, 39, 0));
  auto s1 = r.snap();
  std::vector<std::string> order;
  s1->for_each_ranked(0, 3, [&](RunnerId id) {
    order.push_back(s1->participant(id).bib);
    return true;
  });
  CHECK(order == std::vector<std::string>{"2", "1"});

  r.pass("3", "5K", at(9, 50, 0));  // elsewhere: the finish's stamp holds
  auto s2 = r.snap();
  CHECK(s2->version() > s1->version());
  CHECK(s2->ranking_stamp(0, 3) == s1->ranking_stamp(0, 3));
  CHECK_FALSE(s2->ranking_stamp(0, 1) == s1->ranking_stamp(0, 1));
  CHECK(s2->participants_generation() == s1->participants_generation());

  r.pass("3", "finish", at(10, 10, 0));
  auto s3 = r.snap();
  CHECK_FALSE(s3->ranking_stamp(0, 3) == s2->ranking_stamp(0, 3));

  ParticipantUpdate rename;  // a name fix: the participants change
  rename.origin = {"test", "e1", 30};
  Participant fixed = r.snap()->participant(*r.snap()->find_bib("1"));
  fixed.last_name = "Renamed";
  rename.participant = fixed;
  CHECK(r.model.apply(rename) == ApplyResult::applied);
  auto s4 = r.snap();
  CHECK(s4->participants_generation() != s3->participants_generation());
}

TEST_CASE("feeds are told apart by source and epoch; huge or sparse seqs are handled", "[model]") {
  Race r;
  Passing a = passing("1", "5K", at(9, 20, 0), 1000000000000LL);  // far beyond any dense array
  CHECK(r.model.apply(a) == ApplyResult::applied);
  Passing again = a;
  again.time = at(9, 20, 30);
  CHECK(r.model.apply(again) == ApplyResult::duplicate);  // same origin: dropped unseen
  Passing other_epoch = passing("2", "5K", at(9, 21, 0), 1000000000000LL);
  other_epoch.origin.epoch = "e2";
  CHECK(r.model.apply(other_epoch) == ApplyResult::applied);
  Passing other_source = passing("3", "5K", at(9, 22, 0), 5);
  other_source.origin.source = "backup-box";
  CHECK(r.model.apply(other_source) == ApplyResult::applied);
  CHECK(r.pass("4", "5K", at(9, 23, 0), 5) == ApplyResult::applied);  // seq 5 of source "test"

  Correction c;
  c.origin = {"test", "e1", 6};
  c.target_source = "backup-box";
  c.target_seq = 5;
  c.action = Correction::Action::void_passing;
  CHECK(r.model.apply(c) == ApplyResult::applied);
  Correction sparse = c;
  sparse.origin.seq = 7;
  sparse.target_source.clear();
  sparse.target_epoch = "e2";
  sparse.target_seq = 1000000000000LL;
  CHECK(r.model.apply(sparse) == ApplyResult::applied);
  auto s = r.snap();
  CHECK(s->runner(*s->find_bib("3")).furthest == -1);
  CHECK(s->runner(*s->find_bib("2")).furthest == -1);
  CHECK(s->runner(*s->find_bib("4")).furthest == 1);
  CHECK(s->runner(*s->find_bib("1")).furthest == 1);
}

TEST_CASE("a participant moved to another contest leaves the old rankings", "[model]") {
  Race r;
  r.pass("1", "start", at(9, 0, 10));
  r.pass("1", "finish", at(9, 40, 0));
  r.pass("2", "finish", at(9, 41, 0));
  ParticipantUpdate move;
  move.origin = {"test", "e1", 30};
  move.participant = runner("1", Gender::male, 30, "10k-net", "A");
  CHECK(r.model.apply(move) == ApplyResult::applied);
  auto s = r.snap();
  const RunnerId one = *s->find_bib("1"), two = *s->find_bib("2");
  CHECK(s->runner(one).contest == s->contest_index("10k-net"));
  CHECK(s->place(two, 3, Scope::overall) == 1);  // alone in the 10 km now
  CHECK(s->count_at(0, 3) == 1);
  CHECK(s->count_at(1, 3) == 1);
  CHECK(s->place(one, 3, Scope::overall) == 1);
  CHECK(s->net_elapsed(one, 3) == core::Ms((39 * 60 + 50) * 1000));  // reads kept
  StandingsQuery q;
  q.contest = 0;
  CHECK(s->standings(q).size() == 1);
}

}  // namespace model_test
