// Api: the control API's router — one HTTP request in, one response out — with no sockets,
// so the server (ApiServer), the tests and the fuzzer share it. docs/control-api.md lists
// the endpoints, their bodies and the errors.
// Thread-safety: Safe (Control is, and the Api holds only its options).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "control/control.h"

namespace control {

struct ApiRequest {
  std::string method;                          // "GET", "POST", "PUT", "PATCH", "DELETE"...
  std::string path;                            // "/api/overlays/3", without the query
  std::map<std::string, std::string> query;    // decoded arguments
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string peer;  // "127.0.0.1:51234", for the log
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string allow;  // the Allow header of a 405
};

struct ApiOptions {
  // Every /api/ request must carry "Authorization: Bearer TOKEN". Empty: no token is asked
  // for (ApiServer allows that only on a loopback address, when told to).
  std::string token;
  // More Prometheus text for /metrics (the app's own figures); may be empty.
  std::function<std::string()> metrics;
};

class Api {
 public:
  // `control` must outlive the Api.
  Api(Control& control, ApiOptions options);

  // Answers one request. Never throws: every failure is a JSON error response
  // {"error": {"code", "message"}} with its 4xx or 5xx status.
  ApiResponse handle(const ApiRequest& request) const;
  // Whether the request carries the token: the Bearer header, or (`query_token`, for the
  // WebSocket stream, which browsers cannot give headers) a `token` query argument.
  bool authorized(const ApiRequest& request, bool query_token) const;
  // GET /metrics: Prometheus text format 0.0.4.
  std::string metrics() const;

  static ApiResponse error(int status, std::string_view code, std::string_view message);

 private:
  ApiResponse route(const ApiRequest& request) const;
  ApiResponse overlays(const ApiRequest& request, std::string_view rest) const;
  ApiResponse corrections(const ApiRequest& request, std::string_view rest) const;
  ApiResponse settings(const ApiRequest& request, std::string_view name) const;
  ApiResponse rundown(const ApiRequest& request, std::string_view rest) const;

  Control& control_;
  const ApiOptions options_;
};

// Splits and decodes "a=1&b=x%20y" (also '+' for a space); later duplicates win.
std::map<std::string, std::string> parse_query(std::string_view query);

// The control API's body limit: larger bodies get 413.
inline constexpr std::size_t kMaxApiBodyBytes = 64 * 1024;

}  // namespace control
