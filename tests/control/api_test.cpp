#include <sys/wait.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "control/api_server.h"
#include "control_fixture.h"
#include "core/error.h"
#include "http_client.h"

namespace api_test {

using control_test::call;
using control_test::Engine;
using control_test::request_text;
using control_test::send_raw;
using control_test::WsClient;
using Json = nlohmann::json;

namespace {

const std::string kToken = "s3cret-token";

// The control API on a free loopback port, over a small race.
struct Served {
  Engine e;
  control::ApiServer server{e.control, options()};
  int port = 0;

  static control::ApiServerOptions options() {
    control::ApiServerOptions o;
    o.token = kToken;
    o.metrics = [] {
      return "# HELP pacecast_app_up The app.\n# TYPE pacecast_app_up gauge\n"
             "pacecast_app_up 1\n";
    };
    return o;
  }
  Served() {
    server.start();
    port = server.port();
  }
  control_test::HttpReply api(const std::string& method, const std::string& path,
                              const std::string& body = {}) {
    return call(port, method, path, kToken, body);
  }
  Json json(const std::string& method, const std::string& path, const std::string& body = {},
            int expected = 200) {
    const auto r = api(method, path, body);
    INFO(method << " " << path << " " << body << " -> " << r.status << " " << r.body);
    CHECK(r.status == expected);
    CHECK(r.header("content-type") == "application/json");
    return Json::parse(r.body);
  }
};

// The error code of a JSON error reply ("" when the body is not one).
std::string error_code(const control_test::HttpReply& r) {
  const Json j = Json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains("error")) return "";
  if (!j["error"]["message"].is_string() || j["error"]["message"].get<std::string>().empty())
    return "no message";
  return j["error"]["code"];
}

struct Endpoint {
  std::string method, path, body;
};

const std::vector<Endpoint> kEndpoints = {
    {"GET", "/api/state", ""},
    {"GET", "/api/kinds", ""},
    {"GET", "/api/overlays", ""},
    {"POST", "/api/overlays", R"({"kind":"race_clock"})"},
    {"GET", "/api/overlays/1", ""},
    {"PATCH", "/api/overlays/1", R"({"label":"x"})"},
    {"DELETE", "/api/overlays/1", ""},
    {"POST", "/api/overlays/1/cue", ""},
    {"POST", "/api/overlays/1/take", R"({"seconds":8})"},
    {"POST", "/api/overlays/1/clear", ""},
    {"POST", "/api/take", ""},
    {"POST", "/api/clear", ""},
    {"GET", "/api/runners?q=1", ""},
    {"GET", "/api/corrections", ""},
    {"POST", "/api/corrections", R"({"kind":"status","bib":"1","status":"dnf"})"},
    {"POST", "/api/corrections/1/undo", ""},
    {"GET", "/api/automation", ""},
    {"PUT", "/api/automation", R"({"enabled":false})"},
    {"POST", "/api/automation", R"({"enabled":false})"},
    {"GET", "/api/data-delay", ""},
    {"PUT", "/api/data-delay", R"({"seconds":3})"},
    {"POST", "/api/data-delay", R"({"seconds":3})"},
    {"GET", "/api/log?since=0", ""},
    {"GET", "/api/rundown", ""},
    {"POST", "/api/rundown/next", ""},
    {"POST", "/api/rundown/back", ""},
    {"POST", "/api/rundown/go", R"({"index":0})"},
    {"GET", "/api/stream", ""},
    {"GET", "/api/no-such-thing", ""},
};

}  // namespace

TEST_CASE("api: every /api/ endpoint needs the token; /metrics does not", "[control][api]") {
  Served s;
  s.e.control.add("race_clock", {}, "", "console");
  const std::string before = s.e.control.state_json();
  for (const auto& ep : kEndpoints) {
    for (const std::string& token : {std::string(), std::string("wrong"), kToken + "x"}) {
      const auto r = call(s.port, ep.method, ep.path, token, ep.body);
      INFO(ep.method << " " << ep.path << " token '" << token << "'");
      CHECK(r.status == 401);
      CHECK(error_code(r) == "unauthorized");
      CHECK_THAT(r.header("www-authenticate"), Catch::StartsWith("Bearer"));
    }
    // Bearer is case-insensitive; the token is not.
    const auto lower =
        send_raw(s.port, "GET /api/state HTTP/1.1\r\nAuthorization: bearer " + kToken + "\r\n\r\n");
    CHECK(lower.status == 200);
  }
  CHECK(s.e.control.state_json() == before);  // nothing changed
  const auto m = call(s.port, "GET", "/metrics");
  CHECK(m.status == 200);
  CHECK_THAT(m.header("content-type"), Catch::StartsWith("text/plain; version=0.0.4"));
  CHECK_THAT(m.body, Catch::Contains("pacecast_fps 0"));
  CHECK(s.server.stats().client_errors >= static_cast<std::int64_t>(3 * kEndpoints.size()));
}

