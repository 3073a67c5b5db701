// Private to the video module: the key/fill output, the overlays alone with their alpha
// (ProRes 4444 or QuickTime Animation in a .mov) for a downstream keyer. Its own thread
// converts, encodes and writes; a frame that finds the queue full is dropped and counted.
// Thread-safety: push()/stats()/finish() from the render loop's thread.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/bounded_queue.h"
#include "video/format.h"
#include "video/pipeline.h"

namespace video {

class KeyFillWriter {
 public:
  // `codec`: "prores" (ProRes 4444, 10-bit with alpha) or "qtrle" (Animation, 8-bit ARGB).
  // Opens the file now; throws core::Error for a bad path, name or codec.
  KeyFillWriter(const std::string& path, const std::string& codec, const Format& format);
  ~KeyFillWriter();
  KeyFillWriter(const KeyFillWriter&) = delete;
  KeyFillWriter& operator=(const KeyFillWriter&) = delete;

  // Queues frame `index` (premultiplied RGBA, the format's size); copies it. With `wait`
  // (offline renders) it waits for room instead of dropping the frame.
  void push(const std::uint8_t* rgba, std::int64_t index, bool wait);
  void finish();
  SinkStats stats() const;

 private:
  struct Frame {
    std::vector<std::uint8_t> rgba;
    std::int64_t index = 0;
  };
  struct Impl;
  void run();

  std::unique_ptr<Impl> impl_;
  Format format_;
  core::BoundedQueue<std::unique_ptr<Frame>> queue_, spare_;
  mutable std::mutex mutex_;
  SinkStats stats_;
  std::thread thread_;
  bool finished_ = false;
};

}  // namespace video
