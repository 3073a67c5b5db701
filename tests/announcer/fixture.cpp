#include "fixture.h"

namespace announcer_test {

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
  race_fixture::replay(almaty_config(), almaty_race().participants, almaty_race().events, from,
                       until, step, on_step);
}

const std::map<std::string, core::UtcMs>& almaty_reads_at(const std::string& mat) {
  static std::map<std::string, std::map<std::string, core::UtcMs>> cache;
  auto [it, fresh] = cache.try_emplace(mat);
  if (fresh) it->second = race_fixture::reads_at(almaty_race().events, mat);
  return it->second;
}

}  // namespace announcer_test
