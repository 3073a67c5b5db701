#include "console_video.h"

#include <algorithm>

#include "core/error.h"
#include "scene/scene.h"

namespace app {
namespace {

// How long before the preview's instant its overlays are taken: every animation in is over.
constexpr core::Ms kPreviewOnAir{60'000};
constexpr auto kPreviewRedraw = std::chrono::seconds(1);

std::uint8_t clamp_byte(int v) {
  return std::uint8_t(std::clamp(v, 0, 255));
}

// Samples every `step`-th pixel of every `step`-th row of a plane (w × h) into `dst`.
void reduce_plane(const std::uint8_t* src, int w, int step, int ow, int oh, std::uint8_t* dst) {
  for (int y = 0; y < oh; ++y) {
    const std::uint8_t* row = src + std::size_t(y) * std::size_t(step) * std::size_t(w);
    std::uint8_t* out = dst + std::size_t(y) * std::size_t(ow);
    for (int x = 0; x < ow; ++x) out[x] = row[std::size_t(x) * std::size_t(step)];
  }
}

// The cued set as text, to tell when it changed.
std::string preview_key(const std::vector<control::PreviewLayer>& layers) {
  std::string key;
  for (const auto& l : layers) {
    key += std::to_string(l.id) + ' ' + l.kind;
    for (const auto& [k, v] : l.params.values()) key += ' ' + k + '=' + v;
    key += '\n';
  }
  return key;
}

// The instant the preview shows: the race's latest read (a replay's "now"), else the time.
core::UtcMs preview_instant(const race::RaceSnapshot& race) {
  const core::UtcMs last = race.last_read_time();
  if (last.time_since_epoch().count() > 0) return last;
  return core::utc_now();
}

}  // namespace

// ---------------------------------------------------------------------------------------
// ProgramMailbox

ProgramMailbox::ProgramMailbox(int max_width, double max_fps)
    : max_width_(std::max(16, max_width)),
      period_(std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(1.0 / std::max(1.0, max_fps)))) {}

void ProgramMailbox::offer(const video::Picture& picture) {
  if (picture.width < 2 || picture.height < 2) return;
  const auto now = Clock::now();
  if (now < next_due_) return;
  if (fresh_) {  // the console has not drawn the last one yet
    ++skipped_;
    return;
  }
  std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) {
    ++skipped_;
    return;
  }
  const int step = (picture.width + max_width_ - 1) / max_width_;
  const int ow = (picture.width / step) & ~1, oh = (picture.height / step) & ~1;
  picture_.allocate(ow, oh);
  reduce_plane(picture.y.data(), picture.width, step, ow, oh, picture_.y.data());
  reduce_plane(picture.u.data(), picture.chroma_width(), step, ow / 2, oh / 2, picture_.u.data());
  reduce_plane(picture.v.data(), picture.chroma_width(), step, ow / 2, oh / 2, picture_.v.data());
  picture_.pts_us = picture.pts_us;
  fresh_ = true;
  lock.unlock();
  next_due_ = std::max(next_due_ + period_, now);
}

bool ProgramMailbox::take(video::Picture& into) {
  if (!fresh_) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  std::swap(picture_, into);
  fresh_ = false;
  ++taken_;
  return true;
}

void yuv_to_rgba(const video::Picture& p, std::vector<std::uint8_t>& rgba) {
  rgba.resize(std::size_t(p.width) * std::size_t(p.height) * 4);
  // BT.709, limited range, in 1/256 steps: R = 1.164 Y' + 1.793 V', G = 1.164 Y' - 0.213 U'
  // - 0.533 V', B = 1.164 Y' + 2.112 U'.
  const int cw = p.chroma_width();
  for (int y = 0; y < p.height; ++y) {
    const std::uint8_t* yr = p.y.data() + std::size_t(y) * std::size_t(p.width);
    const std::uint8_t* ur = p.u.data() + std::size_t(y / 2) * std::size_t(cw);
    const std::uint8_t* vr = p.v.data() + std::size_t(y / 2) * std::size_t(cw);
    std::uint8_t* out = rgba.data() + std::size_t(y) * std::size_t(p.width) * 4;
    for (int x = 0; x < p.width; ++x) {
      const int l = 298 * (yr[x] - 16);
      const int u = ur[x / 2] - 128, v = vr[x / 2] - 128;
      out[4 * x + 0] = clamp_byte((l + 459 * v + 128) >> 8);
      out[4 * x + 1] = clamp_byte((l - 55 * u - 136 * v + 128) >> 8);
      out[4 * x + 2] = clamp_byte((l + 541 * u + 128) >> 8);
      out[4 * x + 3] = 255;
    }
  }
}

// ---------------------------------------------------------------------------------------
// ConsolePreview

ConsolePreview::ConsolePreview(int width, int height) {
  GraphicsOptions o;
  o.width = width;
  o.height = height;
  graphics_ = std::make_unique<Graphics>(o);
  image_ = render::Image(width, height);
}

ConsolePreview::~ConsolePreview() = default;

void ConsolePreview::make_current() {
  graphics_->make_current();
}

void ConsolePreview::rebuild(const std::vector<control::PreviewLayer>& layers,
                             const race::RaceSnapshot& race, core::UtcMs now) {
  scene::Scene& scene = graphics_->scene();
  // Out long ago: the next draw drops them.
  for (const int id : scene_layers_) scene.take_out(id, now - 2 * kPreviewOnAir);
  scene_layers_.clear();
  ids_.clear();
  error_.clear();
  for (const auto& l : layers) {
    try {
      scene_layers_.push_back(scene.take(l.kind, l.params, now - kPreviewOnAir, race));
      ids_.push_back(l.id);
    } catch (const std::exception& e) {
      error_ += (error_.empty() ? "" : "; ") + std::string("overlay ") + std::to_string(l.id) +
                " (" + l.kind + "): " + e.what();
    }
  }
}

bool ConsolePreview::update(const std::vector<control::PreviewLayer>& layers,
                            const race::SnapshotPtr& race) {
  const auto now = std::chrono::steady_clock::now();
  const std::string key = preview_key(layers);
  if (!race && key_ == "\n" + key) return false;  // nothing to draw yet, said already
  const bool changed = key != key_;
  const std::uint64_t version = race ? race->version() : 0;
  if (!changed && (layers.empty() || now < next_redraw_ || version == race_version_)) {
    return false;
  }
  race_version_ = version;
  next_redraw_ = now + kPreviewRedraw;
  if (!race) {
    // Not drawn: a race coming later rebuilds the scene (no cued set's key starts "\n").
    key_ = "\n" + key;
    ids_.clear();
    error_ = layers.empty() ? "" : "no race yet: the preview waits for the first snapshot";
    std::fill(image_.rgba.begin(), image_.rgba.end(), std::uint8_t(0));
    return true;
  }
  key_ = key;
  graphics_->make_current();
  const core::UtcMs instant = preview_instant(*race);
  if (changed) rebuild(layers, *race, instant);
  graphics_->build(race, instant, false);
  graphics_->render();
  graphics_->read_pixels(image_);
  ++renders_;
  return true;
}

}  // namespace app
