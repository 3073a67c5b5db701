#include "race/config_toml.h"

#include <toml++/toml.h>
#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <map>

#include "core/error.h"
#include "core/text.h"
#include "messages.h"

namespace race {
namespace {

using core::ConfigError;

std::string_view type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number with a fraction";
    case toml::node_type::boolean:
      return "true/false";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

int line_of(const toml::node& n) {
  return static_cast<int>(n.source().begin.line);
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string at(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

core::Ms to_ms(const toml::time& t) {
  return core::Ms((t.hour * 3600LL + t.minute * 60LL + t.second) * 1000LL + t.nanosecond / 1000000);
}

core::Date to_date(const toml::date& d) {
  return core::Date{std::chrono::year(d.year), std::chrono::month(d.month),
                    std::chrono::day(d.day)};
}

using Keys = std::initializer_list<std::string_view>;

// Reads one parsed TOML document into a RaceConfig, remembering the line of every key it
// reads so that validate() problems can point at the right line.
class Reader {
 public:
  explicit Reader(std::string_view file) : file_(file) {}
  RaceConfig read(const toml::table& root);
  int line_for(std::string key) const;

 private:
  [[noreturn]] void fail(int line, const std::string& key, const std::string& msg) const {
    throw ConfigError(file_, line, key, msg);
  }
  void check_keys(const toml::table& t, const std::string& path, Keys allowed);
  const toml::node* find(const toml::table& t, const std::string& path, std::string_view key,
                         bool required);
  [[noreturn]] void wrong_type(const toml::node& n, const std::string& key, std::string_view want) {
    fail(line_of(n), key, "expected " + std::string(want) + ", found " + std::string(type_name(n)));
  }
  std::optional<std::string> opt_string(const toml::table& t, const std::string& path,
                                        std::string_view key, bool required = false);
  std::optional<std::int64_t> opt_int(const toml::table& t, const std::string& path,
                                      std::string_view key, std::int64_t lo, std::int64_t hi,
                                      bool required = false);
  std::optional<bool> opt_bool(const toml::table& t, const std::string& path, std::string_view key);
  std::optional<core::Date> opt_date(const toml::table& t, const std::string& path,
                                     std::string_view key, bool required = false);
  std::optional<core::Ms> opt_duration(const toml::node& n, const std::string& key);
  std::optional<core::UtcMs> opt_gun(const toml::table& t, const std::string& path);
  const toml::array* opt_array(const toml::table& t, const std::string& path, std::string_view key,
                               bool required = false);
  const toml::table& table_in(const toml::array& a, std::size_t i, const std::string& key);

  void read_race(const toml::table& t, RaceConfig& c);
  Contest read_contest(const toml::table& t, const std::string& path);
  void read_points(const toml::table& t, const std::string& path, Contest& c);
  void read_legs(const toml::table& t, const std::string& path, Contest& c);
  CourseRecord read_record(const toml::table& t, const std::string& path);
  Category read_category(const toml::table& t, const std::string& path);

  std::string file_;
  std::map<std::string, int> lines_;
  core::Date date_{};
  core::UtcOffset offset_{};
};

int Reader::line_for(std::string key) const {
  while (!key.empty()) {
    if (auto it = lines_.find(key); it != lines_.end()) return it->second;
    const auto cut = key.find_last_of(".[");
    if (cut == std::string::npos) break;
    key.resize(cut);
  }
  return 0;
}

void Reader::check_keys(const toml::table& t, const std::string& path, Keys allowed) {
  lines_[path] = line_of(t);
  for (auto&& [k, v] : t) {
    const std::string_view name = k.str();
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    std::string msg = "unknown key `" + std::string(name) + "`";
    std::string list;
    for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    const std::string_view best =
        core::closest(name, std::vector<std::string_view>(allowed.begin(), allowed.end()));
    if (!best.empty()) msg += "; did you mean `" + std::string(best) + "`?";
    fail(line_of(v), join(path, name), msg + " (allowed here: " + list + ")");
  }
}

const toml::node* Reader::find(const toml::table& t, const std::string& path, std::string_view key,
                               bool required) {
  const toml::node* n = t.get(key);
  if (!n) {
    if (required)
      fail(line_of(t), join(path, key),
           "missing; add `" + std::string(key) + " = ...` (see docs/race-config.md)");
    return nullptr;
  }
  lines_[join(path, key)] = line_of(*n);
  return n;
}

std::optional<std::string> Reader::opt_string(const toml::table& t, const std::string& path,
                                              std::string_view key, bool required) {
  const toml::node* n = find(t, path, key, required);
  if (!n) return std::nullopt;
  if (!n->is_string()) wrong_type(*n, join(path, key), "a string in quotes");
  return n->as_string()->get();
}

std::optional<std::int64_t> Reader::opt_int(const toml::table& t, const std::string& path,
                                            std::string_view key, std::int64_t lo, std::int64_t hi,
                                            bool required) {
  const toml::node* n = find(t, path, key, required);
  if (!n) return std::nullopt;
  if (!n->is_integer()) wrong_type(*n, join(path, key), "a whole number");
  const std::int64_t v = n->as_integer()->get();
  if (v < lo || v > hi)
    fail(line_of(*n), join(path, key),
         std::to_string(v) + " is out of range; use " + std::to_string(lo) + ".." +
             std::to_string(hi));
  return v;
}

std::optional<bool> Reader::opt_bool(const toml::table& t, const std::string& path,
                                     std::string_view key) {
  const toml::node* n = find(t, path, key, false);
  if (!n) return std::nullopt;
  if (!n->is_boolean()) wrong_type(*n, join(path, key), "true or false");
  return n->as_boolean()->get();
}

std::optional<core::Date> Reader::opt_date(const toml::table& t, const std::string& path,
                                           std::string_view key, bool required) {
  const toml::node* n = find(t, path, key, required);
  if (!n) return std::nullopt;
  std::optional<core::Date> d;
  if (n->is_date())
    d = to_date(n->as_date()->get());
  else if (n->is_string())
    d = core::parse_date(n->as_string()->get());
  else
    wrong_type(*n, join(path, key), "a date such as 2025-09-28");
  if (!d) fail(line_of(*n), join(path, key), "not a date; write it as YYYY-MM-DD");
  const int year = static_cast<int>(d->year());
  if (year < 1900 || year > 2999 || !d->ok())
    fail(line_of(*n), join(path, key), "date " + core::format_date(*d) + " is not plausible");
  return d;
}

std::optional<core::Ms> Reader::opt_duration(const toml::node& n, const std::string& key) {
  lines_[key] = line_of(n);
  if (n.is_time()) return to_ms(n.as_time()->get());
  if (!n.is_string()) wrong_type(n, key, "a time such as \"2:19:44\"");
  auto d = core::parse_hms(n.as_string()->get());
  if (!d) fail(line_of(n), key, "`" + n.as_string()->get() + "` is not a time; write H:MM:SS");
  return d;
}

// A scheduled gun: "HH:MM:SS[.fff]" local time on the race date, a TOML local time, or a
// full date-time (TOML or an ISO 8601 string) within two days of the race date.
std::optional<core::UtcMs> Reader::opt_gun(const toml::table& t, const std::string& path) {
  const toml::node* n = find(t, path, "gun", false);
  if (!n) return std::nullopt;
  const std::string key = join(path, "gun");
  std::optional<core::UtcMs> at_utc;
  if (n->is_time()) {
    at_utc = core::local_to_utc(date_, to_ms(n->as_time()->get()), offset_);
  } else if (n->is_date_time()) {
    const toml::date_time& dt = n->as_date_time()->get();
    const core::UtcOffset off = dt.offset ? core::UtcOffset{dt.offset->minutes} : offset_;
    at_utc = core::local_to_utc(to_date(dt.date), to_ms(dt.time), off);
  } else if (n->is_string()) {
    const std::string& s = n->as_string()->get();
    if (s.find('T') != std::string::npos) {
      at_utc = core::parse_iso8601(s);
    } else if (auto tod = core::parse_hms(s); tod && *tod < std::chrono::hours(24)) {
      at_utc = core::local_to_utc(date_, *tod, offset_);
    }
    if (!at_utc)
      fail(line_of(*n), key, "`" + s + "` is not a time of day; write HH:MM:SS (local time)");
  } else {
    wrong_type(*n, key, "a local time of day such as \"06:30:00\"");
  }
  const auto days = std::chrono::floor<std::chrono::days>(
      at_utc->time_since_epoch() - std::chrono::sys_days(date_).time_since_epoch());
  if (days.count() < -2 || days.count() > 2)
    fail(line_of(*n), key, "the gun time is not within two days of the race date");
  return at_utc;
}

const toml::array* Reader::opt_array(const toml::table& t, const std::string& path,
                                     std::string_view key, bool required) {
  const toml::node* n = find(t, path, key, required);
  if (!n) return nullptr;
  if (!n->is_array()) wrong_type(*n, join(path, key), "an array");
  return n->as_array();
}

const toml::table& Reader::table_in(const toml::array& a, std::size_t i, const std::string& key) {
  const toml::node& n = a[i];
  if (!n.is_table()) wrong_type(n, at(key, i), "a table ({ key = value, ... } or [[...]])");
  return *n.as_table();
}

RaceConfig Reader::read(const toml::table& root) {
  check_keys(root, "", {"race", "mats", "contests", "waves", "categories"});
  RaceConfig c;
  const toml::node* race = find(root, "", "race", false);
  if (!race) fail(1, "race", "missing the [race] table with name, date and utc_offset");
  if (!race->is_table()) wrong_type(*race, "race", "a table ([race])");
  read_race(*race->as_table(), c);

  if (const toml::array* a = opt_array(root, "", "mats")) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string p = at("mats", i);
      const toml::table& t = table_in(*a, i, "mats");
      check_keys(t, p, {"id", "name"});
      Mat m;
      m.id = *opt_string(t, p, "id", true);
      m.name = opt_string(t, p, "name").value_or(m.id);
      c.mats.push_back(std::move(m));
    }
  }
  if (const toml::array* a = opt_array(root, "", "contests")) {
    for (std::size_t i = 0; i < a->size(); ++i)
      c.contests.push_back(read_contest(table_in(*a, i, "contests"), at("contests", i)));
  }
  if (const toml::array* a = opt_array(root, "", "waves")) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string p = at("waves", i);
      const toml::table& t = table_in(*a, i, "waves");
      check_keys(t, p, {"id", "contest", "gun"});
      Wave w;
      w.id = *opt_string(t, p, "id", true);
      w.contest = *opt_string(t, p, "contest", true);
      w.gun = opt_gun(t, p);
      c.waves.push_back(std::move(w));
    }
  }
  if (const toml::array* a = opt_array(root, "", "categories")) {
    for (std::size_t i = 0; i < a->size(); ++i)
      c.categories.push_back(read_category(table_in(*a, i, "categories"), at("categories", i)));
  }
  return c;
}

