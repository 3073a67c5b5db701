#include "race/participants_csv.h"

#include <algorithm>
#include <array>
#include <map>

#include "core/text.h"
#include "messages.h"

namespace race {
namespace {

enum Col : std::size_t {
  kBib,
  kFirstName,
  kLastName,
  kGender,
  kBirthDate,
  kAge,
  kCountry,
  kCity,
  kClub,
  kContest,
  kWave,
  kTeam,
  kLeg,
  kChips,
  kVip,
  kNote,
  kPronunciation,
  kCategory,
  kColumnCount
};

constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "bib",     "first_name", "last_name", "gender",  "birth_date",    "age",
    "country", "city",       "club",      "contest", "wave",          "team",
    "leg",     "chips",      "vip",       "note",    "pronunciation", "category"};

constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);

// Turns one CSV record into a Participant, or says why it cannot.
class RowReader {
 public:
  RowReader(const RaceConfig& config, const std::array<std::size_t, kColumnCount>& cols)
      : config_(config), cols_(cols) {}

  // Returns an empty string and fills `p`, or returns the reason the row is skipped.
  std::string read(const std::vector<std::string>& fields, int line, Participant& p);

 private:
  std::string field(const std::vector<std::string>& f, Col c) const {
    const std::size_t i = cols_[c];
    return i < f.size() ? std::string(core::trim(f[i])) : std::string();
  }
  std::string read_identity(const std::vector<std::string>& f, Participant& p);
  std::string read_entry(const std::vector<std::string>& f, Participant& p);
  std::string read_chips(const std::vector<std::string>& f, Participant& p);
  std::string claim(const Participant& p, int line);

  const RaceConfig& config_;
  const std::array<std::size_t, kColumnCount>& cols_;
  std::map<std::string, int> bibs_;                           // bib -> line
  std::map<std::string, std::pair<std::string, int>> chips_;  // chip -> bib, line
  std::map<std::pair<std::string, int>, std::string> legs_;   // (contest/team, leg) -> bib
};

std::string RowReader::read_identity(const std::vector<std::string>& f, Participant& p) {
  p.first_name = field(f, kFirstName);
  p.last_name = field(f, kLastName);
  if (const std::string g = field(f, kGender); !g.empty()) {
    p.gender = parse_gender(g);
    if (p.gender == Gender::invalid) return "gender " + quoted(g) + " is not M, F or X";
  }
  if (const std::string d = field(f, kBirthDate); !d.empty()) {
    p.birth_date = core::parse_date(d);
    if (!p.birth_date) return "birth_date " + quoted(d) + " is not a date; write YYYY-MM-DD";
  }
  if (const std::string a = field(f, kAge); !a.empty()) {
    const auto v = core::parse_int(a);
    if (!v || *v < 0 || *v > 120) return "age " + quoted(a) + " is not a whole number 0..120";
    p.age = static_cast<int>(*v);
  } else if (p.birth_date && config_.age_reference_date().ok()) {
    p.age = core::age_on(*p.birth_date, config_.age_reference_date());
    if (p.age < 0 || p.age > 120)
      return "birth_date " + quoted(core::format_date(*p.birth_date)) +
             " gives an age outside 0..120 on the race day";
  }
  p.country = field(f, kCountry);
  if (!p.country.empty() &&
      (p.country.size() != 3 || !std::all_of(p.country.begin(), p.country.end(),
                                             [](char c) { return c >= 'A' && c <= 'Z'; })))
    return "country " + quoted(p.country) + " is not a 3-letter code in capitals such as KAZ";
  p.city = field(f, kCity);
  p.club = field(f, kClub);
  p.note = field(f, kNote);
  p.pronunciation = field(f, kPronunciation);
  const std::string vip = core::to_lower(field(f, kVip));
  if (vip == "1" || vip == "true" || vip == "yes")
    p.vip = true;
  else if (!(vip.empty() || vip == "0" || vip == "false" || vip == "no"))
    return "vip " + quoted(vip) + " is not one of 1, 0, yes, no, true, false";
  return {};
}

