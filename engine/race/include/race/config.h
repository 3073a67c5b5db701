// A race's static configuration: contests, timing mats, waves, categories, records.
// Built once by parse_race_config() (or in code by tests and tools), then shared read-only
// by every thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace race {

enum class Gender : std::uint8_t { invalid, male, female, nonbinary };
enum class ContestKind : std::uint8_t { invalid, individual, relay };
// Which elapsed time ranks officially: from the gun, or from the runner's own start-mat read.
enum class RankBy : std::uint8_t { invalid, gun, net };
// What a mat means within one contest.
enum class PointRole : std::uint8_t { invalid, start, split, announcer, finish };

std::string_view to_string(Gender g);     // "M", "F", "X", ""
std::string_view to_string(RankBy r);     // "gun", "net"
std::string_view to_string(PointRole r);  // "start", "split", "announcer", "finish"
// Accepts M/F/X, male/female/nonbinary (any case); invalid otherwise.
Gender parse_gender(std::string_view s);
std::string_view to_string(ContestKind k);  // "individual", "relay"
// The inverses of to_string() (exact, lower case); invalid for anything else.
RankBy parse_rank_by(std::string_view s);
PointRole parse_point_role(std::string_view s);
ContestKind parse_contest_kind(std::string_view s);

// The most timing points one contest may have (the snapshot's fixed per-runner array).
inline constexpr int kMaxContestPoints = 16;

// A physical timing mat (or a pair of mats read as one). One mat may serve several contests.
struct Mat {
  std::string id;    // "5K", "finish": what passings name in their `point` field
  std::string name;  // for people: "5 km, Abay Ave"
};

// A mat as one contest sees it: at a distance along that contest's course.
struct ContestPoint {
  std::string mat;  // Mat::id
  std::int32_t distance_m = 0;
  PointRole role = PointRole::invalid;
  std::string label;  // short label for graphics ("5K", "HALF", "FINISH"); defaults to mat id

  // What people read for this point: the label, or the mat id where the label is empty.
  const std::string& shown_label() const { return label.empty() ? mat : label; }
};

// One leg of a relay: runs from the previous exchange (or the start) to `end_mat`.
struct RelayLeg {
  int number = 0;               // 1-based
  std::int32_t distance_m = 0;  // length of this leg
  std::string end_mat;          // exchange mat, or the finish mat for the last leg
};

// A record to race against, e.g. the course record for men in the marathon.
struct CourseRecord {
  std::string label = "course record";  // "course record", "national record"
  Gender gender = Gender::invalid;
  core::Ms time{0};
  std::string holder;
  std::string country;  // IOC/ISO 3-letter
  int year = 0;
  // Optional record splits at mats (mat id -> elapsed). Where absent, even pace is assumed.
  std::vector<std::pair<std::string, core::Ms>> splits;
};

struct Contest {
  std::string id;    // "marathon"
  std::string name;  // "Marathon"
  std::int32_t distance_m = 0;
  ContestKind kind = ContestKind::individual;
  RankBy rank_by = RankBy::gun;
  // Ordered by distance: the first has role start (distance 0), the last role finish.
  std::vector<ContestPoint> points;
  std::vector<RelayLeg> legs;  // relay only
  std::vector<CourseRecord> records;
  // Skip the world-record speed plausibility check (wheelchair and handcycle contests).
  bool speed_check = true;
  // Scheduled gun time; a `gun` event from the feed replaces it.
  std::optional<core::UtcMs> gun;
};

struct Wave {
  std::string id;
  std::string contest;             // Contest::id
  std::optional<core::UtcMs> gun;  // scheduled gun time of this wave
};

// An age group: runners of `gender` (invalid = any) whose age is in [min_age, max_age].
struct Category {
  std::string id;  // "M40-44"
  std::string name;
  Gender gender = Gender::invalid;
  int min_age = 0;
  int max_age = 200;
  std::vector<std::string> contests;  // empty = every contest
};

struct RaceConfig {
  std::string name;
  core::Date date{};
  core::UtcOffset utc_offset{};
  std::vector<Mat> mats;
  std::vector<Contest> contests;
  std::vector<Wave> waves;
  std::vector<Category> categories;
  // Ages are taken on this day (default: race day).
  std::optional<core::Date> age_reference;
  // Repeated reads of one mat by one runner within this window collapse into the first.
  core::Ms dedup_window{std::chrono::minutes(5)};

  const Contest* find_contest(std::string_view id) const;
  const Mat* find_mat(std::string_view id) const;
  const Wave* find_wave(std::string_view id) const;
  core::Date age_reference_date() const { return age_reference ? *age_reference : date; }
  // The number of points of each contest, in contest order: what per-contest, per-point
  // state built for this config is sized by (compare to check a snapshot still fits it).
  std::vector<std::size_t> point_counts() const;
};

// One problem found by validate(): the key it concerns, as a path into race.toml
// ("contests[1].points[2].distance_m"), and what is wrong and what to do.
struct ConfigProblem {
  std::string key;
  std::string message;
};
// The same checks as validate(), with the key kept apart from the message.
std::vector<ConfigProblem> validate_problems(const RaceConfig& config);

// Checks cross-references and ordering (points sorted by distance, start first, finish last
// at the contest distance, known mats, waves of known contests, relay legs summing to the
// distance...). Returns human-readable problems; empty when the config is usable.
std::vector<std::string> validate(const RaceConfig& config);

}  // namespace race
