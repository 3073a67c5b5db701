#include "control/program_scene.h"

#include <cmath>

namespace control {

void ProgramScene::apply(Control& control, scene::Scene& scene, core::UtcMs now,
                         const race::RaceSnapshot& race) {
  for (const Control::Action& a : control.drain_actions()) {
    switch (a.kind) {
      case Control::Action::Kind::take:
        take(control, scene, a, now, race);
        break;
      case Control::Action::Kind::update: {
        const auto it = layers_.find(a.slot);
        if (it == layers_.end()) break;
        try {
          scene.update(it->second, scene::Params(a.params), race);
        } catch (const std::exception& e) {
          take_out(scene, a.slot, now);
          control.note_failed(a.slot, a.take_seq, e.what());
        }
        break;
      }
      case Control::Action::Kind::clear:
        take_out(scene, a.slot, now);
        break;
      case Control::Action::Kind::invalid:
        break;
    }
  }
  for (int slot : control.due_clears(now)) take_out(scene, slot, now);
  started_ = true;
}

void ProgramScene::take(Control& control, scene::Scene& scene, const Control::Action& a,
                        core::UtcMs now, const race::RaceSnapshot& race) {
  std::optional<core::UtcMs> clear_at;
  if (a.seconds)
    clear_at = now + core::Ms(static_cast<std::int64_t>(std::llround(*a.seconds * 1000)));
  if (layers_.count(a.slot)) {
    // On air already: only when it clears changes.
    control.note_on_air(a.slot, a.take_seq, clear_at);
    return;
  }
  try {
    layers_[a.slot] =
        scene.take(a.overlay_kind, scene::Params(a.params), now, race,
                   started_ ? scene::Scene::Entry::animate : scene::Scene::Entry::cut);
  } catch (const std::exception& e) {
    control.note_failed(a.slot, a.take_seq, e.what());
    return;
  }
  control.note_on_air(a.slot, a.take_seq, clear_at);
}

void ProgramScene::take_out(scene::Scene& scene, int slot, core::UtcMs now) {
  const auto it = layers_.find(slot);
  if (it == layers_.end()) return;
  scene.take_out(it->second, now);
  layers_.erase(it);
}

std::optional<int> ProgramScene::layer_of(int slot) const {
  const auto it = layers_.find(slot);
  if (it == layers_.end()) return std::nullopt;
  return it->second;
}

}  // namespace control
