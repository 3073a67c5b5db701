// Result tables (the `pacecast results` CSV) computed from a snapshot. Pure.
#pragma once

#include <string>
#include <vector>

#include "race/snapshot.h"

namespace race {

struct ResultRow {
  RunnerId runner = -1;
  std::string bib, name, contest, gender, category, status;
  std::optional<core::Ms> net_time, gun_time;                   // at the last point reached
  int overall_place = 0, gender_place = 0, category_place = 0;  // 0 = none
  std::string last_point;  // mat id of the furthest point reached
};

// Every participant of the contest (or of all contests when `contest` < 0): ranked runners
// by live place, then unranked ones (no read, DNS/DNF/DSQ) by bib.
std::vector<ResultRow> compute_results(const RaceSnapshot& snapshot, int contest = -1);

inline constexpr const char* kResultsCsvHeader =
    "bib,name,contest,gender,category,status,net_time,gun_time,overall_place,gender_place,"
    "category_place,last_point";
std::string format_results_csv(const std::vector<ResultRow>& rows);
std::string format_results_json(const std::vector<ResultRow>& rows);
std::string format_results_table(const std::vector<ResultRow>& rows);

}  // namespace race
