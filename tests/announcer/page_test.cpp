// The announcer page in real headless Chromium: it loads from the engine, connects, renders
// the first arrivals, then the changed list after the next publish, switches the callouts'
// language, opens a runner's details, and comes back after the engine restarts.
//
// The page is driven over the DevTools protocol (Runtime.evaluate) rather than by dumping the
// DOM at fixed moments: every check polls until the page shows what is expected or a wide
// deadline passes, so a slow, loaded machine only makes the test slower, never wrong.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <thread>

#include "announcer/server.h"
#include "browser.h"
#include "core/log.h"
#include "page_messages.h"

namespace page_test {

using announcer_test::arrivals_json;
using announcer_test::Browser;
using announcer_test::callout_json;
using announcer_test::ScriptedRunner;
using announcer_test::status_json;
using Json = nlohmann::json;

namespace {

// What the test reads from the page, as one JSON string.
constexpr const char* kProbe = R"JS(JSON.stringify((() => {
  const q = (s) => Array.from(document.querySelectorAll(s));
  const runner = (b) => document.querySelector('#arrivals .runner[data-bib="' + b + '"]');
  const name = document.querySelector('#arrivals .runner .name');
  return {
    connection: document.getElementById('connection').dataset.state,
    bibs: q('#arrivals .runner').map((e) => e.dataset.bib),
    vip: q('#arrivals .runner.vip').map((e) => e.dataset.bib),
    weak: q('#arrivals .runner.weak').map((e) => e.dataset.bib),
    weak_text: q('#arrivals .runner.weak').map((e) => e.textContent).join('|'),
    notes: q('#arrivals .runner .notes li').map((e) => e.textContent),
    countdowns: q('#arrivals .countdown').map((e) => e.textContent),
    callouts: q('#callouts .callout .text').map((e) => e.textContent),
    feed: document.getElementById('feed').textContent,
    race_time: document.getElementById('race-time').textContent,
    name_px: name ? parseFloat(getComputedStyle(name).fontSize) : 0,
    details_open: !document.getElementById('details').hidden,
    details_say: document.getElementById('d-pronunciation').textContent,
    details_data: document.getElementById('d-provenance').textContent,
    theme: document.documentElement.dataset.theme,
  };
})()))JS";

struct Page {
  Browser& browser;
  Json last;

  Json probe() {
    const auto v = browser.eval(kProbe);
    last = v ? Json::parse(*v, nullptr, false) : Json();
    return last;
  }
  // Polls the page (every 100 ms, up to `seconds`) until `ok` holds for what it shows.
  template <class F>
  bool until(F ok, int seconds = 15) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    for (;;) {
      const Json j = probe();
      if (j.is_object() && ok(j)) return true;
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  void run(const std::string& js) { browser.eval("(() => { " + js + "; return ''; })()"); }
};

using Bibs = std::vector<std::string>;

}  // namespace

