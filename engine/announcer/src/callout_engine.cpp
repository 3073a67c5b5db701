// The callout engine: finds facts with the watches, filters them by age, de-duplicates and
// rate-limits them, and renders the sentences.
#include <algorithm>
#include <deque>
#include <unordered_set>

#include "announcer/callouts.h"
#include "core/error.h"
#include "facts.h"

namespace announcer {
namespace {

using detail::Fact;

constexpr core::Ms kRateWindow{60'000};

// FNV-1a: the same sentence variant for the same fact on every machine and every run.
std::size_t stable_hash(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return static_cast<std::size_t>(h);
}

Priority lowered(Priority p) {
  return p == Priority::high ? Priority::normal : Priority::low;
}

// Distance along the course where a relay runner's leg starts (0 for individual runners).
std::int32_t leg_start_m(const race::Contest& c, const race::Participant& p) {
  std::int32_t m = 0;
  if (c.kind != race::ContestKind::relay) return 0;
  for (const race::RelayLeg& leg : c.legs) {
    if (leg.number >= p.leg) break;
    m += leg.distance_m;
  }
  return m;
}

}  // namespace

bool default_callable(const race::RaceSnapshot& race, race::RunnerId id) {
  const race::RunnerState& st = race.runner(id);
  if (st.contest < 0) return false;
  const race::Contest& c = race.contest_of(id);
  const std::int32_t from_m = leg_start_m(c, race.participant(id));
  for (std::size_t p = 0; p < c.points.size(); ++p) {
    const race::ReadKind k = st.kind[p];
    if (k == race::ReadKind::impossible) return false;
    if (static_cast<int>(p) >= st.furthest) continue;
    const race::ContestPoint& cp = c.points[p];
    if (cp.role == race::PointRole::start || (from_m > 0 && cp.distance_m <= from_m)) continue;
    if (k != race::ReadKind::read) return false;
  }
  return true;
}

struct CalloutEngine::Impl {
  Templates templates;
  CalloutOptions options;
  std::vector<std::size_t> shape;  // the config's point_counts(): what the watches index by
  std::vector<detail::LeaderWatch> leaders;
  std::vector<detail::FinishWatch> finishes;
  std::vector<detail::ExchangeWatch> exchanges;
  std::vector<bool> welcomed;  // per contest
  std::int64_t day_finishers = 0;
  std::set<race::RunnerId> vips_called;
  std::map<std::string, std::vector<race::RunnerId>> teams;
  std::uint64_t teams_generation = ~std::uint64_t{0};
  std::unordered_set<std::string> seen;  // every id reported, said or dropped
  std::deque<core::UtcMs> said_at;       // instants of callouts said, for the rate limit
  CalloutCounters counters;