void Reader::read_race(const toml::table& t, RaceConfig& c) {
  const std::string p = "race";
  check_keys(t, p, {"name", "date", "utc_offset", "age_reference", "dedup_window_s"});
  c.name = *opt_string(t, p, "name", true);
  c.date = *opt_date(t, p, "date", true);
  const std::string off = *opt_string(t, p, "utc_offset", true);
  const auto o = core::parse_utc_offset(off);
  if (!o)
    fail(line_for("race.utc_offset"), "race.utc_offset",
         "`" + off + "` is not a UTC offset; write it like \"+05:00\"");
  c.utc_offset = *o;
  date_ = c.date;
  offset_ = c.utc_offset;
  c.age_reference = opt_date(t, p, "age_reference");
  if (const toml::node* n = find(t, p, "dedup_window_s", false)) {
    double s = 0;
    if (n->is_integer())
      s = static_cast<double>(n->as_integer()->get());
    else if (n->is_floating_point())
      s = n->as_floating_point()->get();
    else
      wrong_type(*n, "race.dedup_window_s", "a number of seconds");
    if (!(s >= 0 && s <= 86400))
      fail(line_of(*n), "race.dedup_window_s", "use a number of seconds between 0 and 86400");
    c.dedup_window = core::Ms(static_cast<std::int64_t>(s * 1000 + 0.5));
  }
}

