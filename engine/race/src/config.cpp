#include "race/config.h"

#include <algorithm>
#include <map>
#include <string>

#include "core/text.h"
#include "messages.h"

namespace race {

std::string_view to_string(Gender g) {
  switch (g) {
    case Gender::male:
      return "M";
    case Gender::female:
      return "F";
    case Gender::nonbinary:
      return "X";
    case Gender::invalid:
      break;
  }
  return "";
}

std::string_view to_string(RankBy r) {
  switch (r) {
    case RankBy::gun:
      return "gun";
    case RankBy::net:
      return "net";
    case RankBy::invalid:
      break;
  }
  return "";
}

std::string_view to_string(PointRole r) {
  switch (r) {
    case PointRole::start:
      return "start";
    case PointRole::split:
      return "split";
    case PointRole::announcer:
      return "announcer";
    case PointRole::finish:
      return "finish";
    case PointRole::invalid:
      break;
  }
  return "";
}

std::string_view to_string(ContestKind k) {
  switch (k) {
    case ContestKind::individual:
      return "individual";
    case ContestKind::relay:
      return "relay";
    case ContestKind::invalid:
      break;
  }
  return "";
}

Gender parse_gender(std::string_view s) {
  const std::string l = core::to_lower(s);
  if (l == "m" || l == "male") return Gender::male;
  if (l == "f" || l == "female") return Gender::female;
  if (l == "x" || l == "nonbinary") return Gender::nonbinary;
  return Gender::invalid;
}

RankBy parse_rank_by(std::string_view s) {
  if (s == "gun") return RankBy::gun;
  if (s == "net") return RankBy::net;
  return RankBy::invalid;
}

PointRole parse_point_role(std::string_view s) {
  if (s == "start") return PointRole::start;
  if (s == "split") return PointRole::split;
  if (s == "announcer") return PointRole::announcer;
  if (s == "finish") return PointRole::finish;
  return PointRole::invalid;
}

ContestKind parse_contest_kind(std::string_view s) {
  if (s == "individual") return ContestKind::individual;
  if (s == "relay") return ContestKind::relay;
  return ContestKind::invalid;
}

namespace {

template <class T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
  for (const auto& item : items)
    if (item.id == id) return &item;
  return nullptr;
}

// Collects problems; `key` is a path into race.toml.
class Checker {
 public:
  explicit Checker(const RaceConfig& c) : c_(c) {}
  std::vector<ConfigProblem> run();

 private:
  void add(std::string key, std::string message) {
    problems_.push_back({std::move(key), std::move(message)});
  }
  template <class T>
  void check_ids(const std::vector<T>& items, std::string_view list, std::string_view what);
  void check_race();
  void check_contest(std::size_t ci);
  void check_points(const Contest& c, const std::string& key);
  void check_legs(const Contest& c, const std::string& key);
  void check_records(const Contest& c, const std::string& key);
  void check_waves_and_categories();

  const RaceConfig& c_;
  std::vector<ConfigProblem> problems_;
};

std::vector<ConfigProblem> Checker::run() {
  check_race();
  check_ids(c_.mats, "mats", "mat");
  check_ids(c_.contests, "contests", "contest");
  check_ids(c_.waves, "waves", "wave");
  check_ids(c_.categories, "categories", "category");
  for (std::size_t i = 0; i < c_.contests.size(); ++i) check_contest(i);
  check_waves_and_categories();
  return std::move(problems_);
}

template <class T>
void Checker::check_ids(const std::vector<T>& items, std::string_view list, std::string_view what) {
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& id = items[i].id;
    const std::string key = at(list, i) + ".id";
    if (id.empty()) {
      add(key, "the " + std::string(what) + " has no id; give every " + std::string(what) +
                   " a short unique id");
    } else if (core::trim(id) != id) {
      add(key,
          std::string(what) + " id " + quoted(id) + " starts or ends with spaces; remove them");
    } else if (auto [it, fresh] = seen.emplace(id, i); !fresh) {
      add(key, std::string(what) + " id " + quoted(id) + " is used twice (also " +
                   at(list, it->second) + "); ids must be unique");
    }
  }
}

void Checker::check_race() {
  if (!c_.date.ok()) add("race.date", "the race date is not a valid calendar date");
  if (c_.utc_offset.minutes < -14 * 60 || c_.utc_offset.minutes > 14 * 60)
    add("race.utc_offset", "the UTC offset is outside -14:00..+14:00");
  if (c_.age_reference && !c_.age_reference->ok())
    add("race.age_reference", "the age reference date is not a valid calendar date");
  if (c_.dedup_window.count() < 0)
    add("race.dedup_window_s", "the dedup window is negative; use 0 to keep every read");
}

