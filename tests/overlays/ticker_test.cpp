// Finisher ticker: the waiting line, the latest finishers newest first with the right
// values, new finishers entering from the right without anything jumping, the loop, relay
// teams, long names, layout, stale badge, parameters and determinism.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>

#include "fixture.h"
#include "overlays/registry.h"
#include "race/model_fixture.h"
#include "race/relay.h"
#include "render/text.h"
#include "scene/scene.h"

namespace ticker_test {

namespace {

using overlay_test::describe;
using overlay_test::draw;
using overlay_test::find_text;
using overlay_test::hms;
using overlay_test::nth;

// The crawl runs to the screen edges: text must stay on screen, not in the title-safe area.
std::string all_problems(const render::DrawList& list) {
  return overlay_test::all_problems(list, false);
}

int finish_of(const race::RaceConfig& config, int contest) {
  return static_cast<int>(config.contests[static_cast<std::size_t>(contest)].points.size()) - 1;
}

struct Expected {
  core::UtcMs at;
  race::RunnerId id;
  std::string name, country, time, info;
};

// The latest finishers over every contest (newest first), straight from the race queries.
std::vector<Expected> latest_finishers(const race::RaceSnapshot& race, std::size_t n,
                                       bool with_contest) {
  std::vector<Expected> all;
  const auto& config = race.config();
  for (int c = 0; c < static_cast<int>(config.contests.size()); ++c) {
    const int fp = finish_of(config, c);
    const auto& contest = config.contests[static_cast<std::size_t>(c)];
    if (contest.kind == race::ContestKind::relay) {
      // Teams that have finished, by their team time from the gun.
      for (const auto& team : race::relay_standings(race, c)) {
        if (team.furthest != fp || team.status != race::RunnerStatus::ok) continue;
        const std::string label = with_contest ? contest.name + " " : "";
        all.push_back({*race.contest_gun_time(c) + team.time, team.members.back(), team.team,
                       race.participant(team.members.back()).country, hms(team.time),
                       "(" + label + nth(team.place) + ")"});
      }
      continue;
    }
    for (race::RunnerId id : race.latest_at(c, fp, n)) {
      const auto& p = race.participant(id);
      const auto t = contest.rank_by == race::RankBy::net ? race.net_elapsed(id, fp)
                                                          : race.gun_elapsed(id, fp);
      const int place = race.place(id, fp, race::Scope::overall);
      const std::string label = with_contest ? contest.name + " " : "";
      all.push_back({race.runner(id).time[static_cast<std::size_t>(fp)], id,
                     overlay_test::full_name(p), p.country, hms(*t),
                     "(" + label + nth(place) + ")"});
    }
  }
  std::sort(all.begin(), all.end(), [](const Expected& a, const Expected& b) {
    return a.at != b.at ? a.at > b.at : a.id > b.id;
  });
  if (all.size() > n) all.resize(n);
  return all;
}

// The ticker's text ops after its label, with their left edges in output pixels.
std::vector<std::pair<std::string, float>> crawl_texts(const render::DrawList& list) {
  std::vector<std::pair<std::string, float>> out;
  bool after_label = false;
  for (const auto& op : list.ops) {
    const auto* t = std::get_if<render::TextOp>(&op.op);
    if (!t) continue;
    if (t->text == "FINISHERS") {
      after_label = true;
      continue;
    }
    if (after_label && t->text != "DATA DELAYED") {
      out.emplace_back(t->text, overlay_test::text_bounds(op).x);
    }
  }
  return out;
}

race::Participant runner(const std::string& bib, std::string first, std::string last,
                         std::string country) {
  return overlay_test::named_runner(bib, std::move(first), std::move(last), race::Gender::male, 30,
                                    std::move(country));
}

// A 10 km (gun 09:00) with finishers at the given local times (bibs 1, 2, ...).
race::SnapshotPtr ten_k(const std::vector<core::UtcMs>& finishes, std::size_t runners = 6) {
  std::vector<race::Participant> people;
  const char* names[] = {"Aibek", "Dana", "Yerlan", "Aigerim", "Nurlan", "Saule", "Timur", "Asel"};
  for (std::size_t i = 0; i < runners; ++i) {
    people.push_back(runner(std::to_string(i + 1), names[i % 8], "Runner" + std::to_string(i + 1),
                            i % 2 ? "KGZ" : "KAZ"));
  }
  std::vector<race::Event> events;
  std::int64_t seq = 1;
  for (std::size_t i = 0; i < finishes.size(); ++i) {
    const std::string bib = std::to_string(i + 1);
    events.push_back(fixture::passing(bib, "start", fixture::at(9, 0, 1), seq++));
    events.push_back(fixture::passing(bib, "finish", finishes[i], seq++));
  }
  return overlay_test::make_snapshot(fixture::config(), people, events);
}

}  // namespace

TEST_CASE("ticker: before anyone finishes it says it is waiting", "[ticker]") {
  const auto race = overlay_test::almaty_at("08:00:00");
  const auto list = draw("ticker", race, overlay_test::local(race->config(), "08:00:00"));
  CHECK(find_text(list, "FINISHERS"));
  CHECK(find_text(list, "Waiting for the first finishers"));
  CHECK(all_problems(list).empty());
}

TEST_CASE(
    "ticker: items are the latest finishers, newest first, with name, country, time, "
    "contest and place",
    "[ticker]") {
  // Taken on air at 09:00:00 (the snapshot's last events) and drawn half a second later:
  // the tape starts with the latest finishers as of the take, newest first.
  const auto race = overlay_test::almaty_at("09:00:00");
  overlay_test::DrawOptions opt;
  opt.on_air = core::Ms(500);
  const core::UtcMs now = overlay_test::local(race->config(), "09:00:00") + opt.on_air;
  const auto list = draw("ticker", race, now, opt);
  CHECK(all_problems(list).empty());
  const auto texts = crawl_texts(list);
  const auto expected = latest_finishers(*race, 20, true);
  REQUIRE(texts.size() >= 8);  // at least two items on screen
  std::size_t i = 0;
  for (const auto& e : expected) {
    if (i >= texts.size()) break;
    INFO("item " << e.name);
    // A name cut with "…" at the item's width limit still starts like the name.
    const std::string& shown = texts[i].first;
    if (shown.ends_with("\xE2\x80\xA6")) {
      CHECK(e.name.starts_with(shown.substr(0, shown.size() - 3)));
    } else {
      CHECK(shown == e.name);
    }
    if (++i >= texts.size()) break;
    if (!e.country.empty()) {
      CHECK(texts[i].first == e.country);
      if (++i >= texts.size()) break;
    }
    CHECK(texts[i].first == e.time);
    if (++i >= texts.size()) break;
    CHECK(texts[i].first == e.info);
    ++i;
  }
}

TEST_CASE("ticker: one contest: places without the contest's name", "[ticker]") {
  const auto race = overlay_test::almaty_at("09:00:00");
  overlay_test::DrawOptions opt;
  opt.params = {{"contest", "marathon"}};
  const auto list = draw("ticker", race, overlay_test::local(race->config(), "09:00:00"), opt);
  const auto c = race->contest_index("marathon");
  const auto latest = race->latest_at(c, finish_of(race->config(), c), 1);
  REQUIRE(latest.size() == 1);
  const auto& p = race->participant(latest[0]);
  const auto* name = find_text(list, p.first_name);
  REQUIRE(name);
  const int place = race->place(latest[0], finish_of(race->config(), c), race::Scope::overall);
  CHECK(find_text(list, "(" + nth(place) + ")"));
  CHECK_FALSE(find_text(list, "(Marathon"));
}

TEST_CASE("ticker: a new finisher enters from the right and nothing on screen jumps", "[ticker]") {
  using fixture::at;
  const std::vector<core::UtcMs> finishes = {at(9, 35, 0), at(9, 36, 0), at(9, 37, 0),
                                             at(9, 40, 30)};
  const auto all = ten_k(finishes);
  const auto before = ten_k({finishes[0], finishes[1], finishes[2]});
  const core::UtcMs take = at(9, 40, 0);
  auto frame = [&](const race::SnapshotPtr& race, core::UtcMs now) {
    overlay_test::DrawOptions opt;
    opt.on_air = now - take;
    opt.params = {{"contest", "10k"}};
    return draw("ticker", race, now, opt);
  };
  // Before the fourth runner crosses, knowing about them changes nothing.
  CHECK(describe(frame(all, at(9, 40, 20))) == describe(frame(before, at(9, 40, 20))));

  // Every item visible in two frames 3 s apart moved left by exactly 3 s × 120 units/s.
  for (double s : {24.0, 29.0, 31.0, 36.0}) {
    const auto a = crawl_texts(frame(all, at(9, 40, s)));
    const auto b = crawl_texts(frame(all, at(9, 40, s + 3)));
    // Whatever is on screen at s + 3 and was left of the right edge at s was there, 360
    // units (output pixels at 1080p) further right.
    int common = 0;
    for (const auto& [text, x] : b) {
      if (x + 360 > 1920 - 1) continue;
      INFO(text << " at " << s + 3 << " s, x " << x);
      const bool found = std::any_of(a.begin(), a.end(), [&](const auto& t) {
        return t.first == text && std::abs(t.second - (x + 360)) < 0.5f;
      });
      CHECK(found);
      ++common;
    }
    CHECK(common > 0);
  }
  // The new finisher (40:30 from the gun, 4th) enters from the right within a few seconds.
  const auto late = crawl_texts(frame(all, at(9, 40, 40)));
  const auto it = std::find_if(late.begin(), late.end(),
                               [](const auto& t) { return t.first == "Aigerim RUNNER4"; });
  REQUIRE(it != late.end());
  CHECK(it->second > 1920 - 10 * 120 - 1);  // came in from the right edge since 9:40:30
  CHECK(std::find_if(late.begin(), late.end(), [](const auto& t) { return t.first == "(4th)"; }) !=
        late.end());
  CHECK(all_problems(frame(all, at(9, 40, 40))).empty());
}

TEST_CASE("ticker: the tape loops the latest N finishers", "[ticker]") {
  using fixture::at;
  const auto race = ten_k({at(9, 35, 0), at(9, 36, 0), at(9, 37, 0), at(9, 38, 0)});
  overlay_test::DrawOptions opt;
  opt.params = {{"count", "2"}};
  for (int minutes : {1, 7, 30}) {
    opt.on_air = core::Ms(minutes * 60'000);
    const auto list = draw("ticker", race, at(10, 0, 0), opt);
    int names = 0;
    for (const auto& [text, x] : crawl_texts(list)) {
      if (text.find("RUNNER") == std::string::npos) continue;
      ++names;
      CHECK((text == "Aigerim RUNNER4" || text == "Yerlan RUNNER3"));
    }
    CHECK(names > 0);
    CHECK(all_problems(list).empty());
  }
}

TEST_CASE("ticker: relay finishers go by their team; long names are cut", "[ticker]") {
  using fixture::at;
  auto leg2 = runner("R2", "Dana", "Omarova", "KAZ");
  leg2.contest = "relay";
  leg2.team = "Kaspi Bank Runners";
  leg2.leg = 2;
  auto leg1 = leg2;
  leg1.bib = "R1";
  leg1.leg = 1;
  leg1.chips = {"CR1"};
  auto longname = runner("9", "Maria-Fernanda Alessandra Guadalupe",
                         "de los Santos Rodríguez y Villaseñor-Echeverría", "MEX");
  const auto race = overlay_test::make_snapshot(fixture::config(), {leg1, leg2, longname},
                                                {fixture::passing("R1", "X1", at(9, 20, 0), 1),
                                                 fixture::passing("R2", "finish", at(9, 42, 0), 2),
                                                 fixture::passing("9", "finish", at(9, 41, 0), 3)});
  overlay_test::DrawOptions opt;
  opt.on_air = core::Ms(1000);
  const auto list = draw("ticker", race, at(9, 45, 0), opt);
  CHECK(find_text(list, "Kaspi Bank Runners"));
  CHECK(find_text(list, "(Relay 1st)"));
  const auto* name = find_text(list, "Maria-Fernanda");
  REQUIRE(name);
  CHECK(name->text.ends_with("\xE2\x80\xA6"));
  CHECK(name->ink.w <= 561);
  CHECK(all_problems(list).empty());
}

TEST_CASE("ticker: layout on any screen; stale badge inside the safe area", "[ticker]") {
  const auto race = overlay_test::almaty_at("09:30:00");
  const core::UtcMs now = overlay_test::local(race->config(), "09:30:00");
  for (const auto& [w, h] : {std::pair{1920, 1080}, std::pair{1280, 720}, std::pair{1080, 1920}}) {
    overlay_test::DrawOptions opt;
    opt.width = w;
    opt.height = h;
    for (bool stale : {false, true}) {
      opt.stale = stale;
      const auto list = draw("ticker", race, now, opt);
      INFO(w << "x" << h << " stale " << stale);
      CHECK(all_problems(list).empty());
      const render::Rect safe{w * 0.05f, h * 0.05f, w * 0.9f, h * 0.9f};
      for (const auto& op : list.ops) {
        const auto* t = std::get_if<render::TextOp>(&op.op);
        if (!t) continue;
        const auto b = overlay_test::text_bounds(op);
        CHECK(b.y >= safe.y - 1);  // the bar sits above the bottom safe margin
        CHECK(b.bottom() <= safe.bottom() + 1);
        if (t->text == "DATA DELAYED" || t->text == "FINISHERS") CHECK(safe.contains(b, 1));
      }
      CHECK((find_text(list, "DATA DELAYED") != nullptr) == stale);
    }
  }
}

TEST_CASE("ticker: bad parameters say what is wrong and what is accepted", "[ticker]") {
  const auto race = overlay_test::almaty_at("09:00:00");
  const core::UtcMs now = overlay_test::local(race->config(), "09:00:00");
  overlay_test::DrawOptions opt;
  opt.params = {{"contest", "5k"}};
  CHECK_THROWS_WITH(draw("ticker", race, now, opt),
                    Catch::Contains("contest=5k") && Catch::Contains("marathon"));
  opt.params = {{"count", "0"}};
  CHECK_THROWS_WITH(draw("ticker", race, now, opt),
                    Catch::Contains("count=0") && Catch::Contains("1 to 200"));
  opt.params = {{"speed", "fast"}};
  CHECK_THROWS_AS(draw("ticker", race, now, opt), scene::ParamError);
  CHECK_THROWS_WITH(draw("ticker", race, now, opt), Catch::Contains("speed=fast"));
}

TEST_CASE("ticker: the same frame draws the same ops, whatever was drawn before", "[ticker]") {
  const auto race = overlay_test::almaty_at("09:10:00");
  const core::UtcMs t2 = overlay_test::local(race->config(), "09:10:00");
  overlay_test::DrawOptions opt;
  opt.on_air = core::Ms(95'000);
  opt.params = {{"speed", "150"}};
  const auto alone = describe(draw("ticker", race, t2, opt));
  CHECK(alone == describe(draw("ticker", race, t2, opt)));

  for (core::Ms d : {core::Ms(-40'000), core::Ms(30'000), core::Ms(-1)}) {
    const auto after =
        overlay_test::draw_after("ticker", race, opt.params, t2 - opt.on_air, {t2 + d}, t2);
    INFO("drawn first at t2 " << d.count() << " ms");
    CHECK(describe(after) == alone);
  }
}

TEST_CASE(
    "ticker and finish board: kept across snapshots of one model, they draw what a fresh one "
    "draws after a passing elsewhere, a new finisher and a name fix",
    "[ticker]") {
  std::vector<race::Participant> people;
  for (int i = 1; i <= 4; ++i) {
    people.push_back(runner(std::to_string(i), "First" + std::to_string(i), "Last", "KAZ"));
  }
  race::RaceModel model(fixture::config(), people);
  std::int64_t seq = 1;
  const auto pass = [&](const std::string& bib, const std::string& mat, core::UtcMs t) {
    model.apply(fixture::passing(bib, mat, t, seq++));
  };
  for (const char* bib : {"1", "2", "3"}) pass(bib, "start", fixture::at(9, 0, 1));
  pass("1", "finish", fixture::at(9, 40, 0));
  pass("2", "finish", fixture::at(9, 41, 0));

  const core::UtcMs take = fixture::at(9, 41, 10);
  for (const char* kind : {"ticker", "finish_board"}) {
    INFO(kind);
    scene::Scene scene(overlays::kinds(), overlay_test::looks());
    auto race = model.publish();
    scene.take(kind, {}, take, *race);
    render::Canvas canvas(overlay_test::text_engine(), 1920, 1080);
    core::UtcMs now = take + core::Ms(5000);
    const auto kept_matches_fresh = [&] {
      canvas.reset(1920, 1080);
      scene.draw(canvas, {now, race, false});
      return describe(canvas.draw_list()) ==
             describe(overlay_test::draw_after(kind, race, {}, take, {}, now));
    };
    CHECK(kept_matches_fresh());

    pass("3", "5K", fixture::at(9, 20, 0));  // not at the finish
    race = model.publish();
    now += core::Ms(1000);
    CHECK(kept_matches_fresh());

    pass("3", "finish", fixture::at(9, 41, 30));  // a new finisher
    race = model.publish();
    now += core::Ms(40'000);
    CHECK(kept_matches_fresh());

    race::ParticipantUpdate fix;  // the operator fixes a name
    fix.origin = {"operator", "run", seq++};
    race::Participant renamed = race->participant(*race->find_bib("2"));
    renamed.first_name = "Zhanar";
    fix.participant = renamed;
    REQUIRE(model.apply(fix) == race::ApplyResult::applied);
    race = model.publish();
    now += core::Ms(1000);
    CHECK(kept_matches_fresh());
  }
}

}  // namespace ticker_test
