// Scene: which overlays are on air, their parameters and their in/out animation, all
// driven by the frame's presentation time (never by the wall clock). It draws every
// overlay on air into a Canvas in layer order, wrapping each in its eased slide/fade.
// Thread-safety: not thread-safe; the engine thread owns it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scene/look_store.h"
#include "scene/overlay.h"

namespace scene {

// Easing curves for transitions (t in 0..1).
float ease_out_cubic(float t);
float ease_in_out_cubic(float t);

struct SceneFrame {
  core::UtcMs now{};
  race::SnapshotPtr race;
  bool feed_stale = false;
};

class Scene {
 public:
  // `kinds` and `looks` must outlive the Scene.
  Scene(const std::vector<OverlayKind>& kinds, LookStore& looks);

  struct Layer {
    int id = 0;
    std::string kind;
    Params params;
    core::UtcMs take_at{};              // went on air (animation in starts)
    std::optional<core::UtcMs> out_at;  // taken off air (animation out starts)
    bool cut = false;                   // in at once, without the animation in
    std::unique_ptr<Overlay> overlay;
  };

  // How a layer comes on air: with its look's animation in, or cut in, whole at once (what
  // is on air when the program starts: there is no earlier picture to come in over).
  enum class Entry { animate, cut };
  // Puts an overlay on air at `at`; returns its layer id. Throws ParamError for an
  // unknown kind (listing the kinds), an unknown parameter (listing the kind's
  // parameters) or a bad value.
  int take(std::string_view kind, const Params& params, core::UtcMs at,
           const race::RaceSnapshot& race, Entry entry = Entry::animate);
  // Starts the animation out at `at`; the layer is dropped once it has finished.
  // Returns false when no such layer is on air.
  bool take_out(int id, core::UtcMs at);
  // Re-configures a layer in place (no animation). Throws ParamError.
  void update(int id, const Params& params, const race::RaceSnapshot& race);
  const std::vector<Layer>& layers() const { return layers_; }

  // Draws every layer on air at `frame.now` into `canvas` (which the caller has reset to
  // the output size). The design area is 1080 units high; the canvas is scaled to fit.
  void draw(render::Canvas& canvas, const SceneFrame& frame);

 private:
  const OverlayKind* find(std::string_view kind) const;
  const std::vector<OverlayKind>& kinds_;
  LookStore& looks_;
  std::vector<Layer> layers_;
  int next_id_ = 1;
};

}  // namespace scene
