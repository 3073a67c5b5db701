// `pacecast feed-sim`: a timing feed on a socket. Replays a bundle's events in race time
// through a feed::Server (the session protocol of docs/feed-protocol.md), with optional
// faults for tests and rehearsals. Main thread: options, status line, signals; one pacing
// thread appends to the FeedLog; the server has its own service thread.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>

#include "common.h"
#include "core/error.h"
#include "core/log.h"
#include "feed/codec.h"
#include "feed/feed_log.h"
#include "feed/server.h"

namespace app {
namespace {

struct Options {
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

// Events ordered by time; an untimed event keeps its place after the timed event before it.
// Seqs are renumbered 1, 2, 3... in this order, so corrections are pointed at the new seqs.
std::vector<std::pair<core::UtcMs, race::Event>> feed_order(const std::vector<race::Event>& in,
                                                            const std::string& epoch) {
  std::vector<std::pair<core::UtcMs, race::Event>> out;
  out.reserve(in.size());
  for (const auto& [t, i] : time_order(in)) out.emplace_back(t, in[i]);
  using Key = std::tuple<std::string, std::string, std::int64_t>;
  std::map<Key, std::int64_t> new_seq;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto seq = static_cast<std::int64_t>(i + 1);
    std::visit(
        [&](auto& x) {
          new_seq[{x.origin.source, x.origin.epoch, x.origin.seq}] = seq;
          if (x.origin.source.empty()) x.origin.source = "feed";
        },
        out[i].second);
    if (auto* c = std::get_if<race::Correction>(&out[i].second)) {
      const std::string source = c->target_source.empty() ? c->origin.source : c->target_source;
      const std::string old_epoch = c->target_epoch.empty() ? c->origin.epoch : c->target_epoch;
      const auto it = new_seq.find({source, old_epoch, c->target_seq});
      if (it != new_seq.end()) c->target_seq = it->second;
      c->target_source = source;
      c->target_epoch = epoch;
    }
  }
  return out;
}

// A stable epoch for a bundle: the same events give the same epoch, so a restarted
// simulator serves the same (epoch, seq) names and receivers resume from their cursors.
std::string content_epoch(const std::vector<race::Event>& events) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (const auto& e : events) {
    for (const unsigned char c : feed::encode(e)) h = (h ^ c) * 1099511628211ull;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "sim-%012llx",
                static_cast<unsigned long long>(h & 0xffffffffffffull));
  return buf;
}

// Appends the events to the log at race time × speed; `done` is set once all are in.
class Pacer {
 public:
  Pacer(feed::FeedLog& log, std::vector<std::pair<core::UtcMs, race::Event>> events,
        core::UtcMs from, double speed)
      : log_(log), events_(std::move(events)), from_(from), speed_(speed) {
    race_now_ms_ = from.time_since_epoch().count();
    thread_ = std::thread([this] { run(); });
  }
  ~Pacer() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  bool done() const { return done_.load(); }
  core::UtcMs race_now() const { return core::UtcMs(core::Ms(race_now_ms_.load())); }

 private:
  void append_until(std::size_t& next, core::UtcMs until, std::size_t max_count) {
    std::vector<race::Event> batch;
    while (next < events_.size() && events_[next].first <= until && batch.size() < max_count)
      batch.push_back(std::move(events_[next++].second));
    if (!batch.empty()) log_.append(std::move(batch));
  }

  void run() {
    std::size_t next = 0;
    append_until(next, from_, events_.size());  // everything before --from at once
    const auto wall_start = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_ && next < events_.size()) {
      core::UtcMs now = events_[next].first;
      core::UtcMs until = core::UtcMs::max();  // --speed 0: the next chunk, whatever its time
      if (speed_ > 0) {
        const auto wall = std::chrono::steady_clock::now() - wall_start;
        now = from_ + core::Ms(static_cast<std::int64_t>(
                          std::chrono::duration<double, std::milli>(wall).count() * speed_));
        until = now;
      }
      race_now_ms_ = now.time_since_epoch().count();
      lock.unlock();
      append_until(next, until, speed_ > 0 ? events_.size() : 10000);
      lock.lock();
      if (speed_ > 0 && next < events_.size()) {
        const double wait_ms = static_cast<double>((events_[next].first - now).count()) / speed_;
        wake_.wait_for(lock,
                       std::chrono::duration<double, std::milli>(std::clamp(wait_ms, 1.0, 100.0)));
      }
    }
    if (next >= events_.size() && !events_.empty())
      race_now_ms_ = std::max(race_now_ms_.load(), events_.back().first.time_since_epoch().count());
    done_ = next >= events_.size();
  }