Contest Reader::read_contest(const toml::table& t, const std::string& p) {
  check_keys(t, p,
             {"id", "name", "distance_m", "kind", "rank_by", "gun", "speed_check", "points", "legs",
              "records"});
  Contest c;
  c.id = *opt_string(t, p, "id", true);
  c.name = opt_string(t, p, "name").value_or(c.id);
  c.distance_m = static_cast<std::int32_t>(*opt_int(t, p, "distance_m", 1, 1000000, true));
  if (auto k = opt_string(t, p, "kind")) {
    c.kind = parse_contest_kind(*k);
    if (c.kind == ContestKind::invalid)
      fail(line_for(p + ".kind"), p + ".kind",
           "`" + *k + "` is not a kind; use individual or relay");
  }
  if (auto r = opt_string(t, p, "rank_by")) {
    c.rank_by = parse_rank_by(*r);
    if (c.rank_by == RankBy::invalid)
      fail(line_for(p + ".rank_by"), p + ".rank_by", "`" + *r + "` is not allowed; use gun or net");
  }
  c.gun = opt_gun(t, p);
  c.speed_check = opt_bool(t, p, "speed_check").value_or(true);
  read_points(t, p, c);
  read_legs(t, p, c);
  if (const toml::array* a = opt_array(t, p, "records")) {
    for (std::size_t i = 0; i < a->size(); ++i)
      c.records.push_back(read_record(table_in(*a, i, p + ".records"), at(p + ".records", i)));
  }
  // Splits come from a TOML table (key order is lost): put them back in course order.
  auto index = [&c](const std::string& mat) {
    for (std::size_t i = 0; i < c.points.size(); ++i)
      if (c.points[i].mat == mat) return i;
    return c.points.size();
  };
  for (CourseRecord& r : c.records)
    std::stable_sort(r.splits.begin(), r.splits.end(),
                     [&](const auto& a, const auto& b) { return index(a.first) < index(b.first); });
  return c;
}