TEST_CASE("announcer page: in headless Chromium it loads, connects and follows the arrivals",
          "[announcer][page][chromium]") {
  const std::string chromium = announcer_test::find_chromium();
  // A real browser is part of the test set (scripts/install-deps installs it): without one
  // this fails rather than passing untested.
  if (chromium.empty()) FAIL("chromium is not installed: run scripts/install-deps");
  core::log::set_level(core::log::Level::warn);
  announcer::AnnouncerServer server;
  server.start();
  const int port = server.port();

  // The first list: three runners, one VIP with a note, one with doubtful data.
  server.publish_arrivals(arrivals_json({
      {"101", "Zhanar Seitkyzy", 40, true, "official", "", {"First marathon"}},
      {"102", "Aidos Bekov", 40.5},
      {"103", "Cut Course", 55, false, "weak", "missed the 30K and 35K mats", {}},
  }));
  server.publish_status(status_json("live", 1.2));
  server.publish_callout(callout_json(1, 1, "Zhanar Seitkyzy leads at 40K", "Жанар лидирует"));

  Browser browser(chromium, "http://127.0.0.1:" + std::to_string(port) + "/announcer");
  Page page{browser, {}};
  INFO("chromium's output:\n" << browser.log_tail());

  // Loaded from the engine (its own style applied), connected, the first list, the status
  // and the callout shown (three messages: the page may be read between them).
  const bool first = page.until([](const Json& j) {
    return j["connection"] == "live" && j["bibs"] == Bibs{"101", "102", "103"} &&
           j["race_time"] == "02:58:12" && !j["callouts"].empty();
  });
  INFO("the page showed: " << page.last.dump() << "; at "
                           << browser.eval("location.href + ' ' + document.title").value_or("?")
                           << "; last DevTools error: " << browser.last_error());
  REQUIRE(first);
  CHECK(page.last["vip"] == Bibs{"101"});
  CHECK(page.last["weak"] == Bibs{"103"});
  CHECK_THAT(page.last["weak_text"].get<std::string>(), Catch::Contains("missed the 30K"));
  CHECK(page.last["notes"] == Bibs{"First marathon"});
  CHECK(page.last["name_px"].get<double>() >= 30.0);  // style.css: large type
  CHECK(page.last["countdowns"].size() == 2);         // 101 and 102 share a group
  CHECK_THAT(page.last["feed"].get<std::string>(), Catch::Contains("live"));
  CHECK(page.last["race_time"] == "02:58:12");
  CHECK(page.last["callouts"] == Bibs{"Zhanar Seitkyzy leads at 40K"});
  // The countdown runs on its own between messages.
  const Json counting = page.last["countdowns"][0];
  CHECK(page.until([&](const Json& j) { return j["countdowns"][0] != counting; }, 5));

  // The engine's next list: 102 has arrived, 104 is new and first.
  server.publish_arrivals(arrivals_json({
      {"104", "Nurlan Abenov", 8},
      {"101", "Zhanar Seitkyzy", 30, true, "official", "", {"First marathon"}},
      {"103", "Cut Course", 45, false, "weak", "missed the 30K and 35K mats", {}},
  }));
  server.publish_callout(callout_json(2, 2, "Nurlan Abenov is next"));
  CHECK(page.until([](const Json& j) {
    return j["bibs"] == Bibs{"104", "101", "103"} && j["callouts"].size() == 2;
  }));
  CHECK(page.last["callouts"][0] == "Nurlan Abenov is next");  // newest first

  // Russian where there is a translation, English where there is none.
  page.run("document.querySelector('.langs button[data-lang=\"ru\"]').click()");
  CHECK(page.until([](const Json& j) {
    return j["callouts"] == Bibs{"Nurlan Abenov is next", "Жанар лидирует"};
  }));

  // Tap a runner: the details panel.
  page.run("document.querySelector('#arrivals .runner[data-bib=\"101\"]').click()");
  CHECK(page.until([](const Json& j) {
    return j["details_open"] == true &&
           j["details_say"].get<std::string>().find("zha-NAR") != std::string::npos;
  }));
  CHECK_THAT(page.last["details_data"].get<std::string>(), Catch::Contains("official"));
  page.run("document.getElementById('theme').click()");
  CHECK(page.until([](const Json& j) { return j["theme"] == "dark"; }));

  // The engine goes away: the banner says so; it comes back on the same port and the page
  // reconnects by itself and gets the latest list again.
  server.stop();
  CHECK(page.until([](const Json& j) { return j["connection"] == "lost"; }));
  server.publish_arrivals(arrivals_json({{"105", "After Restart", 20}}));
  server.start();
  CHECK(server.port() == port);
  CHECK(page.until(
      [](const Json& j) { return j["connection"] == "live" && j["bibs"] == Bibs{"105"}; }));
  core::log::set_level(core::log::Level::info);
}

}  // namespace page_test