TEST_CASE("api: overlays over HTTP: add, read, change, cue, take, clear and remove",
          "[control][api]") {
  Served s;
  auto j =
      s.json("POST", "/api/overlays",
             R"({"kind":"leaderboard","params":{"contest":"10k","rows":5},"label":"Top 5"})", 201);
  CHECK(j["overlay"]["id"] == 1);
  CHECK(j["overlay"]["params"]["rows"] == "5");
  CHECK(j["overlay"]["state"] == "off");
  CHECK(j["overlay"]["by"] == "api");
  CHECK(s.json("GET", "/api/overlays")["overlays"].size() == 1);
  CHECK(s.json("GET", "/api/overlays/1")["overlay"]["label"] == "Top 5");

  j = s.json("PATCH", "/api/overlays/1",
             R"({"params":{"rows":null,"scope":"gender","gender":"F"},"label":"Women"})");
  CHECK(j["overlay"]["params"] == Json({{"contest", "10k"}, {"gender", "F"}, {"scope", "gender"}}));
  CHECK(j["overlay"]["label"] == "Women");

  CHECK(s.json("POST", "/api/overlays/1/cue")["overlay"]["state"] == "cued");
  CHECK(s.json("GET", "/api/state")["cued"] == Json::array({1}));
  CHECK(s.json("POST", "/api/take")["taken"] == Json::array({1}));
  CHECK(s.e.control.overlay(1).state == control::SlotState::on_air);
  CHECK(s.json("POST", "/api/overlays/1/clear")["overlay"]["state"] == "off");
  j = s.json("POST", "/api/overlays/1/take", R"({"seconds": 8})");
  CHECK(j["overlay"]["state"] == "on_air");
  CHECK(j["overlay"]["auto_clear_s"] == 8);
  CHECK(s.json("GET", "/api/state")["on_air"] == Json::array({1}));
  CHECK(s.json("POST", "/api/clear")["cleared"] == Json::array({1}));
  CHECK(s.json("DELETE", "/api/overlays/1")["removed"] == 1);
  CHECK(s.api("GET", "/api/overlays/1").status == 404);
  CHECK(s.e.control.overlays().empty());
}

