// Rate limit, de-duplication and corrections on a small race built here: sixty 10 km runners
// in twelve categories finishing within half a minute, so a burst of facts reaches the
// engine at once.
#include <catch2/catch.hpp>

#include <set>

#include "callouts_fixture.h"
#include "race/model.h"

namespace callouts_rate_test {

namespace {

using namespace callouts_test;
using namespace std::chrono_literals;
using announcer::CalloutKind;
using announcer::Priority;

constexpr int kRunners = 60;

core::UtcMs at(int h, int m, int s, int ms = 0) {
  return core::local_to_utc(
      core::Date{std::chrono::year{2025}, std::chrono::month{5}, std::chrono::day{4}},
      core::Ms(((h * 60 + m) * 60 + s) * 1000 + ms), core::UtcOffset{});
}

// Runner i: a man when i is even; twelve categories (gender × six age groups) among the
// first twelve finishers; 5K reads a second apart, finishes half a second apart from 08:40.
RaceData burst_race() {
  auto config = std::make_shared<race::RaceConfig>();
  config->name = "Burst 10K";
  config->date = core::Date{std::chrono::year{2025}, std::chrono::month{5}, std::chrono::day{4}};
  config->mats = {{"start", "Start"}, {"5K", "5 km"}, {"finish", "Finish"}};
  race::Contest c;
  c.id = "10k";
  c.name = "10 km";
  c.distance_m = 10000;
  c.points = {{"start", 0, race::PointRole::start, "START"},
              {"5K", 5000, race::PointRole::split, "5K"},
              {"finish", 10000, race::PointRole::finish, "FINISH"}};
  c.gun = at(8, 0, 0);
  config->contests.push_back(c);
  const int lows[] = {18, 30, 40, 50, 60, 70};
  for (const char* g : {"M", "F"})
    for (int k = 0; k < 6; ++k)
      config->categories.push_back({std::string(g) + std::to_string(lows[k]),
                                    std::string(g) + " " + std::to_string(lows[k]),
                                    race::parse_gender(g),
                                    lows[k],
                                    k == 5 ? 200 : lows[k] + 9,
                                    {}});
  REQUIRE(race::validate(*config).empty());
  RaceData d;
  d.config = config;
  for (int i = 0; i < kRunners; ++i) {
    race::Participant p;
    p.bib = std::to_string(i + 1);
    p.first_name = "Runner";
    p.last_name = std::to_string(i + 1);
    p.gender = i % 2 == 0 ? race::Gender::male : race::Gender::female;
    p.age = lows[(i / 2) % 6] + 1;
    p.contest = "10k";
    d.participants.push_back(p);
  }
  std::int64_t seq = 0;
  d.events.push_back(race::GunEvent{{"t", "1", ++seq}, "10k", "", at(8, 0, 0)});
  for (int i = 0; i < kRunners; ++i)
    d.events.push_back(
        race::Passing{{"t", "1", ++seq}, "5K", std::to_string(i + 1), "", at(8, 20, i)});
  for (int i = 0; i < kRunners; ++i)
    d.events.push_back(race::Passing{
        {"t", "1", ++seq}, "finish", std::to_string(i + 1), "", at(8, 40, i / 2, i % 2 * 500)});
  return d;
}

std::vector<Said> run(announcer::CalloutEngine& engine, const RaceData& d, core::Ms step) {
  std::vector<Said> out;
  replay(d, at(7, 59, 0), at(8, 45, 0), step, [&](const race::RaceSnapshot& s, core::UtcMs now) {
    for (auto& c : engine.step(s, now)) out.push_back({std::move(c), now});
  });
  return out;
}

}  // namespace

TEST_CASE("a burst of facts is thinned by priority; firsts and leaders survive",
          "[announcer][rate]") {
  const RaceData d = burst_race();
  announcer::CalloutOptions o;
  for (int n = 1; n <= kRunners; ++n) o.contest_milestones.push_back(n);
  announcer::CalloutEngine engine(shipped_templates(), *d.config, o);
  const auto said = run(engine, d, 5s);
  std::map<Priority, int> in_burst;
  std::set<std::string> ids;
  for (const auto& s : said) {
    CHECK(ids.insert(s.callout.id).second);
    if (s.callout.at >= at(8, 40, 0)) ++in_burst[s.callout.priority];
  }
  // Both firsts, the 5K leaders, the welcome.
  CHECK(ids.count("first_man/10k"));
  CHECK(ids.count("first_woman/10k"));
  CHECK(ids.count("leads/10k/M/5K"));
  CHECK(ids.count("leads/10k/F/5K"));
  CHECK(ids.count("welcome/10k"));
  // 2 high + 12 category winners (normal) + 60 milestones (low): below high, at most 8
  // callouts in any minute. The first finisher's step (08:40:00) said its winner and its
  // milestone while the minute was still quiet; the next step's burst is cut from the
  // bottom: no more milestones, winners until the minute holds 8.
  CHECK(in_burst[Priority::high] == 2);
  CHECK(in_burst[Priority::normal] + in_burst[Priority::low] == 6);
  CHECK(in_burst[Priority::low] == 1);
  CHECK(engine.counters().rate_limited ==
        static_cast<std::uint64_t>(12 + kRunners - in_burst[Priority::normal] -
                                   in_burst[Priority::low]));
  CHECK(ids.count("category_winner/10k/M18"));
  CHECK(ids.count("category_winner/10k/F18"));
  CHECK_FALSE(ids.count("category_winner/10k/F70"));  // the twelfth, dropped
}

TEST_CASE("many facts in one step come once each in race-time order", "[announcer][rate]") {
  const RaceData d = burst_race();
  announcer::CalloutOptions o;
  o.max_age = std::chrono::hours(2);
  announcer::Templates unlimited = shipped_templates(true);
  announcer::CalloutEngine fine(unlimited, *d.config, o), coarse(unlimited, *d.config, o);
  const auto a = run(fine, d, 1s);
  std::vector<Said> b;
  replay(d, at(8, 45, 0), at(8, 45, 0), 1s, [&](const race::RaceSnapshot& s, core::UtcMs now) {
    for (auto& c : coarse.step(s, now)) b.push_back({std::move(c), now});
    CHECK(coarse.step(s, now).empty());  // the same snapshot again: nothing new
  });
  REQUIRE(b.size() == a.size());
  CHECK(b.size() == 2 + 2 + 12 + 1);  // leaders at 5K, firsts, winners, welcome
  for (std::size_t i = 0; i < b.size(); ++i) {
    INFO(i << " " << b[i].callout.id);
    if (i > 0) CHECK(b[i - 1].callout.at <= b[i].callout.at);
    CHECK(b[i].callout.id == a[i].callout.id);
    CHECK(b[i].callout.text == a[i].callout.text);
  }
}

TEST_CASE("a correction after a first was called: one correction callout, no second first",
          "[announcer][rate]") {
  RaceData d = burst_race();
  // The first man's finish read is voided at 08:42.
  std::int64_t target = 0;
  for (const auto& e : d.events)
    if (const auto* p = std::get_if<race::Passing>(&e); p && p->mat == "finish" && p->bib == "1")
      target = p->origin.seq;
  race::Correction fix;
  fix.origin = {"t", "1", 1000};
  fix.target_source = "t";
  fix.target_epoch = "1";
  fix.target_seq = target;
  fix.action = race::Correction::Action::void_passing;
  race::RaceModel model(d.config, d.participants);
  announcer::CalloutEngine engine(shipped_templates(true), *d.config);
  std::vector<announcer::Callout> said;
  for (const auto& e : d.events) model.apply(e);
  for (auto& c : engine.step(*model.publish(), at(8, 41, 0))) said.push_back(std::move(c));
  REQUIRE(model.apply(fix) == race::ApplyResult::applied);
  const auto after = engine.step(*model.publish(), at(8, 42, 0));
  const auto again = engine.step(*model.publish(), at(8, 42, 5));
  REQUIRE(after.size() == 1);
  CHECK(after[0].id == "correction/first_man/10k");
  CHECK(after[0].kind == CalloutKind::correction);
  CHECK(after[0].bibs == std::vector<std::string>{"1"});
  CHECK_THAT(after[0].text.at("ru"), Catch::Contains("номером 1"));
  CHECK(again.empty());  // runner 3 now finishes first, but first_man/10k was said
}

TEST_CASE("a race whose contests changed under the engine is refused, saying what to do",
          "[announcer][rate]") {
  const RaceData d = burst_race();
  announcer::CalloutEngine engine(shipped_templates(true), *d.config);
  auto changed = std::make_shared<race::RaceConfig>(*d.config);
  changed->mats.push_back({"8K", "8 km"});
  changed->contests[0].points.insert(changed->contests[0].points.end() - 1,
                                     {"8K", 8000, race::PointRole::split, "8K"});
  REQUIRE(race::validate(*changed).empty());
  race::RaceModel same(d.config, d.participants), other(changed, d.participants);
  CHECK_NOTHROW(engine.step(*same.publish(), at(8, 0, 0)));
  CHECK_THROWS_WITH(engine.step(*other.publish(), at(8, 0, 0)),
                    Catch::Contains("Burst 10K") && Catch::Contains("restart the announcer"));
}

}  // namespace callouts_rate_test
