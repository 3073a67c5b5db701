#include "web/lws_support.h"

#include <libwebsockets.h>

#include <mutex>
#include <string>

#include "core/log.h"

namespace web {

namespace {

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

void LwsContextFree::operator()(lws_context* c) const noexcept {
  lws_context_destroy(c);
}

void set_listen_address(lws_context_creation_info& info, const std::string& host, int port) {
  const bool any = is_any_host(host);
  info.port = port;
  info.iface = any ? nullptr : host.c_str();
  if (!any && host.find(':') == std::string::npos) info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
}

}  // namespace web
