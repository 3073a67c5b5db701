// `pacecast import boston` and `pacecast generate almaty`: make race bundles.
#include <cstdio>
#include <filesystem>

#include "bundle/almaty.h"
#include "bundle/boston.h"
#include "common.h"
#include "core/error.h"
#include "core/file.h"
#include "race/config_toml.h"

namespace app {

void add_import_command(CLI::App& app, Actions& actions) {
  auto* import = app.add_subcommand("import", "Turn another system's results into a race bundle");
  import->require_subcommand(1);
  struct Options {
    std::string file;
    std::string out;
    std::uint64_t seed = 1;
    int year = 0;
  };
  auto opts = std::make_shared<Options>();
  auto* boston = import->add_subcommand(
      "boston",
      "Import a Boston Marathon results file (marathon_results_YYYY.csv[.gz]): Boston's mats,\n"
      "divisions and waves, invented wave gun times and corral delays (deterministic by\n"
      "--seed), and a passing for every split in the file. Dirty rows are reported with their\n"
      "line number and the import goes on. See docs/boston-import.md.");
  boston->add_option("file", opts->file, "Results CSV, optionally gzip-compressed")->required();
  boston->add_option("--out", opts->out, "Bundle directory to write (created if missing)")
      ->required();
  boston->add_option("--seed", opts->seed, "Seed for corral delays")->capture_default_str();
  boston->add_option("--year", opts->year, "Race year (default: from the file name)");
  actions.emplace_back(boston, [opts] {
    const std::string text = core::read_file(opts->file);
    bundle::BostonOptions o;
    o.seed = opts->seed;
    o.year = opts->year;
    const auto imported =
        bundle::import_boston(text, std::filesystem::path(opts->file).filename().string(), o);
    report_problems(imported.problems);
    bundle::save(opts->out, imported.config, imported.participants, imported.events);
    std::printf(
        "%s: %d rows read, %zu finishers imported, %zu events, %zu problem row(s); wrote %s\n",
        imported.config.name.c_str(), imported.rows_read, imported.participants.size(),
        imported.events.size(), imported.problems.size(), opts->out.c_str());
  });
}

void add_generate_command(CLI::App& app, Actions& actions) {
  auto* generate = app.add_subcommand("generate", "Generate a sample race bundle");
  generate->require_subcommand(1);
  struct Options {
    std::string out;
    std::uint64_t seed = kSampleSeed;
    double scale = 1.0;
  };
  auto opts = std::make_shared<Options>();
  auto* almaty = generate->add_subcommand(
      "almaty",
      "Generate the Almaty Marathon sample (assets/races/almaty/race.toml, embedded): about\n"
      "17,000 invented participants in five contests and their passings with realistic pacing,\n"
      "DNFs, missed mats and duplicate reads. Deterministic by --seed. See docs/sample-race.md.");
  almaty->add_option("--out", opts->out, "Bundle directory to write (created if missing)")
      ->required();
  almaty->add_option("--seed", opts->seed, "Random seed")->capture_default_str();
  almaty->add_option("--scale", opts->scale, "Field size relative to the real race (0.01 .. 4)")
      ->check(CLI::Range(0.01, 4.0))
      ->capture_default_str();
  actions.emplace_back(almaty, [opts] {
    const auto config =
        race::parse_race_config(embedded_almaty_toml(), "assets/races/almaty/race.toml");
    bundle::AlmatyOptions o;
    o.seed = opts->seed;
    o.scale = opts->scale;
    const auto generated = bundle::generate_almaty(config, o);
    bundle::save(opts->out, config, generated.participants, generated.events);
    // Keep the hand-written race.toml with its comments.
    core::write_file_atomic(std::filesystem::path(opts->out) / "race.toml", embedded_almaty_toml());
    std::printf("%s: %zu participants, %zu events (seed %llu); wrote %s\n", config.name.c_str(),
                generated.participants.size(), generated.events.size(),
                static_cast<unsigned long long>(opts->seed), opts->out.c_str());
  });
}

}  // namespace app
