#include "common/race_fixture.h"

#include <stdexcept>

#include "core/file.h"
#include "race/config_toml.h"
#include "race/model.h"

namespace race_fixture {

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

const bundle::BostonImport& boston(int year) {
  static std::map<int, bundle::BostonImport> cache;
  auto it = cache.find(year);
  if (it == cache.end()) {
    const std::string name = "marathon_results_" + std::to_string(year) + ".csv.gz";
    const std::string text = core::read_file(std::string(PACECAST_TEST_DATA) + "/" + name);
    it = cache.emplace(year, bundle::import_boston(text, name, {})).first;
  }
  return it->second;
}

core::UtcMs local(const race::RaceConfig& config, std::string_view hhmmss) {
  const auto t = core::parse_hms(hhmmss);
  if (!t) throw std::invalid_argument("not a time: " + std::string(hhmmss));
  return core::local_to_utc(config.date, *t, config.utc_offset);
}

std::string clock(const race::RaceConfig& config, core::UtcMs t) {
  return core::format_hms_ms(core::local_time_of_day(t, config.utc_offset));
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

}  // namespace race_fixture