TEST_CASE("api: runners, corrections and undo, automation, data delay, log, kinds, metrics",
          "[control][api]") {
  Served s;
  // ЖАНАР and MÜLLER, percent-encoded as a browser or curl --data-urlencode sends them.
  auto j = s.json("GET", "/api/runners?q=%D0%96%D0%90%D0%9D%D0%90%D0%A0");
  REQUIRE(j["runners"].size() == 1);
  CHECK(j["runners"][0]["bib"] == "1");
  CHECK(j["runners"][0]["furthest_mat"] == "5K");
  CHECK(j["runners"][0]["last_split"] == "0:17:00");
  CHECK(s.json("GET", "/api/runners?q=M%C3%9CLLER")["runners"][0]["name"] == "Thomas Müller");
  CHECK(s.json("GET", "/api/runners?q=1&limit=2")["runners"].size() == 2);

  j = s.json("POST", "/api/corrections",
             R"({"kind":"status","bib":"1","status":"dnf","reason":"medical"})", 201);
  CHECK(j["correction"]["id"] == 1);
  CHECK(j["correction"]["kind"] == "status");
  s.json("POST", "/api/corrections", R"({"kind":"bib","bib":"2","new_bib":"200"})", 201);
  s.json("POST", "/api/corrections",
         R"({"kind":"name","bib":"F2","first_name":"Anna","last_name":"Ivanova"})", 201);
  s.json("POST", "/api/corrections", R"({"kind":"void_passing","bib":"12","mat":"5K"})", 201);
  auto snap = s.e.publish();
  CHECK(snap->runner(*snap->find_bib("1")).status == race::RunnerStatus::dnf);
  CHECK(snap->find_bib("200"));
  CHECK(snap->participant(*snap->find_bib("F2")).first_name == "Anna");
  CHECK(snap->runner(*snap->find_bib("12")).furthest == -1);
  CHECK(s.json("GET", "/api/corrections")["corrections"].size() == 4);
  CHECK(s.json("POST", "/api/corrections/1/undo")["correction"]["undone"] == true);
  const auto again = s.api("POST", "/api/corrections/1/undo");
  CHECK(again.status == 409);
  CHECK(error_code(again) == "already_undone");
  snap = s.e.publish();
  CHECK(snap->runner(*snap->find_bib("1")).status == race::RunnerStatus::ok);

  CHECK(s.json("PUT", "/api/automation", R"({"enabled":false})")["enabled"] == false);
  CHECK_FALSE(s.e.control.automation());
  CHECK(s.json("POST", "/api/automation", R"({"enabled":true})")["enabled"] == true);
  CHECK(s.json("GET", "/api/automation")["enabled"] == true);
  CHECK(s.json("PUT", "/api/data-delay", R"({"seconds":2.5})")["seconds"] == 2.5);
  CHECK(s.json("GET", "/api/data-delay")["seconds"] == 2.5);

  j = s.json("GET", "/api/log?since=0");
  CHECK(j["entries"].size() >= 8);
  const auto last = j["last_seq"].get<std::int64_t>();
  CHECK(s.json("GET", "/api/log?since=" + std::to_string(last))["entries"].empty());
  CHECK(s.json("GET", "/api/log?since=" + std::to_string(last - 1))["entries"][0]["by"] == "api");

  j = s.json("GET", "/api/kinds");
  bool leaderboard = false;
  for (const auto& k : j["kinds"])
    if (k["name"] == "leaderboard") leaderboard = k["params"][0]["name"] == "contest";
  CHECK(leaderboard);

  control::RunStatus st;
  st.fps = 25;
  st.ticks = 9000;
  st.stage_ms = {{"encode", 4.5}};
  st.sinks.push_back({"rtmp://x/live", "running", 100, 200000, 4500, 1, 2, 3, ""});
  control::FeedStatus feed;
  feed.lag_s = 1.25;
  feed.rejected = {{"bad_json", 3}};
  st.feed = feed;
  s.e.control.set_status(st);
  const auto m = call(s.port, "GET", "/metrics").body;
  for (const char* line :
       {"# TYPE pacecast_fps gauge\npacecast_fps 25\n", "pacecast_frames_total 9000\n",
        "# TYPE pacecast_frames_total counter\n", "pacecast_stage_ms{stage=\"encode\"} 4.5\n",
        "pacecast_output_reconnects_total{output=\"rtmp://x/live\"} 2\n",
        "pacecast_feed_lag_seconds 1.25\n", "pacecast_feed_rejected_total{reason=\"bad_json\"} 3\n",
        "pacecast_data_delay_seconds 2.5\n", "pacecast_corrections_total 4\n",
        "pacecast_app_up 1\n"})
    CHECK_THAT(m, Catch::Contains(line));
  CHECK(s.json("GET", "/api/state")["status"]["sinks"][0]["reconnects"] == 2);
}

