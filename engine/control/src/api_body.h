// Internal to the control API: a request's JSON body (or its query arguments) read field by
// field; each read throws ControlError 400 naming the field, what it expected and what it
// got. Pure; one request at a time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "control/api.h"
#include "json_out.h"

namespace control::detail {

class Body {
 public:
  // The request's body: with `required`, a JSON object must be there; without, an empty body
  // is an empty object. A body needs Content-Type application/json (else 415) and must be a
  // JSON object (else 400 bad_json).
  Body(const ApiRequest& request, bool required);
  // Query arguments, all strings.
  explicit Body(const std::map<std::string, std::string>& query);

  bool has(const char* key) const;
  // A string; numbers are not converted. Absent and not required: "".
  std::string string(const char* key, bool required) const;
  // A whole number (or a string holding one) in [min, max]; nullopt when absent.
  std::optional<std::int64_t> integer(const char* key, std::int64_t min, std::int64_t max) const;
  // A number; nullopt when absent or null.
  std::optional<double> number(const char* key) const;
  // A required true or false.
  bool boolean(const char* key) const;
  // An object of parameter values: strings, numbers and booleans (written as text); null
  // (with `allow_null`, for PATCH) becomes "" (remove the parameter).
  std::map<std::string, std::string> params(const char* key, bool allow_null) const;

 private:
  [[noreturn]] void fail(const char* key, const std::string& expected) const;
  const json::Json* find(const char* key) const;

  json::Json object_;
};

}  // namespace control::detail
