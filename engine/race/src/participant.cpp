#include "race/participant.h"

#include <algorithm>

namespace race {

std::string Participant::display_name() const {
  if (first_name.empty()) return last_name;
  if (last_name.empty()) return first_name;
  return first_name + " " + last_name;
}

std::string derive_category(const RaceConfig& config, const Participant& p) {
  int age = p.age;
  if (age < 0 && p.birth_date && p.birth_date->ok() && config.age_reference_date().ok())
    age = core::age_on(*p.birth_date, config.age_reference_date());
  if (age < 0) return {};
  for (const Category& c : config.categories) {
    if (c.gender != Gender::invalid && c.gender != p.gender) continue;
    if (age < c.min_age || age > c.max_age) continue;
    if (!c.contests.empty() &&
        std::find(c.contests.begin(), c.contests.end(), p.contest) == c.contests.end())
      continue;
    return c.id;
  }
  return {};
}

}  // namespace race
