// A participant with every field set, for round-trip tests of the codec and the journal.
#pragma once

#include <chrono>

#include "race/participant.h"

namespace fixture {

inline race::Participant full_participant() {
  race::Participant p;
  p.bib = "F2";
  p.first_name = "Әлия";
  p.last_name = "Сейтқали";
  p.gender = race::Gender::female;
  p.birth_date = core::Date{std::chrono::year(1994), std::chrono::month(3), std::chrono::day(7)};
  p.age = 31;
  p.country = "KAZ";
  p.city = "Almaty, Medeu";
  p.club = "Jasyl \"Run\" Club";
  p.contest = "marathon";
  p.wave = "elite";
  p.team = "t7";
  p.leg = 2;
  p.chips = {"C001", "C002"};
  p.vip = true;
  p.note = "course record holder";
  p.pronunciation = "ah-LEE-yah";
  p.category = "F30-34";
  return p;
}

}  // namespace fixture
