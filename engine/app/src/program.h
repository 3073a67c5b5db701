// ProgramOverlays: the race's overlays for the video pipeline. A race (bundle or the
// embedded sample) replayed on a clock (frame time t shows the race at --at + t × speed,
// minus the data delay), the scene drawn, rendered headless and read back where it changed.
// Used by `pacecast run` and `pacecast bench pipeline`.
// Thread-safety: the render loop's thread only (it owns the GL context).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "video/pipeline.h"

namespace app {

struct ProgramOptions {
  std::string race = "almaty";
  std::string at;  // race-local HH:MM:SS of the first frame; default 08:35:00
  double speed = 1;
  double data_delay_s = 0;
  std::vector<std::string> overlays{"race_clock", "leaderboard", "record_pace", "ticker"};
  std::vector<std::string> sets;
  std::string looks;  // directory of look overrides, polled once a second
  int width = 1920, height = 1080;
};

class ProgramOverlays {
 public:
  // Loads the race, sets up graphics and takes the overlays on air at the first frame
  // (a split card or lower third without a bib follows the marathon leader then). Throws
  // core::Error naming the option at fault.
  explicit ProgramOverlays(const ProgramOptions& options);
  ~ProgramOverlays();
  ProgramOverlays(const ProgramOverlays&) = delete;
  ProgramOverlays& operator=(const ProgramOverlays&) = delete;

  // The overlay for the frame shown `t_us` after the first.
  video::OverlayFrame frame(std::int64_t t_us);
  // frame() as the pipeline's overlay source (this object must outlive the pipeline).
  video::OverlaySource source();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace app
