// Race bundle load/save: race.toml + participants.csv (+ passings.jsonl, one feed message per
// line). Bad rows and lines are reported and skipped; missing required files throw.
#include "bundle/bundle.h"

#include <algorithm>
#include <system_error>

#include "core/error.h"
#include "core/file.h"
#include "core/text.h"
#include "feed/codec.h"
#include "race/config_toml.h"
#include "race/participants_csv.h"

namespace bundle {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRaceToml = "race.toml";
constexpr const char* kParticipantsCsv = "participants.csv";
constexpr const char* kPassingsJsonl = "passings.jsonl";

[[noreturn]] void not_a_bundle(const fs::path& dir, std::string_view why) {
  throw core::Error(dir.string() + " is not a race bundle: " + std::string(why) +
                    "; a bundle is a directory with race.toml and participants.csv, see "
                    "docs/race-config.md");
}

void require_file(const fs::path& dir, const char* name) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / name, ec)) not_a_bundle(dir, std::string(name) + " not found");
}

std::string_view session_type(const feed::Message& m) {
  if (std::holds_alternative<feed::Hello>(m)) return "hello";
  if (std::holds_alternative<feed::Subscribe>(m)) return "subscribe";
  return "resync";
}

// Reads passings.jsonl: one message per line; blank lines are skipped, heartbeats ignored.
void load_events(const fs::path& path, Bundle& out) {
  const std::string text = core::read_file(path);
  // One event per line: sized once, not doubled (a vector's growth would leave up to half
  // of it unused for the whole race).
  out.events.reserve(out.events.size() +
                     static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  std::string_view rest = text;
  int line_no = 0;
  while (!rest.empty()) {
    ++line_no;
    const auto nl = rest.find('\n');
    const std::string_view line = core::trim(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    if (line.empty()) continue;
    feed::Decoded decoded = feed::decode(line);
    for (const auto& e : decoded.errors)
      out.problems.push_back({kPassingsJsonl, line_no, e.code + ": " + e.message});
    for (auto& m : decoded.messages) {
      if (auto* event = std::get_if<race::Event>(&m)) {
        out.events.push_back(std::move(*event));
      } else if (!std::holds_alternative<feed::Heartbeat>(m)) {
        out.problems.push_back({kPassingsJsonl, line_no,
                                "a " + std::string(session_type(m)) +
                                    " message is part of a live session, not of a bundle; "
                                    "line skipped"});
      }
    }
  }
}

}  // namespace

Bundle load(const fs::path& dir, LoadEvents events) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) not_a_bundle(dir, "the directory does not exist");
  require_file(dir, kRaceToml);
  require_file(dir, kParticipantsCsv);

  Bundle out;
  out.dir = dir;
  auto config = std::make_shared<race::RaceConfig>(
      race::parse_race_config(core::read_file(dir / kRaceToml), (dir / kRaceToml).string()));
  out.config = config;

  race::ParticipantsCsv csv =
      race::parse_participants_csv(core::read_file(dir / kParticipantsCsv), *config);
  out.participants = std::move(csv.participants);
  for (auto& e : csv.errors)
    out.problems.push_back({kParticipantsCsv, e.line, std::move(e.reason)});

  if (events == LoadEvents::yes && fs::is_regular_file(dir / kPassingsJsonl, ec))
    load_events(dir / kPassingsJsonl, out);
  return out;
}

// A bundle saved with no events has no passings.jsonl: a stale one from an earlier save is
// removed so that loading gives back what was saved.
void save(const fs::path& dir, const race::RaceConfig& config,
          const std::vector<race::Participant>& participants,
          const std::vector<race::Event>& events) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw core::Error(dir.string() + ": cannot create the bundle directory: " + ec.message() +
                      "; check the path and permissions");
  core::write_file_atomic(dir / kRaceToml, race::format_race_config(config));
  core::write_file_atomic(dir / kParticipantsCsv, race::format_participants_csv(participants));
  if (events.empty()) {
    fs::remove(dir / kPassingsJsonl, ec);
    return;
  }
  std::string jsonl;
  jsonl.reserve(events.size() * 160);
  for (const auto& e : events) {
    jsonl += feed::encode(e);
    jsonl += '\n';
  }
  core::write_file_atomic(dir / kPassingsJsonl, jsonl);
}

}  // namespace bundle
