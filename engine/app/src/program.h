// ProgramOverlays: the race's overlays for the video pipeline. The race comes either from a
// bundle (or the embedded sample) replayed on a clock (frame time t shows the race at
// --at + t × speed, minus the data delay), or from a live timing feed (LiveFeed; `sim` is the
// embedded simulator serving the bundle on loopback). The scene is drawn, rendered headless
// and read back where it changed. With a feed, the time from an event's arrival to the
// first encoded frame showing it is measured (data latency).
// Used by `pacecast run` and `pacecast bench pipeline`.
// Thread-safety: frame()/source() on the render loop's thread only (it owns the GL
// context); encoded() from the encoder thread; latency() and feed_status() from any.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "control/control.h"
#include "feed/client.h"
#include "render/renderer.h"
#include "video/pipeline.h"

namespace app {

// A big screen's own layout: overlays drawn at the screen's size over black by a Graphics
// of its own, from the program's race snapshot and frame time.
struct LayoutOptions {
  std::string name;                   // for messages: "screen 1"
  std::vector<std::string> overlays;  // kinds, on air from the first frame like --overlay
  int width = 0, height = 0;
  // Whether the screen takes a frame now; the layout is not drawn when it does not.
  std::function<bool()> wants;
  // The layout as drawn (premultiplied RGBA); mirror.changed says what changed.
  std::function<void(const render::TargetMirror&)> show;
};

struct ProgramOptions {
  std::string race = "almaty";
  std::string at;  // race-local HH:MM:SS of the first frame; default 08:35:00 (a replay or
                   // the simulator), the wall clock for a live feed; "now": the wall clock
  double speed = 1;
  double data_delay_s = 0;
  std::string feed;     // ws[s]:// URL, "sim" (the embedded simulator on loopback) or empty
  std::string journal;  // the feed's journal (a temporary one for "sim" when empty)
  std::string ca_file;
  bool insecure = false;
  std::vector<std::string> overlays{"race_clock", "leaderboard", "record_pace", "ticker"};
  std::vector<std::string> sets;
  std::string looks;  // directory of look overrides, polled once a second
  int width = 1920, height = 1080;
  std::vector<LayoutOptions> layouts;  // big screens' layouts, drawn after the program's
  // The operator's controls (console, control API): the --overlay list becomes its first
  // overlays, and the program follows its takes and clears. Null: the --overlay list only.
  control::Control* control = nullptr;
  std::string director;  // automation rules file (needs `control`); empty: none
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

  // The overlay for frame `index`, shown `t_us` after the first; then the layouts that are
  // wanted, handed to their screens.
  video::OverlayFrame frame(std::int64_t index, std::int64_t t_us);
  // frame() as the pipeline's overlay source (this object must outlive the pipeline).
  video::OverlaySource source();
  // Frame `index` left the encoder: every feed event it is the first to show has its
  // latency now. For PipelineOptions::on_encoded.
  void encoded(std::int64_t index);

  struct Spread {
    std::size_t samples = 0;
    double median_ms = 0, p95_ms = 0, max_ms = 0;
  };
  struct Latency {
    Spread rendered;  // event arrival → the overlay of the first frame showing it is drawn
    Spread encoded;   // event arrival → that frame comes out of the encoder
    Spread waited;    // event arrival → the first frame showing it reads the race
    // Events that missed a frame: it read the race after they arrived, without them (the
    // engine had not published them yet). 0: each was in the first frame after it came.
    std::size_t missed_frame = 0;
  };
  // Over the run so far (a feed only; empty for a replay).
  Latency latency() const;
  // The feed client's status (feed only).
  std::optional<feed::ClientStatus> feed_status() const;
  // An operator's correction (any thread): into the feed's journal and model, or into the
  // replay's model at the next frame.
  void submit(race::Event event);
  // The data delay from now on (any thread; 0 to 600 s).
  void set_data_delay(double seconds);
  // The race as the latest frame showed it (any thread): its snapshot (after the data
  // delay) and the frame's race instant. Before the first frame, the race at the start.
  struct Shown {
    race::SnapshotPtr race;
    core::UtcMs now{};
  };
  Shown shown() const;
  // Runners entered in the race.
  std::size_t runners() const;
  // Where the race comes from, for logs: "replay of …", "feed ws://…", "simulator …".
  std::string source_name() const;
  // "llvmpipe (LLVM 15.0.6, 256 bits), OpenGL 4.5 (Core Profile) Mesa 22.3.6"
  std::string gl_description() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace app
