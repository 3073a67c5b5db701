// The callout engine on Boston 2019 (about 26,000 runners; two elite waves, then four
// waves; net-time ranking), replayed through the real RaceModel from the first gun until
// after the winners finish, a step every 10 s: new leaders at the mats and the first man and
// woman at the finish, exactly when the events say, never twice.
#include <catch2/catch.hpp>

#include <set>

#include "callouts_fixture.h"

namespace callouts_boston_test {

namespace {

using namespace callouts_test;
using namespace std::chrono_literals;
using announcer::CalloutKind;

}  // namespace

TEST_CASE("Boston 2019: leaders at the mats and the first man and woman, once each",
          "[announcer][boston]") {
  const RaceData& d = boston2019();
  const race::RaceConfig& config = *d.config;
  REQUIRE(config.contests.size() == 1);
  const race::Contest& c = config.contests.front();
  const core::UtcMs from = local(config, "09:30:00"), until = local(config, "12:20:00");

  std::vector<Said> said;
  announcer::CalloutEngine engine(shipped_templates(true), config);
  replay(d, from, until, 10s, [&](const race::RaceSnapshot& s, core::UtcMs now) {
    for (auto& x : engine.step(s, now)) said.push_back({std::move(x), now});
  });

  const Reads reads = reads_of(d);
  std::set<Key> leaders, firsts;
  for (const race::Gender g : {race::Gender::male, race::Gender::female}) {
    const std::string gid(race::to_string(g));
    std::string leader;
    for (std::size_t k = 1; k + 1 < c.points.size(); ++k) {
      const auto x = crossings(d, reads, c.id, g, c.points[k].mat);
      REQUIRE(!x.empty());
      if (x.front().at > until || x.front().bib == leader) continue;
      leaders.insert(
          {(leader.empty() ? "leads/" : "new_leader/") + c.id + "/" + gid + "/" + c.points[k].mat,
           x.front().bib, clock(config, x.front().at)});
      leader = x.front().bib;
    }
    const auto fin = crossings(d, reads, c.id, g, "finish");
    REQUIRE(!fin.empty());
    firsts.insert({std::string(g == race::Gender::male ? "first_man/" : "first_woman/") + c.id,
                   fin.front().bib, clock(config, fin.front().at)});
  }
  CHECK(diff(keys_of(config, said, {CalloutKind::leads, CalloutKind::new_leader}, 10s), leaders) ==
        "");
  CHECK(leaders.size() >= 4);
  CHECK(diff(keys_of(config, said, {CalloutKind::first_man, CalloutKind::first_woman}, 10s),
             firsts) == "");
  CHECK(firsts.size() == 2);
  std::set<std::string> ids;
  for (const auto& s : said) CHECK(ids.insert(s.callout.id).second);
  // The winners' sentences: the Boston men's winner in 2019 ran 2:07:57 (net).
  const auto man = of_kind(said, CalloutKind::first_man);
  REQUIRE(man.size() == 1);
  CHECK_THAT(man.front().callout.text.at("en"), Catch::Contains("2:07:5"));
  CHECK_THAT(man.front().callout.text.at("ru"), Catch::Contains("первый среди мужчин"));
}

}  // namespace callouts_boston_test
