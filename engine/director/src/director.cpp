#include "director/director.h"

#include <algorithm>

#include "core/error.h"

#include "placeholders.h"
#include "watches.h"

namespace director {
namespace {

using detail::Fact;

int point_of(const race::Contest& c, std::string_view mat) {
  for (std::size_t p = 0; p < c.points.size(); ++p)
    if (c.points[p].mat == mat) return static_cast<int>(p);
  return -1;
}

// vip_passes without a mat: the contest's pre-finish (announcer) mat, else the mat before
// the finish.
int vip_point(const race::Contest& c) {
  for (std::size_t p = 0; p < c.points.size(); ++p)
    if (c.points[p].role == race::PointRole::announcer) return static_cast<int>(p);
  return c.points.size() >= 2 ? static_cast<int>(c.points.size()) - 2 : -1;
}

// The points a rule watches on one contest's course.
std::vector<int> points_for(const Rule& r, const race::Contest& c) {
  std::vector<int> out;
  const bool every_mat = r.mat == kAnyMat || (r.mat.empty() && r.when == Trigger::leader_passes);
  if (r.when == Trigger::first_finisher) {
    if (!c.points.empty()) out.push_back(static_cast<int>(c.points.size()) - 1);
  } else if (every_mat) {
    for (std::size_t p = 0; p < c.points.size(); ++p)
      if (c.points[p].role != race::PointRole::start) out.push_back(static_cast<int>(p));
  } else if (r.mat.empty()) {
    if (const int p = vip_point(c); p >= 0) out.push_back(p);
  } else if (const int p = point_of(c, r.mat); p >= 0) {
    out.push_back(p);
  }
  return out;
}

bool relay(const race::Contest& c) {
  return c.kind == race::ContestKind::relay;
}

}  // namespace

struct Director::Impl {
  Rules rules;
  std::vector<detail::LeaderWatch> leaders;
  std::vector<detail::RecordWatch> records;
  std::vector<detail::VipWatch> vips;
  std::vector<detail::EveryWatch> everies;
  detail::VipCache vip_cache;
  std::vector<std::optional<core::UtcMs>> last_fired;        // per rule
  std::vector<std::pair<core::UtcMs, core::UtcMs>> windows;  // per rule: from, until
  std::vector<std::size_t> shape;  // point_counts() of the config checked against

  Impl(Rules r, const race::RaceConfig& config);
  void add_watches(std::size_t rule, const race::RaceConfig& config);
  bool passes(const Fact& f, core::UtcMs oldest);
  Action action(const Fact& f) const;
};

Director::Impl::Impl(Rules r, const race::RaceConfig& config) : rules(std::move(r)) {
  validate(rules, config);
  shape = config.point_counts();
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const Rule& rule = rules.rules[i];
    const auto day = [&](std::optional<core::Ms> tod, core::Ms fallback) {
      return core::local_to_utc(config.date, tod.value_or(fallback), config.utc_offset);
    };
    // Without a window a rule is open from a day before the race day to a day after.
    windows.emplace_back(day(rule.from, -std::chrono::hours(24)),
                         day(rule.until, std::chrono::hours(48)));
    last_fired.emplace_back();
    if (rule.enabled) add_watches(i, config);
  }
}

void Director::Impl::add_watches(std::size_t i, const race::RaceConfig& config) {
  const Rule& rule = rules.rules[i];
  if (rule.when == Trigger::every && rule.contest == kAnyContest) {
    everies.push_back({i, -1, 0});
    return;
  }
  for (std::size_t ci = 0; ci < config.contests.size(); ++ci) {
    const race::Contest& c = config.contests[ci];
    if (rule.contest != kAnyContest && rule.contest != c.id) continue;
    const int contest = static_cast<int>(ci);
    switch (rule.when) {
      case Trigger::leader_passes:
      case Trigger::first_finisher:
        if (relay(c)) break;
        for (int p : points_for(rule, c))
          leaders.push_back({i, contest, p, rule.when == Trigger::first_finisher, -1});
        break;
      case Trigger::record_delta_crosses_zero:
        if (relay(c)) break;
        for (std::size_t k = 0; k < c.records.size(); ++k) {
          const race::CourseRecord& rec = c.records[k];
          if (rec.label != rule.record) continue;
          if (rule.gender != race::Gender::invalid && rec.gender != rule.gender) continue;
          records.push_back({i, contest, k, 1, 0, -1});
        }
        break;
      case Trigger::vip_passes:
        for (int p : points_for(rule, c)) vips.push_back({i, contest, p, {}});
        break;
      case Trigger::every:
        everies.push_back({i, contest, 0});
        break;
      case Trigger::invalid:
        break;
    }
  }
}

// The age, window and cooldown filters, in race-time order (the caller sorts the facts).
bool Director::Impl::passes(const Fact& f, core::UtcMs oldest) {
  if (f.at < oldest) return false;
  const auto& [from, until] = windows[f.rule];
  if (f.at < from || f.at > until) return false;
  auto& last = last_fired[f.rule];
  if (last && f.at - *last < rules.rules[f.rule].cooldown) return false;
  last = f.at;
  return true;
}

Action Director::Impl::action(const Fact& f) const {
  const Rule& r = rules.rules[f.rule];
  Action a;
  a.rule = r.name;
  a.kind = r.show;
  for (const auto& [key, value] : r.params) a.params[key] = detail::fill(value, f.values);
  a.on_air = r.on_air;
  a.priority = r.priority;
  a.at = f.at;
  a.reason = f.reason;
  return a;
}

Director::Director(Rules rules, const race::RaceConfig& config)
    : impl_(std::make_unique<Impl>(std::move(rules), config)) {}
Director::~Director() = default;
Director::Director(Director&&) noexcept = default;
Director& Director::operator=(Director&&) noexcept = default;

const Rules& Director::rules() const {
  return impl_->rules;
}

std::vector<Action> Director::step(const race::RaceSnapshot& race, core::UtcMs now) {
  Impl& m = *impl_;
  if (race.config().point_counts() != m.shape)
    throw core::Error(
        "director: the race's contests or their mats changed since the rules were "
        "checked against " +
        race.config().name + "; restart pacecast to check the rules against the new race.toml");
  const core::UtcMs oldest = now - m.rules.max_age;
  std::vector<Fact> facts;
  for (auto& w : m.leaders) detail::leader_facts(race, now, m.rules, w, facts);
  for (auto& w : m.records) detail::record_facts(race, now, m.rules, w, facts);
  if (!m.vips.empty()) m.vip_cache.refresh(race);
  for (auto& w : m.vips) detail::vip_facts(race, now, m.rules, m.vip_cache, w, facts);
  for (auto& w : m.everies) detail::every_facts(race, now, oldest, m.rules, w, facts);
  std::stable_sort(facts.begin(), facts.end(), [&](const Fact& a, const Fact& b) {
    if (a.at != b.at) return a.at < b.at;
    const int pa = m.rules.rules[a.rule].priority, pb = m.rules.rules[b.rule].priority;
    if (pa != pb) return pa > pb;
    return a.rule < b.rule;
  });
  std::vector<Action> actions;
  for (const Fact& f : facts)
    if (m.passes(f, oldest)) actions.push_back(m.action(f));
  return actions;
}

}  // namespace director