TEST_CASE("api: bad JSON, unknown ids, bad parameters and wrong methods get a 4xx JSON error",
          "[control][api]") {
  Served s;
  s.e.control.add("leaderboard", {{"contest", "10k"}}, "", "console");
  const std::string before = Json::parse(s.e.control.state_json())["overlays"].dump();
  struct Case {
    std::string method, path, body;
    int status;
    std::string code;
    std::string content_type = "application/json";
  };
  const std::vector<Case> cases = {
      {"POST", "/api/overlays", "{", 400, "bad_json"},
      {"POST", "/api/overlays", "[1]", 400, "bad_json"},
      {"POST", "/api/overlays", "kind=race_clock", 415, "unsupported_media_type",
       "application/x-www-form-urlencoded"},
      {"POST", "/api/overlays", R"({"kind":"circle"})", 400, "unknown_kind"},
      {"POST", "/api/overlays", R"({"kind":"leaderboard","params":{"colour":"red"}})", 400,
       "bad_parameter"},
      {"POST", "/api/overlays", R"({"kind":"leaderboard","params":{"contest":"ultra"}})", 400,
       "bad_parameter"},
      {"POST", "/api/overlays", R"({"kind":"leaderboard","params":[1]})", 400, "bad_value"},
      {"POST", "/api/overlays", R"({})", 400, "bad_value"},
      {"POST", "/api/overlays", "", 400, "bad_json"},
      {"GET", "/api/overlays/99", "", 404, "unknown_overlay"},
      {"GET", "/api/overlays/abc", "", 404, "unknown_overlay"},
      {"POST", "/api/overlays/99/take", "", 404, "unknown_overlay"},
      {"POST", "/api/overlays/1/take", R"({"seconds":"eight"})", 400, "bad_value"},
      {"PATCH", "/api/overlays/1", R"({"params":{"rows":"99"}})", 400, "bad_parameter"},
      {"PATCH", "/api/overlays/1", R"({"colour":"red"})", 400, "bad_value"},
      {"POST", "/api/overlays/1/fly", "", 404, "not_found"},
      {"PUT", "/api/overlays/1", R"({"label":"x"})", 405, "method_not_allowed"},
      {"DELETE", "/api/state", "", 405, "method_not_allowed"},
      {"GET", "/api/take", "", 405, "method_not_allowed"},
      {"GET", "/api/nothing", "", 404, "not_found"},
      {"GET", "/nothing", "", 404, "not_found"},
      {"POST", "/api/corrections", R"({"kind":"status","bib":"999","status":"dnf"})", 404,
       "unknown_runner"},
      {"POST", "/api/corrections", R"({"kind":"status","bib":"1","status":"tired"})", 400,
       "bad_value"},
      {"POST", "/api/corrections", R"({"kind":"void_passing","bib":"1","mat":"X1"})", 400,
       "unknown_mat"},
      {"POST", "/api/corrections", R"({"kind":"bib","bib":"1","new_bib":"2"})", 409, "bib_taken"},
      {"POST", "/api/corrections", R"({"kind":"teleport","bib":"1"})", 400, "bad_value"},
      {"POST", "/api/corrections/9/undo", "", 404, "unknown_correction"},
      {"PUT", "/api/data-delay", R"({"seconds":9999})", 400, "bad_value"},
      {"PUT", "/api/automation", R"({"enabled":"yes"})", 400, "bad_value"},
      {"GET", "/api/runners", "", 400, "bad_value"},
      {"GET", "/api/runners?q=1&limit=x", "", 400, "bad_value"},
      {"GET", "/api/log?since=-4", "", 400, "bad_value"},
      {"GET", "/api/stream", "", 400, "upgrade_required"},
      {"POST", "/api/overlays", std::string(70 * 1024, ' '), 413, "too_large"},
  };
  for (const auto& c : cases) {
    const auto r = send_raw(s.port, request_text(c.method, c.path, kToken, c.body, c.content_type));
    INFO(c.method << " " << c.path << " " << c.body.substr(0, 80) << " -> " << r.status << " "
                  << r.body);
    CHECK(r.status == c.status);
    CHECK(r.header("content-type") == "application/json");
    CHECK(error_code(r) == c.code);
    if (c.status == 405) CHECK_FALSE(r.header("allow").empty());
  }
  CHECK(Json::parse(s.e.control.state_json())["overlays"].dump() == before);
  CHECK(s.e.control.corrections().empty());
  CHECK(s.api("GET", "/api/state").status == 200);  // still answering
}

TEST_CASE("api: the stream sends the state, then a change made through another request",
          "[control][api]") {
  Served s;
  s.e.control.add("race_clock", {}, "Clock", "console");
  WsClient ws(s.port, "/api/stream?token=" + kToken);
  REQUIRE(ws.status() == 101);
  const auto first = ws.next();
  REQUIRE(first);
  const Json state = Json::parse(*first);
  CHECK(state["type"] == "state");
  CHECK(state["state"]["overlays"][0]["label"] == "Clock");

  CHECK(s.api("POST", "/api/overlays/1/take").status == 200);
  bool on_air = false;
  std::int64_t seq = state["seq"];
  while (!on_air) {
    const auto m = ws.next();
    REQUIRE(m);
    const Json j = Json::parse(*m);
    CHECK(j["seq"].get<std::int64_t>() == seq + 1);  // in order, none missing
    seq = j["seq"];
    on_air = j["type"] == "overlay" && j["overlay"]["state"] == "on_air";
  }
  // The Bearer header works too; no token, a wrong one or another path are refused.
  WsClient header(s.port, "/api/stream", kToken);
  CHECK(header.status() == 101);
  WsClient none(s.port, "/api/stream");
  CHECK(none.status() == 401);
  CHECK_THAT(none.body(), Catch::Contains("unauthorized"));
  WsClient wrong(s.port, "/api/stream?token=nope");
  CHECK(wrong.status() == 401);
  WsClient elsewhere(s.port, "/api/state?token=" + kToken);
  CHECK(elsewhere.status() == 404);
  CHECK(s.server.stats().stream_clients == 2);
}

