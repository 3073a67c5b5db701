#include "callouts_fixture.h"

#include <algorithm>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "core/file.h"
#include "race/config_toml.h"
#include "race/model.h"

namespace callouts_test {

const RaceData& almaty() {
  static const RaceData data{race_fixture::almaty_config(),
                             race_fixture::almaty_race().participants,
                             race_fixture::almaty_race().events};
  return data;
}

const RaceData& boston2019() {
  static const RaceData data{
      std::make_shared<const race::RaceConfig>(race_fixture::boston(2019).config),
      race_fixture::boston(2019).participants, race_fixture::boston(2019).events};
  return data;
}

announcer::Templates shipped_templates(bool unlimited) {
  announcer::Templates t = announcer::parse_templates(
      core::read_file(PACECAST_SOURCE_DIR "/assets/announcer/callouts.toml"),
      "assets/announcer/callouts.toml");
  if (unlimited) t.rate = {100'000, 100'000};
  return t;
}

void replay(const RaceData& data, core::UtcMs from, core::UtcMs until, core::Ms step,
            const std::function<void(const race::RaceSnapshot&, core::UtcMs)>& on_step) {
  race_fixture::replay(data.config, data.participants, data.events, from, until, step, on_step);
}

Reads reads_of(const RaceData& data) {
  Reads out;
  for (const auto& e : data.events) {
    const auto* p = std::get_if<race::Passing>(&e);
    if (!p) continue;
    auto [it, added] = out[p->bib].try_emplace(p->mat, p->time);
    if (!added && p->time < it->second) it->second = p->time;
  }
  return out;
}

bool doubtful(const RaceData& data, const Reads& reads, const race::Participant& p, core::UtcMs t) {
  const race::Contest* c = data.config->find_contest(p.contest);
  if (!c) return true;
  std::int32_t leg_from = 0;
  if (c->kind == race::ContestKind::relay)
    for (const auto& leg : c->legs)
      if (leg.number < p.leg) leg_from += leg.distance_m;
  const auto it = reads.find(p.bib);
  const auto read_by = [&](const std::string& mat) {
    if (it == reads.end()) return false;
    const auto r = it->second.find(mat);
    return r != it->second.end() && r->second <= t;
  };
  int furthest = -1;
  for (std::size_t k = 0; k < c->points.size(); ++k)
    if (read_by(c->points[k].mat)) furthest = static_cast<int>(k);
  for (int k = 0; k < furthest; ++k) {
    const race::ContestPoint& cp = c->points[static_cast<std::size_t>(k)];
    if (cp.role == race::PointRole::start || (leg_from > 0 && cp.distance_m <= leg_from)) continue;
    if (!read_by(cp.mat)) return true;
  }
  return false;
}

std::vector<Crossing> crossings(const RaceData& data, const Reads& reads, std::string_view contest,
                                race::Gender gender, std::string_view mat) {
  std::vector<Crossing> out;
  for (std::size_t i = 0; i < data.participants.size(); ++i) {
    const race::Participant& p = data.participants[i];
    if (p.contest != contest) continue;
    if (gender != race::Gender::invalid && p.gender != gender) continue;
    const auto r = reads.find(p.bib);
    if (r == reads.end()) continue;
    const auto at = r->second.find(std::string(mat));
    if (at == r->second.end() || doubtful(data, reads, p, at->second)) continue;
    out.push_back({at->second, p.bib, i});
  }
  std::sort(out.begin(), out.end(), [](const Crossing& a, const Crossing& b) {
    return a.at != b.at ? a.at < b.at : a.index < b.index;
  });
  return out;
}

Key key_of(const race::RaceConfig& config, const Said& s) {
  return {s.callout.id, s.callout.bibs.empty() ? "" : s.callout.bibs.front(),
          clock(config, s.callout.at)};
}

std::set<Key> keys_of(const race::RaceConfig& config, const std::vector<Said>& said,
                      std::initializer_list<announcer::CalloutKind> kinds, core::Ms step) {
  std::set<Key> out;
  for (const auto& s : said)
    if (std::find(kinds.begin(), kinds.end(), s.callout.kind) != kinds.end()) {
      CHECK(s.step >= s.callout.at);
      CHECK(s.step - s.callout.at < step);
      out.insert(key_of(config, s));
    }
  return out;
}

std::string diff(const std::set<Key>& said, const std::set<Key>& expected) {
  std::string out;
  int n = 0;
  const auto line = [&](const char* sign, const Key& k) {
    if (++n <= 30)
      out += std::string(sign) + " " + std::get<0>(k) + " " + std::get<1>(k) + " " +
             std::get<2>(k) + "\n";
  };
  for (const Key& k : said)
    if (!expected.count(k)) line("said, not expected:", k);
  for (const Key& k : expected)
    if (!said.count(k)) line("expected, not said:", k);
  return out;
}

std::vector<Said> of_kind(const std::vector<Said>& all, announcer::CalloutKind kind) {
  std::vector<Said> out;
  for (const auto& s : all)
    if (s.callout.kind == kind) out.push_back(s);
  return out;
}

}  // namespace callouts_test
