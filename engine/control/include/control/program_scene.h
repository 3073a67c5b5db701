// ProgramScene: carries Control's overlay actions out on the program's Scene — takes,
// parameter updates, clears and the automatic clears that are due — and tells Control what
// became of them (a configure error takes the overlay off with the error in the log).
// Cueing never touches the program scene: a console draws Control::preview_layers() itself.
// Thread-safety: one thread, the render loop (which owns the Scene).
#pragma once

#include <map>
#include <optional>

#include "control/control.h"
#include "scene/scene.h"

namespace control {

class ProgramScene {
 public:
  // Applies every pending action at scene time `now` with the program's race snapshot.
  // Never throws for an overlay's error: it goes to Control's log and the slot. What the
  // first call takes (the startup overlays) is cut in; later takes animate in.
  void apply(Control& control, scene::Scene& scene, core::UtcMs now,
             const race::RaceSnapshot& race);
  // The scene layer showing a slot, while it is on air.
  std::optional<int> layer_of(int slot) const;

 private:
  void take(Control& control, scene::Scene& scene, const Control::Action& a, core::UtcMs now,
            const race::RaceSnapshot& race);
  void take_out(scene::Scene& scene, int slot, core::UtcMs now);

  std::map<int, int> layers_;  // slot id -> scene layer id
  bool started_ = false;       // apply() has run once
};

}  // namespace control
