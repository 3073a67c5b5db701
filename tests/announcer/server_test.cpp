// AnnouncerServer over real loopback HTTP and WebSocket: the embedded page and its files,
// the state, the stream (the latest first, then every message in order), 20 tablets at once,
// and the refusals.
#include <catch2/catch.hpp>

#include <memory>
#include <nlohmann/json.hpp>

#include "announcer/server.h"
#include "control/http_client.h"
#include "core/log.h"
#include "page_messages.h"

namespace server_test {

using announcer_test::arrivals_json;
using announcer_test::callout_json;
using announcer_test::ScriptedRunner;
using announcer_test::status_json;
using control_test::call;
using control_test::WsClient;
using Json = nlohmann::json;

namespace {

std::string type_of(const std::optional<std::string>& m) {
  if (!m) return "(none)";
  const Json j = Json::parse(*m, nullptr, false);
  return j.is_object() ? j.value("type", "(no type)") : "(not JSON)";
}

}  // namespace

TEST_CASE("announcer server: the page and its files, embedded, with their content types",
          "[announcer][server]") {
  announcer::AnnouncerServer server;
  server.start();
  const int port = server.port();
  REQUIRE(port > 0);
  for (const std::string path : {"/", "/announcer", "/announcer/"}) {
    const auto r = call(port, "GET", path);
    INFO(path);
    CHECK(r.status == 200);
    CHECK(r.header("content-type") == "text/html; charset=utf-8");
    CHECK_THAT(r.body, Catch::Contains("/announcer/app.js") && Catch::Contains("id=\"arrivals\""));
    CHECK_THAT(r.header("content-security-policy"), Catch::Contains("default-src 'self'"));
  }
  const auto js = call(port, "GET", "/announcer/app.js");
  CHECK(js.status == 200);
  CHECK(js.header("content-type") == "text/javascript; charset=utf-8");
  CHECK_THAT(js.body, Catch::Contains("/announcer/stream"));
  const auto css = call(port, "GET", "/announcer/style.css");
  CHECK(css.status == 200);
  CHECK(css.header("content-type") == "text/css; charset=utf-8");
  CHECK_THAT(css.body, Catch::Contains("data-theme=\"dark\""));
  // Works with no internet: nothing refers to another host.
  for (const auto* r : {&js, &css}) {
    CHECK_THAT(r->body, !Catch::Contains("http://") && !Catch::Contains("https://"));
    CHECK_THAT(r->body, !Catch::Contains("@import") && !Catch::Contains("url("));
  }
  const auto head = call(port, "HEAD", "/announcer/app.js");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
}

TEST_CASE("announcer server: state, 404, 405 with Allow, and the stream path over plain HTTP",
          "[announcer][server]") {
  core::log::set_level(core::log::Level::error);  // the bad message below warns
  announcer::AnnouncerServer server;
  server.start();
  const int port = server.port();
  auto r = call(port, "GET", "/announcer/state");
  CHECK(r.status == 200);
  CHECK(r.header("content-type") == "application/json");
  Json state = Json::parse(r.body);
  CHECK(state["type"] == "state");
  CHECK(state["arrivals"].is_null());
  CHECK(state["callouts"].empty());

  server.publish_arrivals(arrivals_json({{"101", "Zhanar Seitkyzy", 20}}));
  server.publish_status(status_json("live", 1.5));
  server.publish_callout(callout_json(1, 1, "New leader"));
  server.publish_arrivals("{\"type\":\"arrivals\",\"groups\":[");  // broken: dropped
  server.publish_callout(status_json("live", 0));                  // wrong type: dropped
  state = Json::parse(call(port, "GET", "/announcer/state").body);
  CHECK(state["arrivals"]["groups"][0]["runners"][0]["bib"] == "101");
  CHECK(state["status"]["feed"] == "live");
  REQUIRE(state["callouts"].size() == 1);
  CHECK(state["callouts"][0]["text"]["en"] == "New leader");

  r = call(port, "GET", "/announcer/nothing");
  CHECK(r.status == 404);
  CHECK_THAT(r.body, Catch::Contains("/announcer"));
  r = call(port, "GET", "/api/state");
  CHECK(r.status == 404);
  for (const std::string method : {"POST", "PUT", "DELETE", "PATCH"}) {
    r = call(port, method, "/announcer/state", "", "{}");
    INFO(method);
    CHECK(r.status == 405);
    CHECK(r.header("allow") == "GET, HEAD");
  }
  r = call(port, "GET", "/announcer/stream");
  CHECK(r.status == 426);
  WsClient elsewhere(port, "/announcer/state");
  CHECK(elsewhere.status() == 404);
  CHECK(server.stats().server_errors == 0);
  core::log::set_level(core::log::Level::info);
}

TEST_CASE("announcer server: a new page gets the latest state first, then every message in order",
          "[announcer][server]") {
  announcer::AnnouncerServer server;
  server.start();
  server.publish_arrivals(arrivals_json({{"7", "Old list", 50}}));
  server.publish_arrivals(arrivals_json({{"101", "Zhanar Seitkyzy", 20}, {"102", "Aidos", 20.4}}));
  server.publish_status(status_json("stale", 12));
  for (int i = 1; i <= 25; ++i)
    server.publish_callout(callout_json(i, 2, "Call " + std::to_string(i)));

  WsClient ws(server.port(), "/announcer/stream");
  REQUIRE(ws.status() == 101);
  auto m = ws.next();
  REQUIRE(type_of(m) == "arrivals");
  const Json arrivals = Json::parse(*m);
  CHECK(arrivals["groups"].size() == 1);  // the latest list only, both runners in one group
  CHECK(arrivals["groups"][0]["runners"].size() == 2);
  m = ws.next();
  REQUIRE(type_of(m) == "status");
  CHECK(Json::parse(*m)["feed"] == "stale");
  for (int i = 6; i <= 25; ++i) {  // the last 20 callouts, oldest first
    m = ws.next();
    REQUIRE(type_of(m) == "callout");
    CHECK(Json::parse(*m)["id"] == "c" + std::to_string(i));
  }
  // Then what is published, in order, each once.
  server.publish_callout(callout_json(26, 1, "Leader"));
  server.publish_arrivals(arrivals_json({{"103", "Next", 10}}));
  server.publish_status(status_json("live", 0.5));
  CHECK(Json::parse(ws.next().value())["id"] == "c26");
  CHECK(Json::parse(ws.next().value())["groups"][0]["runners"][0]["bib"] == "103");
  CHECK(Json::parse(ws.next().value())["feed"] == "live");
  CHECK_FALSE(ws.next(std::chrono::milliseconds(300)));
}

TEST_CASE("announcer server: 20 tablets at once each get the state and every message",
          "[announcer][server]") {
  core::log::set_level(core::log::Level::warn);
  announcer::AnnouncerServer server;
  server.start();
  server.publish_arrivals(arrivals_json({{"101", "Zhanar Seitkyzy", 30}}));
  std::vector<std::unique_ptr<WsClient>> tablets;
  for (int i = 0; i < 20; ++i) {
    tablets.push_back(std::make_unique<WsClient>(server.port(), "/announcer/stream"));
    REQUIRE(tablets.back()->status() == 101);
  }
  for (auto& t : tablets) CHECK(type_of(t->next()) == "arrivals");
  CHECK(server.stats().stream_clients == 20);
  constexpr int kUpdates = 30;
  for (int u = 0; u < kUpdates; ++u)
    server.publish_arrivals(
        arrivals_json({{std::to_string(200 + u), "Runner " + std::to_string(u), 30.0 - u}}));
  for (auto& t : tablets) {
    for (int u = 0; u < kUpdates; ++u) {
      const auto m = t->next();
      REQUIRE(type_of(m) == "arrivals");
      CHECK(Json::parse(*m)["groups"][0]["runners"][0]["bib"] == std::to_string(200 + u));
    }
  }
  CHECK(server.stats().stream_messages == 20 * (1 + kUpdates));
  CHECK(server.stats().stream_dropped == 0);
  core::log::set_level(core::log::Level::info);
}

}  // namespace server_test
