#include "av.h"

#include <cstdarg>
#include <cstdio>
#include <mutex>

#include "core/log.h"

namespace video::av {
namespace {

void log_callback(void* ptr, int level, const char* fmt, va_list args) {
  if (level > AV_LOG_WARNING) return;
  char line[1024];
  int prefix = 1;
  av_log_format_line2(ptr, level, fmt, args, line, sizeof line, &prefix);
  std::string text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty()) return;
  // Our own messages say what failed with libav's error text; its lines repeat that in
  // its words (a dead server: several per retry), so they stay at debug unless fatal.
  if (level <= AV_LOG_FATAL) {
    core::log::warn("ffmpeg: " + text);
  } else {
    core::log::debug("ffmpeg: " + text);
  }
}

}  // namespace

void route_logs() {
  static std::once_flag once;
  std::call_once(once, [] {
    av_log_set_callback(log_callback);
    avformat_network_init();
  });
}

}  // namespace video::av
