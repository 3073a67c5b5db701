// A registered participant, as loaded from participants.csv or a `participant` feed message.
// Value type; a loaded table is shared read-only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "race/config.h"

namespace race {

struct Participant {
  std::string bib;  // a string: "F2" and "0042" are valid bibs
  std::string first_name;
  std::string last_name;
  Gender gender = Gender::invalid;
  std::optional<core::Date> birth_date;
  int age = -1;         // age on the reference date; -1 when unknown
  std::string country;  // 3-letter code
  std::string city;
  std::string club;
  std::string contest;  // Contest::id
  std::string wave;     // Wave::id, or empty for the contest gun
  std::string team;     // relay team name (relay contests); members share it
  int leg = 0;          // relay leg number, 1-based (relay contests)
  std::vector<std::string> chips;
  bool vip = false;
  std::string note;
  std::string pronunciation;
  // Category id; empty to derive from gender and age with the race's categories.
  std::string category;

  std::string display_name() const;  // "First Last"
};

// The category a participant falls in, or empty when none matches.
std::string derive_category(const RaceConfig& config, const Participant& p);

}  // namespace race