void Checker::check_contest(std::size_t ci) {
  const Contest& c = c_.contests[ci];
  const std::string key = at("contests", ci);
  if (c.distance_m <= 0)
    add(key + ".distance_m", "contest " + quoted(c.id) + " has distance " +
                                 std::to_string(c.distance_m) + " m; it must be positive");
  if (c.kind == ContestKind::invalid)
    add(key + ".kind", "contest " + quoted(c.id) + " has no kind; use individual or relay");
  if (c.rank_by == RankBy::invalid)
    add(key + ".rank_by", "contest " + quoted(c.id) + " has no rank_by; use gun or net");
  check_points(c, key);
  check_legs(c, key);
  check_records(c, key);
}

void Checker::check_points(const Contest& c, const std::string& key) {
  const std::string in = " (contest " + quoted(c.id) + ")";
  const auto& pts = c.points;
  if (pts.size() < 2) {
    add(key + ".points", "contest " + quoted(c.id) + " has " + std::to_string(pts.size()) +
                             " timing point(s); it needs at least a start and a finish");
    return;
  }
  if (pts.size() > static_cast<std::size_t>(kMaxContestPoints))
    add(key + ".points", "contest " + quoted(c.id) + " has " + std::to_string(pts.size()) +
                             " timing points; at most " + std::to_string(kMaxContestPoints) +
                             " are supported, drop some splits");
  int announcers = 0;
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const ContestPoint& p = pts[i];
    const std::string pk = at(key + ".points", i);
    const bool first = i == 0, last = i + 1 == pts.size();
    if (!c_.find_mat(p.mat))
      add(pk + ".mat", "mat " + quoted(p.mat) + in + " is not listed under [[mats]]; add it there");
    if (auto [it, fresh] = seen.emplace(p.mat, i); !fresh)
      add(pk + ".mat", "mat " + quoted(p.mat) + in + " appears twice (also points[" +
                           std::to_string(it->second) + "]); each mat may be used once");
    if (p.role == PointRole::invalid)
      add(pk + ".role", "point at mat " + quoted(p.mat) + in + " has no role");
    else if (first && p.role != PointRole::start)
      add(pk + ".role",
          "the first point" + in + " must have role start, not " + std::string(to_string(p.role)));
    else if (last && p.role != PointRole::finish)
      add(pk + ".role",
          "the last point" + in + " must have role finish, not " + std::string(to_string(p.role)));
    else if (!first && !last && (p.role == PointRole::start || p.role == PointRole::finish))
      add(pk + ".role", "mat " + quoted(p.mat) + in +
                            " is in the middle of the course but has role " +
                            std::string(to_string(p.role)) + "; use split or announcer");
    if (p.role == PointRole::announcer && ++announcers == 2)
      add(pk + ".role",
          "contest " + quoted(c.id) + " has more than one announcer point; keep only one");
    if (first && p.distance_m != 0)
      add(pk + ".distance_m", "the start mat " + quoted(p.mat) + in + " is at " +
                                  std::to_string(p.distance_m) + " m; it must be at 0 m");
    if (last && p.distance_m != c.distance_m)
      add(pk + ".distance_m", "the finish mat " + quoted(p.mat) + in + " is at " +
                                  std::to_string(p.distance_m) + " m but the contest is " +
                                  std::to_string(c.distance_m) + " m long");
    if (!first && p.distance_m <= pts[i - 1].distance_m)
      add(pk + ".distance_m",
          "distance " + std::to_string(p.distance_m) + " m of mat " + quoted(p.mat) + in +
              " is not greater than the previous point's " + std::to_string(pts[i - 1].distance_m) +
              " m; list points in course order");
  }
}

void Checker::check_legs(const Contest& c, const std::string& key) {
  const std::string in = " (contest " + quoted(c.id) + ")";
  if (c.kind != ContestKind::relay) {
    if (!c.legs.empty())
      add(key + ".legs", "contest " + quoted(c.id) +
                             " is not a relay but has legs; set kind = \"relay\" or remove legs");
    return;
  }
  if (c.legs.empty()) {
    add(key + ".legs", "relay contest " + quoted(c.id) + " has no legs; list them in order");
    return;
  }
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < c.legs.size(); ++i) {
    const RelayLeg& leg = c.legs[i];
    const std::string lk = at(key + ".legs", i);
    if (leg.number != static_cast<int>(i) + 1)
      add(lk, "leg " + std::to_string(i + 1) + in + " is numbered " + std::to_string(leg.number));
    if (leg.distance_m <= 0)
      add(lk + ".distance_m", "leg " + std::to_string(i + 1) + in + " has length " +
                                  std::to_string(leg.distance_m) + " m; it must be positive");
    sum += leg.distance_m;
    const auto p = std::find_if(c.points.begin(), c.points.end(),
                                [&](const ContestPoint& cp) { return cp.mat == leg.end_mat; });
    if (p == c.points.end()) {
      add(lk + ".end_mat", "leg " + std::to_string(i + 1) + in + " ends at mat " +
                               quoted(leg.end_mat) + ", which is not one of the contest's points");
    } else if (p->distance_m != sum) {
      add(lk + ".end_mat", "leg " + std::to_string(i + 1) + in + " ends at mat " +
                               quoted(leg.end_mat) + " at " + std::to_string(p->distance_m) +
                               " m, but the legs so far add up to " + std::to_string(sum) + " m");
    }
    if (i + 1 == c.legs.size() && !c.points.empty() && leg.end_mat != c.points.back().mat)
      add(lk + ".end_mat",
          "the last leg" + in + " must end at the finish mat " + quoted(c.points.back().mat));
  }
  if (sum != c.distance_m)
    add(key + ".legs", "the legs of relay " + quoted(c.id) + " add up to " + std::to_string(sum) +
                           " m but the contest is " + std::to_string(c.distance_m) + " m long");
}