std::string RowReader::read_entry(const std::vector<std::string>& f, Participant& p) {
  p.contest = field(f, kContest);
  const bool checking = !config_.contests.empty();
  const Contest* contest = nullptr;
  if (checking && p.contest.empty()) {
    if (config_.contests.size() != 1)
      return "no contest given; this race has " + std::to_string(config_.contests.size()) +
             " contests, so fill the contest column";
    p.contest = config_.contests.front().id;
  }
  if (checking && !(contest = config_.find_contest(p.contest)))
    return "contest " + quoted(p.contest) + " is not in race.toml";
  p.wave = field(f, kWave);
  if (checking && !p.wave.empty()) {
    const Wave* w = config_.find_wave(p.wave);
    if (!w) return "wave " + quoted(p.wave) + " is not in race.toml";
    if (w->contest != p.contest)
      return "wave " + quoted(p.wave) + " belongs to contest " + quoted(w->contest) + ", not " +
             quoted(p.contest);
  }
  p.team = field(f, kTeam);
  if (const std::string l = field(f, kLeg); !l.empty()) {
    const auto v = core::parse_int(l);
    if (!v || *v < 1 || *v > 1000) return "leg " + quoted(l) + " is not a leg number";
    p.leg = static_cast<int>(*v);
  }
  if (contest && contest->kind == ContestKind::relay) {
    if (p.team.empty()) return "relay contest " + quoted(p.contest) + " needs a team";
    if (p.leg < 1 || p.leg > static_cast<int>(contest->legs.size()))
      return "relay contest " + quoted(p.contest) + " needs a leg 1.." +
             std::to_string(contest->legs.size()) + ", not " + quoted(field(f, kLeg));
  }
  return {};
}

std::string RowReader::read_chips(const std::vector<std::string>& f, Participant& p) {
  const std::string all = field(f, kChips);  // split() views into it
  for (std::string_view c : core::split(all, ';')) {
    c = core::trim(c);
    if (c.empty()) continue;
    if (std::find(p.chips.begin(), p.chips.end(), c) != p.chips.end()) continue;
    if (auto it = chips_.find(std::string(c)); it != chips_.end())
      return "chip " + quoted(c) + " is already worn by bib " + quoted(it->second.first) +
             " (line " + std::to_string(it->second.second) + ")";
    p.chips.emplace_back(c);
  }
  return {};
}

// Checks the row against earlier rows, then records its bib, chips and relay leg.
std::string RowReader::claim(const Participant& p, int line) {
  if (auto it = bibs_.find(p.bib); it != bibs_.end())
    return "bib " + quoted(p.bib) + " is used twice (first on line " + std::to_string(it->second) +
           ")";
  const auto leg_key = std::make_pair(p.contest + "\n" + p.team, p.leg);
  const bool relay = !p.team.empty() && p.leg > 0;
  if (relay) {
    if (auto it = legs_.find(leg_key); it != legs_.end())
      return "team " + quoted(p.team) + " leg " + std::to_string(p.leg) +
             " is already run by bib " + quoted(it->second);
  }
  bibs_.emplace(p.bib, line);
  for (const std::string& c : p.chips) chips_.emplace(c, std::make_pair(p.bib, line));
  if (relay) legs_.emplace(leg_key, p.bib);
  return {};
}

std::string RowReader::read(const std::vector<std::string>& f, int line, Participant& p) {
  for (std::size_t i = 0; i < kColumnCount; ++i) {
    const std::size_t c = cols_[i];
    if (c < f.size() && !core::valid_utf8(f[c]))
      return "column " + std::string(kColumnNames[i]) +
             " is not valid UTF-8; save the file as UTF-8 (CSV UTF-8 in spreadsheets)";
  }
  p.bib = field(f, kBib);
  if (p.bib.empty()) return "the bib is empty";
  std::string err = read_identity(f, p);
  if (err.empty()) err = read_entry(f, p);
  if (err.empty()) err = read_chips(f, p);
  if (!err.empty()) return "bib " + quoted(p.bib) + ": " + err;
  p.category = field(f, kCategory);
  const bool known = config_.categories.empty() ||
                     std::any_of(config_.categories.begin(), config_.categories.end(),
                                 [&](const Category& c) { return c.id == p.category; });
  if (p.category.empty() || !known) p.category = derive_category(config_, p);
  return claim(p, line);
}

