// The arrival board on the Almaty replay: at several instants the queue holds runners who
// really reach the finish within the horizon, in ETA order and correctly grouped; runners
// who have crossed are gone; projected places agree with the final results.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "announcer/arrivals.h"
#include "fixture.h"

namespace arrivals_test {

namespace {

using namespace announcer_test;
using namespace std::chrono_literals;

struct Projected {
  race::RunnerId id;
  int place;
};

}  // namespace

TEST_CASE("arrival board on the Almaty replay", "[arrivals][almaty]") {
  const auto config = almaty_config();
  announcer::ArrivalQuery q;
  q.limit = 1000;  // everything due: the test checks the whole queue
  announcer::ArrivalBoard board(q);
  const auto& finish_reads = almaty_reads_at("finish");
  std::vector<Projected> projected;
  int checked_steps = 0, listed = 0, late = 0, due = 0, due_listed = 0;
  int step = 0;
  replay_almaty(local(*config, "09:00:00"), local(*config, "11:00:00"), 10s,
                [&](const race::RaceSnapshot& s, core::UtcMs now) {
                  const auto arrivals = board.update(s, now);
                  if (++step % 30 != 0) return;  // check every 5 minutes of race time
                  ++checked_steps;
                  CHECK(arrivals.now == now);
                  std::set<race::RunnerId> in_queue;
                  core::UtcMs previous{};
                  for (std::size_t g = 0; g < arrivals.groups.size(); ++g) {
                    const auto& group = arrivals.groups[g];
                    REQUIRE_FALSE(group.arrivals.empty());
                    CHECK(group.eta == group.arrivals.front().eta);
                    if (g > 0) CHECK(group.eta - previous > q.group_window);  // a new group: a gap
                    for (std::size_t i = 0; i < group.arrivals.size(); ++i) {
                      const auto& a = group.arrivals[i];
                      if (i > 0) CHECK(a.eta - previous <= q.group_window);  // same group: close
                      CHECK(a.eta >= previous);
                      previous = a.eta;
                      in_queue.insert(a.runner);
                      ++listed;
                      CHECK(a.bib == s.participant(a.runner).bib);
                      CHECK(a.eta <= now + q.horizon);
                      CHECK(a.eta >= now - q.grace);
                      CHECK(a.seconds_to_go == Approx(double((a.eta - now).count()) / 1000.0));
                      CHECK(a.place_overall >= 1);
                      // Nobody in the queue has crossed the finish yet...
                      const auto read = finish_reads.find(a.bib);
                      if (read == finish_reads.end())
                        continue;  // stopped between the last mat and the line
                      CHECK(read->second > now);
                      // ...and they do cross within the horizon, give or take. (A 10 km
                      // runner predicted from the 5 km mat, 4.8 km out, may be a minute or
                      // two off; from the pre-finish mat nobody may be.)
                      if (read->second > now + q.horizon + 30s) {
                        ++late;
                        CHECK(a.method != announcer::Method::pre_finish);
                      }
                      // Places projected from gun times (marathon, half) settle once everyone
                      // is in; net-ranked contests with waves change until the last finisher.
                      if (s.contest_of(a.runner).rank_by == race::RankBy::gun)
                        projected.push_back({a.runner, a.place_overall});
                    }
                  }
                  // Recall: those who really finish 20 to 90 s from now are nearly all listed.
                  for (const auto& [bib, t] : finish_reads) {
                    if (t <= now + 20s || t > now + 90s) continue;
                    const auto id = s.find_bib(bib);
                    if (!id || s.runner(*id).furthest < 0) continue;
                    ++due;
                    due_listed += in_queue.count(*id) ? 1 : 0;
                  }
                });
  INFO("steps " << checked_steps << ", listed " << listed << ", late " << late << ", due " << due
                << ", due and listed " << due_listed);
  CHECK(checked_steps == 24);
  CHECK(listed > 500);
  CHECK(late <= listed / 16);
  CHECK(due_listed >= due * 9 / 10);

  // Projected places against the final ones (the finish places once everyone is in).
  const auto final = snapshot_of(config, almaty_race().participants, almaty_race().events,
                                 [](const race::Event&) { return true; });
  std::vector<int> diffs;
  for (const auto& p : projected) {
    const int finish = static_cast<int>(final->contest_of(p.id).points.size()) - 1;
    const int actual = final->place(p.id, finish, race::Scope::overall);
    if (actual > 0) diffs.push_back(std::abs(actual - p.place));
  }
  std::sort(diffs.begin(), diffs.end());
  REQUIRE(diffs.size() > 300);
  INFO("place differences: median " << diffs[diffs.size() / 2] << ", p90 "
                                    << diffs[diffs.size() * 9 / 10]);
  CHECK(diffs[diffs.size() / 2] <= 3);
  CHECK(diffs[diffs.size() * 8 / 10] <= 10);
}

TEST_CASE("a runner who has just crossed the finish leaves the board", "[arrivals][almaty]") {
  const auto config = almaty_config();
  announcer::ArrivalBoard board;  // defaults: every contest's finish, 120 s, 40 runners
  const auto& finish_reads = almaty_reads_at("finish");
  std::map<race::RunnerId, core::UtcMs> seen;  // listed at some step: its finish read
  int gone_checked = 0;
  replay_almaty(local(*config, "09:40:00"), local(*config, "09:50:00"), 1s,
                [&](const race::RaceSnapshot& s, core::UtcMs now) {
                  const auto arrivals = board.update(s, now);
                  CHECK(arrivals.count() <= 40);
                  std::set<race::RunnerId> now_listed;
                  for (const auto& g : arrivals.groups)
                    for (const auto& a : g.arrivals) {
                      now_listed.insert(a.runner);
                      if (const auto r = finish_reads.find(a.bib); r != finish_reads.end())
                        seen.emplace(a.runner, r->second);
                    }
                  for (const auto& [id, t] : seen)
                    if (t <= now) {  // crossed at or before this step: must be gone
                      CHECK(now_listed.count(id) == 0);
                      ++gone_checked;
                    }
                });
  CHECK(gone_checked > 200);
}

}  // namespace arrivals_test
