// Rules files: the shipped example parses and fits the Almaty race; mistakes are reported at
// their line with what is accepted; validate() checks the rules against a race.toml.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/file.h"
#include "director/director.h"
#include "director/rules.h"
#include "overlays/registry.h"
#include "replay.h"

namespace rules_test {

namespace {

using director_test::almaty_config;
using director_test::rules;

// The message parse_rules() throws for `toml`, or "no error".
std::string parse_error(std::string_view toml) {
  try {
    rules(toml);
  } catch (const core::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

std::string validate_error(std::string_view toml) {
  try {
    director::validate(rules(toml), *almaty_config());
  } catch (const core::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

constexpr std::string_view kLeaderRule = R"([[rule]]
name = "leader"
when = "leader_passes"
contest = "marathon"
show = "split_card"
params = { bib = "{bib}", point = "{mat}" }
)";

}  // namespace

TEST_CASE("the shipped Almaty rules parse and fit the Almaty race", "[rules]") {
  const std::string path = PACECAST_SOURCE_DIR "/assets/director/almaty.toml";
  const director::Rules r =
      director::parse_rules(core::read_file(path), "almaty.toml", overlays::kinds());
  CHECK(director::validate_problems(r, *almaty_config()).empty());
  REQUIRE(r.rules.size() == 7);
  CHECK(r.max_age == core::Ms(120'000));
  const director::Rule& leader = r.rules.front();
  CHECK(leader.name == "marathon leader at a mat");
  CHECK(leader.when == director::Trigger::leader_passes);
  CHECK(leader.contest == "marathon");
  CHECK(leader.mat == "*");
  CHECK(leader.show == "split_card");
  CHECK(leader.params == std::map<std::string, std::string>{{"bib", "{bib}"}, {"point", "{mat}"}});
  CHECK(leader.on_air == core::Ms(8000));
  CHECK(leader.priority == 2);
  CHECK(leader.line == 14);
  const director::Rule& board = r.rules[4];
  CHECK(board.when == director::Trigger::every);
  CHECK(board.minutes == 15);
  CHECK(board.params.at("rows") == "10");  // numbers are kept as text
  REQUIRE(board.until);
  CHECK(*board.until == std::chrono::hours(9) + std::chrono::minutes(30));
  CHECK(r.rules[1].gender == race::Gender::female);
  CHECK(r.rules[1].cooldown == core::Ms(60'000));
  CHECK(r.rules[5].mat.empty());  // vip_passes: the pre-finish mat by default
  CHECK_NOTHROW(director::Director(r, *almaty_config()));
}

TEST_CASE("defaults: an empty file has no rules, a rule gets 8 s on air and every contest",
          "[rules]") {
  const director::Rules empty = rules("");
  CHECK(empty.rules.empty());
  CHECK(empty.max_age == director::kDefaultMaxAge);
  const director::Rules r = rules(R"([[rule]]
name = "first"
when = "first_finisher"
show = "finish_board"
)");
  REQUIRE(r.rules.size() == 1);
  CHECK(r.rules[0].contest == "*");
  CHECK(r.rules[0].on_air == core::Ms(8000));
  CHECK(r.rules[0].cooldown == core::Ms(0));
  CHECK(r.rules[0].enabled);
  CHECK(r.rules[0].line == 1);
}

TEST_CASE("TOML syntax errors name the file and the line", "[rules]") {
  const std::string e = parse_error("max_age = 120\n[[rule]]\nname = \"x\nwhen = \"every\"\n");
  CHECK_THAT(e, Catch::StartsWith("test.toml:3: TOML syntax error"));
}

TEST_CASE("an unknown trigger names the closest and lists every accepted one", "[rules]") {
  const std::string e = parse_error(
      "[[rule]]\nname = \"leader\"\n\nwhen = \"leader_pases\"\nshow = \"split_card\"\n");
  CHECK(e ==
        "test.toml:4: rule \"leader\".when: unknown trigger `leader_pases`; did you mean "
        "`leader_passes`? (accepted: leader_passes, every, record_delta_crosses_zero, "
        "vip_passes, first_finisher)");
}

TEST_CASE("an unknown key names the closest allowed key and lists them", "[rules]") {
  const std::string e = parse_error(std::string(kLeaderRule) + "prority = 3\n");
  CHECK_THAT(e, Catch::StartsWith("test.toml:7: rule[0].prority: unknown key `prority`; did you "
                                  "mean `priority`? (allowed here: name, when, contest"));
  CHECK_THAT(parse_error("maxage = 30\n"),
             Catch::StartsWith("test.toml:1: maxage: unknown key `maxage`; did you mean "
                               "`max_age`?"));
}

TEST_CASE("show must be an overlay kind and params its parameters", "[rules]") {
  std::string toml(kLeaderRule);
  toml.replace(toml.find("split_card"), 10, "split_crad");
  CHECK_THAT(parse_error(toml),
             Catch::StartsWith("test.toml:5: rule \"leader\".show: unknown overlay kind "
                               "`split_crad`; did you mean `split_card`? (kinds: leaderboard, "
                               "split_card, record_pace"));
  toml = kLeaderRule;
  toml.replace(toml.find("point ="), 5, "mat");
  CHECK(parse_error(toml) ==
        "test.toml:6: rule \"leader\".params.mat: `split_card` has no parameter `mat` (its "
        "parameters: bib, point)");
  CHECK(parse_error("[[rule]]\nname = \"b\"\nwhen = \"every\"\nminutes = 10\n"
                    "show = \"leaderboard\"\nparams = { contest = \"marathon\", scope = "
                    "\"genders\" }\n") ==
        "test.toml:6: rule \"b\".params.scope: `genders` is not accepted; use one of overall, "
        "gender, category");
  CHECK_THAT(parse_error("[[rule]]\nname = \"b\"\nwhen = \"every\"\nminutes = 10\n"
                         "show = \"leaderboard\"\nparams = { contest = [1] }\n"),
             Catch::StartsWith("test.toml:6: rule \"b\".params.contest: expected a string, a "
                               "number or true/false, found an array"));
}

TEST_CASE("placeholders the trigger cannot fill are refused with the ones it can", "[rules]") {
  CHECK(parse_error("[[rule]]\nname = \"board\"\nwhen = \"every\"\nminutes = 10\n"
                    "show = \"lower_third\"\nparams = { bib = \"{bib}\" }\n") ==
        "test.toml:6: rule \"board\".params.bib: `{bib}` is not filled by `every` rules "
        "(available: {rule}, {elapsed})");
  CHECK_THAT(parse_error("[[rule]]\nname = \"board\"\nwhen = \"every\"\nminutes = 10\n"
                         "show = \"leaderboard\"\nparams = { contest = \"{contest}\" }\n"),
             Catch::Contains("`{contest}` is not filled by `every` rules with contest = \"*\" "
                             "(name a contest to use it)"));
  std::string toml(kLeaderRule);
  toml.replace(toml.find("{mat}"), 5, "{mta}");
  CHECK_THAT(parse_error(toml), Catch::Contains("did you mean `{mat}`?"));
  toml = kLeaderRule;
  toml.replace(toml.find("{mat}"), 5, "{mat");
  CHECK_THAT(parse_error(toml),
             Catch::StartsWith("test.toml:6: rule \"leader\".params.point: unbalanced or empty "
                               "`{}` in `{mat`"));
}

TEST_CASE("keys that do not apply to the trigger, and missing ones, are reported", "[rules]") {
  CHECK(parse_error(std::string(kLeaderRule) + "minutes = 5\n") ==
        "test.toml:7: rule \"leader\".minutes: `minutes` applies to when = every only; remove "
        "it from this `leader_passes` rule");
  CHECK(parse_error("[[rule]]\nname = \"board\"\nwhen = \"every\"\nshow = \"leaderboard\"\n") ==
        "test.toml:1: rule \"board\".minutes: missing; an `every` rule needs `minutes = N` (the "
        "period in race minutes)");
  CHECK(parse_error("[[rule]]\nwhen = \"every\"\n") ==
        "test.toml:1: rule[0].name: missing; add `name = ...` (see docs/automation.md)");
  CHECK(parse_error("[[rule]]\nname = \"x\"\nwhen = \"first_finisher\"\n") ==
        "test.toml:1: rule \"x\".show: missing; add `show = ...` (see docs/automation.md)");
}

TEST_CASE("values out of range or of the wrong type name the key and what is accepted", "[rules]") {
  CHECK(parse_error(std::string(kLeaderRule) + "gender = \"W\"\n") ==
        "test.toml:7: rule \"leader\".gender: `W` is not a gender; use M, F or X (or leave it "
        "out for everyone)");
  CHECK(parse_error(std::string(kLeaderRule) + "seconds = -1\n") ==
        "test.toml:7: rule \"leader\".seconds: -1 s is out of range; use 0 to 86400 seconds");
  CHECK(parse_error(std::string(kLeaderRule) + "priority = \"high\"\n") ==
        "test.toml:7: rule \"leader\".priority: expected a whole number, found a string");
  CHECK(parse_error(std::string(kLeaderRule) + "from = 10:00:00\nuntil = \"09:00:00\"\n") ==
        "test.toml:8: rule \"leader\".until: 9:00:00 is before from = 10:00:00; the window is "
        "one stretch of race-day local time");
  CHECK(parse_error(std::string(kLeaderRule) + "until = \"9 o'clock\"\n") ==
        "test.toml:7: rule \"leader\".until: `9 o'clock` is not a time of day; write HH:MM:SS "
        "(race-day local)");
  CHECK(parse_error("rule = 3\n") ==
        "test.toml:1: rule: expected an array of tables: write [[rule]], found a whole number");
  CHECK(parse_error(std::string(kLeaderRule) + std::string(kLeaderRule)) ==
        "test.toml:8: rule \"leader\".name: a second rule with this name; rule names must be "
        "unique (they name the rule in the operator's log)");
}

TEST_CASE("validate() names the rule, the key and what the race has", "[rules]") {
  std::string toml(kLeaderRule);
  toml.replace(toml.find("\"marathon\""), 10, "\"marthon\"");
  CHECK(validate_error(toml) ==
        "test.toml:4: rule \"leader\".contest: unknown contest `marthon`; contests in the race: "
        "marathon, half, 10k, nordic, ekiden, or \"*\" for all");
  CHECK(validate_error(std::string(kLeaderRule) + "mat = \"X1\"\n") ==
        "test.toml:7: rule \"leader\".mat: mat `X1` is not on the course of `marathon`; its "
        "mats: start, 5K, 10K, 15K, 20K, HALF, 25K, 30K, 35K, 40K, pre-finish, finish");
  CHECK_THAT(validate_error(std::string(kLeaderRule) + "mat = \"31K\"\n"),
             Catch::StartsWith("test.toml:7: rule \"leader\".mat: unknown mat `31K`; mats in the "
                               "race: start, 5K, 10K"));
  toml = kLeaderRule;
  toml.replace(toml.find("\"marathon\""), 10, "\"ekiden\"");
  CHECK_THAT(validate_error(toml),
             Catch::StartsWith("test.toml:4: rule \"leader\".contest: `ekiden` is a relay"));
  CHECK(validate_error("[[rule]]\nname = \"rp\"\nwhen = \"record_delta_crosses_zero\"\n"
                       "contest = \"10k\"\nshow = \"record_pace\"\n") ==
        "test.toml:4: rule \"rp\".contest: no record labelled `course record` in `10k`; add one "
        "under [[contests.records]] in race.toml or set `record` to its label");
  CHECK_THAT(validate_error("[[rule]]\nname = \"rp\"\nwhen = \"record_delta_crosses_zero\"\n"
                            "show = \"record_pace\"\nrecord = \"world record\"\n"),
             Catch::StartsWith("test.toml:5: rule \"rp\".record: no record labelled `world "
                               "record` in any contest"));
  CHECK(validate_error(std::string(kLeaderRule)) == "no error");
}

TEST_CASE("validate() lists every problem and the Director refuses rules that do not fit",
          "[rules]") {
  const director::Rules r = rules(R"([[rule]]
name = "a"
when = "leader_passes"
contest = "marthon"
show = "split_card"

[[rule]]
name = "b"
when = "vip_passes"
mat = "nowhere"
show = "lower_third"
)");
  const auto problems = director::validate_problems(r, *almaty_config());
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].line() == 4);
  CHECK(problems[0].key() == "rule \"a\".contest");
  CHECK(problems[1].line() == 10);
  CHECK(problems[1].key() == "rule \"b\".mat");
  CHECK_THROWS_WITH(director::Director(r, *almaty_config()),
                    Catch::EndsWith("(and 1 more problem in test.toml)"));
}

TEST_CASE("placeholders_for lists what each trigger fills", "[rules]") {
  director::Rule r;
  r.when = director::Trigger::record_delta_crosses_zero;
  const auto p = director::placeholders_for(r);
  CHECK(std::find(p.begin(), p.end(), "delta") != p.end());
  CHECK(std::find(p.begin(), p.end(), "bib") != p.end());
  r.when = director::Trigger::every;
  r.gender = race::Gender::female;
  CHECK(director::placeholders_for(r) ==
        std::vector<std::string_view>{"rule", "elapsed", "gender"});
  CHECK(director::parse_trigger("every") == director::Trigger::every);
  CHECK(director::parse_trigger("Every") == director::Trigger::invalid);
  CHECK(director::to_string(director::Trigger::vip_passes) == "vip_passes");
}

}  // namespace rules_test
