// Callout templates: located parse errors that say what is accepted, Russian plurals and
// durations said in words, and every shipped sentence rendering in English and Russian.
#include <catch2/catch.hpp>

#include "announcer/templates.h"
#include "callouts_fixture.h"
#include "core/error.h"
#include "core/text.h"

namespace callouts_templates_test {

namespace {

using announcer::CalloutKind;
using namespace std::chrono_literals;

// The error parse_templates() throws for `text`, as "line: message".
std::string error_of(std::string_view text) {
  try {
    announcer::parse_templates(text, "callouts.toml");
  } catch (const core::ConfigError& e) {
    CHECK(e.file() == "callouts.toml");
    return std::to_string(e.line()) + ": " + e.key() + ": " + e.message();
  }
  FAIL("no error for:\n" << text);
  return {};
}

}  // namespace

TEST_CASE("template errors name the line and the key and say what is accepted",
          "[announcer][templates]") {
  CHECK_THAT(error_of("[leads]\npriority = \"high\"\nen = \"{name} at {mat}\"\n"
                      "ru = \"{name} на отметке {matt}\"\n"),
             Catch::Equals("4: leads.ru: unknown placeholder {matt}; did you mean `mat`?; "
                           "`leads` fills {name}, {first_name}, {last_name}, {bib}, {country}, "
                           "{city}, {contest}, {group}, {mat}, {time}, {previous}"));
  CHECK_THAT(error_of("\n\n[new_leeder]\nen = \"x\"\nru = \"y\"\n"),
             Catch::StartsWith("3: new_leeder: unknown callout kind `new_leeder`; did you mean "
                               "`new_leader`? (accepted: rate, groups, welcome, leads,"));
  CHECK_THAT(error_of("[first_man]\nen = \"a\"\nru = \"b\"\npriority = \"urgent\"\n"),
             Catch::Equals("4: first_man.priority: unknown priority `urgent`; use high, normal "
                           "or low"));
  CHECK_THAT(error_of("[welcome]\nen = \"Welcome to the {contest}\"\n"),
             Catch::Equals("1: welcome.ru: missing; every callout needs an English and a "
                           "Russian sentence (add `ru = [\"...\"]`)"));
  CHECK_THAT(error_of("[rate]\nnormal = 8\nlow = -1\n"),
             Catch::Equals("3: rate.low: -1 is out of range; use 0 to 600 callouts per minute"));
  CHECK_THAT(error_of("[milestone]\nen = [\"ok {count}\", \"broken {name\"]\nru = \"x\"\n"),
             Catch::StartsWith("2: milestone.en: a `{` without its `}`"));
  CHECK_THAT(error_of("[exchange]\nen = \"x\"\nru = \"y\"\nfr = \"z\"\n"),
             Catch::Equals("4: exchange.fr: unknown language `fr`; sentences are written in "
                           "en, ru or kk"));
  CHECK_THAT(error_of("[exchange]\nen = \"x\"\nru = \"y\"\npriorty = \"low\"\n"),
             Catch::Equals("4: exchange.priorty: unknown key `priorty`; did you mean `priority`? "
                           "(allowed here: priority, enabled, en, ru, kk)"));
  CHECK_THAT(error_of("[leads]\nen = \"a\"\nru = \"b\n"),
             Catch::StartsWith("3: : TOML syntax error: "));
  CHECK_THAT(error_of("[groups]\nde = { M = \"Männer\" }\n"),
             Catch::Equals("2: groups.de: unknown language `de`; use en, ru or kk"));
}

TEST_CASE("Russian plurals and durations in words", "[announcer][templates]") {
  const auto sec = [](std::int64_t n) { return announcer::say_duration("ru", core::Ms(n * 1000)); };
  CHECK(sec(1) == "1 секунда");
  CHECK(sec(2) == "2 секунды");
  CHECK(sec(5) == "5 секунд");
  CHECK(sec(11) == "11 секунд");
  CHECK(sec(12) == "12 секунд");
  CHECK(sec(14) == "14 секунд");
  CHECK(sec(21) == "21 секунда");
  CHECK(sec(22) == "22 секунды");
  CHECK(sec(0) == "0 секунд");
  CHECK(sec(65) == "1 минута 5 секунд");
  CHECK(sec(3 * 60 + 1) == "3 минуты 1 секунда");
  CHECK(sec(11 * 60 + 24) == "11 минут 24 секунды");
  CHECK(sec(21 * 60) == "21 минута");
  CHECK(sec(2 * 3600 + 5 * 60 + 7) == "2 часа 5 минут");
  CHECK(sec(5 * 3600) == "5 часов");
  CHECK(announcer::ru_plural(111, "a", "b", "c") == "c");
  CHECK(announcer::ru_plural(101, "a", "b", "c") == "a");
  CHECK(announcer::ru_plural(1004, "a", "b", "c") == "b");

  CHECK(announcer::say_duration("en", 12s) == "12 seconds");
  CHECK(announcer::say_duration("en", 1s) == "1 second");
  CHECK(announcer::say_duration("en", 65s) == "1 minute 5 seconds");
  CHECK(announcer::say_duration("en", 120'999ms) == "2 minutes");
  CHECK(announcer::say_duration("en", 3720s) == "1 hour 2 minutes");
  CHECK(announcer::say_duration("kk", 65s) == "1 минут 5 секунд");

  CHECK(announcer::say_time(core::Ms(2 * 3600'000 + 8 * 60'000 + 31'000)) == "2:08:31");
  CHECK(announcer::say_time(core::Ms(15 * 60'000 + 2'000)) == "15:02");
  CHECK(announcer::say_place("en", 1) == "1st");
  CHECK(announcer::say_place("en", 12) == "12th");
  CHECK(announcer::say_place("en", 22) == "22nd");
  CHECK(announcer::say_place("en", 113) == "113th");
  CHECK(announcer::say_place("ru", 3) == "3");
  CHECK(announcer::say_count("en", 1000) == "1,000");
  CHECK(announcer::say_count("en", 12500) == "12,500");
  CHECK(announcer::say_count("ru", 1000) == "1000");
  CHECK(announcer::say_count("ru", 12500) == "12\u00a0500");
}

TEST_CASE("every shipped template renders in English and Russian, Kazakh greetings too",
          "[announcer][templates]") {
  const announcer::Templates t = callouts_test::shipped_templates();
  for (const CalloutKind kind : announcer::all_callout_kinds()) {
    INFO(announcer::to_string(kind));
    const announcer::KindTemplates* k = t.find(kind);
    REQUIRE(k);
    CHECK(k->priority != announcer::Priority::invalid);
    std::map<std::string, std::string> values;
    for (std::string_view name : announcer::placeholders_for(kind))
      values[std::string(name)] = "<" + std::string(name) + ">";
    for (const char* lang : {"en", "ru"}) {
      REQUIRE(k->text.count(lang));
      for (std::size_t v = 0; v < k->text.at(lang).size(); ++v) {
        const std::string s = t.render(kind, lang, v, values);
        INFO(lang << " " << v << ": " << s);
        CHECK(core::valid_utf8(s));
        CHECK(s.find('{') == std::string::npos);
        CHECK(s.size() > 10);
        // Every placeholder a sentence uses was filled from the values given.
        CHECK(s.find("<") != std::string::npos);
      }
    }
  }
  for (const CalloutKind kind : {CalloutKind::welcome, CalloutKind::first_man,
                                 CalloutKind::first_woman, CalloutKind::vip_approaching})
    CHECK(t.find(kind)->text.count("kk"));
  CHECK(t.group("ru", race::Gender::female) == "женщин");
  CHECK(t.group("kk", race::Gender::male) == "ерлер");
  CHECK(t.find(CalloutKind::first_man)->priority == announcer::Priority::high);
  CHECK(t.rate.normal_per_minute == 8);
  // The same sentence for the same values: the variant is picked by the caller's number.
  const std::map<std::string, std::string> v{{"name", "Айгерим Садыкова"}, {"mat", "30K"},
                                             {"time", "1:41:02"},          {"group", "женщин"},
                                             {"contest", "Марафон"},       {"country", "KAZ"}};
  CHECK(t.render(CalloutKind::leads, "ru", 1, v) ==
        "Лидер забега женщин на отметке 30K — Айгерим Садыкова (KAZ), 1:41:02.");
}

}  // namespace callouts_templates_test
