#include <catch2/catch.hpp>

#include <algorithm>

#include "bundle/almaty.h"
#include "control/fold.h"
#include "control_fixture.h"
#include "core/file.h"
#include "race/config_toml.h"

namespace search_test {

using control::fold_case;
using control_test::Engine;

namespace {

std::vector<std::string> bibs(const std::vector<control::RunnerHit>& hits) {
  std::vector<std::string> v;
  for (const auto& h : hits) v.push_back(h.bib);
  return v;
}

}  // namespace

TEST_CASE(
    "fold: Latin, Latin-1, Latin Extended-A, Cyrillic and Kazakh letters fold to lower "
    "case; accents stay",
    "[control]") {
  CHECK(fold_case("MÜLLER") == "müller");
  CHECK(fold_case("ÀÉÎÕÜÇÑØÞ") == "àéîõüçñøþ");
  CHECK(fold_case("×÷ß") == "×÷ß");  // no case
  CHECK(fold_case("ŁUKASZ ŻÓŁĆ ŠŤŇ ĞİŞ") == "łukasz żółć šťň ğiş");
  CHECK(fold_case("ŸĲŊ") == "ÿĳŋ");
  CHECK(fold_case("ЖАНАР ЁЛКИН ЇЖАК Ў") == "жанар ёлкин їжак ў");
  CHECK(fold_case("ӘҒҚҢӨҰҮҺІ") == "әғқңөұүһі");  // the Kazakh letters
  CHECK(fold_case("ӀӁӃ") == "ӏӂӄ");
  CHECK(fold_case("muller") != fold_case("Müller"));
  CHECK(fold_case("Already lower, 123!") == "already lower, 123!");
  // Bytes that are not UTF-8 are kept, not dropped.
  CHECK(fold_case(std::string("A\xff\xc3") + "B") == std::string("a\xff\xc3") + "b");
  for (char32_t c = 0; c < 0x530; ++c) {
    const char32_t f = control::fold_code_point(c);
    INFO(static_cast<std::uint32_t>(c));
    CHECK(control::fold_code_point(f) == f);  // folding twice changes nothing
  }
}

TEST_CASE("search: bib exact first, then bib prefix, then names in any case", "[control]") {
  Engine e;
  const auto& c = e.control;
  CHECK(bibs(c.search("12", 10)) == std::vector<std::string>{"12", "120"});
  CHECK(bibs(c.search("1", 10)) == std::vector<std::string>{"1", "12", "120"});
  CHECK(bibs(c.search("f2", 10)) == std::vector<std::string>{"F2"});
  CHECK(bibs(c.search("1", 2)) == std::vector<std::string>{"1", "12"});  // the limit
  CHECK(bibs(c.search("ЖАНАР", 10)) == std::vector<std::string>{"1"});
  CHECK(bibs(c.search("жанар", 10)) == std::vector<std::string>{"1"});
  CHECK(bibs(c.search("zhanar", 10)) == std::vector<std::string>{"7"});
  CHECK(bibs(c.search("MÜLLER", 10)) == std::vector<std::string>{"2"});
  CHECK(c.search("muller", 10).empty());
  CHECK(bibs(c.search("  ӘЛИХАН ", 10)) == std::vector<std::string>{"21"});
  CHECK(bibs(c.search("ŻÓŁĆ", 10)) == std::vector<std::string>{"120"});
  CHECK(bibs(c.search("łukasz ż", 10)) == std::vector<std::string>{"120"});  // full name
  CHECK(bibs(c.search("ОВ", 10)) == std::vector<std::string>{"21", "F2"});   // within names
  CHECK(c.search("", 10).empty());
  CHECK(c.search("nobody", 10).empty());

  const auto hits = c.search("1", 1);
  REQUIRE(hits.size() == 1);
  const auto& h = hits[0];
  CHECK(h.name == "Жанар Сейітқызы");
  CHECK(h.contest == "10k");
  CHECK(h.status == "ok");
  CHECK(h.furthest_mat == "5K");
  CHECK(h.last_split == core::Ms(17 * 60 * 1000));
  CHECK(h.live_place == 1);
}

TEST_CASE("search: names on the Almaty sample, Cyrillic and accented Latin typed as such",
          "[control]") {
  const auto config = std::make_shared<const race::RaceConfig>(race::parse_race_config(
      core::read_file(PACECAST_SOURCE_DIR "/assets/races/almaty/race.toml"), "race.toml"));
  const auto sample = bundle::generate_almaty(*config, {2025, 0.1});
  race::RaceModel model(config, sample.participants);
  control::Control c(overlays::kinds(), {});
  c.set_race(model.publish());

  const auto count = [&](auto&& match) {
    return std::count_if(sample.participants.begin(), sample.participants.end(), match);
  };
  const auto zhanar = count([](const race::Participant& p) { return p.first_name == "Жанар"; });
  const auto muller = count([](const race::Participant& p) { return p.last_name == "Müller"; });
  REQUIRE(zhanar > 0);
  REQUIRE(muller > 0);
  const auto found = c.search("ЖАНАР", 500);
  CHECK(std::count_if(found.begin(), found.end(), [](const control::RunnerHit& h) {
          return h.name.rfind("Жанар ", 0) == 0;
        }) == zhanar);
  for (const auto& h : found) CHECK_THAT(fold_case(h.name), Catch::Contains("жанар"));
  const auto mullers = c.search("MÜLLER", 500);
  CHECK(static_cast<long>(mullers.size()) >= muller);
  for (const auto& h : mullers) CHECK_THAT(h.name, Catch::Contains("Müller"));
  for (const auto& h : c.search("muller", 500)) CHECK_THAT(h.name, !Catch::Contains("Müller"));
  // A bib finds its runner first.
  const std::string bib = sample.participants.at(42).bib;
  REQUIRE_FALSE(c.search(bib, 5).empty());
  CHECK(c.search(bib, 5)[0].bib == bib);
}

}  // namespace search_test
