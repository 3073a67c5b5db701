// Lower third: the details shown are the participant's, long names and clubs are cut,
// any script draws, the second line reveals after the first, stale badge, parameters,
// determinism.
#include <catch2/catch.hpp>

#include "fixture.h"
#include "overlays/registry.h"
#include "race/model_fixture.h"
#include "render/text.h"
#include "scene/scene.h"

namespace lower_third_test {

namespace {

using overlay_test::all_problems;
using overlay_test::describe;
using overlay_test::draw;
using overlay_test::find_text;

// The first Almaty participant matching `pred` (the sample has 17,000 of them).
race::RunnerId find_runner(const race::RaceSnapshot& race,
                           const std::function<bool(const race::Participant&)>& pred) {
  for (race::RunnerId id = 0; id < static_cast<race::RunnerId>(race.runner_count()); ++id) {
    if (pred(race.participant(id))) return id;
  }
  FAIL("no participant matches");
  return -1;
}

race::Participant person(std::string bib, std::string first, std::string last) {
  return overlay_test::named_runner(std::move(bib), std::move(first), std::move(last),
                                    race::Gender::female, 34);
}

const core::UtcMs kNoon = fixture::at(12, 0, 0);

overlay_test::DrawOptions bib(const std::string& b) {
  overlay_test::DrawOptions o;
  o.params = {{"bib", b}};
  return o;
}

}  // namespace

TEST_CASE("lower_third: shows the participant's name, bib, country, category and club",
          "[lower_third]") {
  const auto race = overlay_test::almaty_at("07:00:00");
  const race::RunnerId id = find_runner(*race, [](const race::Participant& p) {
    return p.contest == "marathon" && !p.club.empty() && !p.country.empty() && p.note.empty();
  });
  const race::Participant& p = race->participant(id);
  const auto list =
      draw("lower_third", race, overlay_test::local(race->config(), "07:00:00"), bib(p.bib));
  INFO("runner " << p.bib << " " << p.first_name << " " << p.last_name << " club " << p.club);
  const auto* name = find_text(list, p.first_name);
  REQUIRE(name);
  CHECK(name->text == overlay_test::full_name(p));
  CHECK(find_text(list, "#" + p.bib));
  const auto* country = find_text(list, p.country);
  REQUIRE(country);
  CHECK(country->text == p.country);
  // The category the model derived (age group on race day).
  const int cat = race->runner(id).category;
  REQUIRE(cat >= 0);
  CHECK(find_text(list, race->config().categories[static_cast<std::size_t>(cat)].id));
  CHECK(find_text(list, p.club.substr(0, 8)));
  CHECK(all_problems(list).empty());
}

TEST_CASE("lower_third: a relay runner shows team and leg; note and bib follow parameters",
          "[lower_third]") {
  const auto race = overlay_test::almaty_at("07:00:00");
  const race::RunnerId id = find_runner(*race, [](const race::Participant& p) {
    return p.contest == "ekiden" && !p.team.empty() && p.leg > 0;
  });
  const race::Participant& p = race->participant(id);
  const core::UtcMs now = overlay_test::local(race->config(), "07:00:00");
  auto opt = bib(p.bib);
  auto list = draw("lower_third", race, now, opt);
  CHECK(find_text(list, p.team.substr(0, 6)));
  const auto* team = find_text(list, p.team.substr(0, 6));
  REQUIRE(team);
  if (!team->text.ends_with("\xE2\x80\xA6")) {
    CHECK(team->text == p.team + " · Leg " + std::to_string(p.leg));
  }

  opt.params["note"] = "First marathon at 70";
  opt.params["show_bib"] = "false";
  list = draw("lower_third", race, now, opt);
  CHECK(find_text(list, "First marathon at 70"));
  CHECK_FALSE(find_text(list, "#" + p.bib));
  CHECK(all_problems(list).empty());
}

TEST_CASE("lower_third: long names and clubs are cut inside the box; any script draws",
          "[lower_third]") {
  auto kazakh = person("7", "Әйгерім", "Құрманғазықызы");
  kazakh.country = "KAZ";
  kazakh.club = "Қазақстан жүгіру клубы «Алатау»";
  kazakh.note = "Үш рет чемпион";
  auto longer = person("8", "Maria-Fernanda Alessandra Guadalupe",
                       "de los Santos Rodríguez y Villaseñor-Echeverría");
  longer.country = "MEX";
  longer.club = "Club Atlético de Corredores Veteranos de la Ciudad de México y Alrededores";
  longer.note = "Running her 100th marathon after a long comeback from injury, cheered by family";
  const auto race = overlay_test::make_snapshot(fixture::config(), {kazakh, longer}, {});

  auto list = draw("lower_third", race, kNoon, bib("7"));
  const auto* name = find_text(list, "Әйгерім");
  REQUIRE(name);
  CHECK(name->text == "Әйгерім ҚҰРМАНҒАЗЫҚЫЗЫ");
  CHECK(find_text(list, "Үш рет"));
  CHECK(all_problems(list).empty());  // includes: no character without a font

  for (const auto& [w, h] : {std::pair{1920, 1080}, std::pair{1080, 1920}}) {
    auto opt = bib("8");
    opt.width = w;
    opt.height = h;
    list = draw("lower_third", race, kNoon, opt);
    INFO(w << "x" << h);
    name = find_text(list, "Maria-Fernanda");
    REQUIRE(name);
    CHECK(name->text.ends_with("\xE2\x80\xA6"));
    CHECK(name->ink.right() <= name->box.right() + 0.5f);
    const auto* club = find_text(list, "Club Atl");
    if (club) {
      CHECK(club->text.ends_with("\xE2\x80\xA6"));
      CHECK(club->ink.right() <= club->box.right() + 0.5f);
    }
    CHECK(all_problems(list).empty());
  }
}

TEST_CASE("lower_third: the details line reveals after the name as it animates in",
          "[lower_third]") {
  auto p = person("7", "Aibek", "Sultanaliev");
  p.country = "KAZ";
  const auto race = overlay_test::make_snapshot(fixture::config(), {p}, {});
  auto opt = bib("7");
  auto opacity_of = [&](std::string_view part) -> float {
    const auto list = draw("lower_third", race, kNoon, opt);
    for (const auto& op : list.ops) {
      const auto* t = std::get_if<render::TextOp>(&op.op);
      if (t && t->text.find(part) != std::string::npos) return op.state.opacity;
    }
    return 0;
  };
  opt.on_air = core::Ms(100);  // in_ms is 500: 20% in, before the reveal starts at 35%
  CHECK(opacity_of("SULTANALIEV") > 0);
  CHECK(opacity_of("#7") == 0);
  opt.on_air = core::Ms(300);  // 60% in: the details are on their way
  const float name_op = opacity_of("SULTANALIEV");
  const float details_op = opacity_of("#7");
  CHECK(details_op > 0);
  CHECK(details_op < name_op);
  opt.on_air = core::Ms(5000);
  CHECK(opacity_of("#7") == Approx(1));
  CHECK(opacity_of("SULTANALIEV") == Approx(1));
}

TEST_CASE("lower_third: stale badge shown when the feed is stale, unless the look says no",
          "[lower_third]") {
  auto p = person("7", "Aibek", "Sultanaliev");
  const auto race = overlay_test::make_snapshot(fixture::config(), {p}, {});
  CHECK(overlay_test::stale_badge_problems("lower_third", race, kNoon, bib("7")) == "");

  // A looks directory turning the badge off.
  const auto off = overlay_test::draw_stale_with_look("lower_third", race, kNoon, {{"bib", "7"}},
                                                      "[stale]\nshow = false\n");
  CHECK_FALSE(find_text(off, "DATA DELAYED"));
  CHECK(find_text(off, "SULTANALIEV"));
}

TEST_CASE("lower_third: bad parameters say what is wrong and what is accepted", "[lower_third]") {
  const auto race = overlay_test::make_snapshot(fixture::config(), {person("7", "A", "B")}, {});
  overlay_test::DrawOptions opt;
  CHECK_THROWS_AS(draw("lower_third", race, kNoon, opt), scene::ParamError);
  CHECK_THROWS_WITH(draw("lower_third", race, kNoon, opt), Catch::Contains("bib is required"));
  opt.params = {{"bib", "404"}};
  CHECK_THROWS_WITH(draw("lower_third", race, kNoon, opt),
                    Catch::Contains("bib=404") && Catch::Contains("no runner"));
  opt.params = {{"bib", "7"}, {"show_bib", "perhaps"}};
  CHECK_THROWS_WITH(draw("lower_third", race, kNoon, opt),
                    Catch::Contains("show_bib") && Catch::Contains("true"));
}

TEST_CASE("lower_third: the same frame draws the same ops, in any order", "[lower_third]") {
  auto p = person("7", "Aibek", "Sultanaliev");
  p.club = "Almaty Runners";
  const auto race = overlay_test::make_snapshot(fixture::config(), {p}, {});
  auto opt = bib("7");
  opt.on_air = core::Ms(320);
  const auto once = describe(draw("lower_third", race, kNoon, opt));
  CHECK(once == describe(draw("lower_third", race, kNoon, opt)));
  const auto after = overlay_test::draw_after("lower_third", race, opt.params, kNoon - opt.on_air,
                                              {kNoon + core::Ms(2000)}, kNoon);
  CHECK(describe(after) == once);
}

}  // namespace lower_third_test
