// The rundown: parsing against the real overlay kinds, and the cursor the operator steps.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "director/rundown.h"
#include "overlays/registry.h"

namespace rundown_test {

namespace {

constexpr std::string_view kRundown = R"(# Race morning
[[item]]
title = "Race clock"
show = "race_clock"
params = { contest = "marathon" }

[[item]]
title = "Elite women"
show = "leaderboard"
params = { contest = "marathon", scope = "gender", gender = "F", rows = 5 }
seconds = 20
note = "after the 10K split"

[[item]]
show = "finish_board"
)";

director::Rundown parse(std::string_view text) {
  return director::parse_rundown(text, "rundown.toml", overlays::kinds());
}

std::string parse_error(std::string_view text) {
  try {
    parse(text);
  } catch (const core::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a rundown parses its items in order", "[rundown]") {
  const director::Rundown r = parse(kRundown);
  REQUIRE(r.size() == 3);
  const auto& items = r.items();
  CHECK(items[0].title == "Race clock");
  CHECK(items[0].show == "race_clock");
  CHECK(items[0].params == std::map<std::string, std::string>{{"contest", "marathon"}});
  CHECK(items[0].on_air == core::Ms(0));  // until cleared
  CHECK(items[0].line == 2);
  CHECK(items[1].params.at("rows") == "5");
  CHECK(items[1].on_air == core::Ms(20'000));
  CHECK(items[1].note == "after the 10K split");
  CHECK(items[2].title == "finish_board");  // the kind when no title is given
  CHECK(items[2].line == 14);
  CHECK(parse("").empty());
}

TEST_CASE("next takes the cued item and moves on, back and go move the cursor", "[rundown]") {
  director::Rundown r = parse(kRundown);
  CHECK(r.cursor() == 0);
  CHECK(r.current()->title == "Race clock");
  CHECK(r.next()->title == "Race clock");
  CHECK(r.current()->title == "Elite women");
  CHECK(r.next()->title == "Elite women");
  CHECK(r.next()->title == "finish_board");
  CHECK(r.cursor() == 3);
  CHECK(r.current() == nullptr);
  CHECK(r.next() == nullptr);  // past the end: nothing to take, the cursor stays
  CHECK(r.cursor() == 3);
  CHECK(r.back()->title == "finish_board");  // take the last one again
  CHECK(r.back()->title == "Elite women");
  CHECK(r.back()->title == "Race clock");
  CHECK(r.back()->title == "Race clock");  // not before the first
  CHECK(r.cursor() == 0);
  CHECK(r.go(2)->title == "finish_board");
  CHECK(r.next()->title == "finish_board");
  CHECK(r.go(3) == nullptr);
  CHECK_THROWS_WITH(r.go(4),
                    "rundown: no item 4; the rundown has 3 items (0 to 3, where 3 is "
                    "the end)");
  CHECK(r.cursor() == 3);
  director::Rundown empty;
  CHECK(empty.current() == nullptr);
  CHECK(empty.next() == nullptr);
  CHECK(empty.back() == nullptr);
  CHECK(empty.go(0) == nullptr);
}

TEST_CASE("rundown errors name the line, the key and what is accepted", "[rundown]") {
  CHECK(parse_error("[[item]]\nshow = \"leaderbord\"\n") ==
        "rundown.toml:2: item[0].show: unknown overlay kind `leaderbord`; did you mean "
        "`leaderboard`? (kinds: leaderboard, split_card, record_pace, race_clock, lower_third, "
        "ticker, finish_board, ekiden_board, callout)");
  CHECK(parse_error("[[item]]\ntitle = \"x\"\n") ==
        "rundown.toml:1: item[0].show: missing; add `show = ...` (see docs/automation.md)");
  CHECK_THAT(parse_error("[[item]]\nshow = \"ticker\"\nsecnds = 4\n"),
             Catch::StartsWith("rundown.toml:3: item[0].secnds: unknown key `secnds`; did you mean "
                               "`seconds`? (allowed here: title, show, params, seconds, note)"));
  CHECK(parse_error("[[item]]\nshow = \"ticker\"\n\n[[item]]\nshow = \"lower_third\"\n"
                    "params = { bib = \"12\", show_bib = \"maybe\" }\n") ==
        "rundown.toml:6: item[1].params.show_bib: `maybe` is not accepted; use one of true, "
        "false");
  CHECK(parse_error("[[item]]\nshow = \"ticker\"\nparams = { contst = \"all\" }\n") ==
        "rundown.toml:3: item[0].params.contst: `ticker` has no parameter `contst`; did you mean "
        "`contest`? (its parameters: contest, count, speed)");
  CHECK_THAT(parse_error("[item]\nshow = 1\n"),
             Catch::StartsWith("rundown.toml:1: item: expected an array of tables: write "
                               "[[item]]"));
  CHECK_THAT(parse_error("[[item]\n"), Catch::StartsWith("rundown.toml:1: TOML syntax error"));
}

}  // namespace rundown_test
