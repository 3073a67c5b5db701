// Routes libwebsockets' own log lines into core::log. The lws log level and sink are
// process-wide, so every feed socket (client and server) calls this one function.
// Thread-safety: Safe; the first call wins, later calls do nothing.
#pragma once

namespace feed::detail {

void route_lws_logs();

}  // namespace feed::detail
