// `pacecast feed-sim`: a timing feed on a socket. Replays a bundle's events in race time
// through a FeedSimulator (the session protocol of docs/feed-protocol.md), with optional
// faults for tests and rehearsals. Main thread: options, status line, signals.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "common.h"
#include "simulator.h"

namespace app {
namespace {

struct FeedSimOptions {
  std::string dir = kSampleRace;
  std::string listen = "127.0.0.1:9300";
  double speed = 1;
  std::string from;
  std::uint64_t seed = kSampleSeed;
  std::string epoch;
  double status_s = 5;
  bool exit_when_done = false;
  feed::FaultOptions faults;
};

void print_status(const FeedSimulator& sim, const race::RaceConfig& config) {
  const auto s = sim.server().stats();
  std::fprintf(stderr,
               "feed-sim: %lld client(s), seq %lld/%zu appended, every client through %lld, "
               "race time %s, %lld resync(s), %lld drop(s)\n",
               static_cast<long long>(s.clients), static_cast<long long>(sim.log().last_seq()),
               sim.total(), static_cast<long long>(std::max<std::int64_t>(s.min_sent_seq, 0)),
               core::format_hms(core::local_time_of_day(sim.race_now(), config.utc_offset)).c_str(),
               static_cast<long long>(s.resyncs), static_cast<long long>(s.drops));
}

void run_feed_sim(const FeedSimOptions& o) {
  const auto [host, port] = parse_listen(o.listen, "--listen");
  const bundle::Bundle b = load_race(o.dir, o.seed);
  report_problems(b.problems);
  SimOptions so;
  so.host = host;
  so.port = port;
  so.speed = o.speed;
  if (!o.from.empty()) so.from = parse_race_time(*b.config, o.from, "--from");
  so.epoch = o.epoch;
  so.faults = o.faults;
  StopSignals signals;
  {
    FeedSimulator sim(b, so);
    std::fprintf(stderr,
                 "feed-sim: serving %zu events of %s as feed `%s` epoch `%s` on ws://%s:%d\n",
                 sim.total(), b.config->name.c_str(), sim.log().feed().c_str(), sim.epoch().c_str(),
                 host.empty() ? "0.0.0.0" : host.c_str(), sim.port());
    auto last_status = std::chrono::steady_clock::now();
    while (!StopSignals::received()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const auto now = std::chrono::steady_clock::now();
      if (now - last_status >= std::chrono::duration<double>(o.status_s)) {
        print_status(sim, *b.config);
        last_status = now;
      }
      if (o.exit_when_done && sim.delivered()) break;
    }
    print_status(sim, *b.config);
  }
  std::fprintf(stderr, "feed-sim: %s\n", StopSignals::received() ? "stopped by signal" : "done");
}

}  // namespace

void add_feed_sim_command(CLI::App& app, Actions& actions) {
  auto o = std::make_shared<FeedSimOptions>();
  o->faults.stall_at_s = 10;
  auto* cmd = app.add_subcommand(
      "feed-sim",
      "Serve a race bundle as a live timing feed (WebSocket, docs/feed-protocol.md) in race\n"
      "time, to any number of subscribers, each from its own cursor. Fault flags rehearse a\n"
      "bad network: duplicates, reordering, dropped connections, malformed frames, silence.");
  cmd->add_option("dir", o->dir, "Race bundle directory, or `almaty` for the embedded sample")
      ->capture_default_str();
  cmd->add_option("--listen", o->listen, "HOST:PORT to listen on (port 0 = any free port)")
      ->capture_default_str();
  cmd->add_option("--speed", o->speed, "Race seconds per wall second; 0 = as fast as possible")
      ->check(CLI::Range(0.0, 100000.0))
      ->capture_default_str();
  cmd->add_option("--from", o->from,
                  "Race-local time HH:MM:SS: everything before it is served at once");
  cmd->add_option("--seed", o->seed, "Seed of the embedded sample and of the faults")
      ->capture_default_str();
  cmd->add_option("--epoch", o->epoch,
                  "Epoch to serve (default: derived from the events, stable across restarts)");
  cmd->add_option("--dup-rate", o->faults.dup_rate, "Probability a frame is sent twice")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--reorder-ms", o->faults.reorder_ms,
                  "Hold frames back up to N ms so they leave out of order")
      ->check(CLI::Range(0, 60000));
  cmd->add_option("--drop-every", o->faults.drop_every_s, "Close every connection every S seconds")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--garbage-rate", o->faults.garbage_rate,
                  "Probability a malformed frame goes out before a frame (nothing is lost)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--stall", o->faults.stall_s, "Go silent (not even heartbeats) S seconds, once")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--stall-at", o->faults.stall_at_s,
                  "Wall-clock seconds after start when --stall begins")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--status-interval", o->status_s, "Seconds between status lines on stderr")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  cmd->add_flag("--exit-when-done", o->exit_when_done,
                "Exit once every event is appended, a client was sent all of them, and so was\n"
                "every client connected then");
  actions.emplace_back(cmd, [o] {
    o->faults.seed = o->seed;
    run_feed_sim(*o);
  });
}

}  // namespace app