  feed::FeedLog& log_;
  std::vector<std::pair<core::UtcMs, race::Event>> events_;
  const core::UtcMs from_;
  const double speed_;
  std::atomic<bool> done_{false};
  std::atomic<std::int64_t> race_now_ms_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mutex_
  std::thread thread_;
};

void print_status(const feed::Server& server, const feed::FeedLog& log, std::size_t total,
                  const Pacer& pacer, const race::RaceConfig& config) {
  const auto s = server.stats();
  std::fprintf(
      stderr,
      "feed-sim: %lld client(s), seq %lld/%zu appended, every client through %lld, "
      "race time %s, %lld resync(s), %lld drop(s)\n",
      static_cast<long long>(s.clients), static_cast<long long>(log.last_seq()), total,
      static_cast<long long>(std::max<std::int64_t>(s.min_sent_seq, 0)),
      core::format_hms(core::local_time_of_day(pacer.race_now(), config.utc_offset)).c_str(),
      static_cast<long long>(s.resyncs), static_cast<long long>(s.drops));
}

void run_feed_sim(const Options& o) {
  const auto [host, port] = parse_listen(o.listen, "--listen");
  const bundle::Bundle b = load_race(o.dir, o.seed);
  report_problems(b.problems);
  if (b.events.empty())
    throw core::Error(b.dir.string() + ": no events to serve (passings.jsonl is empty or missing)");
  const std::string epoch = o.epoch.empty() ? content_epoch(b.events) : o.epoch;
  auto events = feed_order(b.events, epoch);
  const std::size_t total = events.size();
  // Untimed events before the first timed one (entries, statuses) sort first, at time zero.
  core::UtcMs first_time = events.back().first;
  for (const auto& [t, e] : events) {
    if (event_time(e)) {
      first_time = t;
      break;
    }
  }
  const core::UtcMs from =
      o.from.empty() ? first_time : parse_race_time(*b.config, o.from, "--from");
  const std::string name = b.dir.filename().string();
  feed::FeedLog log(name.empty() ? "sim" : name, epoch);
  feed::ServerOptions so;
  so.host = host;
  so.port = port;
  so.faults = o.faults;
  feed::Server server(log, so);
  server.start();
  std::fprintf(stderr, "feed-sim: serving %zu events of %s as feed `%s` epoch `%s` on ws://%s:%d\n",
               total, b.config->name.c_str(), log.feed().c_str(), epoch.c_str(),
               host.empty() ? "0.0.0.0" : host.c_str(), server.port());
  StopSignals signals;
  {
    Pacer pacer(log, std::move(events), from, o.speed);
    auto last_status = std::chrono::steady_clock::now();
    while (!StopSignals::received()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const auto now = std::chrono::steady_clock::now();
      if (now - last_status >= std::chrono::duration<double>(o.status_s)) {
        print_status(server, log, total, pacer, *b.config);
        last_status = now;
      }
      if (o.exit_when_done && pacer.done()) {
        const auto s = server.stats();
        const auto all = static_cast<std::int64_t>(total);
        if (s.max_sent_seq == all && s.subscribed == s.clients &&
            (s.subscribed == 0 || s.min_sent_seq == all))
          break;
      }
    }
    print_status(server, log, total, pacer, *b.config);
  }
  server.stop();
  std::fprintf(stderr, "feed-sim: %s\n", StopSignals::received() ? "stopped by signal" : "done");
}

}  // namespace

void add_feed_sim_command(CLI::App& app, Actions& actions) {
  auto o = std::make_shared<Options>();
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
