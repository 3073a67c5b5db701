// libwebsockets plumbing shared by every socket of the engine (web::HttpServer and the feed's
// client and server): lws's own log routed into core::log, the context's owner, and a
// listening context's address. No state of its own. Thread-safety: Safe.
#pragma once

#include <memory>
#include <string>

struct lws_context;
struct lws_context_creation_info;

namespace web {

// Routes lws's log lines into core::log: its errors as warnings (the caller logs its own
// error with what to do; lws's line is the detail under it), its warnings at debug. The lws
// log is process-wide: the first call sets it, later calls do nothing.
void route_lws_logs();

struct LwsContextFree {
  void operator()(lws_context* c) const noexcept;
};
using LwsContextPtr = std::unique_ptr<lws_context, LwsContextFree>;

// Whether `host` means every interface ("" or "0.0.0.0").
inline bool is_any_host(const std::string& host) {
  return host.empty() || host == "0.0.0.0";
}

// Sets `info` to listen on HOST:PORT: every interface for "" or "0.0.0.0", IPv4 only for an
// IPv4 address or name. `host` is referred to, not copied: it must outlive the context's
// creation.
void set_listen_address(lws_context_creation_info& info, const std::string& host, int port);

}  // namespace web