void Checker::check_records(const Contest& c, const std::string& key) {
  const std::string in = " (contest " + quoted(c.id) + ")";
  for (std::size_t i = 0; i < c.records.size(); ++i) {
    const CourseRecord& r = c.records[i];
    const std::string rk = at(key + ".records", i);
    if (r.time.count() <= 0)
      add(rk + ".time", "record " + quoted(r.label) + in + " has no time; give it as H:MM:SS");
    if (!r.country.empty() &&
        (r.country.size() != 3 || !std::all_of(r.country.begin(), r.country.end(),
                                               [](char ch) { return ch >= 'A' && ch <= 'Z'; })))
      add(rk + ".country", "country " + quoted(r.country) + " of record " + quoted(r.label) + in +
                               " is not a 3-letter code such as KAZ");
    std::map<std::string, int> seen;
    for (const auto& split : r.splits) {
      const std::string& mat = split.first;
      const core::Ms t = split.second;
      const auto p = std::find_if(c.points.begin(), c.points.end(),
                                  [&](const ContestPoint& cp) { return cp.mat == mat; });
      if (p == c.points.end())
        add(rk + ".splits", "record split at mat " + quoted(mat) + in +
                                " names a mat that is not one of the contest's points");
      else if (p == c.points.begin())
        add(rk + ".splits",
            "record split at the start mat " + quoted(mat) + in + " makes no sense");
      if (++seen[mat] == 2)
        add(rk + ".splits", "record split at mat " + quoted(mat) + in + " is given twice");
      if (t.count() <= 0 || (r.time.count() > 0 && t > r.time))
        add(rk + ".splits", "record split at mat " + quoted(mat) + in +
                                " must be positive and not longer than the record time");
    }
  }
}

void Checker::check_waves_and_categories() {
  for (std::size_t i = 0; i < c_.waves.size(); ++i) {
    const Wave& w = c_.waves[i];
    if (!c_.find_contest(w.contest))
      add(at("waves", i) + ".contest", "wave " + quoted(w.id) + " names contest " +
                                           quoted(w.contest) + ", which is not defined");
  }
  for (std::size_t i = 0; i < c_.categories.size(); ++i) {
    const Category& cat = c_.categories[i];
    const std::string k = at("categories", i);
    if (cat.min_age < 0)
      add(k + ".min_age", "category " + quoted(cat.id) + " has a negative min_age");
    if (cat.min_age > cat.max_age)
      add(k + ".max_age", "category " + quoted(cat.id) + " has min_age " +
                              std::to_string(cat.min_age) + " above max_age " +
                              std::to_string(cat.max_age));
    for (const std::string& id : cat.contests)
      if (!c_.find_contest(id))
        add(k + ".contests", "category " + quoted(cat.id) + " names contest " + quoted(id) +
                                 ", which is not defined");
  }
}

}  // namespace

const Contest* RaceConfig::find_contest(std::string_view id) const {
  return find_by_id(contests, id);
}
const Mat* RaceConfig::find_mat(std::string_view id) const {
  return find_by_id(mats, id);
}
const Wave* RaceConfig::find_wave(std::string_view id) const {
  return find_by_id(waves, id);
}
std::vector<std::size_t> RaceConfig::point_counts() const {
  std::vector<std::size_t> out;
  for (const Contest& c : contests) out.push_back(c.points.size());
  return out;
}

std::vector<ConfigProblem> validate_problems(const RaceConfig& config) {
  return Checker(config).run();
}

std::vector<std::string> validate(const RaceConfig& config) {
  std::vector<std::string> out;
  for (const ConfigProblem& p : validate_problems(config)) out.push_back(p.key + ": " + p.message);
  return out;
}

}  // namespace race
