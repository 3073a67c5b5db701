// CalloutEngine: watches race snapshots for facts worth saying at the finish (new leaders,
// the lead gap, record pace, first finishers, category winners, milestones, relay
// exchanges, VIPs approaching) and turns them into short sentences per language, by
// priority, rate-limited and never the same twice. Pure: no I/O, no threads, no clock.
// Thread-safety: one thread (its owner) calls step(); the returned callouts are values.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "announcer/templates.h"
#include "core/time.h"
#include "race/config.h"
#include "race/snapshot.h"

namespace announcer {

struct Callout {
  // Stable for de-duplication, from the fact alone: "new_leader/marathon/M/30K",
  // "first_woman/half", "milestone/day/1000", "exchange/ekiden/E012/3", "vip/1234".
  std::string id;
  CalloutKind kind = CalloutKind::invalid;
  Priority priority = Priority::invalid;
  core::UtcMs at{};                         // the race instant of the fact
  std::map<std::string, std::string> text;  // language -> sentence
  std::vector<race::RunnerId> runners;      // who it is about (first = the subject)
  std::vector<std::string> bibs;            // their bibs, same order
  std::string reason;                       // why, in English, for the operator and the log
};

// A runner the arrival queue expects at the finish, and when.
struct Approaching {
  race::RunnerId runner = -1;
  core::UtcMs eta{};
};

// The default provenance check: no impossible read at any mat, and a read at every mat
// before the runner's furthest read (the start excepted: the gun stands in for it). A relay
// runner is checked over their own leg only.
bool default_callable(const race::RaceSnapshot& race, race::RunnerId id);

struct CalloutOptions {
  // Facts older than this (race time before the step's `now`) are never said: a restart or
  // a catch-up does not call what is long past.
  core::Ms max_age{120'000};
  // A change of the lead (first to second) between two mats beyond this is a callout.
  core::Ms gap_threshold{10'000};
  // A VIP is called once when their ETA at the finish is within this of `now`.
  core::Ms vip_within{60'000};
  // The Nth finisher of the day (every individual contest) and of each contest.
  std::vector<int> day_milestones{1000,  2000,  3000,  4000,  5000,  6000,  7000,
                                  8000,  9000,  10000, 12500, 15000, 17500, 20000,
                                  25000, 30000, 35000, 40000, 45000, 50000};
  std::vector<int> contest_milestones{};
  // Whether a runner may be called. A runner it rejects is never named: the next callable
  // runner takes their place (the first callable finisher is the first finisher called).
  // Takes the step's snapshot; default: default_callable.
  std::function<bool(const race::RaceSnapshot&, race::RunnerId)> callable;
};

// What the engine did with the facts it found, for the console and tests.
struct CalloutCounters {
  std::uint64_t said = 0;
  std::uint64_t too_old = 0;       // older than max_age
  std::uint64_t rate_limited = 0;  // dropped by the per-minute limit
  std::uint64_t repeated = 0;      // an id already said or dropped
  std::uint64_t disabled = 0;      // a kind with no template or enabled = false
};

class CalloutEngine {
 public:
  // The config is the race the snapshots come from; it is read for its shape only.
  CalloutEngine(Templates templates, const race::RaceConfig& config, CalloutOptions options = {});
  ~CalloutEngine();
  CalloutEngine(CalloutEngine&&) noexcept;
  CalloutEngine& operator=(CalloutEngine&&) noexcept;

  // Every fact that has happened by `now` and was not reported before, within max_age,
  // rate-limited, in race-time order (then priority, then id). `approaching` is the arrival
  // queue's list for the finish. Throws core::Error when the race's contests differ from
  // the config given at construction.
  std::vector<Callout> step(const race::RaceSnapshot& race, core::UtcMs now,
                            std::span<const Approaching> approaching = {});

  const Templates& templates() const;
  const CalloutCounters& counters() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace announcer
