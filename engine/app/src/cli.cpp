#include "app/cli.h"

#include <cstdio>

#include "common.h"
#include "core/error.h"
#include "core/log.h"

namespace app {

int run_cli(int argc, char** argv) {
  CLI::App app{
      "Pacecast: live broadcast graphics and announcer engine for marathons.\n"
      "Keeps the race state from timing passings: results, ranks, gaps, pace, projections and\n"
      "record pace. A race is a bundle directory (race.toml, participants.csv, passings.jsonl;\n"
      "see docs/race-config.md); the word `almaty` names the embedded sample race.",
      "pacecast"};
  app.set_version_flag("--version", std::string("pacecast ") + PACECAST_VERSION);
  std::string level = "info";
  app.add_option("--log-level", level, "Log detail: debug, info, warn, error, off")
      ->capture_default_str();
  app.require_subcommand(1);
  Actions actions;
  add_results_command(app, actions);
  add_check_command(app, actions);
  add_import_command(app, actions);
  add_generate_command(app, actions);
  add_replay_command(app, actions);
  add_bench_command(app, actions);
  add_feed_sim_command(app, actions);
  add_ingest_command(app, actions);
  add_snapshot_command(app, actions);
  add_looks_command(app, actions);
  add_run_command(app, actions);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  const auto parsed = core::log::parse_level(level);
  if (parsed == core::log::Level::invalid) {
    std::fprintf(stderr,
                 "pacecast: --log-level: `%s` is not one of debug, info, warn, error, off\n",
                 level.c_str());
    return 2;
  }
  core::log::set_level(parsed);
  try {
    for (auto& [command, action] : actions) {
      if (command->parsed()) action();
    }
  } catch (const core::Error& e) {
    std::fprintf(stderr, "pacecast: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pacecast: unexpected error: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace app
