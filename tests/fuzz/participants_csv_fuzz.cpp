// Fuzzes parse_participants_csv() against a small fixed race: any bytes load some rows and
// report the rest; every loaded row is valid UTF-8, and what loads writes back and loads again.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/text.h"
#include "race/participants_csv.h"

namespace {

race::RaceConfig make_config() {
  using race::PointRole;
  race::RaceConfig c;
  c.name = "Fuzz";
  c.date = core::Date{std::chrono::year(2025), std::chrono::September, std::chrono::day(28)};
  c.mats = {{"start", ""}, {"X1", ""}, {"finish", ""}};
  race::Contest m;
  m.id = "10k";
  m.distance_m = 10000;
  m.points = {{"start", 0, PointRole::start, ""}, {"finish", 10000, PointRole::finish, ""}};
  race::Contest r = m;
  r.id = "relay";
  r.kind = race::ContestKind::relay;
  r.points.insert(r.points.begin() + 1, {"X1", 5000, PointRole::split, ""});
  r.legs = {{1, 5000, "X1"}, {2, 5000, "finish"}};
  c.contests = {m, r};
  c.waves = {{"A", "10k", std::nullopt}};
  c.categories = {{"M", "Men", race::Gender::male, 0, 200, {}}};
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const race::RaceConfig config = make_config();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const race::ParticipantsCsv loaded = race::parse_participants_csv(text, config);
  for (const race::Participant& p : loaded.participants) {
    if (p.bib.empty() || !core::valid_utf8(p.display_name())) std::abort();
  }
  const race::ParticipantsCsv again =
      race::parse_participants_csv(race::format_participants_csv(loaded.participants), config);
  if (!again.errors.empty() || again.participants.size() != loaded.participants.size())
    std::abort();
  return 0;
}