  Impl(Templates t, const race::RaceConfig& config, CalloutOptions o);
  void refresh_teams(const race::RaceSnapshot& race);
  void vip_facts(const detail::Step& s, std::span<const Approaching> approaching,
                 std::vector<Fact>& out);
  std::vector<Fact> find(const detail::Step& s, std::span<const Approaching> approaching);
  Priority priority_of(const Fact& f) const;
  std::vector<const Fact*> admit(const std::vector<Fact>& facts, core::UtcMs now);
  Callout render(const Fact& f) const;
};

CalloutEngine::Impl::Impl(Templates t, const race::RaceConfig& config, CalloutOptions o)
    : templates(std::move(t)), options(std::move(o)) {
  if (!options.callable) options.callable = default_callable;
  shape = config.point_counts();
  for (std::size_t ci = 0; ci < config.contests.size(); ++ci) {
    const race::Contest& c = config.contests[ci];
    const int contest = static_cast<int>(ci);
    welcomed.push_back(false);
    if (c.points.size() < 2) continue;
    const int finish = static_cast<int>(c.points.size()) - 1;
    if (c.kind == race::ContestKind::relay) {
      for (const race::RelayLeg& leg : c.legs) {
        if (leg.number >= static_cast<int>(c.legs.size())) continue;  // the last: the finish
        for (int p = 0; p < finish; ++p)
          if (c.points[static_cast<std::size_t>(p)].mat == leg.end_mat)
            exchanges.push_back({contest, leg.number, p, {}});
      }
      continue;
    }
    for (const race::Gender g : {race::Gender::male, race::Gender::female}) {
      detail::LeaderWatch w;
      w.contest = contest;
      w.gender = g;
      leaders.push_back(w);
    }
    detail::FinishWatch w;
    w.contest = contest;
    w.point = finish;
    finishes.push_back(std::move(w));
  }
}

void CalloutEngine::Impl::refresh_teams(const race::RaceSnapshot& race) {
  if (exchanges.empty() || race.participants_generation() == teams_generation) return;
  teams.clear();
  for (std::size_t i = 0; i < race.runner_count(); ++i) {
    const auto id = static_cast<race::RunnerId>(i);
    const race::RunnerState& st = race.runner(id);
    if (st.contest < 0) continue;
    const race::Contest& c = race.contest_of(id);
    const race::Participant& p = race.participant(id);
    if (c.kind != race::ContestKind::relay || p.team.empty() || p.leg < 1) continue;
    auto& members = teams[p.team];
    if (members.size() < c.legs.size()) members.resize(c.legs.size(), -1);
    if (static_cast<std::size_t>(p.leg) <= members.size())
      members[static_cast<std::size_t>(p.leg - 1)] = id;
  }
  teams_generation = race.participants_generation();
}

void CalloutEngine::Impl::vip_facts(const detail::Step& s, std::span<const Approaching> approaching,
                                    std::vector<Fact>& out) {
  for (const Approaching& a : approaching) {
    if (a.runner < 0 || static_cast<std::size_t>(a.runner) >= s.race.runner_count()) continue;
    const race::Participant& p = s.race.participant(a.runner);
    if (!p.vip || a.eta - s.now > options.vip_within || vips_called.count(a.runner)) continue;
    const race::RunnerState& st = s.race.runner(a.runner);
    if (st.contest < 0) continue;
    const int finish = static_cast<int>(s.race.contest_of(a.runner).points.size()) - 1;
    if (st.point(finish).usable() || !s.callable(s.race, a.runner)) continue;
    vips_called.insert(a.runner);
    Fact f;
    f.kind = CalloutKind::vip_approaching;
    f.id = "vip_approaching/" + p.bib;
    // The fact: the runner came within vip_within of the finish. Its instant stays the same
    // from step to step, so an engine restarted meanwhile says it with the same time.
    f.at = std::min(s.now, a.eta - options.vip_within);
    detail::add_runner(s.race, a.runner, f);
    f.values["note"] = p.note;
    f.durations["eta"] = std::max(core::Ms(0), a.eta - s.now);
    f.reason = "VIP due at the finish in " + core::format_short(f.durations["eta"]) + ": " +
               detail::who(s.race, a.runner);
    out.push_back(std::move(f));
  }
}

std::vector<Fact> CalloutEngine::Impl::find(const detail::Step& s,
                                            std::span<const Approaching> approaching) {
  std::vector<Fact> facts;
  const auto& contests = s.race.config().contests;
  for (std::size_t c = 0; c < contests.size(); ++c) {
    const auto gun = s.race.contest_gun_time(static_cast<int>(c));
    if (welcomed[c] || !gun || *gun > s.now) continue;
    welcomed[c] = true;
    Fact f;
    f.kind = CalloutKind::welcome;
    f.id = "welcome/" + contests[c].id;
    f.at = *gun;
    f.values["contest"] = contests[c].name;
    f.values["race"] = s.race.config().name;
    f.reason = contests[c].name + " gun";
    facts.push_back(std::move(f));
  }
  for (auto& w : leaders) {
    detail::leader_facts(s, w, facts);
    detail::gap_facts(s, options, w, facts);
  }
  std::vector<detail::Finisher> day;
  for (auto& w : finishes) {
    detail::finish_facts(s, options, w, day, facts);
    detail::correction_facts(s, w, facts);
  }
  std::sort(day.begin(), day.end(), detail::kEarliestFirst);
  detail::milestone_facts(s, options, day, day_finishers, facts);
  day_finishers += static_cast<std::int64_t>(day.size());
  refresh_teams(s.race);
  for (auto& w : exchanges) detail::exchange_facts(s, teams, w, facts);
  vip_facts(s, approaching, facts);
  return facts;
}

Priority CalloutEngine::Impl::priority_of(const Fact& f) const {
  const KindTemplates* k = templates.find(f.kind);
  const Priority p = k ? k->priority : Priority::normal;
  return f.demoted ? lowered(p) : p;
}

// The age and de-duplication filters, then the rate limit: high priority first (never
// dropped), then normal, then low, each in race-time order, so a burst is thinned from the
// bottom. Returns the facts to say, in race-time order.
std::vector<const Fact*> CalloutEngine::Impl::admit(const std::vector<Fact>& facts,
                                                    core::UtcMs now) {
  const core::UtcMs oldest = now - options.max_age;
  std::vector<const Fact*> candidates;
  for (const Fact& f : facts) {
    if (!seen.insert(f.id).second) {
      ++counters.repeated;
      continue;
    }
    if (f.at < oldest) {
      ++counters.too_old;
      continue;
    }
    const KindTemplates* k = templates.find(f.kind);
    if (!k || !k->enabled) {
      ++counters.disabled;
      continue;
    }
    candidates.push_back(&f);
  }
  while (!said_at.empty() && said_at.front() < oldest - kRateWindow) said_at.pop_front();
  std::vector<const Fact*> out;
  for (const Priority p : {Priority::high, Priority::normal, Priority::low}) {
    const int limit =
        p == Priority::normal ? templates.rate.normal_per_minute : templates.rate.low_per_minute;
    for (const Fact* f : candidates) {
      if (priority_of(*f) != p) continue;
      if (p != Priority::high) {
        const auto in_window = std::count_if(said_at.begin(), said_at.end(), [&](core::UtcMs t) {
          return t > f->at - kRateWindow && t <= f->at;
        });
        if (in_window >= limit) {
          ++counters.rate_limited;
          continue;
        }
      }
      said_at.insert(std::upper_bound(said_at.begin(), said_at.end(), f->at), f->at);
      out.push_back(f);
    }
  }
  std::sort(out.begin(), out.end(), [&](const Fact* a, const Fact* b) {
    if (a->at != b->at) return a->at < b->at;
    const Priority pa = priority_of(*a), pb = priority_of(*b);
    if (pa != pb) return pa > pb;
    return a->id < b->id;
  });
  counters.said += out.size();
  return out;
}

Callout CalloutEngine::Impl::render(const Fact& f) const {
  Callout c;
  c.id = f.id;
  c.kind = f.kind;
  c.priority = priority_of(f);
  c.at = f.at;
  c.runners = f.runners;
  c.reason = f.reason;
  const std::size_t variant = stable_hash(f.id);
  for (const std::string_view lang : kLanguages) {
    std::map<std::string, std::string> values = f.values;
    for (const auto& [key, d] : f.durations) values[key] = say_duration(lang, d);
    if (f.group != race::Gender::invalid) values["group"] = templates.group(lang, f.group);
    if (f.place > 0) values["place"] = say_place(lang, f.place);
    if (f.count > 0) values["count"] = say_count(lang, f.count);
    std::string text = templates.render(f.kind, lang, variant, values);
    if (!text.empty()) c.text.emplace(std::string(lang), std::move(text));
  }
  return c;
}

CalloutEngine::CalloutEngine(Templates templates, const race::RaceConfig& config,
                             CalloutOptions options)
    : impl_(std::make_unique<Impl>(std::move(templates), config, std::move(options))) {}
CalloutEngine::~CalloutEngine() = default;
CalloutEngine::CalloutEngine(CalloutEngine&&) noexcept = default;
CalloutEngine& CalloutEngine::operator=(CalloutEngine&&) noexcept = default;

const Templates& CalloutEngine::templates() const {
  return impl_->templates;
}

const CalloutCounters& CalloutEngine::counters() const {
  return impl_->counters;
}

std::vector<Callout> CalloutEngine::step(const race::RaceSnapshot& race, core::UtcMs now,
                                         std::span<const Approaching> approaching) {
  Impl& m = *impl_;
  if (race.config().point_counts() != m.shape)
    throw core::Error(
        "announcer: the race's contests or their mats changed since the callouts "
        "were set up for " +
        race.config().name + "; restart the announcer (pacecast run) to load the new race.toml");
  const detail::Step s{race, now, m.options.callable};
  const std::vector<Fact> facts = m.find(s, approaching);
  std::vector<Callout> out;
  for (const Fact* f : m.admit(facts, now)) {
    out.push_back(m.render(*f));
    out.back().bibs.reserve(f->runners.size());
    for (const race::RunnerId id : f->runners) out.back().bibs.push_back(race.participant(id).bib);
  }
  return out;
}

}  // namespace announcer
