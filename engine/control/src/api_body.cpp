#include "api_body.h"

#include <cmath>

#include "core/text.h"

namespace control::detail {
namespace {

// What a value was, for messages: its JSON text, cut short.
std::string shown(const json::Json& v) {
  std::string s = json::text(v);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

bool json_content_type(const ApiRequest& r) {
  const auto it = r.headers.find("content-type");
  if (it == r.headers.end()) return false;
  const std::string type = core::to_lower(core::trim(core::split(it->second, ';')[0]));
  return type == "application/json";
}

}  // namespace

Body::Body(const ApiRequest& r, bool required) : object_(json::Json::object()) {
  if (core::trim(r.body).empty()) {
    if (required)
      throw ControlError(400, "bad_json",
                         r.method + " " + r.path +
                             " needs a JSON object body (docs/control-api.md shows each one)");
    return;
  }
  if (!json_content_type(r))
    throw ControlError(415, "unsupported_media_type",
                       "the body must be JSON with the header \"Content-Type: application/json\" "
                       "(curl: -H 'Content-Type: application/json')");
  try {
    object_ = json::Json::parse(r.body);
  } catch (const json::Json::exception& e) {
    throw ControlError(400, "bad_json", "the body is not valid JSON: " + std::string(e.what()));
  }
  if (!object_.is_object())
    throw ControlError(400, "bad_json",
                       "the body must be a JSON object {...}, got " + shown(object_));
}

Body::Body(const std::map<std::string, std::string>& query) : object_(json::Json::object()) {
  for (const auto& [k, v] : query) {
    if (!core::valid_utf8(k) || !core::valid_utf8(v))
      throw ControlError(400, "bad_value", "query arguments must be UTF-8 text");
    object_[k] = v;
  }
}

void Body::fail(const char* key, const std::string& expected) const {
  const json::Json* v = find(key);
  throw ControlError(400, "bad_value",
                     std::string("field `") + key + "`: expected " + expected + ", got " +
                         (v ? shown(*v) : std::string("nothing")));
}

const json::Json* Body::find(const char* key) const {
  const auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

bool Body::has(const char* key) const {
  return find(key) != nullptr;
}

std::string Body::string(const char* key, bool required) const {
  const json::Json* v = find(key);
  if (!v || v->is_null()) {
    if (required) fail(key, "a string (required)");
    return {};
  }
  if (!v->is_string()) fail(key, "a string");
  const auto& s = v->get_ref<const std::string&>();
  if (required && core::trim(s).empty()) fail(key, "a non-empty string");
  return s;
}

std::optional<std::int64_t> Body::integer(const char* key, std::int64_t min,
                                          std::int64_t max) const {
  const json::Json* v = find(key);
  if (!v || v->is_null()) return std::nullopt;
  std::optional<long long> n;
  if (v->is_number_integer()) n = v->get<long long>();
  if (v->is_number_unsigned() && v->get<unsigned long long>() <= INT64_MAX)
    n = static_cast<long long>(v->get<unsigned long long>());
  if (v->is_string()) n = core::parse_int(v->get_ref<const std::string&>());
  // Open ends are left unsaid (the caller checks what is valid there).
  std::string range = "a whole number";
  if (min != INT64_MIN) range += " from " + std::to_string(min);
  if (max != INT64_MAX) range += " to " + std::to_string(max);
  if (!n || *n < min || *n > max) fail(key, range);
  return *n;
}

std::optional<double> Body::number(const char* key) const {
  const json::Json* v = find(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_number()) fail(key, "a number");
  const double d = v->get<double>();
  if (!std::isfinite(d)) fail(key, "a finite number");
  return d;
}

bool Body::boolean(const char* key) const {
  const json::Json* v = find(key);
  if (!v || !v->is_boolean()) fail(key, "true or false (required)");
  return v->get<bool>();
}

std::map<std::string, std::string> Body::params(const char* key, bool allow_null) const {
  std::map<std::string, std::string> out;
  const json::Json* v = find(key);
  if (!v || v->is_null()) return out;
  if (!v->is_object()) fail(key, "an object of parameter values {\"name\": \"value\"}");
  for (const auto& [name, value] : v->items()) {
    if (value.is_string())
      out[name] = value.get<std::string>();
    else if (value.is_number() || value.is_boolean())
      out[name] = json::text(value);
    else if (value.is_null() && allow_null)
      out[name] = "";
    else
      throw ControlError(
          400, "bad_value",
          std::string("field `") + key + "." + name + "`: expected a string, number or boolean" +
              (allow_null ? " (or null to remove it)" : "") + ", got " + shown(value));
  }
  return out;
}

}  // namespace control::detail
