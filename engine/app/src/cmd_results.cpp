// `pacecast results` and `pacecast check`.
#include <algorithm>
#include <cstdio>

#include "common.h"
#include "core/error.h"
#include "core/file.h"
#include "feed/journal.h"
#include "race/results.h"

namespace app {
namespace {

// Every event of a journal in journal order; works while an ingest appends to it.
std::vector<race::Event> journal_events(const std::string& file) {
  const auto journal = feed::Journal::open_read_only(file);
  std::vector<race::Event> events;
  events.reserve(static_cast<std::size_t>(journal->size()));
  journal->replay([&](const race::Event& e) { events.push_back(e); });
  return events;
}

}  // namespace

void add_results_command(CLI::App& app, Actions& actions) {
  struct Options {
    std::string dir;
    std::string at;
    std::string contest;
    std::string format = "csv";
    std::string out;
    std::string journal;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "results",
      "Compute standings from a race bundle's passings, or an ingest journal's events (up to\n"
      "--at), and print them.\n"
      "CSV columns: bib,name,contest,gender,category,status,net_time,gun_time,overall_place,\n"
      "gender_place,category_place,last_point. Places are live places: furthest mat first,\n"
      "then the contest's ranking time there (gun or net, race.toml); DNS/DNF/DSQ and runners\n"
      "without a read have no place and come last. Relay runners get their team's place and\n"
      "time (from the gun to the team's furthest mat).");
  cmd->add_option("dir", opts->dir, "Race bundle directory, or `almaty` for the embedded sample")
      ->required();
  cmd->add_option("--at", opts->at, "Race-local time of day HH:MM:SS (default: all passings)");
  cmd->add_option("--contest", opts->contest, "Contest id from race.toml (default: every contest)");
  cmd->add_option("--format", opts->format, "csv, json or table")
      ->check(CLI::IsMember({"csv", "json", "table"}))
      ->capture_default_str();
  cmd->add_option("--out", opts->out, "Write to this file instead of standard output");
  cmd->add_option("--journal", opts->journal,
                  "Take the events from this ingest journal (in journal order) instead of the\n"
                  "bundle's passings.jsonl; works while an ingest is writing it");
  actions.emplace_back(cmd, [opts] {
    const bundle::Bundle b = load_race(opts->dir);
    report_problems(opts->journal.empty() ? b.problems : problems_without_passings(b));
    std::optional<core::UtcMs> until;
    if (!opts->at.empty()) until = parse_race_time(*b.config, opts->at, "--at");
    race::RaceModel model(b.config, b.participants);
    if (opts->journal.empty()) {
      apply_until(model, b.events, until);
    } else {
      apply_until(model, journal_events(opts->journal), until);
    }
    const auto snapshot = model.publish();
    int contest = -1;
    if (!opts->contest.empty()) {
      contest = snapshot->contest_index(opts->contest);
      if (contest < 0) {
        std::string known;
        for (const auto& c : b.config->contests) known += (known.empty() ? "" : ", ") + c.id;
        throw core::Error("--contest: no contest `" + opts->contest +
                          "` in this race; contests are: " + known);
      }
    }
    const auto rows = race::compute_results(*snapshot, contest);
    const std::string text = opts->format == "json"    ? race::format_results_json(rows)
                             : opts->format == "table" ? race::format_results_table(rows)
                                                       : race::format_results_csv(rows);
    if (opts->out.empty()) {
      std::fwrite(text.data(), 1, text.size(), stdout);
    } else {
      core::write_file_atomic(opts->out, text);
      std::fprintf(stderr, "wrote %zu result rows to %s\n", rows.size(), opts->out.c_str());
    }
  });
}

void add_check_command(CLI::App& app, Actions& actions) {
  auto dir = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "check",
      "Load a race bundle and report every problem: race.toml errors (file, line, key),\n"
      "participant rows and passing lines that would be skipped, and what the model rejects\n"
      "when replaying the passings. Exit code 0 when the bundle is clean, 1 otherwise.");
  cmd->add_option("dir", *dir, "Race bundle directory, or `almaty` for the embedded sample")
      ->required();
  actions.emplace_back(cmd, [dir] {
    const bundle::Bundle b = load_race(*dir);
    report_problems(b.problems, b.problems.size());
    race::RaceModel model(b.config, b.participants);
    apply_until(model, b.events, std::nullopt);
    const auto s = model.publish();
    const auto& c = s->counters();
    std::printf("%s: %zu contests, %zu participants, %zu events\n", b.config->name.c_str(),
                b.config->contests.size(), b.participants.size(), b.events.size());
    std::printf(
        "passings %llu, duplicates %llu, unknown runner %llu, unknown mat %llu, "
        "impossible (flagged) %llu, other rejected %llu\n",
        static_cast<unsigned long long>(c.passings), static_cast<unsigned long long>(c.duplicates),
        static_cast<unsigned long long>(c.unknown_runner),
        static_cast<unsigned long long>(c.unknown_mat),
        static_cast<unsigned long long>(c.impossible), static_cast<unsigned long long>(c.rejected));
    std::printf("%zu problem line(s)\n", b.problems.size());
    if (!b.problems.empty() || c.unknown_runner || c.unknown_mat || c.rejected)
      throw core::Error(
          "the bundle has problems (listed above); fix the named lines or ignore them knowingly");
  });
}

}  // namespace app
