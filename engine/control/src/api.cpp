#include "control/api.h"

#include <cctype>

#include "api_body.h"
#include "core/text.h"
#include "json_out.h"

namespace control {
namespace {

using detail::Body;
using json::Json;

ApiResponse ok(const Json& j, int status = 200) {
  return ApiResponse{status, "application/json", json::text(j), {}};
}

ApiResponse not_allowed(const ApiRequest& r, std::string allow) {
  ApiResponse e = Api::error(405, "method_not_allowed",
                             r.method + " " + r.path + " is not supported; use " + allow);
  e.allow = std::move(allow);
  return e;
}

ApiResponse not_found(const ApiRequest& r) {
  return Api::error(404, "not_found",
                    "no endpoint " + r.path + "; docs/control-api.md lists them (GET /api/state)");
}

// "/overlays/12/take" → 12 and "/take"; nullopt when the first segment is not a plain number.
std::optional<int> leading_id(std::string_view& rest) {
  if (rest.empty() || rest[0] != '/') return std::nullopt;
  std::size_t i = 1;
  while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
  if (i == 1 || i > 10 || (i < rest.size() && rest[i] != '/')) return std::nullopt;
  const auto id = core::parse_int(rest.substr(1, i - 1));
  if (!id || *id < 1 || *id > 1'000'000'000) return std::nullopt;
  rest.remove_prefix(i);
  return static_cast<int>(*id);
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  unsigned diff = a.size() == b.size() ? 0u : 1u;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned>(a[i] ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

Json correction_json(const Control& c, int id) {
  const auto all = c.corrections();
  return json::correction(all.at(static_cast<std::size_t>(id - 1)));
}

constexpr const char* kBy = "api";

}  // namespace

Api::Api(Control& control, ApiOptions options) : control_(control), options_(std::move(options)) {}

ApiResponse Api::error(int status, std::string_view code, std::string_view message) {
  Json j;
  j["error"] = {{"code", std::string(code)}, {"message", std::string(message)}};
  return ApiResponse{status, "application/json", json::text(j), {}};
}

bool Api::authorized(const ApiRequest& r, bool query_token) const {
  if (options_.token.empty()) return true;
  if (const auto it = r.headers.find("authorization"); it != r.headers.end()) {
    const std::string_view v = core::trim(it->second);
    if (v.size() > 7 && core::to_lower(v.substr(0, 7)) == "bearer ")
      return equal_constant_time(core::trim(v.substr(7)), options_.token);
  }
  if (query_token) {
    if (const auto it = r.query.find("token"); it != r.query.end())
      return equal_constant_time(it->second, options_.token);
  }
  return false;
}

ApiResponse Api::handle(const ApiRequest& r) const {
  try {
    if (r.path == "/metrics") {
      if (r.method != "GET") return not_allowed(r, "GET");
      return ApiResponse{200, "text/plain; version=0.0.4; charset=utf-8", metrics(), {}};
    }
    if (r.path != "/api" && r.path.rfind("/api/", 0) != 0) return not_found(r);
    if (!authorized(r, false))
      return error(401, "unauthorized",
                   "missing or wrong token: send the header \"Authorization: Bearer TOKEN\" "
                   "with the token given to pacecast run --token");
    if (r.body.size() > kMaxApiBodyBytes)
      return error(413, "too_large",
                   "the body has " + std::to_string(r.body.size()) + " bytes; the limit is " +
                       std::to_string(kMaxApiBodyBytes));
    return route(r);
  } catch (const ControlError& e) {
    return error(e.status(), e.code(), e.what());
  } catch (const std::exception& e) {
    return error(500, "internal", std::string("the request failed inside Pacecast: ") + e.what());
  }
}

ApiResponse Api::route(const ApiRequest& r) const {
  std::string_view rest = std::string_view(r.path).substr(4);  // after "/api"
  if (rest.size() > 1 && rest.back() == '/') rest.remove_suffix(1);
  const auto get = [&](auto&& fn) { return r.method == "GET" ? fn() : not_allowed(r, "GET"); };
  const auto post = [&](auto&& fn) { return r.method == "POST" ? fn() : not_allowed(r, "POST"); };
  if (rest == "/state")
    return get([&] { return ApiResponse{200, "application/json", control_.state_json(), {}}; });
  if (rest == "/kinds") return get([&] { return ok({{"kinds", json::kinds(control_.kinds())}}); });
  if (rest == "/overlays" || rest.rfind("/overlays/", 0) == 0) return overlays(r, rest.substr(9));
  if (rest == "/corrections" || rest.rfind("/corrections/", 0) == 0)
    return corrections(r, rest.substr(12));
  if (rest == "/automation" || rest == "/data-delay") return settings(r, rest.substr(1));
  if (rest == "/rundown" || rest.rfind("/rundown/", 0) == 0) return rundown(r, rest.substr(8));
  if (rest == "/take")
    return post([&] {
      Body(r, false);
      return ok({{"taken", control_.take_cued(kBy)}});
    });
  if (rest == "/clear")
    return post([&] {
      Body(r, false);
      return ok({{"cleared", control_.clear_all(kBy)}});
    });
  if (rest == "/runners")
    return get([&] {
      const Body q(r.query);
      const std::string text = q.string("q", true);
      const auto limit = q.integer("limit", 1, 500);
      Json hits = Json::array();
      for (const auto& h : control_.search(text, limit ? static_cast<std::size_t>(*limit) : 0))
        hits.push_back(json::runner(h));
      return ok({{"runners", hits}});
    });
  if (rest == "/log")
    return get([&] {
      const auto since = Body(r.query).integer("since", 0, INT64_MAX);
      Json entries = Json::array();
      std::int64_t last = since.value_or(0);
      for (const auto& e : control_.log_since(since.value_or(0))) {
        entries.push_back(json::log_entry(e));
        last = e.seq;
      }
      return ok({{"entries", entries}, {"last_seq", last}});
    });
  if (rest == "/stream")
    return error(400, "upgrade_required",
                 "/api/stream is a WebSocket: connect with ws://HOST:PORT/api/stream?token=TOKEN");
  return not_found(r);
}

ApiResponse Api::overlays(const ApiRequest& r, std::string_view rest) const {
  if (rest.empty()) {
    if (r.method == "GET") {
      Json all = Json::array();
      for (const auto& s : control_.overlays()) all.push_back(json::slot(s));
      return ok({{"overlays", all}});
    }
    if (r.method != "POST") return not_allowed(r, "GET, POST");
    const Body b(r, true);
    const int id = control_.add(b.string("kind", true), b.params("params", false),
                                b.string("label", false), kBy);
    return ok({{"overlay", json::slot(control_.overlay(id))}}, 201);
  }
  const std::string_view whole = rest;
  const auto id = leading_id(rest);
  if (!id)
    throw ControlError(404, "unknown_overlay",
                       "no overlay '" + std::string(whole.substr(1)) +
                           "': overlays are numbered; GET /api/overlays lists them");
  if (rest.empty()) {
    if (r.method == "GET") return ok({{"overlay", json::slot(control_.overlay(*id))}});
    if (r.method == "DELETE") {
      control_.remove(*id, kBy);
      return ok({{"removed", *id}});
    }
    if (r.method != "PATCH") return not_allowed(r, "GET, PATCH, DELETE");
    const Body b(r, true);
    if (!b.has("params") && !b.has("label"))
      throw ControlError(400, "bad_value", "PATCH needs `params` (an object) or `label`");
    if (b.has("params")) control_.set_params(*id, b.params("params", true), kBy);
    if (b.has("label")) control_.set_label(*id, b.string("label", false), kBy);
    return ok({{"overlay", json::slot(control_.overlay(*id))}});
  }
  if (rest != "/cue" && rest != "/take" && rest != "/clear") return not_found(r);
  if (r.method != "POST") return not_allowed(r, "POST");
  const Body b(r, false);
  if (rest == "/cue") control_.cue(*id, kBy);
  if (rest == "/clear") control_.clear(*id, kBy);
  if (rest == "/take") control_.take(*id, kBy, b.number("seconds"));
  return ok({{"overlay", json::slot(control_.overlay(*id))}});
}

ApiResponse Api::corrections(const ApiRequest& r, std::string_view rest) const {
  if (rest.empty()) {
    if (r.method == "GET") {
      Json all = Json::array();
      for (const auto& c : control_.corrections()) all.push_back(json::correction(c));
      return ok({{"corrections", all}});
    }
    if (r.method != "POST") return not_allowed(r, "GET, POST");
    const Body b(r, true);
    const std::string kind = b.string("kind", true);
    const std::string bib = b.string("bib", true);
    int id = 0;
    if (kind == "status") {
      const std::string status = b.string("status", true);
      const race::RunnerStatus s = race::parse_status(status);
      if (s == race::RunnerStatus::invalid)
        throw ControlError(
            400, "bad_value",
            "status: expected \"ok\", \"dns\", \"dnf\" or \"dsq\", got \"" + status + "\"");
      id = control_.correct_status(bib, s, b.string("reason", false), kBy);
    } else if (kind == "bib") {
      id = control_.correct_bib(bib, b.string("new_bib", true), kBy);
    } else if (kind == "name") {
      id = control_.correct_name(bib, b.string("first_name", false), b.string("last_name", false),
                                 kBy);
    } else if (kind == "void_passing") {
      id = control_.void_passing(bib, b.string("mat", true), kBy);
    } else {
      throw ControlError(
          400, "bad_value",
          "kind: expected \"status\", \"bib\", \"name\" or \"void_passing\", got \"" + kind + "\"");
    }
    return ok({{"correction", correction_json(control_, id)}}, 201);
  }
  const auto id = leading_id(rest);
  if (!id || rest != "/undo") return not_found(r);
  if (r.method != "POST") return not_allowed(r, "POST");
  Body(r, false);
  control_.undo(*id, kBy);
  return ok({{"correction", correction_json(control_, *id)}});
}

ApiResponse Api::settings(const ApiRequest& r, std::string_view name) const {
  const bool automation = name == "automation";
  if (r.method == "GET")
    return automation ? ok({{"enabled", control_.automation()}})
                      : ok({{"seconds", control_.data_delay()}});
  if (r.method != "PUT" && r.method != "POST") return not_allowed(r, "GET, PUT, POST");
  const Body b(r, true);
  if (automation) {
    control_.set_automation(b.boolean("enabled"), kBy);
    return ok({{"enabled", control_.automation()}});
  }
  const auto seconds = b.number("seconds");
  if (!seconds) throw ControlError(400, "bad_value", "field `seconds`: required, a number 0..600");
  control_.set_data_delay(*seconds, kBy);
  return ok({{"seconds", control_.data_delay()}});
}

ApiResponse Api::rundown(const ApiRequest& r, std::string_view rest) const {
  const auto answer = [&](Json extra) {
    extra["rundown"] = json::rundown(control_.rundown(), true);
    return ok(extra);
  };
  if (rest.empty()) {
    if (r.method != "GET") return not_allowed(r, "GET");
    return answer(Json::object());
  }
  if (rest != "/next" && rest != "/back" && rest != "/go") return not_found(r);
  if (r.method != "POST") return not_allowed(r, "POST");
  const Body b(r, rest == "/go");
  if (rest == "/next") return answer({{"taken", control_.rundown_next(kBy)}});
  if (rest == "/back") {
    control_.rundown_back(kBy);
    return answer(Json::object());
  }
  const auto index = b.integer("index", INT64_MIN, INT64_MAX);
  if (!index)
    throw ControlError(400, "bad_value",
                       "field `index`: required, the item to put the cursor on (from 0; GET "
                       "/api/rundown lists them)");
  control_.rundown_go(*index, kBy);
  return answer(Json::object());
}

std::map<std::string, std::string> parse_query(std::string_view query) {
  const auto decode = [](std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '+') {
        out += ' ';
      } else if (s[i] == '%' && i + 2 < s.size() &&
                 std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
                 std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
        out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
        i += 2;
      } else {
        out += s[i];
      }
    }
    return out;
  };
  std::map<std::string, std::string> out;
  for (const std::string_view part : core::split(query, '&')) {
    if (part.empty()) continue;
    const auto eq = part.find('=');
    if (eq == std::string_view::npos)
      out[decode(part)] = "";
    else
      out[decode(part.substr(0, eq))] = decode(part.substr(eq + 1));
  }
  return out;
}

}  // namespace control
