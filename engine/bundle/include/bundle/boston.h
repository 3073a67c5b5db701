// Importer for the Boston Marathon results files (tests/data/marathon_results_YYYY.csv.gz):
// builds a race bundle with Boston's contest, mats, divisions and waves, and a passing with
// a time of day for every split present. Pure apart from the caller reading the file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/bundle.h"
#include "race/config.h"
#include "race/event.h"
#include "race/participant.h"

namespace bundle {

struct BostonOptions {
  std::uint64_t seed = 1;  // corral delays are deterministic by seed
  int year = 0;            // 0: taken from the file name (marathon_results_2019.csv.gz)
};

// The organiser's places for one finisher, kept for checking our ranking against them.
struct BostonOfficial {
  std::string bib;
  core::Ms official_time{0};
  int overall = 0, gender = 0, division = 0;
};

struct BostonImport {
  race::RaceConfig config;
  std::vector<race::Participant> participants;
  std::vector<race::Event> events;       // passings (start + splits + finish), time order
  std::vector<BostonOfficial> official;  // one per imported finisher
  std::vector<LineProblem> problems;     // dirty rows: reported, skipped or repaired
  int rows_read = 0;
};

// `csv_text` is the decompressed file; `file_name` is used in problems and for the year.
BostonImport import_boston(std::string_view csv_text, std::string_view file_name,
                           const BostonOptions& options);

}  // namespace bundle
