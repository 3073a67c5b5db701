// `pacecast bench race`: applies the whole Boston 2019 replay with rankings and snapshot
// publication, and compares publication against a naive copy-and-re-rank baseline.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "bench_common.h"
#include "bundle/boston.h"
#include "common.h"
#include "core/error.h"
#include "core/file.h"
#include "elapsed.h"
#include "race/results.h"

namespace app {
namespace {

using Clock = std::chrono::steady_clock;

// What a straightforward engine does per publication: copy every runner's state and sort
// the whole field into a live ranking.
double naive_publish_s(const race::RaceSnapshot& s) {
  const auto start = Clock::now();
  std::vector<race::RunnerState> copy;
  copy.reserve(s.runner_count());
  for (race::RunnerId id = 0; id < static_cast<race::RunnerId>(s.runner_count()); ++id)
    copy.push_back(s.runner(id));
  std::vector<std::pair<std::pair<int, std::int64_t>, race::RunnerId>> order;
  order.reserve(copy.size());
  for (race::RunnerId id = 0; id < static_cast<race::RunnerId>(copy.size()); ++id) {
    const auto& r = copy[static_cast<std::size_t>(id)];
    if (r.furthest < 0) continue;
    order.push_back(
        {{-r.furthest, r.time[static_cast<std::size_t>(r.furthest)].time_since_epoch().count()},
         id});
  }
  std::sort(order.begin(), order.end());
  const double t = seconds_since(start);
  if (order.size() > copy.size()) std::abort();  // keeps the work observable
  return t;
}

struct BenchRaceOptions {
  std::string file;
  std::size_t batch = 1000;
  int repeat = 7;
};

void run_bench_race(const BenchRaceOptions& o) {
  const std::string file = o.file.empty() ? default_boston_file("bench race") : o.file;
  auto t0 = Clock::now();
  const auto imported = bundle::import_boston(core::read_file(file),
                                              std::filesystem::path(file).filename().string(), {});
  const double import_s = seconds_since(t0);
  auto config = std::make_shared<const race::RaceConfig>(imported.config);
  std::size_t passings = 0;
  for (const auto& e : imported.events)
    passings += std::holds_alternative<race::Passing>(e) ? 1 : 0;
  std::printf("bench race: %s, %zu runners, %zu passings (import %.2f s, not timed below)\n",
              config->name.c_str(), imported.participants.size(), passings, import_s);
  std::printf(
      "each run: apply every event in time order, keep rankings at every mat, publish a\n"
      "snapshot every %zu events, then compute the final standings; best of %d runs\n",
      o.batch, o.repeat);

  double best_apply = 1e9, best_total = 1e9;
  std::vector<double> publish_s, naive_s;
  std::size_t rows = 0;
  for (int run = 0; run < o.repeat; ++run) {
    race::RaceModel model(config, imported.participants);
    auto start = Clock::now();
    std::size_t since = 0;
    for (const auto& e : imported.events) {
      model.apply(e);
      if (++since == o.batch) {
        since = 0;
        const auto p0 = Clock::now();
        auto snap = model.publish();
        publish_s.push_back(seconds_since(p0));
        // The baseline runs on a sample of the same snapshots, outside the timed section.
        if (run == 0 && publish_s.size() % 64 == 1) {
          const auto pause = Clock::now();
          naive_s.push_back(naive_publish_s(*snap));
          const auto paused = Clock::now() - pause;
          start += paused;  // not part of the measured run
        }
      }
    }
    auto final_snapshot = model.publish();
    const double apply = seconds_since(start);
    rows = race::compute_results(*final_snapshot).size();
    const double total = seconds_since(start);
    best_apply = std::min(best_apply, apply);
    best_total = std::min(best_total, total);
  }
  const double rate = static_cast<double>(passings) / best_apply;
  const double p99 = percentile(publish_s, 0.99), naive_p99 = percentile(naive_s, 0.99);
  std::printf("apply + rank + publish: %.3f s → %.0f passings/s (target ≥ 1,000,000 on one core)\n",
              best_apply, rate);
  std::printf("full replay + final standings (%zu rows): %.3f s (target < 0.5 s)\n", rows,
              best_total);
  if (publish_s.empty()) {
    std::printf("no snapshot was published during the runs (--batch exceeds the replay)\n");
  } else {
    std::printf(
        "snapshot publication at %zu runners: p50 %.1f µs, p99 %.1f µs, max %.1f µs over %zu "
        "publications (target p99 < 1 ms)\n",
        imported.participants.size(), percentile(publish_s, 0.5) * 1e6, p99 * 1e6,
        percentile(publish_s, 1.0) * 1e6, publish_s.size());
    std::printf(
        "baseline, copy every runner and re-rank the field per publication: p99 %.1f µs "
        "→ publication is %.0fx faster than the baseline\n",
        naive_p99 * 1e6, p99 > 0 ? naive_p99 / p99 : 0.0);
  }
  std::printf("passings/s: %.0f\n", rate);
}

}  // namespace

void add_bench_command(CLI::App& app, Actions& actions) {
  auto* bench =
      app.add_subcommand("bench", "Benchmarks that print their figures (docs/benchmarks.md)");
  bench->require_subcommand(1);
  auto o = std::make_shared<BenchRaceOptions>();
  auto* race_cmd = bench->add_subcommand(
      "race",
      "Apply the whole Boston 2019 replay with rankings and snapshot publication; print\n"
      "passings/s (last line), replay + final standings time, and publication latency against\n"
      "a naive copy-and-re-rank baseline.");
  race_cmd->add_option("--file", o->file,
                       "Boston results file (default: tests/data/marathon_results_2019.csv.gz)");
  race_cmd->add_option("--batch", o->batch, "Events between snapshot publications")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  race_cmd->add_option("--repeat", o->repeat, "Runs; the best is reported")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  actions.emplace_back(race_cmd, [o] { run_bench_race(*o); });
  add_bench_feed_command(*bench, actions);
  add_bench_render_command(*bench, actions);
  add_bench_pipeline_command(*bench, actions);
  add_bench_announcer_command(*bench, actions);
}

}  // namespace app
