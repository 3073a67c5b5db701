#include <catch2/catch.hpp>

#include "control_fixture.h"
#include "feed/codec.h"

namespace corrections_test {

using control_test::Engine;
using control_test::refusal;

namespace {

race::RunnerId id_of(const race::SnapshotPtr& s, const std::string& bib) {
  const auto id = s->find_bib(bib);
  REQUIRE(id);
  return *id;
}

}  // namespace

TEST_CASE("corrections: a status is journaled, changes the race and is undone", "[control]") {
  Engine e;
  auto& c = e.control;
  const auto before = e.publish();
  const auto one = id_of(before, "1");
  REQUIRE(before->live_place(one, race::Scope::overall) == 1);

  const int id = c.correct_status("1", race::RunnerStatus::dnf, "medical tent", "console");
  CHECK(id == 1);
  REQUIRE(e.submitted.size() == 1);
  const auto& origin = race::origin_of(e.submitted[0]);
  CHECK(origin.source == "operator");
  CHECK(origin.epoch == "run-1");
  CHECK(origin.seq == 1);
  CHECK(e.results.back() == race::ApplyResult::applied);
  auto s = e.publish();
  CHECK(s->runner(one).status == race::RunnerStatus::dnf);
  CHECK(s->live_place(one, race::Scope::overall) == 0);
  CHECK(s->live_place(id_of(s, "2"), race::Scope::overall) == 1);
  const auto rec = c.corrections().at(0);
  CHECK(rec.kind == control::CorrectionKind::status);
  CHECK(rec.by == "console");
  CHECK(rec.text == "DNF for 1 (medical tent), was OK");
  CHECK_FALSE(rec.undone);

  c.undo(id, "api");
  CHECK(race::origin_of(e.submitted.back()).seq == 2);
  s = e.publish();
  CHECK(s->runner(one).status == race::RunnerStatus::ok);
  CHECK(s->live_place(one, race::Scope::overall) == 1);
  CHECK(c.corrections().at(0).undone);
  CHECK(c.corrections().at(0).undone_by == "api");
  CHECK_THAT(refusal([&] { c.undo(id, "api"); }), Catch::StartsWith("409 already_undone"));
}

TEST_CASE("corrections: a bib change keeps the runner's reads and is undone", "[control]") {
  Engine e;
  auto& c = e.control;
  const int id = c.correct_bib("2", "200", "console");
  auto s = e.publish();
  CHECK_FALSE(s->find_bib("2"));
  const auto moved = id_of(s, "200");
  CHECK(s->participant(moved).last_name == "Müller");
  CHECK(s->runner(moved).furthest == 1);  // the 5K read stayed with the runner
  CHECK(c.corrections().at(0).text == "bib 2 is now 200 (Thomas Müller)");
  c.undo(id, "console");
  s = e.publish();
  CHECK_FALSE(s->find_bib("200"));
  CHECK(id_of(s, "2") == moved);
}

TEST_CASE("corrections: a name change is undone on the runner's current bib", "[control]") {
  Engine e;
  auto& c = e.control;
  const int name = c.correct_name("F2", "Anna", "Ivanova", "console");
  auto s = e.publish();
  CHECK(s->participant(id_of(s, "F2")).display_name() == "Anna Ivanova");
  // The bib changes afterwards: the name's undo follows the runner, not the old bib.
  const int bib = c.correct_bib("F2", "F22", "console");
  s = e.publish();
  c.undo(name, "console");
  s = e.publish();
  CHECK(s->participant(id_of(s, "F22")).display_name() == "Анна Иванова");
  CHECK_FALSE(s->find_bib("F2"));
  CHECK(s->runner_count() == 7);  // no runner was added on the way
  c.undo(bib, "console");
  s = e.publish();
  CHECK(s->participant(id_of(s, "F2")).display_name() == "Анна Иванова");
}

TEST_CASE("corrections: corrections in a row see the ones not yet in a snapshot", "[control]") {
  Engine e;
  auto& c = e.control;
  // No publish in between: Control keeps what it submitted on top of the snapshot.
  c.correct_bib("12", "112", "console");
  c.correct_name("112", "Omer", "Celik", "console");
  c.correct_status("112", race::RunnerStatus::dns, "", "console");
  CHECK_THAT(refusal([&] { c.correct_status("12", race::RunnerStatus::dnf, "", "api"); }),
             Catch::StartsWith("404 unknown_runner"));
  for (auto r : e.results) CHECK(r == race::ApplyResult::applied);
  auto s = e.publish();
  const auto id = id_of(s, "112");
  CHECK(s->participant(id).display_name() == "Omer Celik");
  CHECK(s->runner(id).status == race::RunnerStatus::dns);
  c.undo(1, "console");  // the bib, undone while the name and status stay
  s = e.publish();
  CHECK(s->participant(id_of(s, "12")).display_name() == "Omer Celik");
}

TEST_CASE("corrections: a voided passing leaves the standings and comes back on undo",
          "[control]") {
  Engine e;
  auto& c = e.control;
  auto s = e.publish();
  const auto one = id_of(s, "1");
  REQUIRE(s->runner(one).furthest == 1);
  const int id = c.void_passing("1", "5K", "console");
  REQUIRE(std::get<race::Correction>(e.submitted.back()).at_mat);
  CHECK(std::get<race::Correction>(e.submitted.back()).at_mat->bib == "1");
  s = e.publish();
  CHECK(s->runner(one).furthest == 0);
  CHECK_FALSE(s->net_elapsed(one, 1));
  CHECK(s->live_place(id_of(s, "2"), race::Scope::overall) == 1);
  CHECK_THAT(refusal([&] { c.void_passing("1", "5K", "console"); }),
             Catch::StartsWith("409 no_passing"));
  c.undo(id, "console");
  s = e.publish();
  CHECK(s->runner(one).furthest == 1);
  CHECK(s->live_place(one, race::Scope::overall) == 1);
}

TEST_CASE("corrections: the operator's events survive the feed codec (the journal)", "[control]") {
  Engine e;
  auto& c = e.control;
  c.correct_status("1", race::RunnerStatus::dsq, "cut the course", "api");
  c.correct_bib("2", "202", "api");
  c.correct_name("7", "Zhanar", "Seitkyzy-Ivanova", "api");
  c.void_passing("1", "5K", "api");
  c.undo(4, "api");
  REQUIRE(e.submitted.size() == 5);
  for (const auto& ev : e.submitted) {
    const std::string text = feed::encode(ev);
    INFO(text);
    const auto back = feed::decode(text);
    REQUIRE(back.errors.empty());
    REQUIRE(back.messages.size() == 1);
    const auto& again = std::get<race::Event>(back.messages[0]);
    CHECK(again.index() == ev.index());
    CHECK(race::origin_of(again).seq == race::origin_of(ev).seq);
    CHECK(feed::encode(again) == text);
  }
}

TEST_CASE("corrections: unknown bibs and mats, taken bibs and bad values are refused",
          "[control]") {
  Engine e;
  auto& c = e.control;
  CHECK_THAT(refusal([&] { c.correct_status("999", race::RunnerStatus::dnf, "", "api"); }),
             Catch::StartsWith("404 unknown_runner") && Catch::Contains("999"));
  CHECK_THAT(refusal([&] { c.void_passing("1", "X1", "api"); }),
             Catch::StartsWith("400 unknown_mat") && Catch::Contains("start, 5K, pre, finish"));
  CHECK_THAT(refusal([&] { c.void_passing("1", "finish", "api"); }),
             Catch::StartsWith("409 no_passing"));
  CHECK_THAT(refusal([&] { c.correct_bib("1", "2", "api"); }), Catch::StartsWith("409 bib_taken"));
  CHECK_THAT(refusal([&] { c.correct_bib("1", " ", "api"); }), Catch::StartsWith("400 bad_value"));
  CHECK_THAT(refusal([&] { c.correct_name("1", "", "", "api"); }),
             Catch::StartsWith("400 bad_value"));
  CHECK_THAT(refusal([&] { c.correct_status("1", race::RunnerStatus::invalid, "", "api"); }),
             Catch::StartsWith("400 bad_value"));
  CHECK_THAT(refusal([&] { c.undo(5, "api"); }), Catch::StartsWith("404 unknown_correction"));
  CHECK(e.submitted.empty());
  CHECK(c.corrections().empty());

  control::Control no_race(overlays::kinds(), {[](race::Event) {}, ""});
  CHECK_THAT(refusal([&] { no_race.correct_status("1", race::RunnerStatus::dnf, "", "api"); }),
             Catch::StartsWith("409 no_race"));
  control::Control no_engine(overlays::kinds(), {});
  no_engine.set_race(e.publish());
  CHECK_THAT(refusal([&] { no_engine.void_passing("1", "5K", "api"); }),
             Catch::StartsWith("409 no_engine"));
  // A failing engine: nothing is recorded.
  control::Control failing(overlays::kinds(),
                           {[](race::Event) { throw core::Error("journal is read-only"); }, ""});
  failing.set_race(e.publish());
  CHECK_THAT(refusal([&] { failing.correct_status("1", race::RunnerStatus::dnf, "", "api"); }),
             Catch::StartsWith("500 engine_error") && Catch::Contains("read-only"));
  CHECK(failing.corrections().empty());
}

}  // namespace corrections_test
