// The callout engine on a replay of the Almaty sample (full field, every event through the
// real RaceModel, a step every 5 s of race time, 06:25 to 11:00): leaders at the mats, first
// man and woman, category winners, the day's milestones, Ekiden exchanges and VIPs, each
// checked against what the events themselves say; never twice; restarts mid-race.
#include <catch2/catch.hpp>

#include <optional>
#include <set>
#include <tuple>

#include "callouts_fixture.h"
#include "race/participant.h"

namespace callouts_almaty_test {

namespace {

using namespace callouts_test;
using namespace std::chrono_literals;
using announcer::CalloutKind;

constexpr std::string_view kFrom = "06:25:00", kUntil = "11:00:00";
constexpr std::string_view kRestarts[] = {"08:50:00", "10:00:00"};

struct Restart {
  core::UtcMs at{};
  std::optional<announcer::CalloutEngine> engine;
  std::vector<Said> said;
  std::size_t first_step = 0;
};

struct Day {
  std::vector<Said> said;
  std::vector<Restart> restarts;
};

// VIPs' real finish reads: the test plays the arrival queue, naming each VIP due at the
// finish within 3 minutes with their actual finish time as the ETA.
std::vector<std::pair<std::string, core::UtcMs>> vip_finishes() {
  const RaceData& d = almaty();
  const Reads reads = reads_of(d);
  std::vector<std::pair<std::string, core::UtcMs>> out;
  for (const auto& p : d.participants) {
    if (!p.vip) continue;
    const auto r = reads.find(p.bib);
    if (r != reads.end() && r->second.count("finish"))
      out.emplace_back(p.bib, r->second.at("finish"));
  }
  return out;
}

const Day& day() {
  static const Day result = [] {
    const RaceData& d = almaty();
    const race::RaceConfig& config = *d.config;
    Day out;
    announcer::CalloutEngine engine(shipped_templates(true), config);
    for (std::string_view r : kRestarts) out.restarts.push_back({local(config, r), {}, {}, 0});
    const auto vips = vip_finishes();
    replay(d, local(config, kFrom), local(config, kUntil), 5s,
           [&](const race::RaceSnapshot& s, core::UtcMs now) {
             std::vector<announcer::Approaching> queue;
             for (const auto& [bib, finish] : vips)
               if (finish > now && finish - now <= 180s)
                 queue.push_back({*s.find_bib(bib), finish});
             for (auto& c : engine.step(s, now, queue)) out.said.push_back({std::move(c), now});
             for (Restart& r : out.restarts) {
               if (now < r.at) continue;
               const bool first = !r.engine;
               if (first) r.engine.emplace(shipped_templates(true), config);
               auto said = r.engine->step(s, now, queue);
               if (first) r.first_step = said.size();
               for (auto& c : said) r.said.push_back({std::move(c), now});
             }
           });
    return out;
  }();
  return result;
}

std::set<Key> keys_of(const std::vector<Said>& said, std::initializer_list<CalloutKind> kinds) {
  return callouts_test::keys_of(*almaty().config, said, kinds, 5s);
}

Key key_of(const Said& s) {
  return callouts_test::key_of(*almaty().config, s);
}

const char* gender_id(race::Gender g) {
  return g == race::Gender::male ? "M" : "F";
}

constexpr const char* kIndividual[] = {"marathon", "half", "10k", "nordic"};

}  // namespace

TEST_CASE("leaders at every mat, per contest and gender, exactly when the events say",
          "[announcer][almaty]") {
  const RaceData& d = almaty();
  const Reads reads = reads_of(d);
  std::set<Key> expected;
  for (const char* id : kIndividual) {
    const race::Contest& c = *d.config->find_contest(id);
    for (const race::Gender g : {race::Gender::male, race::Gender::female}) {
      std::string leader;
      for (std::size_t k = 1; k + 1 < c.points.size(); ++k) {
        const auto x = crossings(d, reads, id, g, c.points[k].mat);
        REQUIRE(!x.empty());
        if (x.front().bib == leader) continue;
        const std::string kind = leader.empty() ? "leads/" : "new_leader/";
        expected.insert({kind + id + "/" + gender_id(g) + "/" + c.points[k].mat, x.front().bib,
                         clock(*d.config, x.front().at)});
        leader = x.front().bib;
      }
    }
  }
  const auto said = keys_of(day().said, {CalloutKind::leads, CalloutKind::new_leader});
  CHECK(diff(said, expected) == "");
  CHECK(expected.size() >= 12);  // a leader per contest and gender, and changes of lead
  CHECK(std::count_if(expected.begin(), expected.end(),
                      [](const Key& k) { return std::get<0>(k).starts_with("new_leader/"); }) >= 3);
  // The sentences name the runner and the mat, in each language.
  const auto leads = of_kind(day().said, CalloutKind::leads);
  REQUIRE(!leads.empty());
  const auto& first = leads.front().callout;
  CHECK(first.id == "leads/marathon/M/5K");
  CHECK(first.priority == announcer::Priority::high);
  CHECK_THAT(first.text.at("en"),
             Catch::Contains(
                 d.participants[static_cast<std::size_t>(first.runners.front())].display_name()));
  CHECK_THAT(first.text.at("ru"), Catch::Contains("забег мужчин") && Catch::Contains("5K"));
  CHECK(first.reason.starts_with("first leader of Marathon (M) at 5K: bib "));
}

TEST_CASE("first man and woman and category winners at the finish, once each",
          "[announcer][almaty]") {
  const RaceData& d = almaty();
  const Reads reads = reads_of(d);
  std::set<Key> firsts, categories;
  for (const char* id : kIndividual) {
    for (const race::Gender g : {race::Gender::male, race::Gender::female}) {
      const auto x = crossings(d, reads, id, g, "finish");
      REQUIRE(!x.empty());
      firsts.insert({std::string(g == race::Gender::male ? "first_man/" : "first_woman/") + id,
                     x.front().bib, clock(*d.config, x.front().at)});
    }
    std::set<std::string> won;
    for (const Crossing& x : crossings(d, reads, id, race::Gender::invalid, "finish")) {
      if (x.at > local(*d.config, kUntil)) break;
      const race::Participant& p = d.participants[x.index];
      const std::string cat = p.category.empty() ? race::derive_category(*d.config, p) : p.category;
      if (cat.empty() || !won.insert(cat).second) continue;
      categories.insert(
          {"category_winner/" + std::string(id) + "/" + cat, x.bib, clock(*d.config, x.at)});
    }
  }
  CHECK(diff(keys_of(day().said, {CalloutKind::first_man, CalloutKind::first_woman}), firsts) ==
        "");
  CHECK(firsts.size() == 8);
  CHECK(diff(keys_of(day().said, {CalloutKind::category_winner}), categories) == "");
  CHECK(categories.size() > 50);
  const auto woman = of_kind(day().said, CalloutKind::first_woman);
  REQUIRE(!woman.empty());
  CHECK_THAT(woman.front().callout.text.at("kk"), Catch::Contains("әйелдер арасында бірінші"));
  CHECK(of_kind(day().said, CalloutKind::welcome).size() == 5);  // every contest's gun
  CHECK(of_kind(day().said, CalloutKind::correction).empty());
}

TEST_CASE("the day's 1,000th finisher and the other milestones", "[announcer][almaty]") {
  const RaceData& d = almaty();
  const Reads reads = reads_of(d);
  std::vector<Crossing> all;  // every individual contest's finish reads, doubtful or not
  for (std::size_t i = 0; i < d.participants.size(); ++i) {
    const race::Participant& p = d.participants[i];
    const race::Contest* c = d.config->find_contest(p.contest);
    const auto r = reads.find(p.bib);
    if (!c || c->kind != race::ContestKind::individual || r == reads.end()) continue;
    if (const auto f = r->second.find("finish"); f != r->second.end())
      all.push_back({f->second, p.bib, i});
  }
  std::sort(all.begin(), all.end(), [](const Crossing& a, const Crossing& b) {
    return a.at != b.at ? a.at < b.at : a.index < b.index;
  });
  std::set<Key> expected;
  for (const int n : announcer::CalloutOptions{}.day_milestones) {
    if (static_cast<std::size_t>(n) > all.size()) break;
    const Crossing& x = all[static_cast<std::size_t>(n - 1)];
    if (x.at > local(*d.config, kUntil)) break;
    if (doubtful(d, reads, d.participants[x.index], x.at)) continue;
    expected.insert({"milestone/day/" + std::to_string(n), x.bib, clock(*d.config, x.at)});
  }
  CHECK(diff(keys_of(day().said, {CalloutKind::milestone}), expected) == "");
  const auto ms = of_kind(day().said, CalloutKind::milestone);
  REQUIRE(ms.size() >= 5);
  CHECK(ms.front().callout.id == "milestone/day/1000");
  CHECK_THAT(ms.front().callout.text.at("en"), Catch::StartsWith("That's our 1,000th finisher"));
  CHECK_THAT(ms.front().callout.text.at("ru"), Catch::StartsWith("1000-й финишер дня"));
}

TEST_CASE("Ekiden exchanges: every team's hand-over, in place order, to the next leg's runner",
          "[announcer][almaty]") {
  const RaceData& d = almaty();
  const Reads reads = reads_of(d);
  const race::Contest& c = *d.config->find_contest("ekiden");
  std::map<std::pair<std::string, int>, std::string> member;  // team, leg -> bib
  for (const auto& p : d.participants)
    if (p.contest == "ekiden") member[{p.team, p.leg}] = p.bib;
  std::set<Key> expected;
  std::map<std::string, int> place_of;  // id -> place
  for (const race::RelayLeg& leg : c.legs) {
    if (leg.number == static_cast<int>(c.legs.size())) continue;
    std::vector<Crossing> x;
    for (std::size_t i = 0; i < d.participants.size(); ++i) {
      const race::Participant& p = d.participants[i];
      if (p.contest != "ekiden" || p.leg != leg.number) continue;
      const auto r = reads.find(p.bib);
      if (r == reads.end() || !r->second.count(leg.end_mat)) continue;
      x.push_back({r->second.at(leg.end_mat), p.bib, i});
    }
    std::sort(x.begin(), x.end(), [](const Crossing& a, const Crossing& b) {
      return a.at != b.at ? a.at < b.at : a.index < b.index;
    });
    for (std::size_t k = 0; k < x.size(); ++k) {
      const race::Participant& p = d.participants[x[k].index];
      if (x[k].at > local(*d.config, kUntil) || doubtful(d, reads, p, x[k].at)) continue;
      const std::string id = "exchange/ekiden/" + p.team + "/" + std::to_string(leg.number + 1);
      expected.insert({id, member.at({p.team, leg.number + 1}), clock(*d.config, x[k].at)});
      place_of[id] = static_cast<int>(k + 1);
    }
  }
  CHECK(diff(keys_of(day().said, {CalloutKind::exchange}), expected) == "");
  CHECK(expected.size() > 400);  // 113 teams, 5 exchanges
  for (const auto& s : of_kind(day().said, CalloutKind::exchange)) {
    INFO(s.callout.id);
    const std::string& en = s.callout.text.at("en");
    const int place = place_of.at(s.callout.id);
    CHECK_THAT(en, Catch::Contains(" in " + announcer::say_place("en", place) + " place"));
    CHECK(s.callout.priority ==
          (place <= 3 ? announcer::Priority::normal : announcer::Priority::low));
    CHECK(s.callout.bibs.size() == 2);  // the runner taking over, then the one handing over
  }
}

TEST_CASE("VIPs approaching the finish, once each, from the arrival queue", "[announcer][almaty]") {
  const RaceData& d = almaty();
  const Reads reads = reads_of(d);
  std::set<Key> expected;
  for (const auto& [bib, finish] : vip_finishes()) {
    if (finish > local(*d.config, kUntil)) continue;
    const core::UtcMs due = finish - 60s;
    // The first step at or after `due` (steps every 5 s from 06:25).
    const core::UtcMs from = local(*d.config, kFrom);
    const core::UtcMs step = from + core::Ms(((due - from).count() + 4999) / 5000 * 5000);
    const auto it = std::find_if(d.participants.begin(), d.participants.end(),
                                 [&](const race::Participant& p) { return p.bib == bib; });
    if (doubtful(d, reads, *it, step)) continue;
    expected.insert({"vip_approaching/" + bib, bib, clock(*d.config, due)});
  }
  CHECK(diff(keys_of(day().said, {CalloutKind::vip_approaching}), expected) == "");
  CHECK(expected.size() >= 5);
}

TEST_CASE("nothing is said twice all day, and facts come in race-time order",
          "[announcer][almaty]") {
  std::set<std::string> ids;
  core::UtcMs last{};
  core::UtcMs last_step{};
  for (const auto& s : day().said) {
    INFO(s.callout.id);
    CHECK(ids.insert(s.callout.id).second);
    if (s.step == last_step) CHECK(s.callout.at >= last);
    last = s.callout.at;
    last_step = s.step;
    CHECK(s.callout.text.count("en"));
    CHECK(s.callout.text.count("ru"));
    CHECK(!s.callout.reason.empty());
  }
  CHECK(ids.size() > 600);
}

TEST_CASE("an engine started mid-race says nothing older than max_age, then the same",
          "[announcer][almaty]") {
  const auto& config = *almaty().config;
  for (const Restart& r : day().restarts) {
    INFO("restarted at " << clock(config, r.at));
    const core::UtcMs oldest = r.at - announcer::CalloutOptions{}.max_age;
    CHECK(r.first_step <= 12);
    std::set<Key> restarted, continuous;
    for (const auto& s : r.said) {
      CHECK(s.callout.at >= oldest);
      restarted.insert(key_of(s));
    }
    for (const auto& s : day().said)
      if (s.callout.at >= oldest) continuous.insert(key_of(s));
    CHECK(diff(restarted, continuous) == "");
    CHECK(restarted.size() >= 10);
  }
}

}  // namespace callouts_almaty_test
