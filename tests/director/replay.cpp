#include "replay.h"

#include <stdexcept>

#include "core/file.h"
#include "overlays/registry.h"
#include "race/config_toml.h"
#include "race/model.h"

namespace director_test {

std::shared_ptr<const race::RaceConfig> almaty_config() {
  static const auto config = std::make_shared<const race::RaceConfig>(
      race::parse_race_config(core::read_file(PACECAST_SOURCE_DIR "/assets/races/almaty/race.toml"),
                              "assets/races/almaty/race.toml"));
  return config;
}

const bundle::AlmatyRace& almaty_race() {
  static const bundle::AlmatyRace race = bundle::generate_almaty(*almaty_config(), {});
  return race;
}

core::UtcMs local(const race::RaceConfig& config, std::string_view hhmmss) {
  const auto t = core::parse_hms(hhmmss);
  if (!t) throw std::invalid_argument("not a time: " + std::string(hhmmss));
  return core::local_to_utc(config.date, *t, config.utc_offset);
}

std::string clock(const race::RaceConfig& config, core::UtcMs t) {
  return core::format_hms_ms(core::local_time_of_day(t, config.utc_offset));
}

director::Rules rules(std::string_view toml) {
  return director::parse_rules(toml, "test.toml", overlays::kinds());
}

std::optional<core::UtcMs> time_of(const race::Event& e) {
  if (const auto* p = std::get_if<race::Passing>(&e)) return p->time;
  if (const auto* g = std::get_if<race::GunEvent>(&e)) return g->time;
  return std::nullopt;
}

void replay(std::shared_ptr<const race::RaceConfig> config,
            std::vector<race::Participant> participants, const std::vector<race::Event>& events,
            core::UtcMs from, core::UtcMs until, core::Ms step,
            const std::function<void(const race::RaceSnapshot&, core::UtcMs)>& on_step) {
  race::RaceModel model(std::move(config), std::move(participants));
  std::size_t next = 0;
  for (core::UtcMs now = from; now <= until; now += step) {
    for (; next < events.size(); ++next) {
      const auto t = time_of(events[next]);
      if (t && *t > now) break;
      model.apply(events[next]);
    }
    on_step(*model.publish(), now);
  }
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

std::map<std::string, core::UtcMs> reads_at(const std::vector<race::Event>& events,
                                            std::string_view mat) {
  std::map<std::string, core::UtcMs> out;
  for (const auto& e : events) {
    const auto* p = std::get_if<race::Passing>(&e);
    if (!p || p->mat != mat) continue;
    auto [it, added] = out.try_emplace(p->bib, p->time);
    if (!added && p->time < it->second) it->second = p->time;
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
