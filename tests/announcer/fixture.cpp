#include "fixture.h"

#include <stdexcept>

#include "core/file.h"
#include "race/config_toml.h"

namespace announcer_test {

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

const bundle::BostonImport& boston(int year) {
  static std::map<int, bundle::BostonImport> cache;
  auto it = cache.find(year);
  if (it == cache.end()) {
    const std::string name = "marathon_results_" + std::to_string(year) + ".csv.gz";
    it = cache
             .emplace(year,
                      bundle::import_boston(
                          core::read_file(std::string(PACECAST_TEST_DATA) + "/" + name), name, {}))
             .first;
  }
  return it->second;
}

std::optional<core::UtcMs> time_of(const race::Event& e) {
  if (const auto* p = std::get_if<race::Passing>(&e)) return p->time;
  if (const auto* g = std::get_if<race::GunEvent>(&e)) return g->time;
  return std::nullopt;
}

race::SnapshotPtr snapshot_of(std::shared_ptr<const race::RaceConfig> config,
                              std::vector<race::Participant> participants,
                              const std::vector<race::Event>& events,
                              const std::function<bool(const race::Event&)>& keep) {
  race::RaceModel model(std::move(config), std::move(participants));
  for (const auto& e : events)
    if (keep(e)) model.apply(e);
  return model.publish();
}

void replay_almaty(core::UtcMs from, core::UtcMs until, core::Ms step,
                   const std::function<void(const race::RaceSnapshot&, core::UtcMs)>& on_step) {
  race::RaceModel model(almaty_config(), almaty_race().participants);
  const auto& events = almaty_race().events;
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

const std::map<std::string, core::UtcMs>& almaty_reads_at(const std::string& mat) {
  static std::map<std::string, std::map<std::string, core::UtcMs>> cache;
  auto [it, fresh] = cache.try_emplace(mat);
  if (!fresh) return it->second;
  for (const auto& e : almaty_race().events) {
    const auto* p = std::get_if<race::Passing>(&e);
    if (!p || p->mat != mat) continue;
    auto [r, added] = it->second.try_emplace(p->bib, p->time);
    if (!added && p->time < r->second) r->second = p->time;
  }
  return it->second;
}

}  // namespace announcer_test