void Reader::read_points(const toml::table& t, const std::string& p, Contest& c) {
  const toml::array* a = opt_array(t, p, "points", true);
  const std::string base = p + ".points";
  for (std::size_t i = 0; i < a->size(); ++i) {
    const std::string pp = at(base, i);
    const toml::table& pt = table_in(*a, i, base);
    check_keys(pt, pp, {"mat", "distance_m", "role", "label"});
    ContestPoint cp;
    cp.mat = *opt_string(pt, pp, "mat", true);
    cp.distance_m = static_cast<std::int32_t>(*opt_int(pt, pp, "distance_m", 0, 1000000, true));
    if (auto r = opt_string(pt, pp, "role")) {
      cp.role = parse_point_role(*r);
      if (cp.role == PointRole::invalid)
        fail(line_for(pp + ".role"), pp + ".role",
             "`" + *r + "` is not a role; use start, split, announcer or finish");
    } else {
      cp.role =
          i == 0 ? PointRole::start : (i + 1 == a->size() ? PointRole::finish : PointRole::split);
    }
    cp.label = opt_string(pt, pp, "label").value_or(cp.mat);
    c.points.push_back(std::move(cp));
  }
}

void Reader::read_legs(const toml::table& t, const std::string& p, Contest& c) {
  const toml::array* a = opt_array(t, p, "legs");
  if (!a) return;
  const std::string base = p + ".legs";
  for (std::size_t i = 0; i < a->size(); ++i) {
    const std::string lp = at(base, i);
    const toml::table& lt = table_in(*a, i, base);
    check_keys(lt, lp, {"distance_m", "end_mat"});
    RelayLeg leg;
    leg.number = static_cast<int>(i) + 1;
    leg.distance_m = static_cast<std::int32_t>(*opt_int(lt, lp, "distance_m", 1, 1000000, true));
    leg.end_mat = *opt_string(lt, lp, "end_mat", true);
    c.legs.push_back(std::move(leg));
  }
}

