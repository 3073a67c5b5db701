// Fuzzes parse_rules() (and parse_rundown() on the same bytes): any bytes either parse or
// throw core::ConfigError. Rules that parse and fit a small race built here drive a Director
// through a few snapshots: every action must name a rule of the file and carry its kind.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "director/director.h"
#include "director/rules.h"
#include "director/rundown.h"
#include "race/model.h"

namespace {

const std::vector<scene::OverlayKind>& kinds() {
  static const std::vector<scene::OverlayKind> k = [] {
    std::vector<scene::OverlayKind> v(3);
    v[0].name = "split_card";
    v[0].params = {{"bib", "", "", {}}, {"point", "", "", {}}};
    v[1].name = "leaderboard";
    v[1].params = {{"contest", "", "", {}}, {"scope", "", "overall", {"overall", "gender"}}};
    v[2].name = "lower_third";
    v[2].params = {{"bib", "", "", {}}, {"show_bib", "", "true", {"true", "false"}}};
    return v;
  }();
  return k;
}

core::UtcMs at(int minutes) {
  return core::UtcMs(core::Ms(1'759'030'200'000LL + minutes * 60'000LL));
}

std::shared_ptr<const race::RaceConfig> config() {
  static const auto shared = [] {
    auto r = std::make_shared<race::RaceConfig>();
    r->name = "Fuzz";
    r->date = core::Date{std::chrono::year(2025), std::chrono::month(9), std::chrono::day(28)};
    r->mats = {{"start", "Start"}, {"5K", "5 km"}, {"pre", "Pre"}, {"finish", "Finish"}};
    race::Contest c;
    c.id = "10k";
    c.name = "10 km";
    c.distance_m = 10000;
    c.gun = at(0);
    c.points = {{"start", 0, race::PointRole::start, "START"},
                {"5K", 5000, race::PointRole::split, "5K"},
                {"pre", 9800, race::PointRole::announcer, "PRE"},
                {"finish", 10000, race::PointRole::finish, "FINISH"}};
    c.records.push_back({"course record", race::Gender::male, core::Ms(1'800'000), "", "", 0, {}});
    r->contests.push_back(c);
    return std::shared_ptr<const race::RaceConfig>(r);
  }();
  return shared;
}

void drive(director::Director& d, const director::Rules& rules) {
  std::vector<race::Participant> people(3);
  for (int i = 0; i < 3; ++i) {
    people[i].bib = std::to_string(i + 1);
    people[i].contest = "10k";
    people[i].gender = i == 2 ? race::Gender::female : race::Gender::male;
    people[i].vip = i == 1;
  }
  race::RaceModel model(config(), people);
  const char* mats[] = {"start", "5K", "pre", "finish"};
  const int minutes[] = {0, 14, 29, 30};
  std::int64_t seq = 0;
  for (int m = 0; m < 4; ++m) {
    for (int i = 0; i < 3; ++i) {
      race::Passing p;
      p.origin = {"fuzz", "1", ++seq};
      p.mat = mats[m];
      p.bib = people[i].bib;
      p.time = at(minutes[m] + i);
      model.apply(p);
    }
    const auto snapshot = model.publish();
    for (const auto& a : d.step(*snapshot, at(minutes[m] + 3))) {
      bool known = false;
      for (const auto& r : rules.rules) known = known || (r.name == a.rule && r.show == a.kind);
      if (!known) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)director::parse_rundown(text, "fuzz.toml", kinds());
  } catch (const core::ConfigError&) {
  }
  director::Rules rules;
  try {
    rules = director::parse_rules(text, "fuzz.toml", kinds());
  } catch (const core::ConfigError&) {
    return 0;
  }
  if (!director::validate_problems(rules, *config()).empty()) return 0;
  director::Director d(rules, *config());
  drive(d, rules);
  return 0;
}
