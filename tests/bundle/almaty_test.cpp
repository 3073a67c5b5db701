// The Almaty sample race: its race.toml, and the generated field and passings.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <variant>

#include "bundle/almaty.h"
#include "bundle/bundle.h"
#include "core/error.h"
#include "core/file.h"
#include "core/text.h"
#include "core/time.h"
#include "race/config_toml.h"
#include "race/model.h"

namespace almaty_test {

namespace {

using namespace std::chrono_literals;

const race::RaceConfig& almaty_config() {
  static const race::RaceConfig config = race::parse_race_config(
      core::read_file(PACECAST_SOURCE_DIR "/assets/races/almaty/race.toml"), "race.toml");
  return config;
}

double g_full_generation_s = 0;

// The full field, generated once for all the tests that look at it.
const bundle::AlmatyRace& full_race() {
  static const bundle::AlmatyRace race = [] {
    const auto t0 = std::chrono::steady_clock::now();
    bundle::AlmatyRace r = bundle::generate_almaty(almaty_config(), {});
    g_full_generation_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
  }();
  return race;
}

struct RunnerReads {
  const race::Participant* p = nullptr;
  std::vector<const race::Passing*> reads;  // in event order
  const race::StatusChange* status = nullptr;
};

std::map<std::string, RunnerReads> by_bib(const bundle::AlmatyRace& r) {
  std::map<std::string, RunnerReads> out;
  for (const race::Participant& p : r.participants) out[p.bib].p = &p;
  for (const race::Event& e : r.events) {
    if (const auto* p = std::get_if<race::Passing>(&e)) out[p->bib].reads.push_back(p);
    if (const auto* s = std::get_if<race::StatusChange>(&e)) out[s->bib].status = s;
  }
  return out;
}

// Collects per-runner failures so a check over 17,000 runners is one assertion that names
// the first offenders.
struct Problems {
  int count = 0;
  std::string first;
  void expect(bool ok, const std::string& what) {
    if (ok) return;
    if (++count <= 5) first += what + "\n";
  }
};

const race::ContestPoint* point_of(const race::Contest& c, const std::string& mat) {
  for (const race::ContestPoint& p : c.points)
    if (p.mat == mat) return &p;
  return nullptr;
}

// Reads without the injected repeats (a mat the runner has already read).
std::vector<const race::Passing*> first_reads(const RunnerReads& r) {
  std::vector<const race::Passing*> out;
  std::set<std::string> seen;
  for (const race::Passing* p : r.reads)
    if (seen.insert(p->mat).second) out.push_back(p);
  return out;
}

core::UtcMs gun_time(const bundle::AlmatyRace& r, std::string_view contest) {
  for (const race::Event& e : r.events)
    if (const auto* g = std::get_if<race::GunEvent>(&e); g && g->contest == contest) return g->time;
  return {};
}

std::string describe(const race::Event& e) {
  return std::visit(
      [](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        std::string s = std::to_string(v.origin.seq) + " ";
        if constexpr (std::is_same_v<T, race::Passing>)
          s += v.mat + " " + v.bib + " " + v.chip + " " +
               std::to_string(v.time.time_since_epoch().count());
        else if constexpr (std::is_same_v<T, race::GunEvent>)
          s += "gun " + v.contest + " " + v.wave + " " +
               std::to_string(v.time.time_since_epoch().count());
        else if constexpr (std::is_same_v<T, race::StatusChange>)
          s += "status " + v.bib + " " + std::string(race::to_string(v.status)) + " " + v.reason;
        return s;
      },
      e);
}

std::string describe(const race::Participant& p) {
  return p.bib + "|" + p.first_name + "|" + p.last_name + "|" +
         std::string(race::to_string(p.gender)) + "|" + std::to_string(p.age) + "|" + p.country +
         "|" + p.city + "|" + p.club + "|" + p.contest + "|" + p.wave + "|" + p.team + "|" +
         std::to_string(p.leg) + "|" + p.chips.at(0) + "|" + p.note + "|" + p.pronunciation + "|" +
         (p.vip ? "vip" : "");
}

}  // namespace

TEST_CASE("almaty race.toml parses into five contests on a shared course", "[almaty]") {
  const race::RaceConfig& c = almaty_config();
  CHECK(c.name == "Almaty Marathon 2025");
  CHECK(c.date ==
        core::Date{std::chrono::year(2025), std::chrono::September, std::chrono::day(28)});
  CHECK(c.utc_offset.minutes == 300);
  CHECK(race::validate(c).empty());
  REQUIRE(c.contests.size() == 5);
  for (const char* id : {"marathon", "half", "10k", "nordic", "ekiden"})
    REQUIRE(c.find_contest(id));
  for (const race::Contest& contest : c.contests) {
    INFO(contest.id);
    CHECK(contest.points.size() <= 16);
    CHECK(contest.points.front().mat == "start");
    CHECK(contest.points.back().mat == "finish");
    const race::ContestPoint& pre = contest.points[contest.points.size() - 2];
    CHECK(pre.mat == "pre-finish");
    CHECK(pre.role == race::PointRole::announcer);
    CHECK(pre.distance_m == contest.distance_m - 200);
  }
  const race::Contest& marathon = *c.find_contest("marathon");
  CHECK(core::local_time_of_day(*marathon.gun, c.utc_offset) == 6h + 30min);
  CHECK(core::local_time_of_day(*c.find_contest("half")->gun, c.utc_offset) == 7h + 20min);
  REQUIRE(marathon.records.size() == 2);
  CHECK(marathon.records[0].time == 2h + 19min + 44s);
  CHECK(marathon.records[1].time == 2h + 42min + 44s);
  CHECK(c.find_contest("half")->records.size() == 2);
  const race::Contest& ekiden = *c.find_contest("ekiden");
  CHECK(ekiden.kind == race::ContestKind::relay);
  REQUIRE(ekiden.legs.size() == 6);
  CHECK(ekiden.legs[5].distance_m == 7195);
  CHECK(ekiden.records.empty());
  CHECK(c.find_mat("5K"));
  CHECK(point_of(*c.find_contest("10k"), "5K")->distance_m == 5000);  // the 10 km turn
}

TEST_CASE("almaty generation is deterministic by seed", "[almaty]") {
  const bundle::AlmatyOptions options{7, 0.05};
  const auto a = bundle::generate_almaty(almaty_config(), options);
  const auto b = bundle::generate_almaty(almaty_config(), options);
  REQUIRE(a.participants.size() == b.participants.size());
  REQUIRE(a.events.size() == b.events.size());
  for (std::size_t i = 0; i < a.participants.size(); ++i)
    REQUIRE(describe(a.participants[i]) == describe(b.participants[i]));
  for (std::size_t i = 0; i < a.events.size(); ++i)
    REQUIRE(describe(a.events[i]) == describe(b.events[i]));

  const auto c = bundle::generate_almaty(almaty_config(), {8, 0.05});
  std::size_t same = 0;
  for (std::size_t i = 0; i < std::min(a.participants.size(), c.participants.size()); ++i)
    same += describe(a.participants[i]) == describe(c.participants[i]);
  CHECK(same < a.participants.size() / 2);
  // 5% of the field, plus the elites and guests who are always there.
  CHECK(a.participants.size() > 800);
  CHECK(a.participants.size() < 950);
}

TEST_CASE("almaty full field: size, countries, ages, names", "[almaty]") {
  const bundle::AlmatyRace& r = full_race();
  WARN("generated " << r.participants.size() << " participants and " << r.events.size()
                    << " events in " << g_full_generation_s << " s");
  CHECK(g_full_generation_s < 10);  // well under a second in a release build
  CHECK(r.participants.size() > 17'000);
  CHECK(r.participants.size() < 17'500);

  std::map<std::string, int> per_contest;
  std::set<std::string> countries, bibs, chips;
  int oldest = 0, oldest_count = 0, kaz = 0, vip = 0, pron = 0, notes = 0;
  double age_sum = 0;
  std::string names;
  Problems problems;
  const std::map<std::string, int> min_age = {
      {"marathon", 18}, {"half", 18}, {"10k", 15}, {"nordic", 15}, {"ekiden", 16}};
  for (const race::Participant& p : r.participants) {
    ++per_contest[p.contest];
    countries.insert(p.country);
    bibs.insert(p.bib);
    chips.insert(p.chips.at(0));
    kaz += p.country == "KAZ";
    vip += p.vip;
    pron += !p.pronunciation.empty();
    notes += !p.note.empty();
    age_sum += p.age;
    if (p.age > oldest) oldest = p.age, oldest_count = 0;
    oldest_count += p.age == oldest;
    problems.expect(p.age >= min_age.at(p.contest), p.bib + ": too young for " + p.contest);
    problems.expect(p.birth_date && core::age_on(*p.birth_date, almaty_config().date) == p.age,
                    p.bib + ": the birth date does not give the age");
    for (const std::string* s :
         {&p.first_name, &p.last_name, &p.city, &p.club, &p.note, &p.pronunciation})
      problems.expect(core::valid_utf8(*s), p.bib + ": invalid UTF-8");
    problems.expect(!p.first_name.empty() && !p.last_name.empty() && !p.city.empty(),
                    p.bib + ": empty name or city");
    problems.expect(p.gender == race::Gender::male || p.gender == race::Gender::female,
                    p.bib + ": no gender");
    names += p.first_name + " " + p.last_name + "\n";
  }
  INFO(problems.first);
  CHECK(problems.count == 0);
  CHECK(bibs.size() == r.participants.size());
  CHECK(chips.size() == r.participants.size());
  CHECK(countries.size() == 58);
  CHECK(kaz > 0.87 * r.participants.size());
  CHECK(kaz < 0.93 * r.participants.size());
  CHECK(oldest == 87);
  CHECK(oldest_count == 1);
  CHECK(age_sum / r.participants.size() == Approx(33).margin(1.5));
  CHECK(per_contest["10k"] == Approx(9'600).margin(100));
  CHECK(per_contest["nordic"] == Approx(700).margin(10));
  CHECK(per_contest["marathon"] == Approx(2'600).margin(20));
  CHECK(per_contest["half"] == Approx(3'600).margin(20));
  CHECK(per_contest["ekiden"] == 113 * 6);
  CHECK(vip >= 5);
  CHECK(pron > 100);
  CHECK(notes > 300);

  int lower = 0, upper = 0;
  for (const char* letter : {"ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і"})
    lower += names.find(letter) != std::string::npos;
  for (const char* letter : {"Ә", "Ғ", "Қ", "Ң", "Ө", "Ұ", "Ү", "Һ", "І"})
    upper += names.find(letter) != std::string::npos;
  CHECK(lower == 9);
  CHECK(upper >= 7);
  for (const char* latin : {"é", "ü", "ø", "ř", "ł", "ʻ"})
    CHECK(names.find(latin) != std::string::npos);
}

TEST_CASE("almaty bibs, waves and guns", "[almaty]") {
  const bundle::AlmatyRace& r = full_race();
  Problems problems;
  const std::map<std::string, std::pair<long long, long long>> ranges = {
      {"marathon", {1, 3000}},
      {"half", {3001, 7000}},
      {"10k", {10001, 20000}},
      {"nordic", {20001, 21000}}};
  std::map<std::string, std::set<std::string>> team_numbers;  // team name -> bib prefixes
  for (const race::Participant& p : r.participants) {
    if (p.contest == "ekiden") {
      problems.expect(p.bib.size() == 6 && p.bib[0] == 'E' && p.bib[4] == '-' &&
                          p.bib.substr(5) == std::to_string(p.leg),
                      p.bib + ": relay bib is not E<team>-<leg>");
      problems.expect(!p.team.empty(), p.bib + ": relay runner without a team");
      team_numbers[p.team].insert(p.bib.substr(0, 4));
      continue;
    }
    const long long bib = core::parse_int(p.bib).value_or(0);
    const auto [lo, hi] = ranges.at(p.contest);
    problems.expect(bib >= lo && bib <= hi, p.bib + ": outside the bib range of " + p.contest);
    problems.expect(p.wave.empty() == (p.contest != "10k"), p.bib + ": wave " + p.wave);
  }
  std::vector<const race::GunEvent*> guns;
  std::int64_t seq = 0;
  core::UtcMs last{};
  for (const race::Event& e : r.events) {
    std::visit(
        [&](const auto& v) {
          ++seq;
          problems.expect(v.origin.source == "almaty-sim" && v.origin.epoch == "almaty-2025" &&
                              v.origin.seq == seq,
                          "event " + std::to_string(seq) + ": origin");
        },
        e);
    if (const auto* g = std::get_if<race::GunEvent>(&e)) guns.push_back(g);
    if (const auto* p = std::get_if<race::Passing>(&e)) {
      problems.expect(p->time >= last, "event " + std::to_string(seq) + ": earlier than the last");
      last = p->time;
    }
  }
  INFO(problems.first);
  CHECK(problems.count == 0);
  CHECK(team_numbers.size() == 113);
  for (const auto& [team, numbers] : team_numbers) CHECK(numbers.size() == 1);
  REQUIRE(guns.size() == 6);  // four contests and the two 10 km waves
  for (const race::GunEvent* g : guns) {
    const race::Contest& c = *almaty_config().find_contest(g->contest);
    const auto scheduled = g->wave.empty() ? *c.gun : *almaty_config().find_wave(g->wave)->gun;
    CHECK(g->time >= scheduled);
    CHECK(g->time - scheduled < 1min);
  }
  // The marathon and the Ekiden go off on the same gun.
  CHECK(gun_time(r, "marathon") == gun_time(r, "ekiden"));
}

TEST_CASE("almaty passings follow each runner's course in order", "[almaty]") {
  const bundle::AlmatyRace& r = full_race();
  Problems problems;
  for (const auto& [bib, rr] : by_bib(r)) {
    REQUIRE(rr.p);
    const race::Contest& c = *almaty_config().find_contest(rr.p->contest);
    for (const race::Passing* p : rr.reads) {
      problems.expect(point_of(c, p->mat) != nullptr,
                      bib + ": read at " + p->mat + ", off its course");
      problems.expect(p->chip == rr.p->chips.at(0), bib + ": chip " + p->chip);
    }
    std::int32_t last_m = -1;
    core::UtcMs last_t{};
    for (const race::Passing* p : first_reads(rr)) {
      const race::ContestPoint* pt = point_of(c, p->mat);
      if (!pt) continue;
      problems.expect(pt->distance_m > last_m && p->time > last_t,
                      bib + ": read at " + p->mat + " out of order");
      last_m = pt->distance_m;
      last_t = p->time;
    }
  }
  INFO(problems.first);
  CHECK(problems.count == 0);
}

TEST_CASE("almaty injects no-shows, drop-outs, lost and repeated reads", "[almaty]") {
  const bundle::AlmatyRace& r = full_race();
  const auto runners = by_bib(r);
  Problems problems;
  int individuals = 0, dns = 0, dns_reported = 0, dnf = 0, dnf_reported = 0, missed = 0,
      duplicated = 0;
  for (const auto& [bib, rr] : runners) {
    duplicated += rr.reads.size() != first_reads(rr).size();
    if (rr.p->contest == "ekiden") continue;
    ++individuals;
    const race::Contest& c = *almaty_config().find_contest(rr.p->contest);
    const auto reads = first_reads(rr);
    const bool finished = !reads.empty() && reads.back()->mat == "finish";
    if (reads.empty()) {
      ++dns;
      problems.expect(!rr.status || rr.status->status == race::RunnerStatus::dns,
                      bib + ": no-show with a status other than DNS");
      dns_reported += rr.status != nullptr;
    } else if (!finished) {
      ++dnf;
      problems.expect(reads.front()->mat == "start", bib + ": drop-out without a start read");
      problems.expect(!rr.status || (rr.status->status == race::RunnerStatus::dnf &&
                                     rr.status->origin.seq > reads.back()->origin.seq),
                      bib + ": DNF status wrong or before the last read");
      dnf_reported += rr.status != nullptr;
    } else {
      problems.expect(rr.status == nullptr, bib + ": finisher with a status");
      problems.expect(reads.front()->mat == "start", bib + ": finisher without a start read");
      problems.expect(reads.size() + 1 >= c.points.size(), bib + ": more than one mat lost");
      missed += reads.size() + 1 == c.points.size();
    }
  }
  INFO(problems.first);
  CHECK(problems.count == 0);
  const double n = individuals;
  CHECK(dns / n == Approx(0.005).margin(0.003));
  CHECK(dns_reported > 0);
  CHECK(dns_reported < dns);
  CHECK(dnf / n == Approx(0.025).margin(0.007));
  CHECK(static_cast<double>(dnf_reported) / dnf == Approx(0.5).margin(0.15));
  CHECK(missed / n == Approx(0.01).margin(0.004));
  CHECK(static_cast<double>(duplicated) / runners.size() == Approx(0.02).margin(0.006));
}

TEST_CASE("almaty elites race near the course records", "[almaty]") {
  const bundle::AlmatyRace& r = full_race();
  std::map<std::string, std::vector<core::Ms>> finish;  // contest + gender -> gun times
  std::map<std::string, core::UtcMs> guns;
  for (const char* c : {"marathon", "half", "10k", "nordic"}) guns[c] = gun_time(r, c);
  for (const auto& [bib, rr] : by_bib(r)) {
    const auto reads = first_reads(rr);
    if (reads.empty() || reads.back()->mat != "finish" || rr.p->contest == "ekiden") continue;
    const std::string key = rr.p->contest + std::string(race::to_string(rr.p->gender));
    finish[key].push_back(reads.back()->time - guns[rr.p->contest]);
  }
  for (auto& [key, times] : finish) std::sort(times.begin(), times.end());
  auto within = [](core::Ms t, core::Ms lo, core::Ms hi) { return t >= lo && t <= hi; };
  CHECK(within(finish["marathonM"][0], 2h + 19min, 2h + 22min));
  CHECK(within(finish["marathonM"][2], 2h + 20min, 2h + 26min));
  CHECK(within(finish["marathonF"][0], 2h + 42min, 2h + 46min));
  CHECK(within(finish["marathonF"][2], 2h + 43min, 2h + 52min));
  CHECK(within(finish["halfM"][0], 1h + 2min + 30s, 1h + 5min));
  CHECK(within(finish["halfF"][0], 1h + 12min + 30s, 1h + 16min));
  CHECK(within(finish["10kM"][0], 29min, 32min + 30s));

  // The mass field: a marathon that peaks a little after four hours and is over by 7 hours.
  std::vector<core::Ms> all = finish["marathonM"];
  all.insert(all.end(), finish["marathonF"].begin(), finish["marathonF"].end());
  std::sort(all.begin(), all.end());
  CHECK(within(all[all.size() / 2], 4h, 4h + 45min));
  CHECK(all.back() < 7h);
  std::map<int, int> quarter_hours;
  for (core::Ms t : all) ++quarter_hours[static_cast<int>(t / 15min)];
  const auto mode =
      std::max_element(quarter_hours.begin(), quarter_hours.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; });
  CHECK(within(mode->first * 15min, 3h + 45min, 4h + 45min));
}

TEST_CASE("almaty marathoners fade after 30 km", "[almaty]") {
  const bundle::AlmatyRace& r = full_race();
  int slower_late = 0, finishers = 0;
  for (const auto& [bib, rr] : by_bib(r)) {
    if (rr.p->contest != "marathon") continue;
    std::map<std::string, core::UtcMs> at;
    for (const race::Passing* p : first_reads(rr)) at[p->mat] = p->time;
    if (!at.count("start") || !at.count("20K") || !at.count("30K") || !at.count("40K")) continue;
    ++finishers;
    const auto early = (at["20K"] - at["start"]) / 20;  // per km
    const auto late = (at["40K"] - at["30K"]) / 10;
    slower_late += late > early * 1.03;
  }
  CHECK(finishers > 2'000);
  CHECK(static_cast<double>(slower_late) / finishers > 0.4);
}

TEST_CASE("almaty ekiden legs hand over at the exchange mats", "[almaty]") {
  const bundle::AlmatyRace& r = full_race();
  const race::Contest& c = *almaty_config().find_contest("ekiden");
  const auto runners = by_bib(r);
  std::map<std::string, std::vector<const RunnerReads*>> teams;
  for (const auto& [bib, rr] : runners)
    if (rr.p->contest == "ekiden") teams[rr.p->team].push_back(&rr);
  CHECK(teams.size() == 113);
  Problems problems;
  for (auto& [team, legs] : teams) {
    INFO(team);
    REQUIRE(legs.size() == 6);
    std::sort(legs.begin(), legs.end(), [](auto* a, auto* b) { return a->p->leg < b->p->leg; });
    core::UtcMs handover{};
    std::int32_t leg_start = 0;
    for (int l = 0; l < 6; ++l) {
      const auto reads = first_reads(*legs[l]);
      const race::RelayLeg& leg = c.legs[l];
      const std::string who = legs[l]->p->bib;
      REQUIRE(legs[l]->p->leg == l + 1);
      REQUIRE(!reads.empty());
      problems.expect(l > 0 || reads.front()->mat == "start", who + ": leg 1 has no start read");
      problems.expect(l == 0 || reads.front()->time > handover,
                      who + ": reads before the handover");
      for (const race::Passing* p : reads) {
        const race::ContestPoint* pt = point_of(c, p->mat);
        problems.expect(pt && pt->distance_m >= leg_start + (l > 0 ? 1 : 0) &&
                            pt->distance_m <= leg_start + leg.distance_m,
                        who + ": read at " + p->mat + " outside the leg");
      }
      problems.expect(reads.back()->mat == leg.end_mat,
                      who + ": the last read is not the exchange " + leg.end_mat);
      handover = reads.back()->time;
      leg_start += leg.distance_m;
    }
  }
  INFO(problems.first);
  CHECK(problems.count == 0);
}

TEST_CASE("almaty sample saves as a bundle and loads back", "[almaty]") {
  const auto race = bundle::generate_almaty(almaty_config(), {11, 0.05});
  const std::filesystem::path dir = PACECAST_BINARY_DIR "/test_out/almaty_bundle";
  std::filesystem::remove_all(dir);
  bundle::save(dir, almaty_config(), race.participants, race.events);
  const bundle::Bundle loaded = bundle::load(dir);
  for (const bundle::LineProblem& p : loaded.problems)
    UNSCOPED_INFO(p.file << ":" << p.line << ": " << p.reason);
  CHECK(loaded.problems.empty());
  REQUIRE(loaded.participants.size() == race.participants.size());
  REQUIRE(loaded.events.size() == race.events.size());
  for (std::size_t i = 0; i < race.participants.size(); ++i)
    REQUIRE(describe(loaded.participants[i]) == describe(race.participants[i]));
  for (std::size_t i = 0; i < race.events.size(); ++i)
    REQUIRE(describe(loaded.events[i]) == describe(race.events[i]));
}

TEST_CASE("almaty events apply cleanly to the race model", "[almaty]") {
  const auto race = bundle::generate_almaty(almaty_config(), {3, 0.05});
  race::RaceModel model(std::make_shared<const race::RaceConfig>(almaty_config()),
                        race.participants);
  std::map<race::ApplyResult, int> results;
  int duplicates_injected = 0;
  for (const auto& [bib, rr] : by_bib(race))
    duplicates_injected += static_cast<int>(rr.reads.size() - first_reads(rr).size());
  for (const race::Event& e : race.events) ++results[model.apply(e)];
  for (const auto& [result, n] : results) UNSCOPED_INFO(race::to_string(result) << ": " << n);
  CHECK(results[race::ApplyResult::unknown_runner] == 0);
  CHECK(results[race::ApplyResult::unknown_mat] == 0);
  CHECK(results[race::ApplyResult::unknown_target] == 0);
  CHECK(results[race::ApplyResult::rejected] == 0);
  CHECK(results[race::ApplyResult::duplicate] + results[race::ApplyResult::no_change] ==
        duplicates_injected);
  const auto snapshot = model.publish();
  REQUIRE(snapshot);
  CHECK(snapshot->counters().impossible == 0);  // nobody faster than a world record
}

TEST_CASE("almaty fields larger than the real race take overflow bibs", "[almaty]") {
  const auto race = bundle::generate_almaty(almaty_config(), {5, 1.2});
  std::set<std::string> bibs;
  int overflow = 0;
  for (const race::Participant& p : race.participants) {
    bibs.insert(p.bib);
    overflow += p.contest == "marathon" && core::parse_int(p.bib).value_or(0) > 30'000;
  }
  CHECK(bibs.size() == race.participants.size());
  CHECK(overflow == Approx(1.2 * 2'600 - 3'000).margin(20));  // past bib 3000
  CHECK_THROWS_AS(bundle::generate_almaty(almaty_config(), {5, 0}), core::Error);
}

}  // namespace almaty_test
