// RunStatus: the running engine's figures for the console's panels and /metrics — output
// frames, stage timings, each sink and the timing feed — in plain fields (no video or feed
// types). The app fills one about once a second and hands it to Control::set_status().
// Value types; safe to copy between threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace control {

// One output (a file, an RTMP or SRT URL...).
struct SinkStatus {
  std::string target;  // "rtmp://host/live/key" (the app hides secrets), "out/run.mp4"
  std::string state;   // "running", "reconnecting", "failed", "finished"
  std::int64_t packets = 0;
  std::int64_t bytes = 0;
  double bitrate_kbps = 0;
  std::int64_t dropped = 0;  // packets dropped (queue full, while reconnecting)
  std::int64_t reconnects = 0;
  std::int64_t retries = 0;
  std::string last_error;
};

// The timing feed.
struct FeedStatus {
  std::string url;
  std::string state;  // "connecting", "live", "stale", "resyncing", "closed"
  bool connected = false;
  bool stale = false;
  double lag_s = 0;  // how far the newest event is behind its read time
  std::int64_t last_seq = 0;
  double rate_eps = 0;  // events per second, recently
  std::int64_t gaps = 0;
  std::map<std::string, std::int64_t> rejected;  // messages refused, by reason
  std::int64_t reconnects = 0;
};

struct RunStatus {
  std::int64_t wall_ms = 0;  // when the app made it (Unix ms); 0: never pushed
  double fps = 0;            // output frames per second, recently
  std::int64_t ticks = 0;    // output frames since the start
  std::int64_t dropped = 0;
  std::int64_t late = 0;
  std::int64_t repeated = 0;
  // Median milliseconds per stage: "input", "overlay", "blend", "encode".
  std::map<std::string, double> stage_ms;
  std::vector<SinkStatus> sinks;
  std::optional<FeedStatus> feed;  // none for a replay
};

}  // namespace control
