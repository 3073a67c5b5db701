// `pacecast replay`: replays a race bundle in race time and prints live standings. Until the
// video pipeline exists this is the demo's main job.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "app/board.h"
#include "common.h"
#include "core/error.h"
#include "core/log.h"

namespace app {
namespace {

struct ReplayOptions {
  std::string dir = kSampleRace;
  double speed = 60;
  std::string from;
  std::string until;
  double duration_s = 0;
  double interval_s = 1;
  std::size_t top = 5;
  std::uint64_t seed = kSampleSeed;
};

std::string fmt_speed(double speed) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", speed);
  return buf;
}

void run_replay(const ReplayOptions& o) {
  const bundle::Bundle b = load_race(o.dir, o.seed);
  report_problems(b.problems);
  const auto order = time_order(b.events);
  if (order.empty())
    throw core::Error(b.dir.string() +
                      ": no passings to replay (passings.jsonl is empty or missing)");
  core::UtcMs race_now = o.from.empty() ? order.front().first - core::Ms(60000)
                                        : parse_race_time(*b.config, o.from, "--from");
  std::optional<core::UtcMs> race_end;
  if (!o.until.empty()) race_end = parse_race_time(*b.config, o.until, "--until");
  race::RaceModel model(b.config, b.participants);
  std::size_t next = 0;
  // Everything before --from is applied at once.
  while (next < order.size() && order[next].first <= race_now)
    model.apply(b.events[order[next++].second]);

  const bool tty = isatty(STDOUT_FILENO) != 0;
  const auto wall_start = std::chrono::steady_clock::now();
  const core::UtcMs race_start = race_now;
  auto last_print = wall_start - std::chrono::hours(1);
  core::log::info(
      "replaying from " +
      core::format_hms(core::local_time_of_day(race_now, b.config->utc_offset)) +
      (o.speed > 0 ? " at ×" + fmt_speed(o.speed) : std::string(" as fast as possible")));
  while (true) {
    const auto wall = std::chrono::steady_clock::now();
    const auto wall_elapsed = std::chrono::duration_cast<core::Ms>(wall - wall_start);
    if (o.speed > 0)
      race_now =
          race_start +
          core::Ms(static_cast<std::int64_t>(static_cast<double>(wall_elapsed.count()) * o.speed));
    else
      race_now = next < order.size() ? order[next].first : race_now;
    if (race_end && race_now > *race_end) race_now = *race_end;
    while (next < order.size() && order[next].first <= race_now)
      model.apply(b.events[order[next++].second]);
    const bool done = next >= order.size() || (race_end && race_now >= *race_end) ||
                      (o.duration_s > 0 && wall_elapsed.count() >= o.duration_s * 1000);
    const bool print_due =
        o.speed > 0 && wall - last_print >= std::chrono::duration<double>(o.interval_s);
    if (print_due || done) {
      BoardOptions bo;
      bo.top = o.top;
      bo.now = race_now;
      bo.speed = o.speed;
      const std::string board = format_board(*model.publish(), bo);
      if (tty) std::fputs("\x1b[H\x1b[2J", stdout);
      std::fputs(board.c_str(), stdout);
      std::fflush(stdout);
      last_print = wall;
    }
    if (done) break;
    if (o.speed > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

void add_replay_command(CLI::App& app, Actions& actions) {
  auto o = std::make_shared<ReplayOptions>();
  auto* cmd = app.add_subcommand(
      "replay",
      "Replay a race in race time and print live standings: each contest's top runners with\n"
      "gaps, relay teams, and the leaders against the course records. Without DIR it replays\n"
      "the embedded Almaty sample.");
  cmd->add_option("dir", o->dir, "Race bundle directory, or `almaty` for the embedded sample")
      ->capture_default_str();
  cmd->add_option("--speed", o->speed, "Race seconds per wall second; 0 = as fast as possible")
      ->check(CLI::Range(0.0, 100000.0))
      ->capture_default_str();
  cmd->add_option("--from", o->from,
                  "Race-local start time HH:MM:SS (default: a minute before the first event)");
  cmd->add_option("--until", o->until,
                  "Race-local time HH:MM:SS to stop at (default: the last event)");
  cmd->add_option("--duration", o->duration_s, "Stop after this many wall-clock seconds")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--interval", o->interval_s, "Wall-clock seconds between boards")
      ->check(CLI::Range(0.05, 3600.0))
      ->capture_default_str();
  cmd->add_option("--top", o->top, "Runners shown per contest")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the embedded sample")->capture_default_str();
  actions.emplace_back(cmd, [o] { run_replay(*o); });
}

}  // namespace app