CourseRecord Reader::read_record(const toml::table& t, const std::string& p) {
  check_keys(t, p, {"label", "gender", "time", "holder", "country", "year", "splits"});
  CourseRecord r;
  r.label = opt_string(t, p, "label").value_or(r.label);
  if (auto g = opt_string(t, p, "gender"); g && !g->empty()) {
    r.gender = parse_gender(*g);
    if (r.gender == Gender::invalid)
      fail(line_for(p + ".gender"), p + ".gender", "`" + *g + "` is not a gender; use M, F or X");
  }
  r.time = *opt_duration(*find(t, p, "time", true), p + ".time");
  r.holder = opt_string(t, p, "holder").value_or("");
  r.country = opt_string(t, p, "country").value_or("");
  r.year = static_cast<int>(opt_int(t, p, "year", 0, 9999).value_or(0));
  if (const toml::node* n = find(t, p, "splits", false)) {
    if (!n->is_table()) wrong_type(*n, p + ".splits", "a table such as { \"5K\" = \"0:16:30\" }");
    for (auto&& [k, v] : *n->as_table())
      r.splits.emplace_back(std::string(k.str()),
                            *opt_duration(v, p + ".splits." + std::string(k.str())));
  }
  return r;
}

Category Reader::read_category(const toml::table& t, const std::string& p) {
  check_keys(t, p, {"id", "name", "gender", "min_age", "max_age", "contests"});
  Category c;
  c.id = *opt_string(t, p, "id", true);
  c.name = opt_string(t, p, "name").value_or(c.id);
  if (auto g = opt_string(t, p, "gender"); g && !g->empty()) {
    c.gender = parse_gender(*g);
    if (c.gender == Gender::invalid)
      fail(line_for(p + ".gender"), p + ".gender", "`" + *g + "` is not a gender; use M, F or X");
  }
  c.min_age = static_cast<int>(opt_int(t, p, "min_age", 0, 200).value_or(0));
  c.max_age = static_cast<int>(opt_int(t, p, "max_age", 0, 200).value_or(200));
  if (const toml::array* a = opt_array(t, p, "contests")) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      const toml::node& n = (*a)[i];
      if (!n.is_string()) wrong_type(n, at(p + ".contests", i), "a contest id in quotes");
      c.contests.push_back(n.as_string()->get());
    }
  }
  return c;
}

// --- Writing -------------------------------------------------------------------------------

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string q(std::string_view s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04X", u);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string duration(core::Ms d) {
  return d.count() % 1000 == 0 ? core::format_hms(d) : core::format_hms_ms(d);
}

// A gun as local time of day on the race date, or a full date-time when on another day.
std::string gun_text(core::UtcMs t, const RaceConfig& c) {
  if (core::local_date(t, c.utc_offset) != c.date) return q(core::format_iso8601(t, c.utc_offset));
  const std::int64_t ms = core::local_time_of_day(t, c.utc_offset).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(ms / 3600000),
                static_cast<long long>(ms / 60000 % 60), static_cast<long long>(ms / 1000 % 60));
  std::string s = buf;
  if (ms % 1000 != 0) {
    std::snprintf(buf, sizeof buf, ".%03lld", static_cast<long long>(ms % 1000));
    s += buf;
  }
  return q(s);
}

