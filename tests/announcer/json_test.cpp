// The page's messages from the engine's structs, against the schema the page reads
// (docs/announcer.md): every field present with its type, ISO 8601 UTC times, priorities as
// the page colours them, non-Latin names intact, and the server accepting each message.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "announcer/arrivals.h"
#include "announcer/json.h"
#include "announcer/server.h"
#include "fixture.h"

namespace json_test {

namespace {

using namespace announcer_test;
using Json = nlohmann::json;

bool is_iso(const Json& j) {
  static const std::regex iso(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$)");
  return j.is_string() && std::regex_match(j.get<std::string>(), iso);
}

// The Almaty sample as of `hhmmss`, race time.
race::SnapshotPtr almaty_at(const char* hhmmss) {
  const auto config = almaty_config();
  const core::UtcMs until = local(*config, hhmmss);
  return snapshot_of(config, almaty_race().participants, almaty_race().events,
                     [&](const race::Event& e) {
                       const auto t = time_of(e);
                       return !t || *t <= until;
                     });
}

void check_runner(const Json& r) {
  INFO(r.dump());
  for (const char* key : {"bib", "name", "pronunciation", "country", "city", "contest", "category",
                          "team", "provenance_reason", "predicted"}) {
    CHECK(r[key].is_string());
  }
  CHECK_FALSE(r["bib"].get<std::string>().empty());
  CHECK_FALSE(r["name"].get<std::string>().empty());
  CHECK((r["leg"].is_null() || r["leg"].is_number_integer()));
  CHECK(r["vip"].is_boolean());
  CHECK(r["callable"].is_boolean());
  REQUIRE(r["notes"].is_array());
  for (const auto& n : r["notes"]) CHECK(n.is_string());
  const std::set<std::string> kinds{"official", "provisional", "interpolated", "weak"};
  CHECK(kinds.count(r["provenance"].get<std::string>()) == 1);
  CHECK(is_iso(r["eta"]));
  CHECK(r["in_s"].is_number());
  CHECK(std::regex_match(r["predicted"].get<std::string>(), std::regex(R"(^\d+:\d{2}:\d{2}$)")));
  if (r.contains("place")) CHECK(r["place"].get<int>() >= 1);
  if (r.contains("gender_place")) CHECK(r["gender_place"].get<int>() >= 1);
}

}  // namespace

TEST_CASE("arrivals_json: the Almaty board as the page reads it", "[announcer][json][almaty]") {
  const auto s = almaty_at("10:30:00");
  const core::UtcMs now = local(s->config(), "10:30:00");
  announcer::ArrivalBoard board;
  const announcer::Arrivals a = board.update(*s, now);
  REQUIRE(a.count() > 0);

  const Json j = Json::parse(announcer::arrivals_json(a, *s, "finish", board.query().horizon));
  CHECK(j["type"] == "arrivals");
  CHECK(is_iso(j["now"]));
  CHECK(j["now"] == "2025-09-28T05:30:00.000Z");  // 10:30 in Almaty (UTC+5)
  CHECK(j["mat"] == "finish");
  CHECK(j["horizon_s"].get<double>() == 120.0);
  REQUIRE(j["groups"].is_array());
  REQUIRE(j["groups"].size() == a.groups.size());
  std::size_t runners = 0;
  std::string previous;
  for (std::size_t g = 0; g < a.groups.size(); ++g) {
    const Json& group = j["groups"][g];
    CHECK(is_iso(group["eta"]));
    CHECK(group["eta"].get<std::string>() >= previous);  // ISO UTC sorts as text
    previous = group["eta"].get<std::string>();
    REQUIRE(group["runners"].size() == a.groups[g].arrivals.size());
    for (std::size_t i = 0; i < a.groups[g].arrivals.size(); ++i) {
      const Json& r = group["runners"][i];
      const announcer::Arrival& want = a.groups[g].arrivals[i];
      check_runner(r);
      CHECK(r["bib"] == want.bib);
      CHECK(r["bib"] == s->participant(want.runner).bib);
      CHECK(r["name"] == want.name);
      CHECK(r["contest_name"].is_string());
      CHECK(r["in_s"].get<double>() == Approx(want.seconds_to_go).margin(0.05));
      ++runners;
    }
  }
  CHECK(runners == a.count());

  // The server takes it as it is: the state carries it unchanged.
  announcer::AnnouncerServer server;
  server.publish_arrivals(j.dump());
  const Json state = Json::parse(server.state_json());
  CHECK(state["arrivals"] == j);
}

TEST_CASE("arrivals_json: Cyrillic and Kazakh names, notes and relay legs intact",
          "[announcer][json]") {
  const auto s = almaty_at("08:00:00");
  announcer::Arrivals a;
  a.now = local(s->config(), "10:00:00");
  announcer::Arrival r;
  r.runner = 0;
  r.bib = "E012-3";
  r.name = "Жанар Сейітқызы";
  r.pronunciation = "Жа-НАР";
  r.country = "KAZ";
  r.city = "Алматы";
  r.contest = "marathon";
  r.team = "Алматы жүгірушілері";
  r.leg = 3;
  r.notes = {{announcer::NoteKind::own, "первый марафон"}};
  r.provenance = announcer::Provenance::weak;
  r.provenance_reason = "no read at 25K and 30K: course cut?";
  r.eta = a.now + core::Ms(12'345);
  r.seconds_to_go = 12.345;
  r.rank_time = core::Ms(2 * 3600'000 + 8 * 60'000 + 31'000);
  r.place_overall = 12;
  a.groups.push_back({r.eta, {r}});

  const Json j = Json::parse(announcer::arrivals_json(a, *s, "", core::Ms(90'000)));
  CHECK(j["mat"] == "finish");
  CHECK(j["horizon_s"].get<double>() == 90.0);
  const Json& out = j["groups"][0]["runners"][0];
  check_runner(out);
  CHECK(out["name"] == "Жанар Сейітқызы");
  CHECK(out["city"] == "Алматы");
  CHECK(out["team"] == "Алматы жүгірушілері");
  CHECK(out["notes"] == Json::array({"первый марафон"}));
  CHECK(out["leg"] == 3);
  CHECK(out["provenance"] == "weak");
  CHECK(out["callable"] == false);
  CHECK(out["contest_name"] == "Marathon");
  CHECK(out["predicted"] == "2:08:31");
  CHECK(out["in_s"].get<double>() == Approx(12.3));
  CHECK(out["place"] == 12);
  CHECK_FALSE(out.contains("gender_place"));  // unknown: left out, as the page expects
  CHECK(out["eta"] == j["groups"][0]["eta"]);
}

TEST_CASE("callout_json: priorities as the page colours them, every language",
          "[announcer][json]") {
  announcer::Callout c;
  c.id = "first_woman/marathon";
  c.kind = announcer::CalloutKind::first_woman;
  c.at = core::UtcMs(core::Ms(1'759'036'323'250));  // 2025-09-28T05:12:03.250Z
  c.text = {{"en", "Zhanar wins!"}, {"ru", "Жанар побеждает!"}, {"kk", ""}};
  c.bibs = {"101"};
  const std::pair<announcer::Priority, int> priorities[] = {
      {announcer::Priority::high, 1},
      {announcer::Priority::normal, 2},
      {announcer::Priority::low, 3},
  };
  for (const auto& [p, want] : priorities) {
    c.priority = p;
    const Json j = Json::parse(announcer::callout_json(c));
    INFO(j.dump());
    CHECK(j["type"] == "callout");
    CHECK(j["id"] == "first_woman/marathon");
    CHECK(j["kind"] == "first_woman");
    CHECK(j["priority"] == want);
    CHECK(j["at"] == "2025-09-28T05:12:03.250Z");
    CHECK(j["text"]["en"] == "Zhanar wins!");
    CHECK(j["text"]["ru"] == "Жанар побеждает!");
    CHECK_FALSE(j["text"].contains("kk"));  // empty: the page falls back to English
    CHECK(j["bibs"] == Json::array({"101"}));
  }
  announcer::AnnouncerServer server;
  server.publish_callout(announcer::callout_json(c));
  CHECK(Json::parse(server.state_json())["callouts"].size() == 1);
}

TEST_CASE("status_json: the feed's health, its lag and the race clock", "[announcer][json]") {
  const Json live = Json::parse(announcer::status_json(
      announcer::FeedHealth::live, 1.24, core::Ms((2 * 3600 + 58 * 60 + 12) * 1000 + 900)));
  CHECK(live["type"] == "status");
  CHECK(live["feed"] == "live");
  CHECK(live["lag_s"].get<double>() == Approx(1.2));
  CHECK(live["race_time"] == "02:58:12");
  const Json lost = Json::parse(announcer::status_json(announcer::FeedHealth::lost, 0, {}));
  CHECK(lost["feed"] == "lost");
  CHECK_FALSE(lost.contains("race_time"));  // no gun yet
  CHECK(Json::parse(announcer::status_json(announcer::FeedHealth::stale, 9, {}))["feed"] ==
        "stale");

  // The race clock runs from the first gun of the day (06:30 in Almaty).
  const auto s = almaty_at("07:00:00");
  CHECK_FALSE(announcer::race_elapsed(*s, local(s->config(), "06:29:59")).has_value());
  // (the sample's gun events may be a moment off the schedule)
  const auto elapsed = announcer::race_elapsed(*s, local(s->config(), "10:28:00"));
  REQUIRE(elapsed);
  INFO("race clock at 10:28:00: " << core::format_hms_ms(*elapsed));
  CHECK(std::chrono::abs(*elapsed - core::Ms(238 * 60'000)) <= core::Ms(60'000));
}

}  // namespace json_test
