// 10,000 random and malformed requests against the real server: it never crashes or hangs,
// still answers /api/state correctly, and no rejected request changed an overlay.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <random>

#include "control/api_server.h"
#include "control_fixture.h"
#include "core/log.h"
#include "director/rundown.h"
#include "http_client.h"

namespace api_flood_test {

using control_test::Engine;
using control_test::request_text;
using control_test::send_raw;
using Json = nlohmann::json;

namespace {

const std::string kToken = "flood-token";

class Garbage {
 public:
  explicit Garbage(std::uint64_t seed) : rng_(seed) {}

  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(below(static_cast<int>(v.size())))];
  }
  std::string bytes(int max_len) {
    std::string s(static_cast<std::size_t>(below(max_len + 1)), '\0');
    for (char& c : s) c = static_cast<char>(below(256));
    return s;
  }
  // A valid body, bent: bytes flipped, cut short, or replaced.
  std::string body() {
    std::string b = pick(bodies_);
    switch (below(5)) {
      case 0:
        return b;
      case 1:
        if (!b.empty())
          b[static_cast<std::size_t>(below(static_cast<int>(b.size())))] =
              static_cast<char>(below(256));
        return b;
      case 2:
        return b.substr(0, static_cast<std::size_t>(below(static_cast<int>(b.size()) + 1)));
      case 3:
        return bytes(200);
      default:
        return std::string(static_cast<std::size_t>(below(3000)), '[');
    }
  }
  std::string path() {
    switch (below(6)) {
      case 0:
        if (below(4) == 0) return "/api/rundown" + pick(rundown_suffixes_);
        return "/api/overlays/" + std::to_string(below(5)) + pick(suffixes_);
      case 1:
        return "/" + bytes(30);
      case 2:
        return std::string(static_cast<std::size_t>(1 + below(6000)), '/');
      case 3:
        return pick(paths_) + "?" + pick(queries_);
      default:
        return pick(paths_);
    }
  }
  std::string method() { return pick(methods_); }
  std::string token() { return below(2) ? "" : below(2) ? "wrong" : kToken + bytes(3); }

  // One request that must not change anything: no token or a wrong one, malformed, cut
  // short or not HTTP at all. Sent with the sending side shut down after it.
  std::string rejected() {
    const std::string b = body();
    switch (below(8)) {
      case 0:
        return bytes(400);
      case 1: {  // cut short anywhere
        const std::string r = request_text(method(), path(), token(), b);
        return r.substr(0, static_cast<std::size_t>(below(static_cast<int>(r.size()) + 1)));
      }
      case 2:  // a body longer or shorter than announced, or an absurd length
        return method() + " " + path() + " HTTP/1.1\r\nContent-Type: application/json\r\n" +
               "Content-Length: " + pick(lengths_) + "\r\n\r\n" + b;
      case 3:  // over the body limit
        return request_text("POST", "/api/overlays", token(), std::string(70 * 1024, '{'));
      case 4: {  // headers: no colon, huge, many, NUL bytes
        std::string r = method() + " " + path() + " HTTP/1.1\r\n";
        for (int i = below(40); i > 0; --i) r += bytes(60) + "\r\n";
        if (below(3) == 0) r += "X-Long: " + std::string(20000, 'x') + "\r\n";
        return r + "\r\n" + b;
      }
      case 5:  // a WebSocket upgrade without the token
        return "GET " +
               pick(std::vector<std::string>{"/api/stream", "/api/stream?token=no", "/api/state",
                                             "/"}) +
               " HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " +
               bytes(24) + "\r\nSec-WebSocket-Version: " + std::to_string(below(20)) + "\r\n\r\n";
      case 6:  // a bad request line
        return bytes(10) + " " + path() + " " + pick(versions_) + "\r\n\r\n";
      default:
        return request_text(method(), path(), token(), b,
                            below(2) ? "application/json" : bytes(20));
    }
  }

  // A well-formed request with the token; bodies and values may be wrong.
  std::string authorized() {
    return request_text(method(), path(), kToken, body(),
                        below(5) ? "application/json" : "text/plain");
  }

