// Boston Marathon results importer (docs/boston-import.md): Boston's course, divisions and
// waves as a RaceConfig; one participant per finisher; invented wave guns and corral delays
// that turn the file's net splits into reads with a time of day. Dirty rows are reported.
#include "bundle/boston.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <optional>
#include <unordered_map>

#include "core/error.h"
#include "core/text.h"

namespace bundle {
namespace {

using core::Ms;
using namespace std::chrono_literals;

constexpr const char* kBostonSource = "boston-import";
constexpr const char* kContest = "marathon";
constexpr std::size_t kMaxBibBytes = 32;

struct MatDef {
  const char* id;
  const char* column;  // results column, or nullptr for start/finish
  std::int32_t distance_m;
  const char* name;
  const char* label;
};

// Course order; Half lies between 20K and 25K.
constexpr MatDef kMats[] = {
    {"start", nullptr, 0, "Start, Hopkinton", "START"},
    {"5K", "5K", 5000, "5 km, Ashland", "5K"},
    {"10K", "10K", 10000, "10 km, Framingham", "10K"},
    {"15K", "15K", 15000, "15 km, Natick", "15K"},
    {"20K", "20K", 20000, "20 km, Wellesley", "20K"},
    {"Half", "Half", 21098, "Half marathon, Wellesley", "HALF"},
    {"25K", "25K", 25000, "25 km, Newton Lower Falls", "25K"},
    {"30K", "30K", 30000, "30 km, Newton Hills", "30K"},
    {"35K", "35K", 35000, "35 km, Chestnut Hill", "35K"},
    {"40K", "40K", 40000, "40 km, Kenmore Square", "40K"},
    {"finish", nullptr, 42195, "Finish, Boylston Street", "FINISH"},
};
constexpr std::size_t kSplitCount = 9;  // kMats[1..9]

struct WaveDef {
  const char* id;
  Ms local_gun;  // local time of day
  bool elite;
  long first_bib, end_bib;  // numeric bib range used for the position in the corral
};

constexpr WaveDef kWaves[] = {
    {"elite-women", 9h + 32min, true, 0, 0},     {"elite-men", 10h, true, 0, 100},
    {"wave1", 10h + 2min, false, 100, 8000},     {"wave2", 10h + 25min, false, 8000, 16000},
    {"wave3", 10h + 50min, false, 16000, 24000}, {"wave4", 11h + 15min, false, 24000, 32000},
};

constexpr int kDivisionBounds[][2] = {{18, 39}, {40, 44}, {45, 49}, {50, 54}, {55, 59},
                                      {60, 64}, {65, 69}, {70, 74}, {75, 79}, {80, 200}};

// ---- configuration ---------------------------------------------------------------------

int year_from_name(std::string_view file_name) {
  const std::string name = std::filesystem::path(file_name).filename().string();
  for (std::size_t i = 0; i + 4 <= name.size(); ++i) {
    const bool four = std::all_of(name.begin() + i, name.begin() + i + 4,
                                  [](char c) { return c >= '0' && c <= '9'; });
    const bool bounded =
        (i == 0 || !std::isdigit(static_cast<unsigned char>(name[i - 1]))) &&
        (i + 4 == name.size() || !std::isdigit(static_cast<unsigned char>(name[i + 4])));
    if (!four || !bounded) continue;
    const int year = std::stoi(name.substr(i, 4));
    if (year >= 1897 && year < 2100) return year;
  }
  throw core::Error(std::string(file_name) +
                    ": cannot tell the race year from the file name; name it "
                    "marathon_results_YYYY.csv.gz or give the year explicitly");
}

// Patriots' Day: the third Monday of April.
core::Date patriots_day(int year) {
  using namespace std::chrono;
  return core::Date(sys_days(std::chrono::year(year) / April / Monday[3]));
}

std::vector<race::Category> divisions() {
  std::vector<race::Category> out;
  for (const auto g : {race::Gender::male, race::Gender::female}) {
    const std::string prefix = g == race::Gender::male ? "M" : "F";
    const std::string people = g == race::Gender::male ? "Men " : "Women ";
    for (const auto& b : kDivisionBounds) {
      const std::string ages = b[1] == 200 ? std::to_string(b[0]) + "+"
                                           : std::to_string(b[0]) + "-" + std::to_string(b[1]);
      out.push_back({prefix + ages, people + ages, g, b[0], b[1], {}});
    }
  }
  return out;
}

race::RaceConfig boston_config(int year) {
  race::RaceConfig c;
  c.name = "Boston Marathon " + std::to_string(year);
  c.date = patriots_day(year);
  c.utc_offset = core::UtcOffset{-4 * 60};
  c.age_reference = c.date;
  race::Contest m;
  m.id = kContest;
  m.name = "Marathon";
  m.distance_m = 42195;
  m.rank_by = race::RankBy::net;
  m.speed_check = true;
  for (const auto& def : kMats) {
    c.mats.push_back({def.id, def.name});
    const auto role = def.distance_m == 0       ? race::PointRole::start
                      : def.distance_m == 42195 ? race::PointRole::finish
                                                : race::PointRole::split;
    m.points.push_back({def.id, def.distance_m, role, def.label});
  }
  if (year > 2011)
    m.records.push_back(
        {"course record", race::Gender::male, Ms(7382000), "Geoffrey Mutai", "KEN", 2011, {}});
  if (year > 2014)
    m.records.push_back(
        {"course record", race::Gender::female, Ms(8399000), "Buzunesh Deba", "ETH", 2014, {}});
  c.contests.push_back(std::move(m));
  for (const auto& w : kWaves)
    c.waves.push_back({w.id, kContest, core::local_to_utc(c.date, w.local_gun, c.utc_offset)});
  c.categories = divisions();
  return c;
}

// ---- rows ------------------------------------------------------------------------------

struct Columns {
  std::size_t bib, name, age, gender, city, state, country, para, official, overall, place_gender,
      division;
  std::size_t splits[kSplitCount];
  std::size_t width;
};

Columns resolve_columns(const std::vector<std::string>& header, std::string_view file_name) {
  auto find = [&](std::string_view name) {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (core::trim(header[i]) == name) return i;
    throw core::Error(std::string(file_name) + ":1: the header has no `" + std::string(name) +
                      "` column; expected the Boston results columns Bib,Name,Age,M/F,City,"
                      "State,Country,Citizen,,5K,...,40K,Pace,Proj Time,Official Time,Overall,"
                      "Gender,Division");
  };
  Columns c{};
  c.bib = find("Bib");
  c.name = find("Name");
  c.age = find("Age");
  c.gender = find("M/F");
  c.city = find("City");
  c.state = find("State");
  c.country = find("Country");
  c.para = find("");
  c.official = find("Official Time");
  c.overall = find("Overall");
  c.place_gender = find("Gender");
  c.division = find("Division");
  for (std::size_t i = 0; i < kSplitCount; ++i) c.splits[i] = find(kMats[i + 1].column);
  c.width = header.size();
  return c;
}

struct Row {
  race::Participant participant;
  BostonOfficial official;
  std::optional<Ms> splits[kSplitCount];
};

std::string quote(std::string_view s) {
  return "`" + std::string(s) + "`";
}

// The Official Time, repairing a spreadsheet day fraction (0.124548611 = 2:59:21).
std::optional<Ms> official_time(std::string_view text, std::string& repaired) {
  if (auto t = core::parse_hms(text)) return t;
  const auto fraction = core::parse_double(text);
  if (!fraction || !(*fraction > 0.0 && *fraction < 1.0)) return std::nullopt;
  const Ms t(std::llround(*fraction * 86400.0) * 1000);
  repaired = "Official Time " + quote(text) + " is a spreadsheet day fraction; read as " +
             core::format_hms(t) + " (repaired)";
  return t;
}

// The least time in which anyone could run `distance_m`: 97% of the men's world-record
// marathon time scaled by Riegel's formula (t ~ d^1.06), which tracks the records from 5 km
// to the marathon within a few seconds. A split faster than this is a timing error.
Ms fastest_possible(std::int32_t distance_m) {
  if (distance_m <= 0) return Ms(0);
  const double marathon_record_s = 7235.0;  // 2:00:35
  const double s = 0.97 * marathon_record_s * std::pow(distance_m / 42195.0, 1.06);
  return Ms(std::llround(s * 1000.0));
}

// Reads the split columns. A split that is no time is dropped (a missed mat); every other
// split becomes a passing, as the file has it, so the race model sees what the mats saw.
// Splits that cannot be right (after the finish, before an earlier split, faster than the
// world record) are described in `suspicious`: the model flags such reads as impossible.
void read_splits(const std::vector<std::string>& f, const Columns& cols, Row& row,
                 std::string& dropped, std::string& suspicious) {
  Ms last(0);
  std::int32_t last_m = 0;
  for (std::size_t i = 0; i < kSplitCount; ++i) {
    const std::string_view text = core::trim(f[cols.splits[i]]);
    if (text.empty() || text == "-") continue;
    const auto t = core::parse_hms(text);
    if (!t) {
      dropped += std::string(dropped.empty() ? "" : ", ") + kMats[i + 1].column + " " +
                 quote(text) + " is not H:MM:SS";
      continue;
    }
    const std::int32_t at_m = kMats[i + 1].distance_m;
    std::string why;
    if (*t > row.official.official_time)
      why = "is after the Official Time " + core::format_hms(row.official.official_time);
    else if (*t < last)
      why = "is before an earlier split";
    else if (*t < fastest_possible(at_m) || *t - last < fastest_possible(at_m - last_m))
      why = "is faster than the world record";
    row.splits[i] = *t;
    if (why.empty()) {
      last = *t;
      last_m = at_m;
      continue;
    }
    suspicious += std::string(suspicious.empty() ? "" : ", ") + kMats[i + 1].column + " " +
                  quote(text) + " " + why;
  }
}

// A split so close to the read after it (ultimately the finish) that the stretch between
// would beat the world record is described in `suspicious`.
void check_gaps_to_next(const Row& row, std::string& suspicious) {
  Ms next = row.official.official_time;
  std::int32_t next_m = 42195;
  std::string next_name = "the finish";
  for (std::size_t i = kSplitCount; i-- > 0;) {
    if (!row.splits[i]) continue;
    const Ms gap = next - *row.splits[i];
    if (gap >= Ms(0) && gap < fastest_possible(next_m - kMats[i + 1].distance_m)) {
      suspicious += std::string(suspicious.empty() ? "" : ", ") + kMats[i + 1].column + " " +
                    quote(core::format_hms(*row.splits[i])) + " leaves " + core::format_short(gap) +
                    " to " + next_name + ", faster than the world record";
      continue;
    }
    if (gap < Ms(0)) continue;
    next = *row.splits[i];
    next_m = kMats[i + 1].distance_m;
    next_name = kMats[i + 1].column;
  }
}

// Fills the participant and places, or returns why the row is skipped.
std::string read_identity(const std::vector<std::string>& f, const Columns& cols, Row& row) {
  race::Participant& p = row.participant;
  p.bib = std::string(core::trim(f[cols.bib]));
  if (p.bib.empty()) return "the row has no Bib";
  if (p.bib.size() > kMaxBibBytes || !core::valid_utf8(p.bib))
    return "Bib " + quote(p.bib.substr(0, kMaxBibBytes)) + " is too long or not UTF-8";
  const std::string_view name = core::trim(f[cols.name]);
  if (const auto comma = name.find(','); comma == std::string_view::npos) {
    p.last_name = std::string(name);
  } else {
    p.last_name = std::string(core::trim(name.substr(0, comma)));
    p.first_name = std::string(core::trim(name.substr(comma + 1)));
  }
  const std::string_view g = core::trim(f[cols.gender]);
  p.gender = g == "M"   ? race::Gender::male
             : g == "F" ? race::Gender::female
                        : race::Gender::invalid;
  if (p.gender == race::Gender::invalid) return "M/F " + quote(g) + " is not M or F";
  const auto age = core::parse_int(core::trim(f[cols.age]));
  if (!age || *age < 1 || *age > 120)
    return "Age " + quote(f[cols.age]) + " is not a whole number from 1 to 120";
  p.age = static_cast<int>(*age);
  p.country = std::string(core::trim(f[cols.country]));
  p.city = std::string(core::trim(f[cols.city]));
  if (const auto state = core::trim(f[cols.state]); !state.empty())
    p.city += (p.city.empty() ? "" : ", ") + std::string(state);
  if (const auto para = core::trim(f[cols.para]); !para.empty())
    p.note = "para athlete " + std::string(para);
  for (const std::string* s : {&p.first_name, &p.last_name, &p.country, &p.city, &p.note})
    if (!core::valid_utf8(*s) || s->size() > 256)
      return "a text field is not valid UTF-8 or is over 256 bytes";
  auto place = [&](std::size_t col) {
    return static_cast<int>(core::parse_int(core::trim(f[col])).value_or(0));
  };
  row.official = {p.bib, Ms(0), place(cols.overall), place(cols.place_gender),
                  place(cols.division)};
  return {};
}

std::string_view wave_for(std::string_view bib) {
  if (!bib.empty() && bib.front() == 'F') return "elite-women";
  const auto n = core::parse_int(bib);
  if (!n || bib.front() == '+' || bib.front() == '-') return "wave4";
  if (*n < 100) return "elite-men";
  if (*n < 8000) return "wave1";
  if (*n < 16000) return "wave2";
  if (*n < 24000) return "wave3";
  return "wave4";
}

// ---- timing ----------------------------------------------------------------------------

std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

double unit(std::uint64_t h) {
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

// Time from the wave gun to the runner's start-mat read: elites 0-15 s; others 0-8 min,
// 6.5 min by position in the corral (higher bibs further back) plus up to 1.5 min jitter.
Ms corral_delay(std::uint64_t seed, std::string_view bib, const WaveDef& wave) {
  std::uint64_t h = 0xCBF29CE484222325ull;  // FNV-1a of the bib
  for (char c : bib) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  const std::uint64_t r1 = mix(seed ^ h), r2 = mix(r1);
  if (wave.elite) return Ms(std::llround(unit(r1) * 15000.0));
  double position = unit(r2);
  if (const auto n = core::parse_int(bib); n && wave.end_bib > wave.first_bib)
    position = std::clamp(static_cast<double>(*n - wave.first_bib) /
                              static_cast<double>(wave.end_bib - wave.first_bib),
                          0.0, 1.0);
  return Ms(std::llround((position * 390.0 + unit(r1) * 90.0) * 1000.0));
}

const WaveDef& wave_def(std::string_view id) {
  for (const auto& w : kWaves)
    if (id == w.id) return w;
  return kWaves[std::size(kWaves) - 1];
}

race::Passing passing(const std::string& epoch, const std::string& mat, const std::string& bib,
                      core::UtcMs t) {
  race::Passing p;
  p.origin = {kBostonSource, epoch, 0};
  p.mat = mat;
  p.bib = bib;
  p.time = t;
  return p;
}

core::UtcMs event_time(const race::Passing& p) {
  return p.time;
}
core::UtcMs event_time(const race::GunEvent& g) {
  return g.time;
}
template <class Other>
core::UtcMs event_time(const Other&) {
  return {};
}

// Gun events and every runner's reads, merged in time order (a gun before reads at the same
// instant), numbered 1, 2, 3... in that order.
std::vector<race::Event> make_events(const race::RaceConfig& config, const std::vector<Row>& rows,
                                     std::uint64_t seed, const std::string& epoch) {
  std::vector<race::Event> events;
  for (const auto& w : config.waves)
    events.push_back(race::GunEvent{{kBostonSource, epoch, 0}, kContest, w.id, *w.gun});
  for (const Row& row : rows) {
    const race::Participant& p = row.participant;
    const WaveDef& wave = wave_def(p.wave);
    const core::UtcMs start = core::local_to_utc(config.date, wave.local_gun, config.utc_offset) +
                              corral_delay(seed, p.bib, wave);
    events.push_back(passing(epoch, "start", p.bib, start));
    for (std::size_t i = 0; i < kSplitCount; ++i)
      if (row.splits[i])
        events.push_back(passing(epoch, kMats[i + 1].id, p.bib, start + *row.splits[i]));
    events.push_back(passing(epoch, "finish", p.bib, start + row.official.official_time));
  }
  // Sort (time, index) keys rather than the events themselves: each event moves once.
  std::vector<std::pair<core::UtcMs, std::size_t>> order;
  order.reserve(events.size());
  for (std::size_t i = 0; i < events.size(); ++i)
    order.emplace_back(std::visit([](const auto& x) { return event_time(x); }, events[i]), i);
  std::sort(order.begin(), order.end());  // the index keeps equal times in creation order
  std::vector<race::Event> sorted;
  sorted.reserve(events.size());
  std::int64_t seq = 0;
  for (const auto& [time, i] : order) {
    std::visit([&](auto& x) { x.origin.seq = ++seq; }, events[i]);
    sorted.push_back(std::move(events[i]));
  }
  return sorted;
}

// Reads the data rows of one file into participants, places and problems.
class RowImporter {
 public:
  RowImporter(std::string file, const Columns& cols, const race::RaceConfig& config,
              BostonImport& out)
      : file_(std::move(file)), cols_(cols), config_(config), out_(out) {}

  void read_all(core::CsvReader& reader) {
    std::vector<std::string> fields;
    while (reader.next(fields)) {
      const int line = reader.record_line();
      const auto blank = [](const std::string& s) { return core::trim(s).empty(); };
      if (reader.error().empty() && std::all_of(fields.begin(), fields.end(), blank)) continue;
      ++out_.rows_read;
      if (!reader.error().empty()) {
        report(line, reader.error() +
                         " (a \" is never closed); row skipped, and the rest of the file with it");
        break;
      }
      Row row;
      if (std::string why = read_row(fields, line, row); !why.empty())
        report(line, why + "; row skipped");
      else
        rows.push_back(std::move(row));
    }
  }

  std::vector<Row> rows;

 private:
  void report(int line, std::string why) { out_.problems.push_back({file_, line, std::move(why)}); }

  // Fills `row`, reporting repairs and dropped splits; returns why the row is skipped, or "".
  std::string read_row(const std::vector<std::string>& fields, int line, Row& row) {
    if (fields.size() != cols_.width)
      return "the row has " + std::to_string(fields.size()) + " fields but the header has " +
             std::to_string(cols_.width);
    if (std::string why = read_identity(fields, cols_, row); !why.empty()) return why;
    const std::string& bib = row.participant.bib;
    std::string repaired;
    const auto official = official_time(core::trim(fields[cols_.official]), repaired);
    if (!official)
      return "bib " + bib + ": Official Time " + quote(fields[cols_.official]) + " is not H:MM:SS";
    if (*official <= Ms(0) || *official >= 24h)
      return "bib " + bib + ": Official Time " + quote(fields[cols_.official]) +
             " is not a finish time between 0:00:01 and 23:59:59";
    if (auto [it, fresh] = first_line_.try_emplace(bib, line); !fresh)
      return "bib " + bib + " appears twice (first on line " + std::to_string(it->second) + ")";
    if (!repaired.empty()) report(line, "bib " + bib + ": " + repaired);
    row.official.official_time = *official;
    std::string dropped, suspicious;
    read_splits(fields, cols_, row, dropped, suspicious);
    check_gaps_to_next(row, suspicious);
    if (!dropped.empty()) report(line, "bib " + bib + ": " + dropped + "; treated as missed mats");
    if (!suspicious.empty())
      report(line,
             "bib " + bib + ": " + suspicious + "; imported as read, the race model flags it");
    row.participant.contest = kContest;
    row.participant.wave = std::string(wave_for(bib));
    row.participant.category = race::derive_category(config_, row.participant);
    return {};
  }

  std::string file_;
  const Columns& cols_;
  const race::RaceConfig& config_;
  BostonImport& out_;
  std::unordered_map<std::string, int> first_line_;  // bib -> line of its first row
};

}  // namespace

BostonImport import_boston(std::string_view csv_text, std::string_view file_name,
                           const BostonOptions& options) {
  const int year = options.year != 0 ? options.year : year_from_name(file_name);
  BostonImport out;
  out.config = boston_config(year);
  core::CsvReader reader(csv_text);
  std::vector<std::string> header;
  if (!reader.next(header))
    throw core::Error(std::string(file_name) + ": the file is empty; expected Boston results CSV");
  const Columns cols = resolve_columns(header, file_name);
  RowImporter rows(std::string(file_name), cols, out.config, out);
  rows.read_all(reader);
  out.events = make_events(out.config, rows.rows, options.seed, "boston-" + std::to_string(year));
  for (Row& row : rows.rows) {
    out.participants.push_back(std::move(row.participant));
    out.official.push_back(std::move(row.official));
  }
  return out;
}

}  // namespace bundle