void write_contest(std::string& o, const Contest& c, const RaceConfig& rc) {
  o += "\n[[contests]]\nid = " + q(c.id) + "\nname = " + q(c.name) +
       "\ndistance_m = " + std::to_string(c.distance_m) + "\nkind = " + q(to_string(c.kind)) +
       "\nrank_by = " + q(to_string(c.rank_by)) + "\n";
  if (c.gun) o += "gun = " + gun_text(*c.gun, rc) + "\n";
  o += std::string("speed_check = ") + (c.speed_check ? "true" : "false") + "\npoints = [\n";
  for (const ContestPoint& p : c.points) {
    o += "  { mat = " + q(p.mat) + ", distance_m = " + std::to_string(p.distance_m) +
         ", role = " + q(to_string(p.role));
    if (p.label != p.mat) o += ", label = " + q(p.label);
    o += " },\n";
  }
  o += "]\n";
  if (!c.legs.empty()) {
    o += "legs = [\n";
    for (const RelayLeg& l : c.legs)
      o += "  { distance_m = " + std::to_string(l.distance_m) + ", end_mat = " + q(l.end_mat) +
           " },\n";
    o += "]\n";
  }
  for (const CourseRecord& r : c.records) {
    o += "\n[[contests.records]]\nlabel = " + q(r.label) + "\n";
    if (r.gender != Gender::invalid) o += "gender = " + q(to_string(r.gender)) + "\n";
    o += "time = " + q(duration(r.time)) + "\nholder = " + q(r.holder) +
         "\ncountry = " + q(r.country) + "\n";
    if (r.year != 0) o += "year = " + std::to_string(r.year) + "\n";
    if (!r.splits.empty()) {
      o += "splits = { ";
      for (std::size_t i = 0; i < r.splits.size(); ++i)
        o += (i ? ", " : "") + q(r.splits[i].first) + " = " + q(duration(r.splits[i].second));
      o += " }\n";
    }
  }
}

}  // namespace

RaceConfig parse_race_config(std::string_view toml_text, std::string_view file_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, file_name);
  } catch (const toml::parse_error& e) {
    throw ConfigError(std::string(file_name), static_cast<int>(e.source().begin.line), "",
                      "TOML syntax error: " + std::string(e.description()));
  }
  Reader reader(file_name);
  RaceConfig config = reader.read(root);
  const std::vector<ConfigProblem> problems = validate_problems(config);
  if (problems.empty()) return config;
  std::string msg = problems.front().message;
  if (problems.size() > 1) {
    msg += "\nalso:";
    for (std::size_t i = 1; i < problems.size(); ++i) {
      const int line = reader.line_for(problems[i].key);
      msg += "\n  " + std::string(file_name) + (line > 0 ? ":" + std::to_string(line) : "") + ": " +
             problems[i].key + ": " + problems[i].message;
    }
  }
  throw ConfigError(std::string(file_name), reader.line_for(problems.front().key),
                    problems.front().key, msg);
}

std::string format_race_config(const RaceConfig& c) {
  std::string o =
      "# Race configuration; every key is explained in docs/race-config.md.\n\n[race]\n";
  o += "name = " + q(c.name) + "\ndate = " + core::format_date(c.date) +
       "\nutc_offset = " + q(core::format_utc_offset(c.utc_offset)) + "\n";
  if (c.age_reference) o += "age_reference = " + core::format_date(*c.age_reference) + "\n";
  char buf[48];
  const long long w = c.dedup_window.count();
  if (w % 1000 == 0)
    std::snprintf(buf, sizeof buf, "%lld", w / 1000);
  else
    std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(w) / 1000.0);
  o += std::string("dedup_window_s = ") + buf + "\n";
  for (const Mat& m : c.mats) o += "\n[[mats]]\nid = " + q(m.id) + "\nname = " + q(m.name) + "\n";
  for (const Contest& ct : c.contests) write_contest(o, ct, c);
  for (const Wave& wv : c.waves) {
    o += "\n[[waves]]\nid = " + q(wv.id) + "\ncontest = " + q(wv.contest) + "\n";
    if (wv.gun) o += "gun = " + gun_text(*wv.gun, c) + "\n";
  }
  for (const Category& cat : c.categories) {
    o += "\n[[categories]]\nid = " + q(cat.id) + "\nname = " + q(cat.name) + "\n";
    if (cat.gender != Gender::invalid) o += "gender = " + q(to_string(cat.gender)) + "\n";
    o += "min_age = " + std::to_string(cat.min_age) + "\nmax_age = " + std::to_string(cat.max_age) +
         "\n";
    if (!cat.contests.empty()) {
      o += "contests = [";
      for (std::size_t i = 0; i < cat.contests.size(); ++i)
        o += (i ? ", " : "") + q(cat.contests[i]);
      o += "]\n";
    }
  }
  return o;
}

}  // namespace race