bool blank(const std::vector<std::string>& fields) {
  return std::all_of(fields.begin(), fields.end(),
                     [](const std::string& s) { return core::trim(s).empty(); });
}

}  // namespace

ParticipantsCsv parse_participants_csv(std::string_view text, const RaceConfig& config) {
  ParticipantsCsv out;
  out.participants.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
  core::CsvReader reader(text);
  std::vector<std::string> fields;
  // The header: the first record that is not blank.
  while (reader.next(fields) && blank(fields)) {
  }
  if (fields.empty() || blank(fields)) return out;
  const int header_line = reader.record_line();
  std::array<std::size_t, kColumnCount> cols;
  cols.fill(kAbsent);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string name = core::to_lower(core::trim(fields[i]));
    for (std::size_t c = 0; c < kColumnCount; ++c)
      if (name == kColumnNames[c] && cols[c] == kAbsent) cols[c] = i;
  }
  if (cols[kBib] == kAbsent) {
    std::string reason =
        "the header has no `bib` column; the first line must name the columns, "
        "e.g. " +
        std::string(kParticipantsHeader);
    if (fields.size() == 1 && fields[0].find(';') != std::string::npos)
      reason += " (this file separates columns with `;`: export it as comma-separated CSV UTF-8)";
    out.errors.push_back({header_line, std::move(reason)});
    return out;
  }
  const std::size_t width = fields.size();
  RowReader rows(config, cols);
  while (reader.next(fields)) {
    const int line = reader.record_line();
    if (!reader.error().empty()) {
      out.errors.push_back({line, reader.error() + " (a \" is never closed); the rest of the "
                                                   "file from here was not read"});
      break;
    }
    if (blank(fields)) continue;
    const bool extra = fields.size() > width &&
                       !blank(std::vector<std::string>(fields.begin() + width, fields.end()));
    if (fields.size() < width || extra) {
      out.errors.push_back({line, "the row has " + std::to_string(fields.size()) +
                                      " fields but the header has " + std::to_string(width) +
                                      "; check for a stray comma or quote"});
      continue;
    }
    Participant p;
    if (std::string err = rows.read(fields, line, p); !err.empty())
      out.errors.push_back({line, std::move(err)});
    else
      out.participants.push_back(std::move(p));
  }
  return out;
}

std::string format_participants_csv(const std::vector<Participant>& participants) {
  std::string out = std::string(kParticipantsHeader) + "\n";
  for (const Participant& p : participants) {
    std::string chips;
    for (std::size_t i = 0; i < p.chips.size(); ++i) chips += (i ? ";" : "") + p.chips[i];
    const std::string cells[kColumnCount] = {p.bib,
                                             p.first_name,
                                             p.last_name,
                                             std::string(to_string(p.gender)),
                                             p.birth_date ? core::format_date(*p.birth_date) : "",
                                             p.age >= 0 ? std::to_string(p.age) : "",
                                             p.country,
                                             p.city,
                                             p.club,
                                             p.contest,
                                             p.wave,
                                             p.team,
                                             p.leg > 0 ? std::to_string(p.leg) : "",
                                             chips,
                                             p.vip ? "1" : "",
                                             p.note,
                                             p.pronunciation,
                                             p.category};
    for (std::size_t i = 0; i < kColumnCount; ++i)
      out += (i ? "," : "") + core::csv_field(cells[i]);
    out += "\n";
  }
  return out;
}

}  // namespace race
