#include "announcer/notes.h"

#include <optional>

#include "core/text.h"

namespace announcer {
namespace {

// Comparable birth key: later birth date = younger. Days since the epoch when the birth date
// is known, else the middle of the year of birth the age implies.
std::optional<long> birth_key(const race::Participant& p, core::Date on) {
  if (p.birth_date && p.birth_date->ok())
    return std::chrono::sys_days(*p.birth_date).time_since_epoch().count();
  if (p.age < 0) return std::nullopt;
  const core::Date mid = (on.year() - std::chrono::years(p.age)) / on.month() / on.day();
  return std::chrono::sys_days(mid).time_since_epoch().count() - 182;
}

int age_of(const race::Participant& p, core::Date on) {
  if (p.birth_date && p.birth_date->ok()) return core::age_on(*p.birth_date, on);
  return p.age;
}

struct Extremes {
  std::vector<race::RunnerId> oldest, youngest;
  long oldest_key = 0, youngest_key = 0;
};

void consider(Extremes& e, race::RunnerId id, long key) {
  if (e.oldest.empty() || key < e.oldest_key)
    e.oldest = {id}, e.oldest_key = key;
  else if (key == e.oldest_key)
    e.oldest.push_back(id);
  if (e.youngest.empty() || key > e.youngest_key)
    e.youngest = {id}, e.youngest_key = key;
  else if (key == e.youngest_key)
    e.youngest.push_back(id);
}

}  // namespace

std::string_view to_string(NoteKind k) {
  switch (k) {
    case NoteKind::own:
      return "note";
    case NoteKind::birthday:
      return "birthday";
    case NoteKind::oldest:
      return "oldest";
    case NoteKind::youngest:
      return "youngest";
    case NoteKind::vip:
      return "vip";
    case NoteKind::invalid:
      break;
  }
  return "";
}

bool FieldNotes::refresh(const race::RaceSnapshot& s) {
  if (built_ && generation_ == s.participants_generation() && notes_.size() == s.runner_count())
    return false;
  rebuild(s);
  return true;
}

const std::vector<Note>& FieldNotes::of(race::RunnerId id) const {
  static const std::vector<Note> kNone;
  if (id < 0 || static_cast<std::size_t>(id) >= notes_.size()) return kNone;
  return notes_[static_cast<std::size_t>(id)];
}

void FieldNotes::rebuild(const race::RaceSnapshot& s) {
  const race::RaceConfig& config = s.config();
  const core::Date race_day = config.date;
  const core::Date age_day = config.age_reference_date();
  notes_.assign(s.runner_count(), {});
  std::vector<Extremes> by_contest(config.contests.size());
  for (std::size_t i = 0; i < notes_.size(); ++i) {
    const auto id = static_cast<race::RunnerId>(i);
    const race::Participant& p = s.participant(id);
    auto& out = notes_[i];
    if (p.vip) out.push_back({NoteKind::vip, "VIP"});
    if (p.birth_date && p.birth_date->ok() && p.birth_date->month() == race_day.month() &&
        p.birth_date->day() == race_day.day())
      out.push_back(
          {NoteKind::birthday,
           "birthday today (" + std::to_string(core::age_on(*p.birth_date, race_day)) + ")"});
    const bool own_is_birthday = !out.empty() && out.back().kind == NoteKind::birthday &&
                                 core::to_lower(p.note) == "birthday today";
    if (!p.note.empty() && !own_is_birthday) out.push_back({NoteKind::own, p.note});
    const int contest = s.runner(id).contest;
    if (contest < 0) continue;
    if (const auto key = birth_key(p, age_day))
      consider(by_contest[static_cast<std::size_t>(contest)], id, *key);
  }
  for (std::size_t c = 0; c < by_contest.size(); ++c) {
    const std::string& name = config.contests[c].name;
    auto add = [&](const std::vector<race::RunnerId>& ids, NoteKind kind, const char* word) {
      if (ids.empty() || ids.size() > kMaxTied) return;
      for (race::RunnerId id : ids) {
        const int age = age_of(s.participant(id), age_day);
        std::string text = std::string(word) + " in the " + name;
        if (age >= 0) text += " (" + std::to_string(age) + ")";
        notes_[static_cast<std::size_t>(id)].push_back({kind, std::move(text)});
      }
    };
    add(by_contest[c].oldest, NoteKind::oldest, "oldest");
    add(by_contest[c].youngest, NoteKind::youngest, "youngest");
  }
  generation_ = s.participants_generation();
  built_ = true;
}

}  // namespace announcer
