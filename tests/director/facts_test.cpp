// The director on the Almaty replay: guests (vip), record pace, catch-up with coarse steps,
// a delayed program, cooldown, priority and time windows; and the shipped rules' actions
// configuring the real overlays.
#include <catch2/catch.hpp>

#include <set>
#include <tuple>

#include "core/file.h"
#include "overlays/registry.h"
#include "race/projection.h"
#include "replay.h"

namespace facts_test {

namespace {

using namespace director_test;
using namespace std::chrono_literals;

constexpr core::Ms kPaceLine{8'416'000};  // 2:20:16

using Key = std::tuple<std::string, core::UtcMs, std::map<std::string, std::string>>;

Key key_of(const director::Action& a) {
  return {a.rule, a.at, a.params};
}

// Steps several directors on one replay; each gets every snapshot at `now` - its delay.
struct Run {
  Run(director::Director* d, core::Ms delay_ms = core::Ms(0)) : director(d), delay(delay_ms) {}
  director::Director* director;
  core::Ms delay;
  std::vector<Fired> fired;
};
void run_all(std::vector<Run>& runs, std::string_view from, std::string_view until,
             core::Ms step = 5s, const std::vector<race::Event>* events = nullptr,
             std::shared_ptr<const race::RaceConfig> config = nullptr) {
  if (!config) config = almaty_config();
  replay(config, almaty_race().participants, events ? *events : almaty_race().events,
         local(*config, from), local(*config, until), step,
         [&](const race::RaceSnapshot& s, core::UtcMs now) {
           for (Run& r : runs)
             for (auto& a : r.director->step(s, now - r.delay))
               r.fired.push_back({std::move(a), now - r.delay});
         });
}

// A record-pace change the events show: the leader of a gender at a mat compared with an
// even-paced record, whose sign differs from the previous mat's. `dead`: a mat with no reads.
struct Change {
  core::UtcMs at;
  std::string bib, label;
  bool ahead;
};
std::vector<Change> record_changes(const race::Contest& c, race::Gender gender, core::Ms record,
                                   std::string_view dead = {}) {
  const auto leaders = first_crossings(c.id, gender, local(*almaty_config(), "12:00:00"));
  const core::UtcMs gun = gun_of(c.id);
  std::vector<Change> out;
  int sign = 0;
  for (const race::ContestPoint& p : c.points) {
    if (p.role == race::PointRole::start || p.mat == dead) continue;
    const Crossing& l = leaders.at(p.mat);
    const double record_ms = double(record.count()) * p.distance_m / c.distance_m;
    const double elapsed_ms = double((l.at - gun).count());
    const int s = elapsed_ms < record_ms ? -1 : elapsed_ms > record_ms ? 1 : sign;
    if (sign != 0 && s != sign) out.push_back({l.at, l.bib, p.label, s < 0});
    sign = s;
  }
  return out;
}

// The marathon with a pace line of 2:20:16 for men, which the sample's leader runs either
// side of: behind at 20K, ahead again at 30K, behind at 35K.
std::shared_ptr<race::RaceConfig> with_pace_line() {
  auto config = std::make_shared<race::RaceConfig>(*almaty_config());
  race::Contest& marathon = config->contests[0];
  REQUIRE(marathon.id == "marathon");
  marathon.records.push_back({"pace line", race::Gender::male, kPaceLine, "", "", 0, {}});
  return config;
}

void check_changes(const std::vector<Fired>& fired, const std::vector<Change>& want) {
  REQUIRE(fired.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const director::Action& a = fired[i].action;
    INFO(a.reason);
    CHECK(clock(*almaty_config(), a.at) == clock(*almaty_config(), want[i].at));
    CHECK_THAT(a.reason, Catch::Contains(" at " + want[i].label + " " +
                                         (want[i].ahead ? "ahead of " : "behind ")));
    CHECK_THAT(a.reason, Catch::Contains("): bib " + want[i].bib + " "));
  }
}

}  // namespace

TEST_CASE("vip_passes fires once per guest at the pre-finish mat, marked late or not",
          "[director][almaty]") {
  // The women's winner becomes a guest at 08:00 through a participant update: after her
  // half-way read (07:5x), before her pre-finish read (09:1x).
  const core::UtcMs eight = local(*almaty_config(), "08:00:00");
  const core::UtcMs end = local(*almaty_config(), "13:30:00");
  const std::string winner =
      first_crossings("marathon", race::Gender::female, end).at("finish").bib;
  std::vector<race::Event> events = almaty_race().events;
  race::Participant marked;
  for (const auto& p : almaty_race().participants)
    if (p.bib == winner) marked = p;
  REQUIRE(!marked.vip);
  marked.vip = true;
  const auto pos = std::find_if(events.begin(), events.end(), [&](const race::Event& e) {
    const auto t = time_of(e);
    return t && *t > eight;
  });
  events.insert(pos, race::ParticipantUpdate{{"test", "vip", 1}, "", marked});

  director::Director d(rules(R"toml(
[[rule]]
name = "guest"
when = "vip_passes"
show = "lower_third"
params = { bib = "{bib}", note = "{name} ({country})" }

[[rule]]
name = "guest at half"
when = "vip_passes"
contest = "marathon"
mat = "HALF"
show = "lower_third"
params = { bib = "{bib}" }
)toml"),
                       *almaty_config());
  std::vector<Run> runs{{&d}};
  run_all(runs, "06:25:00", "13:30:00", 5s, &events);

  const auto pre_finish = reads_at(events, "pre-finish");
  const auto half = reads_at(events, "HALF");
  std::map<std::string, core::UtcMs> want_guest, want_half;
  for (const auto& p : almaty_race().participants) {
    if (!p.vip && p.bib != winner) continue;
    want_guest[p.bib] = pre_finish.at(p.bib);
    if (p.contest == "marathon" && p.vip) want_half[p.bib] = half.at(p.bib);
  }
  // Her half-way read was two minutes old or more when she was marked: not announced.
  REQUIRE(half.at(winner) < eight - 2min);
  REQUIRE(want_guest.size() >= 6);
  REQUIRE(want_half.size() >= 1);
  for (const auto& [rule, want] : {std::pair{"guest", want_guest}, {"guest at half", want_half}}) {
    INFO(rule);
    std::map<std::string, core::UtcMs> got;
    for (const auto& f : of_rule(runs[0].fired, rule)) {
      CHECK(got.emplace(f.action.params.at("bib"), f.action.at).second);  // once per guest
      CHECK(f.step - f.action.at < 5s);
    }
    CHECK(got == want);
  }
  const auto guest = of_rule(runs[0].fired, "guest");
  const auto her = std::find_if(guest.begin(), guest.end(), [&](const Fired& f) {
    return f.action.params.at("bib") == winner;
  });
  REQUIRE(her != guest.end());
  CHECK(her->action.params.at("note") == marked.display_name() + " (" + marked.country + ")");
  CHECK(her->action.reason == "VIP passed 200 M (Marathon): bib " + winner + " " +
                                  marked.display_name() + ", " +
                                  core::format_hms(pre_finish.at(winner) - gun_of("marathon")));
}

TEST_CASE("record_delta_crosses_zero fires where the leader crosses record pace",
          "[director][almaty]") {
  // The course records as configured, and the men's pace line.
  const auto config = with_pace_line();
  const race::Contest& marathon = config->contests[0];
  director::Director d(rules(R"(
[[rule]]
name = "course record"
when = "record_delta_crosses_zero"
show = "record_pace"
params = { contest = "{contest}", gender = "{gender}" }

[[rule]]
name = "pace line"
when = "record_delta_crosses_zero"
contest = "marathon"
gender = "M"
record = "pace line"
show = "record_pace"
params = { contest = "{contest}", gender = "{gender}", record = "{record}", second = "" }
)"),
                       *config);
  std::vector<Run> runs{{&d}};
  run_all(runs, "06:25:00", "10:00:00", 5s, nullptr, config);

  std::vector<Change> want;
  for (const race::Contest& c : config->contests) {
    for (const race::CourseRecord& r : c.records) {
      if (r.label != "course record") continue;
      REQUIRE(r.splits.empty());  // even pace, as computed here
      for (const Change& x : record_changes(c, r.gender, r.time)) want.push_back(x);
    }
  }
  std::sort(want.begin(), want.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  REQUIRE(!want.empty());
  check_changes(of_rule(runs[0].fired, "course record"), want);

  const auto line = record_changes(marathon, race::Gender::male, kPaceLine);
  REQUIRE(std::count_if(line.begin(), line.end(), [](const Change& c) { return c.ahead; }) >= 1);
  REQUIRE(std::count_if(line.begin(), line.end(), [](const Change& c) { return !c.ahead; }) >= 1);
  const auto fired = of_rule(runs[0].fired, "pace line");
  check_changes(fired, line);
  CHECK(fired[0].action.params ==
        std::map<std::string, std::string>{
            {"contest", "marathon"}, {"gender", "M"}, {"record", "pace line"}, {"second", ""}});
}

TEST_CASE("a mat without reads is skipped: no leader there, record pace compared across it",
          "[director][almaty]") {
  std::vector<race::Event> events;
  for (const auto& e : almaty_race().events) {
    const auto* p = std::get_if<race::Passing>(&e);
    if (!p || p->mat != "25K") events.push_back(e);
  }
  const auto config = with_pace_line();
  director::Director d(rules(R"(
[[rule]]
name = "leader"
when = "leader_passes"
contest = "marathon"
show = "split_card"
params = { bib = "{bib}", point = "{mat}" }

[[rule]]
name = "pace line"
when = "record_delta_crosses_zero"
contest = "marathon"
record = "pace line"
show = "record_pace"
params = { contest = "{contest}", gender = "{gender}", record = "{record}" }
)"),
                       *config);
  std::vector<Run> runs{{&d}};
  run_all(runs, "06:25:00", "10:00:00", 5s, &events, config);
  std::vector<std::string> mats;
  for (const auto& f : of_rule(runs[0].fired, "leader"))
    mats.push_back(f.action.params.at("point"));
  CHECK(mats == std::vector<std::string>{"5K", "10K", "15K", "20K", "HALF", "30K", "35K", "40K",
                                         "pre-finish", "finish"});
  const auto want = record_changes(config->contests[0], race::Gender::male, kPaceLine, "25K");
  const auto fired = of_rule(runs[0].fired, "pace line");
  check_changes(fired, want);
  // Behind at half-way, 25K unread, ahead at 30K.
  REQUIRE(fired.size() >= 2);
  CHECK_THAT(fired[1].action.reason, Catch::Contains("at 30K ahead of pace line pace by "));
  CHECK_THAT(fired[1].action.reason, Catch::Contains("(behind at HALF)"));
}

TEST_CASE("coarse steps fire each fact once in race-time order, and drop the old ones",
          "[director][almaty]") {
  constexpr std::string_view kRules = R"(
[[rule]]
name = "leader"
when = "leader_passes"
show = "split_card"
params = { bib = "{bib}", point = "{mat}" }

[[rule]]
name = "guest"
when = "vip_passes"
show = "lower_third"
params = { bib = "{bib}" }

[[rule]]
name = "first"
when = "first_finisher"
show = "finish_board"
params = { contest = "{contest}" }
)";
  director::Director fine(rules(kRules), *almaty_config());
  director::Director coarse(rules(kRules), *almaty_config());
  director::Director sparse(rules(kRules), *almaty_config());
  std::vector<Run> fine_run{{&fine}}, coarse_run{{&coarse}}, sparse_run{{&sparse}};
  run_all(fine_run, "06:25:00", "11:00:00", 5s);
  run_all(coarse_run, "06:25:00", "11:00:00", 100s);  // a catch-up: under max_age apart
  run_all(sparse_run, "06:25:00", "11:00:00", 10min);
  std::vector<Key> want, got;
  for (const auto& f : fine_run[0].fired) want.push_back(key_of(f.action));
  for (const auto& f : coarse_run[0].fired) got.push_back(key_of(f.action));
  REQUIRE(want.size() > 30);
  CHECK(std::is_sorted(got.begin(), got.end(),
                       [](const Key& a, const Key& b) { return std::get<1>(a) < std::get<1>(b); }));
  std::multiset<Key> want_set(want.begin(), want.end()), got_set(got.begin(), got.end());
  CHECK(got_set == want_set);
  // Ten minutes between steps: only the last two minutes' facts of each step fire.
  std::size_t sparse_count = 0;
  for (const auto& f : sparse_run[0].fired) {
    CHECK(f.step - f.action.at <= director::kDefaultMaxAge);
    CHECK(want_set.count(key_of(f.action)) == 1);
    ++sparse_count;
  }
  CHECK(sparse_count > 0);
  CHECK(sparse_count < want.size() / 2);
}

TEST_CASE("a delayed program gets each fact when it reaches it, not when the read arrives",
          "[director][almaty]") {
  constexpr std::string_view kRules = R"(
[[rule]]
name = "leader"
when = "leader_passes"
show = "split_card"
params = { bib = "{bib}", point = "{mat}" }

[[rule]]
name = "board"
when = "every"
contest = "half"
minutes = 7
show = "leaderboard"
params = { contest = "half" }
)";
  director::Director live(rules(kRules), *almaty_config());
  director::Director delayed(rules(kRules), *almaty_config());
  std::vector<Run> runs{{&live}, {&delayed, 45s}};
  run_all(runs, "06:25:00", "09:30:00");
  std::vector<Key> want, got;
  for (const auto& f : runs[0].fired) want.push_back(key_of(f.action));
  for (const auto& f : runs[1].fired) {
    CHECK(f.action.at <= f.step);  // never before the program shows the moment
    CHECK(f.step - f.action.at < 5s);
    got.push_back(key_of(f.action));
  }
  REQUIRE(want.size() > 20);
  CHECK(got == want);
}

