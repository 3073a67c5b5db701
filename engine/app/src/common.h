// Helpers shared by the subcommands: loading a race (a bundle directory or the embedded
// Almaty sample), applying its events up to a time, and reporting problems to the user.
// Main thread only.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bundle/bundle.h"
#include "race/model.h"

namespace app {

inline constexpr const char* kSampleRace = "almaty";
inline constexpr std::uint64_t kSampleSeed = 2025;

// Loads DIR, or the embedded Almaty sample (generated in memory) when `dir` is "almaty".
bundle::Bundle load_race(const std::string& dir, std::uint64_t sample_seed = kSampleSeed);
// The embedded assets/races/almaty/race.toml.
std::string_view embedded_almaty_toml();

// Parses a race-local time of day ("HH:MM:SS" or "H:MM") into a UTC instant on race day.
// Throws core::Error naming the option when it is not a time.
core::UtcMs parse_race_time(const race::RaceConfig& config, const std::string& text,
                            const std::string& option);

// Applies events in file order. Timed events (passings, guns) later than `until` are skipped;
// untimed ones (status, corrections, entries) are applied while the file has not passed
// `until` yet. Returns how many events were applied.
std::size_t apply_until(race::RaceModel& model, const std::vector<race::Event>& events,
                        std::optional<core::UtcMs> until);

// The time of an event, for passings and guns.
std::optional<core::UtcMs> event_time(const race::Event& e);

// Event indices ordered by time (stable). An untimed event (status, correction, entry) keeps
// its place after the timed event before it in the file; untimed events before the first
// timed one go with that one.
std::vector<std::pair<core::UtcMs, std::size_t>> time_order(const std::vector<race::Event>& events);

// Parses HOST:PORT for a listening socket ("[::1]:9300" too; port 0 = any free port) into
// (host, port). Throws core::Error naming `option` when it is not HOST:PORT.
std::pair<std::string, int> parse_listen(const std::string& text, const std::string& option);

// The bundle's problems, less those of passings.jsonl when its events are not used (the
// events come from a journal or a live feed instead).
std::vector<bundle::LineProblem> problems_without_passings(const bundle::Bundle& b);

// While an object lives, SIGINT and SIGTERM do not end the process but are recorded for the
// main loop to stop cleanly; the previous handlers come back afterwards. One at a time.
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  // The signal received (SIGINT or SIGTERM), or 0.
  static int received();

 private:
  struct Saved;
  std::unique_ptr<Saved> saved_;
};

// Deletes a SQLite journal file and the files SQLite keeps next to it (-wal, -shm, -journal);
// missing ones are no error.
void remove_journal(const std::filesystem::path& file);

// This process's peak resident memory so far, in MB (VmHWM; 0 where /proc is missing).
double peak_rss_mb();
// Hands the heap's free pages back to the system (after a large load is dropped), so the
// resident memory reflects what is in use.
void release_freed_memory();

// Prints up to `max_shown` problems to stderr with a count of the rest.
void report_problems(const std::vector<bundle::LineProblem>& problems, std::size_t max_shown = 20);

// Subcommand registration (one file each): each adds its (sub)commands and the action to run
// when that command was given.
using Actions = std::vector<std::pair<CLI::App*, std::function<void()>>>;
void add_results_command(CLI::App& app, Actions& actions);
void add_check_command(CLI::App& app, Actions& actions);
void add_import_command(CLI::App& app, Actions& actions);
void add_generate_command(CLI::App& app, Actions& actions);
void add_replay_command(CLI::App& app, Actions& actions);
void add_bench_command(CLI::App& app, Actions& actions);
void add_bench_feed_command(CLI::App& bench, Actions& actions);
void add_feed_sim_command(CLI::App& app, Actions& actions);
void add_ingest_command(CLI::App& app, Actions& actions);
void add_snapshot_command(CLI::App& app, Actions& actions);
void add_looks_command(CLI::App& app, Actions& actions);
void add_run_command(CLI::App& app, Actions& actions);
void add_bench_render_command(CLI::App& bench, Actions& actions);
void add_bench_pipeline_command(CLI::App& bench, Actions& actions);
void add_bench_announcer_command(CLI::App& bench, Actions& actions);

}  // namespace app
