// The console's pictures: ProgramMailbox carries the program from the render loop to the
// console's monitor (a reduced copy, or a skip: the render loop never waits), and
// ConsolePreview draws the cued overlays with a Graphics of its own, as they would look on
// air, over transparency.
// Thread-safety: ProgramMailbox::offer() on the render loop, take() on the window thread,
// the counters from any thread. ConsolePreview on the window thread only (it owns a GL
// context).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/graphics.h"
#include "control/control.h"
#include "render/image.h"
#include "video/picture.h"

namespace app {

class ProgramMailbox {
 public:
  // Pictures wider than `max_width` are reduced by a whole factor on the way in (nearest
  // sample: a monitor, not an output); at most `max_fps` are taken a second.
  ProgramMailbox(int max_width, double max_fps);

  // Render loop: copies `picture` when the window thread has taken the previous one and
  // the frame rate cap allows; otherwise counts a skip and returns at once.
  void offer(const video::Picture& picture);
  // Window thread: swaps the newest picture into `into`; false when nothing new came.
  bool take(video::Picture& into);

  std::uint64_t taken() const { return taken_; }
  std::uint64_t skipped() const { return skipped_; }

 private:
  using Clock = std::chrono::steady_clock;
  const int max_width_;
  const Clock::duration period_;
  Clock::time_point next_due_{};  // render loop only
  std::atomic<bool> fresh_{false};
  std::atomic<std::uint64_t> taken_{0}, skipped_{0};
  std::mutex mutex_;  // --- guards picture_
  video::Picture picture_;
};

// BT.709 limited range YUV 4:2:0 to opaque RGBA (width × height × 4 bytes).
void yuv_to_rgba(const video::Picture& picture, std::vector<std::uint8_t>& rgba);

// The preview: Control's cued overlays drawn at width × height (straight alpha). The scene
// is rebuilt when the cued set changes (ids, kinds or parameters) and redrawn once a
// second for the race's changes. Overlays are shown fully in, at the race's latest read
// time (the program's own clock is not known to the console).
class ConsolePreview {
 public:
  // Creates the Graphics (a hidden GL context); throws core::Error when it cannot.
  ConsolePreview(int width, int height);
  ~ConsolePreview();
  ConsolePreview(const ConsolePreview&) = delete;
  ConsolePreview& operator=(const ConsolePreview&) = delete;

  // Brings image() up to date; true when it changed. Leaves the preview's GL context
  // current: the caller makes its own current again.
  bool update(const std::vector<control::PreviewLayer>& layers, const race::SnapshotPtr& race);
  // Makes the preview's GL context current (before destroying it on a thread with others).
  void make_current();

  const render::Image& image() const { return image_; }
  const std::vector<int>& ids() const { return ids_; }  // the cued overlays drawn
  // Overlays the scene refused ("overlay 3 (split_card): bib 999 is not entered"), or "".
  const std::string& error() const { return error_; }
  std::uint64_t renders() const { return renders_; }

 private:
  void rebuild(const std::vector<control::PreviewLayer>& layers, const race::RaceSnapshot& race,
               core::UtcMs now);

  std::unique_ptr<Graphics> graphics_;
  render::Image image_;
  std::vector<int> ids_;
  std::vector<int> scene_layers_;
  std::string key_;  // the cued set drawn: ids, kinds and parameters
  std::string error_;
  std::uint64_t race_version_ = 0;
  std::chrono::steady_clock::time_point next_redraw_{};
  std::uint64_t renders_ = 0;
};

}  // namespace app
