// RaceModel: the single writer of race state. Turns events into per-runner times, flags,
// rankings and snapshots. Pure and deterministic: no I/O, no threads, no clocks; the same
// events in any arrival order give the same state.
// Thread-safety: one thread (the engine thread) calls everything; snapshots it publishes
// may be read from any thread.
#pragma once

#include <memory>
#include <vector>

#include "race/config.h"
#include "race/event.h"
#include "race/participant.h"
#include "race/snapshot.h"

namespace race {

// What apply() did with one event.
enum class ApplyResult : std::uint8_t {
  invalid,
  applied,         // changed the race
  duplicate,       // seen before (same origin, or a repeat read within the window)
  no_change,       // accepted, but nothing visible changed (a later repeat read)
  unknown_runner,  // bib/chip not registered
  unknown_mat,     // mat unknown, or not on the runner's course
  unknown_target,  // correction/status names nothing known
  rejected,        // malformed (unknown contest, bad status...)
};
std::string_view to_string(ApplyResult r);

class RaceModel {
 public:
  // `config` must pass validate(). Participants with unknown contests are kept but never
  // ranked. Throws core::Error when a contest has more than kMaxPoints points.
  RaceModel(std::shared_ptr<const RaceConfig> config, std::vector<Participant> participants);
  ~RaceModel();
  RaceModel(const RaceModel&) = delete;
  RaceModel& operator=(const RaceModel&) = delete;

  ApplyResult apply(const Event& event);

  // Publishes the current state. Cheap: shares every block unchanged since the last
  // publication; returns the previous snapshot when nothing changed.
  SnapshotPtr publish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace race