TEST_CASE("api server: a token is required off loopback; ports are picked or refused",
          "[control][api]") {
  Engine e;
  control::ApiServerOptions o;
  o.host = "0.0.0.0";
  o.allow_no_token = true;
  control::ApiServer open(e.control, o);
  CHECK_THROWS_WITH(open.start(), Catch::Contains("no token"));
  o.host = "127.0.0.1";
  o.allow_no_token = false;
  control::ApiServer loop_strict(e.control, o);
  CHECK_THROWS_WITH(loop_strict.start(), Catch::Contains("--token"));
  o.allow_no_token = true;
  control::ApiServer loop(e.control, o);
  loop.start();
  CHECK(loop.port() > 0);
  CHECK(call(loop.port(), "GET", "/api/state").status == 200);  // no token asked for
  o.token = kToken;
  o.port = loop.port();
  control::ApiServer clash(e.control, o);
  CHECK_THROWS_WITH(clash.start(),
                    Catch::Contains("cannot listen on 127.0.0.1:" + std::to_string(loop.port())));
  loop.stop();
  loop.stop();  // twice is fine
}

namespace {

// Runs curl with `args` (the documented request); returns its output and the HTTP status
// on the last line. A missing curl fails the test, naming the package.
std::pair<std::string, int> curl(const std::string& args) {
  const std::string cmd = "curl -s -S -m 20 -w '\\n%{http_code}' " + args + " 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  REQUIRE(pipe);
  std::string out;
  char buf[4096];
  while (const std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int rc = ::pclose(pipe);
  if (WIFEXITED(rc) && WEXITSTATUS(rc) == 127)
    FAIL("curl is not installed: apt-get install curl (scripts/install-deps installs it)");
  const auto nl = out.rfind('\n');
  return {out.substr(0, nl), std::atoi(out.c_str() + nl + 1)};
}

}  // namespace

TEST_CASE("api: the curl lines of docs/control-api.md work as written", "[control][api]") {
  Served s;
  const std::string pc = "http://127.0.0.1:" + std::to_string(s.port);
  const std::string auth = "-H 'Authorization: Bearer " + kToken + "' ";
  const std::string json = "-H 'Content-Type: application/json' ";
  auto [out, status] = curl(
      auth + json +
      "-d '{\"kind\":\"leaderboard\",\"params\":{\"contest\":\"10k\",\"rows\":5},\"label\":\"Top "
      "5\"}' " +
      pc + "/api/overlays");
  CHECK(status == 201);
  CHECK(Json::parse(out)["overlay"]["label"] == "Top 5");
  std::tie(out, status) =
      curl(auth + json + "-d '{\"seconds\": 8}' " + pc + "/api/overlays/1/take");
  CHECK(status == 200);
  CHECK(s.e.control.overlay(1).auto_clear_s == 8.0);
  std::tie(out, status) = curl(auth + "-G --data-urlencode q=ЖАНАР " + pc + "/api/runners");
  CHECK(status == 200);
  CHECK(Json::parse(out)["runners"][0]["name"] == "Жанар Сейітқызы");
  std::tie(out, status) =
      curl(auth + json + "-X PUT -d '{\"seconds\": 2.5}' " + pc + "/api/data-delay");
  CHECK(status == 200);
  CHECK(s.e.control.data_delay() == 2.5);
  // Over 1 KiB curl asks "Expect: 100-continue" before sending the body.
  std::tie(out, status) = curl(auth + json + "-X PATCH -d '{\"label\":\"Big\",\"pad\":\"" +
                               std::string(3000, 'x') + "\"}' " + pc + "/api/overlays/1");
  CHECK(status == 200);
  CHECK(s.e.control.overlay(1).label == "Big");
  std::tie(out, status) = curl(auth + "-X POST " + pc + "/api/clear");
  CHECK(status == 200);
  std::tie(out, status) = curl("-d 'kind=race_clock' " + auth + pc + "/api/overlays");
  CHECK(status == 415);  // curl -d without a JSON Content-Type
  std::tie(out, status) = curl(auth + "-X DELETE " + pc + "/api/overlays/1");
  CHECK(status == 200);
  std::tie(out, status) = curl(pc + "/metrics");
  CHECK(status == 200);
  CHECK_THAT(out, Catch::Contains("# TYPE pacecast_fps gauge"));
  std::tie(out, status) = curl(pc + "/api/state");
  CHECK(status == 401);
}

TEST_CASE("api: the rundown over HTTP: read, next, back, go, and its errors", "[control][api]") {
  Served s;
  // No rundown loaded: every route says how to load one.
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/api/rundown/next"}, {"POST", "/api/rundown/back"}}) {
    const auto r = s.api(method, path);
    INFO(path << " -> " << r.body);
    CHECK(r.status == 409);
    CHECK(error_code(r) == "no_rundown");
    CHECK_THAT(r.body, Catch::Contains("--rundown FILE"));
  }
  CHECK(error_code(s.api("POST", "/api/rundown/go", R"({"index":0})")) == "no_rundown");
  CHECK(s.json("GET", "/api/rundown")["rundown"]["loaded"] == false);

