#include "director/rules.h"

#include <algorithm>
#include <set>

#include "core/text.h"
#include "placeholders.h"
#include "toml_reader.h"

namespace director {
namespace {

using detail::join_key;
using detail::line_of;
using detail::TomlReader;

constexpr std::string_view kTriggers[] = {"leader_passes", "every", "record_delta_crosses_zero",
                                          "vip_passes", "first_finisher"};

bool runner_fact(Trigger t) {
  return t == Trigger::leader_passes || t == Trigger::first_finisher ||
         t == Trigger::record_delta_crosses_zero || t == Trigger::vip_passes;
}

std::string rule_path(const Rule& r) {
  return "rule \"" + r.name + "\"";
}

// Remembers the line of every key of the rule's table, for validate()'s messages.
void note_lines(const toml::table& t, Rule& r) {
  r.line = line_of(t);
  for (auto&& [k, v] : t) r.lines[std::string(k.str())] = line_of(v);
}

Trigger read_trigger(const TomlReader& in, const toml::table& t, const std::string& path) {
  const std::string when = *in.string(t, path, "when", true);
  const Trigger trig = parse_trigger(when);
  if (trig != Trigger::invalid) return trig;
  const std::vector<std::string_view> names(std::begin(kTriggers), std::end(kTriggers));
  std::string msg = "unknown trigger `" + when + "`";
  if (auto best = core::closest(when, names); !best.empty())
    msg += "; did you mean `" + std::string(best) + "`?";
  std::vector<std::string> all(names.begin(), names.end());
  in.fail(line_of(*t.get("when")), join_key(path, "when"),
          msg + " (accepted: " + core::join(all) + ")");
}

// A key that means nothing for this trigger is a mistake worth reporting, not ignoring.
void check_applies(const TomlReader& in, const toml::table& t, const std::string& path,
                   const Rule& r) {
  struct Only {
    std::string_view key;
    std::vector<Trigger> triggers;
    std::string_view hint;
  };
  const Only only[] = {
      {"mat", {Trigger::leader_passes, Trigger::vip_passes}, "leader_passes and vip_passes"},
      {"minutes", {Trigger::every}, "every"},
      {"record", {Trigger::record_delta_crosses_zero}, "record_delta_crosses_zero"},
  };
  for (const Only& o : only) {
    const toml::node* n = t.get(o.key);
    if (!n || std::find(o.triggers.begin(), o.triggers.end(), r.when) != o.triggers.end()) continue;
    in.fail(line_of(*n), join_key(path, o.key),
            "`" + std::string(o.key) + "` applies to when = " + std::string(o.hint) +
                " only; remove it from this `" + std::string(to_string(r.when)) + "` rule");
  }
  if (r.when == Trigger::every && !t.get("minutes"))
    in.fail(r.line, join_key(path, "minutes"),
            "missing; an `every` rule needs `minutes = N` (the period in race minutes)");
}

void check_placeholders(const TomlReader& in, const toml::table& t, const std::string& path,
                        const Rule& r) {
  const auto allowed = placeholders_for(r);
  for (const auto& [key, value] : r.params) {
    const std::string pkey = join_key(join_key(path, "params"), key);
    const int line = line_of(*t.get("params")->as_table()->get(key));
    std::string error;
    const auto names = detail::placeholders_in(value, error);
    if (!names) in.fail(line, pkey, error);
    for (const std::string& name : *names) {
      if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
      std::vector<std::string> list;
      for (auto a : allowed) list.push_back("{" + std::string(a) + "}");
      std::string msg =
          "`{" + name + "}` is not filled by `" + std::string(to_string(r.when)) + "` rules";
      if (name == "contest" || name == "contest_name")
        msg += " with contest = \"*\" (name a contest to use it)";
      else if (auto best = core::closest(name, allowed); !best.empty())
        msg += "; did you mean `{" + std::string(best) + "}`?";
      in.fail(line, pkey, msg + " (available: " + core::join(list) + ")");
    }
  }
}

Rule read_rule(const TomlReader& in, const toml::table& t, std::size_t index,
               const std::vector<scene::OverlayKind>& kinds) {
  const std::string first_path = "rule[" + std::to_string(index) + "]";
  in.check_keys(t, first_path,
                {"name", "when", "contest", "gender", "mat", "minutes", "record", "show", "params",
                 "seconds", "priority", "cooldown", "from", "until", "enabled"});
  Rule r;
  note_lines(t, r);
  r.name = std::string(core::trim(*in.string(t, first_path, "name", true)));
  if (r.name.empty())
    in.fail(r.lines["name"], join_key(first_path, "name"), "empty; give the rule a name");
  const std::string path = rule_path(r);
  r.when = read_trigger(in, t, path);
  check_applies(in, t, path, r);
  if (auto c = in.string(t, path, "contest")) r.contest = *c;
  if (r.contest.empty())
    in.fail(r.lines["contest"], join_key(path, "contest"),
            "empty; write a contest id from race.toml or \"*\" for every contest");
  if (auto g = in.string(t, path, "gender")) {
    r.gender = race::parse_gender(*g);
    if (r.gender == race::Gender::invalid)
      in.fail(r.lines["gender"], join_key(path, "gender"),
              "`" + *g + "` is not a gender; use M, F or X (or leave it out for everyone)");
  }
  r.mat = in.string(t, path, "mat").value_or(r.when == Trigger::leader_passes ? "*" : "");
  if (r.mat.empty() && t.get("mat"))
    in.fail(r.lines["mat"], join_key(path, "mat"), "empty; write a mat id or \"*\"");
  r.minutes = static_cast<int>(in.integer(t, path, "minutes", 1, 24 * 60).value_or(0));
  r.record = in.string(t, path, "record").value_or(r.record);
  const scene::OverlayKind& kind = in.kind(t, path, kinds);
  r.show = kind.name;
  r.params = in.params(t, path, kind, &detail::is_literal);
  r.on_air = in.seconds(t, path, "seconds", 24 * 3600).value_or(r.on_air);
  r.priority = static_cast<int>(in.integer(t, path, "priority", -1000, 1000).value_or(0));
  r.cooldown = in.seconds(t, path, "cooldown", 24 * 3600).value_or(r.cooldown);
  r.from = in.time_of_day(t, path, "from");
  r.until = in.time_of_day(t, path, "until");
  if (r.from && r.until && *r.until < *r.from)
    in.fail(r.lines["until"], join_key(path, "until"),
            core::format_hms(*r.until) + " is before from = " + core::format_hms(*r.from) +
                "; the window is one stretch of race-day local time");
  r.enabled = in.boolean(t, path, "enabled").value_or(true);
  check_placeholders(in, t, path, r);
  return r;
}

}  // namespace

std::string_view to_string(Trigger t) {
  switch (t) {
    case Trigger::leader_passes:
      return "leader_passes";
    case Trigger::every:
      return "every";
    case Trigger::record_delta_crosses_zero:
      return "record_delta_crosses_zero";
    case Trigger::vip_passes:
      return "vip_passes";
    case Trigger::first_finisher:
      return "first_finisher";
    case Trigger::invalid:
      break;
  }
  return "";
}

Trigger parse_trigger(std::string_view s) {
  for (auto t : {Trigger::leader_passes, Trigger::every, Trigger::record_delta_crosses_zero,
                 Trigger::vip_passes, Trigger::first_finisher})
    if (s == to_string(t)) return t;
  return Trigger::invalid;
}

std::vector<std::string_view> placeholders_for(const Rule& rule) {
  std::vector<std::string_view> out = {"rule"};
  if (rule.when != Trigger::every || rule.contest != kAnyContest) {
    out.push_back("contest");
    out.push_back("contest_name");
  }
  if (runner_fact(rule.when)) {
    for (std::string_view n :
         {"bib", "name", "first_name", "last_name", "country", "gender", "mat", "label", "time"})
      out.push_back(n);
  }
  if (rule.when == Trigger::record_delta_crosses_zero) {
    out.push_back("delta");
    out.push_back("record");
  }
  if (rule.when == Trigger::every) {
    out.push_back("elapsed");
    if (rule.gender != race::Gender::invalid) out.push_back("gender");
  }
  return out;
}

Rules parse_rules(std::string_view text, std::string_view source_name,
                  const std::vector<scene::OverlayKind>& kinds) {
  TomlReader in{std::string(source_name)};
  const toml::table root = in.parse(text);
  in.check_keys(root, "", {"max_age", "rule"});
  Rules out;
  out.source = std::string(source_name);
  out.max_age = in.seconds(root, "", "max_age", 24 * 3600).value_or(out.max_age);
  const toml::array* rules = in.tables(root, "rule");
  if (!rules) return out;
  std::set<std::string> names;
  for (std::size_t i = 0; i < rules->size(); ++i) {
    Rule r = read_rule(in, in.table_at(*rules, i, "rule"), i, kinds);
    if (!names.insert(r.name).second)
      in.fail(r.lines["name"], rule_path(r) + ".name",
              "a second rule with this name; rule names must be unique (they name the rule in "
              "the operator's log)");
    out.rules.push_back(std::move(r));
  }
  return out;
}

}  // namespace director