TEST_CASE("cooldown, priority, from/until and enabled shape what fires", "[director][almaty]") {
  director::Director d(rules(R"(
[[rule]]
name = "all leaders"
when = "leader_passes"
show = "split_card"
params = { bib = "{bib}", point = "{mat}" }

[[rule]]
name = "first"
when = "first_finisher"
show = "finish_board"
params = { contest = "{contest}" }
priority = 5

[[rule]]
name = "cooled"
when = "leader_passes"
show = "split_card"
params = { bib = "{bib}", point = "{mat}" }
cooldown = 600

[[rule]]
name = "window"
when = "leader_passes"
show = "split_card"
params = { bib = "{bib}", point = "{mat}" }
from = 08:00:00
until = "08:30:00"

[[rule]]
name = "off"
when = "leader_passes"
show = "split_card"
params = { bib = "{bib}", point = "{mat}" }
enabled = false
)"),
                       *almaty_config());
  std::vector<Run> runs{{&d}};
  run_all(runs, "06:25:00", "10:00:00");
  const auto& fired = runs[0].fired;
  const auto all = of_rule(fired, "all leaders");
  REQUIRE(all.size() > 20);
  CHECK(of_rule(fired, "off").empty());

  // At a finish, the first finisher (priority 5) comes before the leader's split card.
  int finishes = 0;
  for (std::size_t i = 0; i < fired.size(); ++i) {
    if (fired[i].action.rule != "first") continue;
    ++finishes;
    for (std::size_t j = 0; j < fired.size(); ++j)
      if (fired[j].action.at == fired[i].action.at && fired[j].action.rule == "all leaders")
        CHECK(j > i);
  }
  CHECK(finishes == 4);

  const auto cooled = of_rule(fired, "cooled");
  REQUIRE(cooled.size() >= 5);
  CHECK(cooled.size() < all.size() / 2);
  CHECK(key_of(cooled[0].action) == Key{"cooled", all[0].action.at, all[0].action.params});
  for (std::size_t i = 1; i < cooled.size(); ++i)
    CHECK(cooled[i].action.at - cooled[i - 1].action.at >= 10min);

  const core::UtcMs from = local(*almaty_config(), "08:00:00");
  const core::UtcMs until = local(*almaty_config(), "08:30:00");
  std::vector<core::UtcMs> want, got;
  for (const auto& f : all)
    if (f.action.at >= from && f.action.at <= until) want.push_back(f.action.at);
  for (const auto& f : of_rule(fired, "window")) got.push_back(f.action.at);
  REQUIRE(want.size() >= 3);
  CHECK(got == want);
}