  s.e.control.set_rundown(control_test::three_items(), "show.toml", "startup");
  Json j = s.json("GET", "/api/rundown");
  CHECK(j["rundown"]["size"] == 3);
  CHECK(j["rundown"]["cursor"] == 0);
  CHECK(j["rundown"]["items"][1]["title"] == "Top 10");

  j = s.json("POST", "/api/rundown/next");
  CHECK(j["taken"] == 0);
  CHECK(j["rundown"]["cursor"] == 1);
  CHECK(j["rundown"]["on_air"] == 0);
  const int slot = j["rundown"]["slot"];
  CHECK(s.e.control.overlay(slot).kind == "race_clock");
  CHECK(s.e.control.overlay(slot).by == "api");
  j = s.json("POST", "/api/rundown/next");
  CHECK(j["taken"] == 1);
  CHECK(s.e.control.overlay(slot).kind == "leaderboard");
  CHECK(s.e.control.overlay(slot).auto_clear_s == 20.0);
  CHECK(s.json("POST", "/api/rundown/next")["taken"] == 2);
  const auto end = s.api("POST", "/api/rundown/next");
  CHECK(end.status == 409);
  CHECK(error_code(end) == "rundown_end");
  CHECK(s.json("POST", "/api/rundown/back")["rundown"]["cursor"] == 2);
  CHECK(s.json("POST", "/api/rundown/go", R"({"index": 0})")["rundown"]["cursor"] == 0);
  CHECK(s.json("POST", "/api/rundown/go", R"({"index": "2"})")["rundown"]["cursor"] == 2);
  CHECK(s.json("GET", "/api/state")["rundown"]["cursor"] == 2);

  struct Case {
    std::string method, path, body;
    int status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"POST", "/api/rundown/go", R"({"index": 4})", 400, "bad_index"},
      {"POST", "/api/rundown/go", R"({"index": -1})", 400, "bad_index"},
      {"POST", "/api/rundown/go", R"({"index": "first"})", 400, "bad_value"},
      {"POST", "/api/rundown/go", R"({"index": 1.5})", 400, "bad_value"},
      {"POST", "/api/rundown/go", R"({})", 400, "bad_value"},
      {"POST", "/api/rundown/go", "", 400, "bad_json"},
      {"POST", "/api/rundown/go", "{", 400, "bad_json"},
      {"POST", "/api/rundown/next", "[1]", 400, "bad_json"},
      {"GET", "/api/rundown/next", "", 405, "method_not_allowed"},
      {"POST", "/api/rundown", "", 405, "method_not_allowed"},
      {"POST", "/api/rundown/skip", "", 404, "not_found"},
  };
  for (const auto& c : cases) {
    const auto r = s.api(c.method, c.path, c.body);
    INFO(c.method << " " << c.path << " " << c.body << " -> " << r.status << " " << r.body);
    CHECK(r.status == c.status);
    CHECK(error_code(r) == c.code);
  }
  const auto word = s.api("POST", "/api/rundown/go", R"({"index": "first"})");
  CHECK(Json::parse(word.body)["error"]["message"] ==
        "field `index`: expected a whole number, got \"first\"");
  const auto range = s.api("POST", "/api/rundown/go", R"({"index": 7})");
  CHECK_THAT(range.body, Catch::Contains("numbered 0 to 2"));
  CHECK(s.e.control.rundown().cursor == 2);  // no error moved it
}

}  // namespace api_test
