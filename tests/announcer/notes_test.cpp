// Field notes on the Almaty field: birthdays on race day, oldest and youngest per contest
// (computed here independently), VIPs and the participants' own notes.
#include <catch2/catch.hpp>

#include "announcer/notes.h"
#include "fixture.h"

namespace notes_test {

namespace {

using namespace announcer_test;

bool has(const std::vector<announcer::Note>& notes, announcer::NoteKind kind) {
  for (const auto& n : notes)
    if (n.kind == kind) return true;
  return false;
}

}  // namespace

TEST_CASE("notes on the Almaty field", "[notes][almaty]") {
  const auto config = almaty_config();
  const auto s =
      snapshot_of(config, almaty_race().participants, {}, [](const auto&) { return true; });
  announcer::FieldNotes notes(*s);
  CHECK_FALSE(notes.refresh(*s));  // same participants: nothing rebuilt

  int birthdays = 0, vips = 0;
  for (race::RunnerId id = 0; id < static_cast<race::RunnerId>(s->runner_count()); ++id) {
    const auto& p = s->participant(id);
    const bool today = p.birth_date && p.birth_date->month() == config->date.month() &&
                       p.birth_date->day() == config->date.day();
    CHECK(has(notes.of(id), announcer::NoteKind::birthday) == today);
    CHECK(has(notes.of(id), announcer::NoteKind::vip) == p.vip);
    if (!p.note.empty() && p.note != "birthday today")
      CHECK(has(notes.of(id), announcer::NoteKind::own));
    birthdays += today ? 1 : 0;
    vips += p.vip ? 1 : 0;
  }
  CHECK(birthdays > 20);
  CHECK(vips > 0);

  // Oldest and youngest of the marathon, by birth date.
  const int marathon = s->contest_index("marathon");
  race::RunnerId oldest = -1, youngest = -1;
  for (race::RunnerId id = 0; id < static_cast<race::RunnerId>(s->runner_count()); ++id) {
    const auto& p = s->participant(id);
    if (s->runner(id).contest != marathon || !p.birth_date) continue;
    if (oldest < 0 || *p.birth_date < *s->participant(oldest).birth_date) oldest = id;
    if (youngest < 0 || *p.birth_date > *s->participant(youngest).birth_date) youngest = id;
  }
  REQUIRE(oldest >= 0);
  CHECK(has(notes.of(oldest), announcer::NoteKind::oldest));
  CHECK(has(notes.of(youngest), announcer::NoteKind::youngest));
  int oldest_notes = 0;
  for (race::RunnerId id = 0; id < static_cast<race::RunnerId>(s->runner_count()); ++id)
    for (const auto& n : notes.of(id))
      if (n.kind == announcer::NoteKind::oldest && n.text.find("Marathon (") != std::string::npos &&
          s->runner(id).contest == marathon)
        ++oldest_notes;
  CHECK(oldest_notes == 1);
  CHECK(notes.of(-1).empty());
  CHECK(notes.of(1'000'000).empty());
}

}  // namespace notes_test