TEST_CASE("every action of the shipped rules configures its overlay on the race it came from",
          "[director][almaty]") {
  const director::Rules shipped =
      director::parse_rules(core::read_file(PACECAST_SOURCE_DIR "/assets/director/almaty.toml"),
                            "almaty.toml", overlays::kinds());
  director::Director d(shipped, *almaty_config());
  std::map<std::string, int> count;
  std::string errors;
  replay(almaty_config(), almaty_race().participants, almaty_race().events,
         local(*almaty_config(), "06:25:00"), local(*almaty_config(), "13:30:00"), 5s,
         [&](const race::RaceSnapshot& s, core::UtcMs now) {
           for (const auto& a : d.step(s, now)) {
             ++count[a.rule];
             const auto kind =
                 std::find_if(overlays::kinds().begin(), overlays::kinds().end(),
                              [&](const scene::OverlayKind& k) { return k.name == a.kind; });
             try {
               kind->make()->configure(scene::Params(a.params), s);
             } catch (const scene::ParamError& e) {
               errors += a.rule + ": " + e.what() + "\n";
             }
           }
         });
  CHECK(errors.empty());
  for (const auto& r : shipped.rules) {
    INFO(r.name);
    CHECK(count[r.name] > 0);
  }
  CHECK(count["marathon leader at a mat"] == 11);
  CHECK(count["first finisher"] == 4);
  CHECK(count["marathon leaderboard"] == 11);  // 06:45 ... 09:15, every 15 min until 09:30
}

}  // namespace facts_test
