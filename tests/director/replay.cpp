#include "replay.h"

#include <stdexcept>

#include "overlays/registry.h"

namespace director_test {

director::Rules rules(std::string_view toml) {
  return director::parse_rules(toml, "test.toml", overlays::kinds());
}

std::vector<Fired> run_almaty(director::Director& d, std::string_view from, std::string_view until,
                              core::Ms step) {
  std::vector<Fired> out;
  const auto& config = *almaty_config();
  replay(almaty_config(), almaty_race().participants, almaty_race().events, local(config, from),
         local(config, until), step, [&](const race::RaceSnapshot& s, core::UtcMs now) {
           for (auto& a : d.step(s, now)) out.push_back({std::move(a), now});
         });
  return out;
}

std::map<std::string, Crossing> first_crossings(std::string_view contest, race::Gender gender,
                                                core::UtcMs until) {
  std::map<std::string, const race::Participant*> by_bib;
  for (const auto& p : almaty_race().participants) by_bib[p.bib] = &p;
  std::map<std::string, Crossing> out;
  for (const auto& e : almaty_race().events) {
    const auto* p = std::get_if<race::Passing>(&e);
    if (!p || p->time > until) continue;
    const race::Participant* who = by_bib.at(p->bib);
    if (who->contest != contest) continue;
    if (gender != race::Gender::invalid && who->gender != gender) continue;
    auto [it, added] = out.try_emplace(p->mat, Crossing{p->time, p->bib});
    if (!added && p->time < it->second.at) it->second = {p->time, p->bib};
  }
  return out;
}

core::UtcMs gun_of(std::string_view contest) {
  for (const auto& e : almaty_race().events)
    if (const auto* g = std::get_if<race::GunEvent>(&e);
        g && g->contest == contest && g->wave.empty())
      return g->time;
  throw std::invalid_argument("no gun event for " + std::string(contest));
}

std::vector<Fired> of_rule(const std::vector<Fired>& all, std::string_view rule) {
  std::vector<Fired> out;
  for (const auto& f : all)
    if (f.action.rule == rule) out.push_back(f);
  return out;
}

}  // namespace director_test
