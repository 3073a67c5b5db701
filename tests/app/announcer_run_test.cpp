// `pacecast run --announcer`: the announcers' page served by a real run of the Almaty sample
// through the embedded simulator — its state over HTTP lists real runners due at the finish,
// sorted, changing as the race goes on, with the callouts the data calls for; and the page
// itself, in real headless Chromium, connects and follows the replay.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "../announcer/browser.h"
#include "announcer/provenance.h"
#include "common.h"
#include "control/http_client.h"
#include "process.h"

namespace announcer_run_test {

using namespace test_process;
using Json = nlohmann::json;

namespace {

// The sample as the run sees it: names by bib, and each bib's finish time.
struct Sample {
  std::map<std::string, std::string> names;
  std::map<std::string, core::UtcMs> finish;
  std::shared_ptr<const race::RaceConfig> config;
};

const Sample& sample() {
  static const Sample s = [] {
    Sample out;
    const bundle::Bundle b = app::load_race("almaty");
    out.config = b.config;
    std::set<std::string> individual;  // bibs of the individual contests (relays apart)
    for (const auto& p : b.participants) {
      out.names[p.bib] = p.display_name();
      const race::Contest* c = b.config->find_contest(p.contest);
      if (c && c->kind == race::ContestKind::individual) individual.insert(p.bib);
    }
    for (const auto& e : b.events) {
      const auto* p = std::get_if<race::Passing>(&e);
      if (p && p->mat == "finish" && individual.count(p->bib) && !out.finish.count(p->bib))
        out.finish[p->bib] = p->time;
    }
    return out;
  }();
  return s;
}

// Per individual contest and category, the first finisher whose data is clean (as the
// callout rules see it) and when they crossed, from the sample up to `until`.
std::vector<std::pair<std::string, core::UtcMs>> category_firsts(core::UtcMs until) {
  const bundle::Bundle b = app::load_race("almaty");
  race::RaceModel model(b.config, b.participants);
  app::apply_until(model, b.events, until);
  const race::SnapshotPtr s = model.publish();
  std::map<std::pair<int, int>, std::pair<core::UtcMs, race::RunnerId>> first;
  for (race::RunnerId id = 0; id < race::RunnerId(s->runner_count()); ++id) {
    const race::Contest& c = s->contest_of(id);
    const int contest = s->contest_index(c.id);
    const int finish = int(c.points.size()) - 1;
    const auto gun = s->gun_time(id);
    const auto elapsed = s->gun_elapsed(id, finish);
    const int category = s->runner(id).category;
    if (c.kind != race::ContestKind::individual || !gun || !elapsed || category < 0) continue;
    if (!announcer::callable(announcer::provenance(*s, id).kind)) continue;
    const core::UtcMs at = *gun + *elapsed;
    auto [it, added] = first.try_emplace({contest, category}, at, id);
    if (!added && at < it->second.first) it->second = {at, id};
  }
  std::vector<std::pair<std::string, core::UtcMs>> out;
  for (const auto& [key, v] : first)
    out.emplace_back(s->participant(v.second).display_name(), v.first);
  return out;
}

std::unique_ptr<Process> run_with_announcer(const fs::path& dir, const std::string& name) {
  return pacecast(
      {"run",        "--headless", "--race",      "almaty",     "--feed",
       "sim",        "--at",       "10:28:00",    "--speed",    "30",
       "--input",    "test",       "--format",    "720p25",     "--preset",
       "ultrafast",  "--overlay",  "race_clock",  "--output",   (dir / "program.mkv").string(),
       "--duration", "25",         "--announcer", "127.0.0.1:0"},
      dir, name);
}

int page_port(Process& p) {
  const auto g = p.wait_for_output(R"(announcer: page on http://127\.0\.0\.1:(\d+)/announcer)",
                                   nullptr, std::chrono::seconds(60));
  return std::stoi(g[1]);
}

Json get_state(int port) {
  const auto r = control_test::call(port, "GET", "/announcer/state");
  INFO("GET /announcer/state → " << r.status << " " << r.body);
  REQUIRE(r.answered);
  REQUIRE(r.status == 200);
  return Json::parse(r.body);
}

// Polls the state until it has an arrivals list with someone on it.
Json state_with_arrivals(int port) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (;;) {
    Json s = get_state(port);
    if (s["arrivals"].is_object() && !s["arrivals"]["groups"].empty()) return s;
    if (std::chrono::steady_clock::now() > deadline) FAIL("no arrivals within 20 s: " << s.dump());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

core::UtcMs iso(const Json& j) {
  const auto t = core::parse_iso8601(j.get<std::string>());
  REQUIRE(t);
  return *t;
}

// The list's bibs in order; checks each is a real runner of the sample, sorted by ETA and
// truly due at the finish around then (a prediction is allowed two minutes of error).
std::vector<std::string> check_arrivals(const Json& arrivals) {
  const Sample& s = sample();
  const core::UtcMs now = iso(arrivals["now"]);
  std::vector<std::string> bibs;
  core::UtcMs previous{};
  int near = 0;
  for (const auto& g : arrivals["groups"]) {
    CHECK(iso(g["eta"]) >= previous);
    previous = iso(g["eta"]);
    for (const auto& r : g["runners"]) {
      const std::string bib = r["bib"];
      INFO("runner " << r.dump());
      REQUIRE(s.names.count(bib) == 1);
      CHECK(r["name"] == s.names.at(bib));
      CHECK(iso(r["eta"]) >= previous);
      const auto f = s.finish.find(bib);
      if (f != s.finish.end() && f->second > now - core::Ms(60'000) &&
          f->second < now + core::Ms(240'000)) {
        ++near;
      }
      bibs.push_back(bib);
    }
  }
  INFO(near << " of " << bibs.size() << " listed runners finish within [-1, +4] min of now");
  CHECK(near * 10 >= int(bibs.size()) * 8);
  return bibs;
}

}  // namespace

TEST_CASE("run --announcer: the state lists real runners due at the finish, and callouts",
          "[run][announcer]") {
  const auto dir = scratch_dir("run-announcer");
  auto p = run_with_announcer(dir, "state");
  const int port = page_port(*p);

  const Json first = state_with_arrivals(port);
  INFO("first state: " << first.dump().substr(0, 4000));
  const auto first_bibs = check_arrivals(first["arrivals"]);
  CHECK(first["arrivals"]["mat"] == "finish");
  REQUIRE(first["status"].is_object());
  CHECK(first["status"]["feed"] == "live");
  CHECK(first["status"]["race_time"].get<std::string>() >= "03:58:00");  // 06:30 gun

  // Four seconds on, two minutes of race later: a different list.
  std::this_thread::sleep_for(std::chrono::seconds(4));
  const Json second = state_with_arrivals(port);
  const auto second_bibs = check_arrivals(second["arrivals"]);
  CHECK(iso(second["arrivals"]["now"]) - iso(first["arrivals"]["now"]) > core::Ms(30'000));
  CHECK(second_bibs != first_bibs);

  REQUIRE(p->wait(std::chrono::seconds(90)) == 0);
  INFO(tail(p->err()));
  // The race instants the announcer covered: from the first list to its last update.
  const core::UtcMs from = iso(first["arrivals"]["now"]);
  const auto stopped = p->wait_for_output(R"(announcer: stopped at race time (\d+:\d\d:\d\d))");
  const core::UtcMs until = core::local_to_utc(sample().config->date, *core::parse_hms(stopped[1]),
                                               sample().config->utc_offset);
  REQUIRE(until > from + core::Ms(5 * 60'000));

  // Every category whose first (clean) finisher crossed well inside that span is called
  // once, naming that runner; nothing is called about a category decided long before.
  const auto firsts = category_firsts(until);
  std::set<std::string> expected, allowed;
  for (const auto& [name, at] : firsts) {
    if (at >= from && at <= until - core::Ms(60'000)) expected.insert(name);
    if (at >= from - core::Ms(150'000) && at <= until) allowed.insert(name);
  }
  INFO("category winners expected: " << expected.size());
  REQUIRE_FALSE(expected.empty());
  const auto winners = p->all_matches(R"(announcer: \[category_winner\] (.*))");
  for (const auto& name : expected) {
    int said = 0;
    for (const auto& g : winners) said += g[1].rfind(name + " ", 0) == 0 ? 1 : 0;
    INFO("winner " << name);
    CHECK(said == 1);
  }
  for (const auto& g : winners) {
    bool known = false;
    for (const auto& name : allowed) known = known || g[1].rfind(name + " ", 0) == 0;
    INFO("said: " << g[1]);
    CHECK(known);
  }
  // Never the same callout twice.
  std::set<std::string> texts;
  for (const auto& g : p->all_matches(R"(announcer: \[\w+\] .*)")) CHECK(texts.insert(g[0]).second);
  // The state's callouts are the ones said: each is in the log, in English.
  REQUIRE(second["callouts"].is_array());
  const std::string err = p->err();
  for (const auto& c : second["callouts"]) {
    if (!c["text"].contains("en")) continue;
    const std::string line =
        "announcer: [" + c["kind"].get<std::string>() + "] " + c["text"]["en"].get<std::string>();
    INFO(line);
    CHECK(err.find(line) != std::string::npos);
  }
}

TEST_CASE("run --announcer: the page in headless Chromium follows the replay",
          "[run][announcer][chromium]") {
  const std::string chromium = announcer_test::find_chromium();
  if (chromium.empty()) FAIL("chromium is not installed: run scripts/install-deps");
  const auto dir = scratch_dir("run-announcer-page");
  auto p = run_with_announcer(dir, "page");
  const int port = page_port(*p);
  announcer_test::Browser browser(chromium,
                                  "http://127.0.0.1:" + std::to_string(port) + "/announcer");
  INFO("chromium's output:\n" << browser.log_tail());

  constexpr const char* kProbe = R"JS(JSON.stringify({
    connection: document.getElementById('connection').dataset.state,
    bibs: Array.from(document.querySelectorAll('#arrivals .runner')).map((e) => e.dataset.bib),
    names: Array.from(document.querySelectorAll('#arrivals .runner .name'))
               .map((e) => e.textContent),
    countdown: (document.querySelector('#arrivals .countdown') || {}).textContent || '',
  }))JS";
  Json shown;
  const auto until = [&](auto ok, int seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    for (;;) {
      const auto v = browser.eval(kProbe);
      shown = v ? Json::parse(*v, nullptr, false) : Json();
      if (shown.is_object() && ok(shown)) return true;
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  };

  const bool live =
      until([](const Json& j) { return j["connection"] == "live" && !j["bibs"].empty(); }, 20);
  INFO("the page showed: " << shown.dump());
  REQUIRE(live);
  const std::vector<std::string> first = shown["bibs"];
  REQUIRE(shown["names"].size() == first.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    REQUIRE(sample().names.count(first[i]) == 1);
    CHECK_THAT(shown["names"][i].get<std::string>(), Catch::Contains(sample().names.at(first[i])));
  }
  // The replay runs at 30×: within seconds the first runner has crossed and left the list,
  // or someone else is due first.
  const std::string leader = first.front();
  CHECK(until(
      [&](const Json& j) {
        const std::vector<std::string> bibs = j["bibs"];
        return !bibs.empty() && bibs != first &&
               (bibs.front() != leader ||
                std::find(bibs.begin(), bibs.end(), leader) == bibs.end());
      },
      20));
  CHECK(shown["connection"] == "live");
}

}  // namespace announcer_run_test

namespace announcer_run_test {

TEST_CASE("run --announcer: a broken callouts file or an unknown mat stops the run at once",
          "[run][announcer]") {
  const auto dir = scratch_dir("run-announcer-errors");
  {
    std::ofstream bad(dir / "callouts.toml");
    bad << "[first_woman]\npriority = \"high\"\nen = \"{name} wins in {place}\"\n"
           "ru = \"{name} побеждает\"\n";
  }
  auto p =
      pacecast({"run", "--headless", "--race", "almaty", "--output", (dir / "program.mkv").string(),
                "--announcer", "127.0.0.1:0", "--callouts", (dir / "callouts.toml").string()},
               dir, "bad-callouts");
  CHECK(p->wait(std::chrono::seconds(60)) == 1);
  INFO(p->report());
  CHECK_THAT(p->err(), Catch::Contains("callouts.toml:3") && Catch::Contains("place"));
  CHECK_FALSE(fs::exists(dir / "program.mkv"));  // stopped before anything ran

  auto m =
      pacecast({"run", "--headless", "--race", "almaty", "--output", (dir / "program.mkv").string(),
                "--announcer", "127.0.0.1:0", "--announcer-mat", "41K"},
               dir, "bad-mat");
  CHECK(m->wait(std::chrono::seconds(60)) == 1);
  INFO(m->report());
  CHECK_THAT(m->err(), Catch::Contains("--announcer-mat 41K") && Catch::Contains("40K"));
}

}  // namespace announcer_run_test
