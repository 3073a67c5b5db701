// A race bundle on disk: DIR/race.toml + DIR/participants.csv (+ DIR/passings.jsonl).
// Loading reads files (I/O), so it lives here and not in the pure race module.
// Thread-safety: functions are reentrant; a loaded Bundle is a value.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "race/config.h"
#include "race/event.h"
#include "race/participant.h"

namespace bundle {

// A problem in one line of an input file that was skipped while the rest loaded.
struct LineProblem {
  std::string file;  // "participants.csv"
  int line = 0;
  std::string reason;
};

struct Bundle {
  std::filesystem::path dir;
  std::shared_ptr<const race::RaceConfig> config;
  std::vector<race::Participant> participants;
  std::vector<race::Event> events;  // from passings.jsonl, in file order
  std::vector<LineProblem> problems;
};

enum class LoadEvents { invalid, yes, no };

// Loads a bundle. Throws core::ConfigError for a broken race.toml and core::Error when a
// required file is missing; bad CSV rows and bad JSONL lines are reported in `problems`.
Bundle load(const std::filesystem::path& dir, LoadEvents events = LoadEvents::yes);

// Writes race.toml, participants.csv and passings.jsonl (when events is non-empty).
void save(const std::filesystem::path& dir, const race::RaceConfig& config,
          const std::vector<race::Participant>& participants,
          const std::vector<race::Event>& events);

}  // namespace bundle
