// FieldNotes: what is worth saying about each runner (their own note, birthday today, oldest
// or youngest in their contest, VIP), built once per participant table.
// Owned by its user (the arrival board); one thread at a time; lookups are cheap.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "race/snapshot.h"

namespace announcer {

enum class NoteKind : std::uint8_t { invalid, own, birthday, oldest, youngest, vip };
std::string_view to_string(NoteKind k);  // "note", "birthday", "oldest", "youngest", "vip"

struct Note {
  NoteKind kind = NoteKind::invalid;
  std::string text;  // "first marathon", "birthday today (35)", "oldest in the Marathon (74)"
};

class FieldNotes {
 public:
  FieldNotes() = default;
  explicit FieldNotes(const race::RaceSnapshot& s) { rebuild(s); }

  // Rebuilds when the snapshot's participants changed since the last build (a cheap check
  // otherwise). Returns true when it rebuilt.
  bool refresh(const race::RaceSnapshot& s);
  // The runner's notes, most notable first; empty for an unknown id.
  const std::vector<Note>& of(race::RunnerId id) const;
  // Tied oldest or youngest runners beyond this many get no such note (nothing special).
  static constexpr std::size_t kMaxTied = 3;

 private:
  void rebuild(const race::RaceSnapshot& s);

  bool built_ = false;
  std::uint64_t generation_ = 0;
  std::vector<std::vector<Note>> notes_;
};

}  // namespace announcer
