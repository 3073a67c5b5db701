// Test harness: a real `ffmpeg` process sending a live stream that a test can recognise by
// its pixels (a moving test pattern with a red strip down its left quarter, and a 440 Hz
// tone) as MPEG-TS over UDP. Killed to fake a source that dies mid-stream and started again
// as a new process (its timestamps start over). Owned by one test; call from its thread.
#pragma once

#include <sys/types.h>
#include <filesystem>
#include <string>

namespace pacecast_test {

// Why the ffmpeg command line cannot run here ("ffmpeg is not on PATH"), or empty.
std::string ffmpeg_missing();

class StreamSender {
 public:
  // `url`: where to send, e.g. "udp://127.0.0.1:PORT?pkt_size=1316". Does not start.
  explicit StreamSender(std::string url);
  // Kills the process if it runs.
  ~StreamSender();
  StreamSender(const StreamSender&) = delete;
  StreamSender& operator=(const StreamSender&) = delete;

  // Starts a new ffmpeg process sending in real time. `ts_offset_s` moves its timestamps
  // that far forward (a source whose clock jumps). False, with error(), when it cannot.
  bool start(double ts_offset_s = 0);
  // SIGKILL and reap: the source vanishes without a goodbye. Does nothing when stopped.
  void kill();
  // True while the process started last is alive.
  bool running();
  // What went wrong, with the tail of ffmpeg's own messages.
  std::string error() const;

 private:
  std::string url_;
  std::filesystem::path log_;
  pid_t pid_ = 0;
  std::string error_;
};

}  // namespace pacecast_test
