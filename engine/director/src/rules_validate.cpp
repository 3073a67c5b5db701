// validate(): rules against one race's configuration.
#include <algorithm>

#include "core/text.h"
#include "director/rules.h"

namespace director {
namespace {

bool per_runner_ranked(Trigger t) {
  return t == Trigger::leader_passes || t == Trigger::first_finisher ||
         t == Trigger::record_delta_crosses_zero;
}

std::string contest_ids(const race::RaceConfig& c) {
  std::vector<std::string> ids;
  for (const auto& x : c.contests) ids.push_back(x.id);
  return core::join(ids);
}

std::string mat_ids(const race::Contest& c) {
  std::vector<std::string> ids;
  for (const auto& p : c.points) ids.push_back(p.mat);
  return core::join(ids);
}

bool has_mat(const race::Contest& c, std::string_view mat) {
  return std::any_of(c.points.begin(), c.points.end(),
                     [&](const race::ContestPoint& p) { return p.mat == mat; });
}

bool has_record(const race::Contest& c, const Rule& r) {
  return std::any_of(c.records.begin(), c.records.end(), [&](const race::CourseRecord& rec) {
    return rec.label == r.record && (r.gender == race::Gender::invalid || rec.gender == r.gender);
  });
}

class Checker {
 public:
  Checker(const Rules& rules, const race::RaceConfig& config) : rules_(rules), config_(config) {}

  std::vector<core::ConfigError> run() {
    for (const Rule& r : rules_.rules) check(r);
    return std::move(problems_);
  }

 private:
  void add(const Rule& r, std::string_view key, std::string message) {
    const auto it = r.lines.find(std::string(key));
    problems_.emplace_back(rules_.source, it == r.lines.end() ? r.line : it->second,
                           "rule \"" + r.name + "\"." + std::string(key), std::move(message));
  }

  // The contests the rule applies to; empty (with a problem added) when it names none.
  std::vector<const race::Contest*> contests(const Rule& r) {
    std::vector<const race::Contest*> out;
    if (r.contest != kAnyContest) {
      const race::Contest* c = config_.find_contest(r.contest);
      if (!c) {
        add(r, "contest",
            "unknown contest `" + r.contest + "`; contests in the race: " + contest_ids(config_) +
                ", or \"*\" for all");
        return out;
      }
      if (per_runner_ranked(r.when) && c->kind == race::ContestKind::relay) {
        add(r, "contest",
            "`" + r.contest + "` is a relay: its runners are not ranked one by one, so `" +
                std::string(to_string(r.when)) +
                "` cannot apply; use an individual contest (vip_passes and every work with "
                "relays)");
        return out;
      }
      out.push_back(c);
      return out;
    }
    for (const auto& c : config_.contests)
      if (!per_runner_ranked(r.when) || c.kind != race::ContestKind::relay) out.push_back(&c);
    if (out.empty()) add(r, "contest", "the race has no contest this rule can apply to");
    return out;
  }

  void check_mat(const Rule& r, const std::vector<const race::Contest*>& cs) {
    if (r.mat.empty() || r.mat == kAnyMat) return;
    if (!config_.find_mat(r.mat)) {
      std::vector<std::string> ids;
      for (const auto& m : config_.mats) ids.push_back(m.id);
      add(r, "mat", "unknown mat `" + r.mat + "`; mats in the race: " + core::join(ids));
      return;
    }
    if (std::none_of(cs.begin(), cs.end(), [&](auto* c) { return has_mat(*c, r.mat); })) {
      add(r, "mat",
          r.contest == kAnyContest ? "no contest passes mat `" + r.mat + "`"
                                   : "mat `" + r.mat + "` is not on the course of `" + r.contest +
                                         "`; its mats: " + mat_ids(*cs.front()));
    }
  }

  void check_record(const Rule& r, const std::vector<const race::Contest*>& cs) {
    if (r.when != Trigger::record_delta_crosses_zero) return;
    if (std::any_of(cs.begin(), cs.end(), [&](auto* c) { return has_record(*c, r); })) return;
    std::string who = r.gender == race::Gender::invalid
                          ? std::string()
                          : " for gender " + std::string(race::to_string(r.gender));
    add(r, r.lines.count("record") ? "record" : "contest",
        "no record labelled `" + r.record + "`" + who + " in " +
            (r.contest == kAnyContest ? std::string("any contest") : "`" + r.contest + "`") +
            "; add one under [[contests.records]] in race.toml or set `record` to its label");
  }

  void check(const Rule& r) {
    const auto cs = contests(r);
    if (cs.empty()) return;
    check_mat(r, cs);
    check_record(r, cs);
  }

  const Rules& rules_;
  const race::RaceConfig& config_;
  std::vector<core::ConfigError> problems_;
};

}  // namespace

std::vector<core::ConfigError> validate_problems(const Rules& rules,
                                                 const race::RaceConfig& config) {
  return Checker(rules, config).run();
}

void validate(const Rules& rules, const race::RaceConfig& config) {
  auto problems = validate_problems(rules, config);
  if (problems.empty()) return;
  const core::ConfigError& first = problems.front();
  std::string message = first.message();
  if (problems.size() > 1)
    message += " (and " + std::to_string(problems.size() - 1) + " more problem" +
               (problems.size() > 2 ? "s" : "") + " in " + rules.source + ")";
  throw core::ConfigError(first.file(), first.line(), first.key(), message);
}

}  // namespace director
