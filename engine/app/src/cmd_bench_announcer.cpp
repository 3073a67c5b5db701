// `pacecast bench announcer`: the finish time predicted at the 40 km mat on the Boston
// results (finishers under 4 hours), against the last-split baseline; then the arrival
// board's update time on the Almaty sample at race speed.
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "announcer/accuracy.h"
#include "announcer/arrivals.h"
#include "bench_common.h"
#include "bundle/boston.h"
#include "common.h"
#include "core/file.h"
#include "race/model.h"

namespace app {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Options {
  std::vector<std::string> files;  // empty: Boston 2015, 2018, 2019 from tests/data
  std::string at = "10:30:00";
  int updates = 120;
  int speed = 60;  // race seconds per update (one update a second of wall time)
};

std::vector<std::string> default_files() {
  const std::filesystem::path one = default_boston_file("bench announcer");
  std::vector<std::string> out;
  for (const char* year : {"2015", "2018", "2019"}) {
    const auto f = one.parent_path() / ("marathon_results_" + std::string(year) + ".csv.gz");
    if (std::filesystem::exists(f)) out.push_back(f.string());
  }
  return out;
}

struct YearResult {
  announcer::Accuracy ours, base;
};

// One model with every event but the finish reads: every finisher's last read is then their
// 40K read (or an earlier one when 40K was missed: those are left out). The official net time
// is what the prediction is compared with.
YearResult measure_file(const std::string& file) {
  const auto b = bundle::import_boston(core::read_file(file),
                                       std::filesystem::path(file).filename().string(), {});
  race::RaceModel model(std::make_shared<const race::RaceConfig>(b.config), b.participants);
  for (const auto& e : b.events) {
    const auto* p = std::get_if<race::Passing>(&e);
    if (!p || p->mat != "finish") model.apply(e);
  }
  const auto s = model.publish();
  const int finish = s->point_index(0, "finish");
  const int at40 = s->point_index(0, "40K");
  std::vector<std::pair<race::RunnerId, core::Ms>> actual;
  for (const auto& o : b.official) {
    const auto id = s->find_bib(o.bib);
    if (id && o.official_time < 4h && s->runner(*id).furthest == at40)
      actual.emplace_back(*id, o.official_time);
  }
  return {announcer::measure_accuracy(*s, finish, actual, announcer::Model::fade_band),
          announcer::measure_accuracy(*s, finish, actual, announcer::Model::last_split)};
}

// Median wall time of ArrivalBoard::update on the Almaty sample from `at` on, at race speed
// ×speed with one update a second of wall time (a minute of race between updates at ×60).
double board_update_ms(const Options& o, std::size_t* listed) {
  const bundle::Bundle b = load_race(kSampleRace);
  const core::UtcMs start = parse_race_time(*b.config, o.at, "--at");
  race::RaceModel model(b.config, b.participants);
  std::size_t next = 0;
  auto apply_until = [&](core::UtcMs t) {
    for (; next < b.events.size(); ++next) {
      const auto* p = std::get_if<race::Passing>(&b.events[next]);
      const auto* g = std::get_if<race::GunEvent>(&b.events[next]);
      const auto when = p ? p->time : g ? g->time : t;
      if (when > t) break;
      model.apply(b.events[next]);
    }
  };
  announcer::ArrivalBoard board;
  std::vector<double> ms;
  // Warm up from an hour before: the board keeps candidates between updates, as it would live.
  for (core::UtcMs now = start - 1h; now < start; now += 60s) {
    apply_until(now);
    board.update(*model.publish(), now);
  }
  for (int i = 0; i < o.updates; ++i) {
    const core::UtcMs now = start + core::Ms(1000) * (o.speed * i);
    apply_until(now);
    const auto s = model.publish();
    const auto t0 = Clock::now();
    const auto a = board.update(*s, now);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    *listed = a.count();
  }
  return percentile(ms, 0.5);
}

}  // namespace

void add_bench_announcer_command(CLI::App& bench, Actions& actions) {
  auto opts = std::make_shared<Options>();
  auto* cmd = bench.add_subcommand(
      "announcer",
      "Predict the finish of every Boston finisher under 4 hours from their 40 km read (a\n"
      "model fed every read but the finish) and compare with the official time: median and\n"
      "p90 absolute error, ours and the last-split baseline (35K→40K pace over the last\n"
      "2,195 m), per year and overall. Then time the arrival board's update on the Almaty\n"
      "sample. The last line prints the overall median error.");
  cmd->add_option("--file", opts->files, "Boston results file(s) (default: 2015, 2018, 2019)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--at", opts->at, "Race-local time of the board updates (Almaty)")
      ->capture_default_str();
  cmd->add_option("--speed", opts->speed, "Race seconds between board updates")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--updates", opts->updates, "Board updates timed")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  actions.emplace_back(cmd, [opts] {
    const auto files = opts->files.empty() ? default_files() : opts->files;
    std::vector<double> ours_all, base_all;
    std::printf("%-28s %8s %10s %8s %10s %8s\n", "file", "runners", "median", "p90", "base med",
                "base p90");
    for (const auto& f : files) {
      const YearResult r = measure_file(f);
      std::printf("%-28s %8zu %8.1f s %6.1f s %8.1f s %6.1f s\n",
                  std::filesystem::path(f).filename().string().c_str(), r.ours.runners,
                  r.ours.median_abs_s, r.ours.p90_abs_s, r.base.median_abs_s, r.base.p90_abs_s);
      ours_all.insert(ours_all.end(), r.ours.abs_errors_s.begin(), r.ours.abs_errors_s.end());
      base_all.insert(base_all.end(), r.base.abs_errors_s.begin(), r.base.abs_errors_s.end());
    }
    const double ours = announcer::percentile(ours_all, 0.5);
    const double base = announcer::percentile(base_all, 0.5);
    std::printf("%-28s %8zu %8.1f s %6.1f s %8.1f s %6.1f s\n", "overall", ours_all.size(), ours,
                announcer::percentile(ours_all, 0.9), base, announcer::percentile(base_all, 0.9));
    std::size_t listed = 0;
    const double update_ms = board_update_ms(*opts, &listed);
    std::printf(
        "arrival board (Almaty from %s, %d updates at x%d): median update %.3f ms, %zu listed\n",
        opts->at.c_str(), opts->updates, opts->speed, update_ms, listed);
    std::printf("announcer: median abs error %.1f s (baseline %.1f s)\n", ours, base);
  });
}

}  // namespace app