 private:
  std::mt19937_64 rng_;
  const std::vector<std::string> methods_ = {"GET",     "POST", "PUT", "PATCH", "DELETE", "HEAD",
                                             "OPTIONS", "FOO",  "",    "G E T", "get"};
  const std::vector<std::string> paths_ = {"/api/state",
                                           "/api/kinds",
                                           "/api/overlays",
                                           "/api/take",
                                           "/api/clear",
                                           "/api/runners",
                                           "/api/corrections",
                                           "/api/corrections/1/undo",
                                           "/api/automation",
                                           "/api/data-delay",
                                           "/api/log",
                                           "/api/stream",
                                           "/metrics",
                                           "/api",
                                           "/api/",
                                           "/api/../metrics",
                                           "/api/%00",
                                           "/api/overlays/1/%2e%2e/take",
                                           "/"};
  const std::vector<std::string> suffixes_ = {"", "/", "/cue", "/take", "/clear", "/x", "//take"};
  const std::vector<std::string> rundown_suffixes_ = {"", "/next", "/back", "/go", "/go/", "/x"};
  const std::vector<std::string> queries_ = {"q=1",
                                             "q=%D0%96",
                                             "q=%ZZ",
                                             "limit=-1&q=1",
                                             "since=99999999999999999999",
                                             "token=" + kToken,
                                             "&&&==",
                                             "q=" + std::string(3000, 'a')};
  const std::vector<std::string> lengths_ = {"0",     "5",  "100000000000",        "-1", "abc",
                                             "65537", " 3", "18446744073709551616"};
  const std::vector<std::string> versions_ = {"HTTP/1.1", "HTTP/1.0", "HTTP/9.9", "", "HTTP/1.1 x"};
  const std::vector<std::string> bodies_ = {
      R"({"kind":"race_clock"})",
      R"({"kind":"leaderboard","params":{"contest":"10k","rows":"5"}})",
      R"({"params":{"rows":null},"label":"x"})",
      R"({"seconds":8})",
      R"({"kind":"status","bib":"1","status":"dnf"})",
      R"({"kind":"void_passing","bib":"1","mat":"5K"})",
      R"({"enabled":false})",
      R"({"seconds":2.5})",
      R"({"index":1})",
      R"({"index":-3})",
      "",
      "null",
      R"({"kind":"\ud800"})"};
};

std::string overlays_of(const control::Control& c) {
  return Json::parse(c.state_json())["overlays"].dump();
}

}  // namespace

TEST_CASE(
    "api: 10,000 random and malformed requests leave the server answering and the "
    "overlays unchanged by every rejected one",
    "[control][api]") {
  Engine e;
  control::ApiServerOptions o;
  o.token = kToken;
  control::ApiServer server(e.control, o);
  server.start();
  const int port = server.port();
  e.control.add("leaderboard", {{"contest", "10k"}}, "", "console");
  e.control.add("race_clock", {}, "", "console");
  e.control.take(2, "console");
  e.control.set_rundown(
      director::Rundown({{"Clock", "race_clock", {}, core::Ms(0), "", 1},
                         {"Top", "leaderboard", {{"contest", "10k"}}, core::Ms(8000), "", 4}}),
      "flood.toml", "console");

  core::log::set_level(core::log::Level::warn);  // one info line per refused change otherwise
  Garbage g(20250928);
  std::map<int, int> statuses;  // status -> count (0: no answer)
  int accepted = 0;
  for (int i = 0; i < 10000; ++i) {
    const bool with_token = i % 4 == 3;
    const std::string raw = with_token ? g.authorized() : g.rejected();
    const std::string before = overlays_of(e.control);
    const auto r = send_raw(port, raw, !with_token, std::chrono::milliseconds(3000));
    ++statuses[r.answered ? r.status : 0];
    if (r.answered && r.status < 400) {
      ++accepted;
      continue;  // a good request may change things
    }
    if (overlays_of(e.control) != before) {
      INFO("request " << i << " changed the overlays: " << raw.substr(0, 300));
      INFO("answer " << r.status << " " << r.body.substr(0, 300));
      FAIL("a rejected request changed the state");
    }
  }
  for (const auto& [status, n] : statuses) INFO(status << ": " << n);
  CHECK(statuses[401] > 1000);
  CHECK(statuses[400] > 100);
  CHECK(statuses[404] > 100);
  CHECK(statuses[413] > 10);
  CHECK(statuses[500] == 0);
  CHECK(accepted > 50);

  core::log::set_level(core::log::Level::info);
  // Still answering, with the same state as Control.
  const auto r = control_test::call(port, "GET", "/api/state", kToken);
  REQUIRE(r.status == 200);
  CHECK(Json::parse(r.body)["overlays"] == Json::parse(e.control.state_json())["overlays"]);
  CHECK(server.stats().server_errors == 0);
}

}  // namespace api_flood_test
