// participants.csv <-> Participant rows (docs/race-config.md). Pure: takes and returns text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "race/config.h"
#include "race/participant.h"

namespace race {

struct CsvRowError {
  int line = 0;        // 1-based line in the file where the row starts
  std::string reason;  // "bib `17` is used twice (first on line 12)"
};

struct ParticipantsCsv {
  std::vector<Participant> participants;
  std::vector<CsvRowError> errors;  // rows skipped; the rest loaded
};

// The header row names the columns (any order; unknown columns are ignored; `bib` is
// required). Rows referring to unknown contests or waves, duplicate bibs or chips, bad
// dates or genders, invalid UTF-8 are reported and skipped. Categories are derived when
// the row gives none.
ParticipantsCsv parse_participants_csv(std::string_view text, const RaceConfig& config);

// The canonical column order written by format_participants_csv().
inline constexpr const char* kParticipantsHeader =
    "bib,first_name,last_name,gender,birth_date,age,country,city,club,contest,wave,team,leg,"
    "chips,vip,note,pronunciation,category";

std::string format_participants_csv(const std::vector<Participant>& participants);

}  // namespace race
