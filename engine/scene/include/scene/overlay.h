// The overlay interface: an overlay kind describes itself (name, parameters, default look)
// and makes instances; an instance is configured with parameters, then draws frames on a
// Canvas from an immutable race snapshot and the frame's presentation time. Overlays never
// call GL, the network, FFmpeg or the wall clock.
// Thread-safety: an instance is used by one thread (the engine thread).
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "race/snapshot.h"
#include "render/canvas.h"
#include "scene/look.h"

namespace scene {

// A parameter an overlay accepts (`--set NAME=VALUE`, the control API).
struct ParamSpec {
  std::string name;                  // "contest"
  std::string description;           // "contest id (race.toml), e.g. marathon"
  std::string default_value;         // "" = none / derived
  std::vector<std::string> choices;  // when the value must be one of these
};

// A bad parameter value: says which parameter, what is wrong, what is accepted.
class ParamError : public core::Error {
 public:
  using core::Error::Error;
};

// Parameter values by name, as strings; typed reads throw ParamError naming the key.
class Params {
 public:
  Params() = default;
  explicit Params(std::map<std::string, std::string> values) : values_(std::move(values)) {}
  Params(std::initializer_list<std::pair<const std::string, std::string>> values)
      : values_(values) {}
  void set(const std::string& name, std::string value) { values_[name] = std::move(value); }
  bool has(std::string_view name) const { return values_.find(std::string(name)) != values_.end(); }
  std::string get(std::string_view name, std::string_view fallback = {}) const;
  int get_int(std::string_view name, int fallback, int min, int max) const;
  bool get_bool(std::string_view name, bool fallback) const;
  // Local time of day "HH:MM:SS" on race day → UTC instant.
  std::optional<core::UtcMs> get_time(std::string_view name, const race::RaceConfig& race) const;
  const std::map<std::string, std::string>& values() const { return values_; }

 private:
  std::map<std::string, std::string> values_;
};

// Everything an overlay sees for one frame.
struct Frame {
  core::UtcMs now{};  // the race instant this frame shows (presentation time − delay)
  const race::RaceSnapshot* race = nullptr;  // never null while drawing
  bool feed_stale = false;  // the timing feed has gone quiet (show it when the look says so)
  render::Rect screen;      // the design area: height 1080 units, width by aspect ratio
  render::Rect safe;        // title-safe area inside `screen` (theme safe_area)
  core::Ms on_air{0};       // time since the overlay was taken on air (paging, rotations)
  float transition = 1;     // 0 → 1 while animating in, 1 on air, 1 → 0 animating out
  bool leaving = false;     // animating out
};

class Overlay {
 public:
  virtual ~Overlay() = default;
  // Applies parameters for this race; throws ParamError for an unknown contest, bib, mat
  // or a value out of range.
  virtual void configure(const Params& params, const race::RaceSnapshot& race) = 0;
  // Draws one frame. Pure in (params, look, frame): the same inputs draw the same ops.
  virtual void draw(render::Canvas& canvas, const Frame& frame, const Look& look) = 0;
};

struct OverlayKind {
  std::string name;         // "leaderboard": the folder overlays/<name>/, --overlay NAME
  std::string description;  // one line for --list and the console
  std::vector<ParamSpec> params;
  std::string_view default_look;  // overlays/<name>/look.toml, embedded
  std::function<std::unique_ptr<Overlay>()> make;
};

}  // namespace scene
