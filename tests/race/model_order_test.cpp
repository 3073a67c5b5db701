// The model's state depends on the set of events, not on their arrival order: a random field
// with duplicates, missed mats and impossible reads gives identical results under shuffles.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "model_fixture.h"
#include "race/model.h"
#include "race/results.h"

namespace model_order_test {

using namespace race;

namespace {

struct Generated {
  std::vector<Participant> people;
  std::vector<Event> events;
};

Generated generate(std::uint32_t seed, int runners) {
  std::mt19937 rng(seed);
  auto uniform = [&](int lo, int hi) {
    return lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo + 1));
  };
  Generated g;
  std::int64_t seq = 1;
  const char* mats[] = {"start", "5K", "pre", "finish"};
  const double dist[] = {0, 5000, 9800, 10000};
  for (int i = 0; i < runners; ++i) {
    const std::string bib = std::to_string(100 + i);
    g.people.push_back(
        fixture::runner(bib, i % 3 ? Gender::male : Gender::female, uniform(18, 70)));
    const double pace_ms_per_m = uniform(180, 420);  // 3:00 to 7:00 per km
    const int delay_ms = uniform(0, 60000);
    const int stop = uniform(0, 9) == 0 ? uniform(1, 3) : 4;  // some stop early
    for (int p = 0; p < stop; ++p) {
      if (p > 0 && p < 3 && uniform(0, 9) == 0) continue;  // missed mat
      auto t = fixture::at(9, 0, 0) +
               core::Ms(delay_ms + static_cast<std::int64_t>(dist[p] * pace_ms_per_m));
      if (uniform(0, 30) == 0) t = fixture::at(9, 1, 0);             // a bad read
      t += core::Ms(uniform(0, 2) == 0 ? 1000 * uniform(0, 2) : 0);  // equal-time ties happen
      g.events.push_back(fixture::passing(bib, mats[p], t, seq++));
      if (uniform(0, 5) == 0)
        g.events.push_back(fixture::passing(bib, mats[p], t + core::Ms(uniform(0, 4000)), seq++));
      if (uniform(0, 20) == 0) g.events.push_back(g.events.back());  // re-sent message
    }
    if (uniform(0, 25) == 0) {
      StatusChange st;
      st.origin = {"test", "e1", seq++};
      st.bib = bib;
      st.status = RunnerStatus::dnf;
      g.events.push_back(st);
    }
  }
  return g;
}

std::string final_csv(const Generated& g, const std::vector<Event>& events) {
  RaceModel m(fixture::config(), g.people);
  for (const auto& e : events) m.apply(e);
  auto s = m.publish();
  std::string out = format_results_csv(compute_results(*s));
  // Places at every point, not only live.
  for (int p = 0; p < 4; ++p) {
    StandingsQuery q;
    q.contest = 0;
    q.point = p;
    for (const auto& st : s->standings(q))
      out += std::to_string(p) + ":" + s->participant(st.runner).bib + "=" +
             std::to_string(st.place) + ";";
  }
  out += "\nimpossible=" + std::to_string(s->counters().impossible);
  return out;
}

}  // namespace

TEST_CASE("arrival order does not change the race", "[model][order]") {
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    const Generated g = generate(seed, 150);
    const std::string expected = final_csv(g, g.events);
    std::mt19937 rng(seed * 7919);
    for (int round = 0; round < 4; ++round) {
      auto shuffled = g.events;
      std::shuffle(shuffled.begin(), shuffled.end(), rng);
      INFO("seed " << seed << " round " << round);
      REQUIRE(final_csv(g, shuffled) == expected);
    }
  }
}

TEST_CASE("publishing in between does not change the race", "[model][order]") {
  const Generated g = generate(99, 300);
  RaceModel m(fixture::config(), g.people);
  std::vector<SnapshotPtr> kept;
  for (std::size_t i = 0; i < g.events.size(); ++i) {
    m.apply(g.events[i]);
    if (i % 17 == 0) kept.push_back(m.publish());
  }
  const auto s = m.publish();
  CHECK(format_results_csv(compute_results(*s)) == format_results_csv(compute_results(*[&] {
          RaceModel fresh(fixture::config(), g.people);
          for (const auto& e : g.events) fresh.apply(e);
          return fresh.publish();
        }())));
  // Older snapshots still answer consistently (their own rank lists and runner blocks).
  for (const auto& old : kept) {
    StandingsQuery q;
    q.contest = 0;
    const auto list = old->standings(q);
    for (std::size_t i = 1; i < list.size(); ++i) {
      CHECK(list[i - 1].place <= list[i].place);
      CHECK(old->live_place(list[i].runner, Scope::overall) == list[i].place);
    }
  }
}

TEST_CASE("live places from standings agree with live_place for every runner and scope",
          "[model][order]") {
  const Generated g = generate(5, 400);
  RaceModel m(fixture::config(), g.people);
  for (const auto& e : g.events) m.apply(e);
  auto s = m.publish();
  StandingsQuery q;
  q.contest = 0;
  for (const auto& st : s->standings(q))
    REQUIRE(s->live_place(st.runner, Scope::overall) == st.place);
  for (Gender gender : {Gender::male, Gender::female}) {
    q.scope = Scope::gender;
    q.gender = gender;
    for (const auto& st : s->standings(q))
      REQUIRE(s->live_place(st.runner, Scope::gender) == st.place);
  }
  for (int p = 0; p < 4; ++p) {
    StandingsQuery at;
    at.contest = 0;
    at.point = p;
    for (const auto& st : s->standings(at))
      REQUIRE(s->place(st.runner, p, Scope::overall) == st.place);
    at.scope = Scope::category;
    for (int c = 0; c < 4; ++c) {
      at.category = c;
      for (const auto& st : s->standings(at))
        REQUIRE(s->place(st.runner, p, Scope::category) == st.place);
    }
  }
}

}  // namespace model_order_test
