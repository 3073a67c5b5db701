#include "lws_log.h"

#include <libwebsockets.h>

#include <mutex>
#include <string>

#include "core/log.h"

namespace feed::detail {
namespace {

// Errors are warnings here: the feed code logs its own error with what to do; lws's line is
// the detail under it.
void to_core_log(int level, const char* line) {
  std::string text = std::string("libwebsockets: ") + (line ? line : "");
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (level & LLL_ERR)
    core::log::warn(text);
  else
    core::log::debug(text);
}

}  // namespace

void route_lws_logs() {
  static std::once_flag once;
  std::call_once(once, [] { lws_set_log_level(LLL_ERR | LLL_WARN, to_core_log); });
}

}  // namespace feed::detail
