// ProgramControl: the operator's controls applied to the program, once per frame on the
// render loop: the corrections Control submitted reach the race (ProgramOverlays::submit),
// the director's automatic actions become Control takes while automation is on (each rule
// has one overlay slot of its own, logged with its reason), and Control's overlay actions
// are carried out on the program scene (control::ProgramScene).
// Thread-safety: frame() on the render loop only.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "control/control.h"
#include "control/program_scene.h"
#include "director/director.h"
#include "feed/client.h"
#include "scene/scene.h"
#include "video/pipeline.h"

namespace app {

class ProgramControl {
 public:
  // `control` must outlive this. `director`: automation rules, or none.
  ProgramControl(control::Control& control, std::optional<director::Director> director);

  // The frame at race instant `now` shows `race`: the director steps (on every new
  // snapshot and once a second of race time), then the scene follows Control.
  void frame(scene::Scene& scene, const race::SnapshotPtr& race, core::UtcMs now);

 private:
  void automate(const race::RaceSnapshot& race, core::UtcMs now);
  void take(const director::Action& action);

  control::Control& control_;
  std::optional<director::Director> director_;
  control::ProgramScene program_;
  std::map<std::string, int> rule_slots_;  // rule name → its overlay slot
  std::uint64_t stepped_version_ = 0;
  core::UtcMs stepped_at_{};
};

// The figures Control's panels and /metrics show, from the pipeline's and the feed's (none
// for a replay). `feed_rate` is events per second recently; `race` gives the feed's lag
// (wall clock minus the newest read). Stream keys in RTMP URLs are hidden.
control::RunStatus run_status(const video::PipelineStats& pipeline,
                              const std::optional<feed::ClientStatus>& feed, double feed_rate,
                              const race::SnapshotPtr& race);

// "rtmp://host/live/KEY" → "rtmp://host/live/…"; other targets as they are.
std::string hide_stream_key(const std::string& target);

}  // namespace app
