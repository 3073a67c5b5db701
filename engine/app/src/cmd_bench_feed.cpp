// `pacecast bench feed`: the timing feed end to end on loopback. A feed::Server serves the
// Boston 2019 import, a feed::Client journals every event to SQLite and queues it, an engine
// thread applies it to a RaceModel. Measures throughput, send-to-applied delay at a race-day
// rate and journal replay. Main thread: options and phases; each phase runs its own threads.
#include <stdlib.h>  // mkdtemp
#include <time.h>    // clock_gettime: thread and process CPU time

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>
#include <thread>

#include "bench_common.h"
#include "bundle/boston.h"
#include "common.h"
#include "core/bounded_queue.h"
#include "core/error.h"
#include "core/file.h"
#include "elapsed.h"
#include "feed/client.h"
#include "feed/feed_log.h"
#include "feed/journal.h"
#include "feed/server.h"
#include "feed_queue.h"
#include "race/results.h"

namespace app {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kEventsPerPublish = 1000;  // events between snapshots while catching up
constexpr auto kFrame = std::chrono::milliseconds(20);  // a live engine publishes once a frame
constexpr auto kPatience = std::chrono::seconds(30);    // silence that means the pipeline is stuck
constexpr double kReplayReference = 300000;             // passings in the replay target

struct BenchFeedOptions {
  std::string file;
  double rate = 50;
  double latency_s = 20;
  int repeat = 3;
  std::size_t limit = 0;
};

// The race to feed: the import's config and participants, and its events in time order.
struct Workload {
  std::shared_ptr<const race::RaceConfig> config;
  std::vector<race::Participant> participants;
  std::vector<race::Event> events;  // guns and passings, --limit applied to the passings
  std::size_t passings = 0;
  std::size_t guns = 0;
  double import_s = 0;
};

Workload load_workload(const BenchFeedOptions& o) {
  const std::string file = o.file.empty() ? default_boston_file("bench feed") : o.file;
  std::fprintf(stderr, "bench feed: importing %s\n", file.c_str());
  const auto start = Clock::now();
  auto imported =
      bundle::import_boston(core::read_file(file), fs::path(file).filename().string(), {});
  Workload w;
  w.import_s = seconds(Clock::now() - start);
  w.config = std::make_shared<const race::RaceConfig>(std::move(imported.config));
  w.participants = std::move(imported.participants);
  w.events.reserve(imported.events.size());
  for (auto& e : imported.events) {
    const bool passing = std::holds_alternative<race::Passing>(e);
    if (passing && o.limit > 0 && w.passings >= o.limit) continue;
    w.passings += passing ? 1 : 0;
    w.guns += std::holds_alternative<race::GunEvent>(e) ? 1 : 0;
    w.events.push_back(std::move(e));
  }
  if (w.passings == 0)
    throw core::Error("bench feed: " + file + ": no passings imported; pass a Boston results file");
  return w;
}

// A fresh directory for the journals, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "pacecast-bench-feed-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr)
      throw core::Error("bench feed: cannot create a temporary directory " + tmpl + ": " +
                        std::strerror(errno) + "; set TMPDIR to a writable directory");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Closes the queue when a phase is left, so that an engine thread still waiting stops.
struct CloseOnExit {
  EventQueue& queue;
  ~CloseOnExit() { queue.close(); }
};

struct EngineRun {
  std::size_t events = 0;
  std::size_t passings = 0;
  std::size_t publications = 0;
  double cpu_s = 0;  // the engine thread's CPU time
  Clock::time_point last_applied{};
  race::SnapshotPtr snapshot;  // published after the last event
};

// The engine thread: takes events off the queue in batches and applies them until `expect`
// arrived, the queue is closed, or nothing came for kPatience. Publishes a snapshot every
// kEventsPerPublish events, and when the queue runs dry a frame after the last publication (as
// the frame loop does). `applied_at[seq]`, when given, gets the time each event was applied.
EngineRun run_engine(race::RaceModel& model, EventQueue& queue, std::size_t expect,
                     std::vector<Clock::time_point>* applied_at) {
  EngineRun run;
  const double cpu_start = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
  std::vector<race::Event> batch;
  batch.reserve(kFeedDrainMax);
  std::size_t unpublished = 0;
  Clock::time_point last_publish = Clock::now(), last_event = last_publish;
  const auto publish = [&] {
    model.publish();
    ++run.publications;
    unpublished = 0;
    last_publish = Clock::now();
  };
  while (run.events < expect) {
    batch.clear();
    auto first = queue.pop_for(std::chrono::milliseconds(100));
    if (!first) {
      if (queue.closed() || Clock::now() - last_event > kPatience) break;
      continue;
    }
    batch.push_back(std::move(*first));
    queue.drain(batch, kFeedDrainMax - 1);
    for (const race::Event& e : batch) {
      model.apply(e);
      const auto seq = static_cast<std::size_t>(race::origin_of(e).seq);
      if (applied_at && seq < applied_at->size()) (*applied_at)[seq] = Clock::now();
      ++run.events;
      run.passings += std::holds_alternative<race::Passing>(e) ? 1 : 0;
      if (++unpublished == kEventsPerPublish) publish();
    }
    last_event = Clock::now();
    if (unpublished > 0 && queue.size() == 0 && last_event - last_publish >= kFrame) publish();
  }
  run.last_applied = last_event;
  run.snapshot = model.publish();
  run.cpu_s = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu_start;
  return run;
}

feed::ClientOptions client_options(int port) {
  feed::ClientOptions o;
  o.url = "ws://127.0.0.1:" + std::to_string(port);
  return o;
}

std::string describe(const feed::ClientStatus& s) {
  return std::string(feed::to_string(s.state)) + ", " + std::to_string(s.events_accepted) +
         " event(s) accepted" + (s.last_error.empty() ? "" : ", last error: " + s.last_error);
}

// One pass of the whole pipeline over the events already in `log`.
struct FeedRun {
  double seconds = 0;
  double process_cpu_s = 0;  // every thread, from client start to the last event applied
  EngineRun engine;
  feed::ClientStatus client;
  feed::ServerStats server;
  std::int64_t journal_events = 0;
};

FeedRun run_throughput(const Workload& w, feed::FeedLog& log, const fs::path& journal_file) {
  feed::Server server(log, feed::ServerOptions{});
  server.start();
  auto journal = feed::Journal::open(journal_file);
  EventQueue queue(kFeedQueueCapacity);
  race::RaceModel model(w.config, w.participants);
  feed::Client client(client_options(server.port()), *journal, queue);
  FeedRun run;
  {
    auto engine = std::async(std::launch::async,
                             [&] { return run_engine(model, queue, w.events.size(), nullptr); });
    CloseOnExit closer{queue};
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
    client.start();
    run.engine = engine.get();
    run.process_cpu_s = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
    run.seconds = seconds(run.engine.last_applied - start);
  }
  client.stop();
  run.client = client.status();
  run.server = server.stats();
  server.stop();
  run.journal_events = journal->size();
  if (run.engine.events != w.events.size())
    throw core::Error(
        "bench feed: the model received " + std::to_string(run.engine.events) + " of " +
        std::to_string(w.events.size()) + " events before " + std::to_string(kPatience.count()) +
        " s without any; client: " + describe(run.client) + "; see the feed messages above");
  return run;
}

// The baseline: the same events applied straight from memory, publishing as the engine does.
struct MemoryRun {
  double seconds = 1e9;
  race::SnapshotPtr snapshot;
};

MemoryRun best_in_memory(const Workload& w, int repeat) {
  MemoryRun best;
  for (int i = 0; i < repeat; ++i) {
    race::RaceModel model(w.config, w.participants);
    const auto start = Clock::now();
    std::size_t unpublished = 0;
    for (const race::Event& e : w.events) {
      model.apply(e);
      if (++unpublished == kEventsPerPublish) {
        model.publish();
        unpublished = 0;
      }
    }
    auto snapshot = model.publish();
    const double s = seconds(Clock::now() - start);
    if (s < best.seconds) best = {s, std::move(snapshot)};
  }
  return best;
}

FeedRun best_throughput(const Workload& w, const BenchFeedOptions& o, const fs::path& dir,
                        fs::path& best_journal) {
  feed::FeedLog log("bench", "bench-throughput");
  log.append(std::vector<race::Event>(w.events));  // the simulator at full speed: all at once
  FeedRun best;
  for (int i = 0; i < o.repeat; ++i) {
    std::fprintf(stderr, "bench feed: throughput run %d of %d\n", i + 1, o.repeat);
    const fs::path journal = dir / ("throughput-" + std::to_string(i + 1) + ".journal");
    FeedRun run = run_throughput(w, log, journal);
    std::fprintf(stderr, "bench feed: throughput run %d: %.3f s\n", i + 1, run.seconds);
    if (i > 0 && run.seconds >= best.seconds) {
      remove_journal(journal);
      continue;
    }
    if (i > 0) remove_journal(best_journal);
    best = std::move(run);
    best_journal = journal;
  }
  return best;
}

std::string results_csv(const race::RaceSnapshot& snapshot) {
  return race::format_results_csv(race::compute_results(snapshot));
}

// Prints the counters that show nothing was lost; returns false when something was.
bool print_counters(const Workload& w, const FeedRun& run, const MemoryRun& memory) {
  const auto& c = run.client;
  std::uint64_t rejected = 0;
  for (const auto& [code, n] : c.rejected) rejected += n;
  const auto total = static_cast<std::int64_t>(w.events.size());
  std::printf("server: %lld messages sent in %lld frames (%zu events in the feed)\n",
              static_cast<long long>(run.server.messages),
              static_cast<long long>(run.server.frames), w.events.size());
  std::printf(
      "client: %llu events accepted = %zu passings + %zu guns; %llu duplicates, %llu rejected, "
      "%llu gaps (%llu seqs missing), %llu journal errors, %llu queue overflows (back-pressure, "
      "nothing dropped)\n",
      static_cast<unsigned long long>(c.events_accepted), w.passings, w.guns,
      static_cast<unsigned long long>(c.duplicates), static_cast<unsigned long long>(rejected),
      static_cast<unsigned long long>(c.gaps), static_cast<unsigned long long>(c.missing),
      static_cast<unsigned long long>(c.journal_errors),
      static_cast<unsigned long long>(c.queue_overflows));
  const std::uint64_t model_passings = run.engine.snapshot->counters().passings;
  const std::string csv = results_csv(*run.engine.snapshot);
  const bool same = csv == results_csv(*memory.snapshot);
  std::printf(
      "journal: %lld events; model: %llu of %zu passings reached it, %zu snapshots published, "
      "results %s the in-memory apply's\n",
      static_cast<long long>(run.journal_events), static_cast<unsigned long long>(model_passings),
      w.passings, run.engine.publications, same ? "identical to" : "DIFFERENT from");
  return same && c.events_accepted == static_cast<std::uint64_t>(total) && c.gaps == 0 &&
         c.missing == 0 && run.server.messages == total && run.journal_events == total &&
         model_passings == w.passings && run.engine.passings == w.passings;
}

// The latency phase's events: `count` consecutive passings from the middle of the race, and
// everything before them, which the model holds already (applied from memory, not timed).
struct LatencyEvents {
  std::vector<race::Event> preload, send;
};

LatencyEvents split_for_latency(const Workload& w, std::size_t count) {
  const std::size_t first = std::min(w.passings / 2, w.passings - count);
  LatencyEvents out;
  std::size_t p = 0;
  for (const race::Event& e : w.events) {
    if (!std::holds_alternative<race::Passing>(e) || p < first) {
      out.preload.push_back(e);
    } else if (p < first + count) {
      out.send.push_back(e);
    }
    p += std::holds_alternative<race::Passing>(e) ? 1 : 0;
  }
  return out;
}

// The producer: appends one passing at a time at `rate` per second, on an absolute schedule,
// recording each send time by seq.
void produce(feed::FeedLog& log, const std::vector<race::Event>& events, double rate,
             std::vector<Clock::time_point>& sent, std::atomic<std::size_t>& done) {
  const auto start = Clock::now();
  for (std::size_t i = 0; i < events.size(); ++i) {
    std::this_thread::sleep_until(
        start + std::chrono::duration_cast<Clock::duration>(
                    std::chrono::duration<double>(static_cast<double>(i) / rate)));
    const auto t = Clock::now();
    const auto seq = static_cast<std::size_t>(log.append(events[i]));
    if (seq < sent.size()) sent[seq] = t;
    done = i + 1;
  }
}

void wait_subscribed(const feed::Server& server, const feed::Client& client) {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (server.stats().subscribed < 1) {
    if (Clock::now() > deadline)
      throw core::Error("bench feed: latency: the client did not subscribe within 10 s; client: " +
                        describe(client.status()));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

struct LatencyRun {
  std::vector<double> delays_ms;  // send -> applied, one per passing
  std::size_t sent = 0;
};

LatencyRun run_latency(const Workload& w, const BenchFeedOptions& o, const fs::path& journal_file) {
  const auto wanted = static_cast<std::size_t>(std::max(1.0, std::round(o.rate * o.latency_s)));
  const LatencyEvents events = split_for_latency(w, std::min(wanted, w.passings));
  const std::size_t count = events.send.size();
  race::RaceModel model(w.config, w.participants);
  for (const race::Event& e : events.preload) model.apply(e);
  model.publish();
  feed::FeedLog log("bench", "bench-latency");
  feed::Server server(log, feed::ServerOptions{});
  server.start();
  auto journal = feed::Journal::open(journal_file);
  EventQueue queue(kFeedQueueCapacity);
  feed::Client client(client_options(server.port()), *journal, queue);
  std::vector<Clock::time_point> sent(count + 1), applied(count + 1);
  std::atomic<std::size_t> done{0};
  EngineRun engine_run;
  {
    auto engine =
        std::async(std::launch::async, [&] { return run_engine(model, queue, count, &applied); });
    CloseOnExit closer{queue};
    client.start();
    wait_subscribed(server, client);
    auto producer =
        std::async(std::launch::async, [&] { produce(log, events.send, o.rate, sent, done); });
    while (producer.wait_for(std::chrono::seconds(5)) != std::future_status::ready)
      std::fprintf(stderr, "bench feed: latency: %zu of %zu passings sent\n", done.load(), count);
    producer.get();
    engine_run = engine.get();
  }
  client.stop();
  server.stop();
  if (engine_run.events != count)
    throw core::Error("bench feed: latency: the model received " +
                      std::to_string(engine_run.events) + " of " + std::to_string(count) +
                      " passings; client: " + describe(client.status()));
  LatencyRun run;
  run.sent = count;
  for (std::size_t seq = 1; seq <= count; ++seq)
    run.delays_ms.push_back(
        std::chrono::duration<double, std::milli>(applied[seq] - sent[seq]).count());
  return run;
}

struct ReplayRun {
  double seconds = 0;
  std::int64_t events = 0;
  std::size_t passings = 0;
  race::SnapshotPtr snapshot;
};

// Opens the journal written by a throughput run and replays it into a fresh model, publishing
// as the engine does; only replay() and the applying are timed.
ReplayRun run_replay(const Workload& w, const fs::path& journal_file) {
  auto journal = feed::Journal::open(journal_file);
  race::RaceModel model(w.config, w.participants);
  ReplayRun run;
  std::size_t unpublished = 0;
  const auto start = Clock::now();
  auto last_progress = start;
  journal->replay(
      [&](const race::Event& e) {
        model.apply(e);
        ++run.events;
        run.passings += std::holds_alternative<race::Passing>(e) ? 1 : 0;
        if (++unpublished == kEventsPerPublish) {
          model.publish();
          unpublished = 0;
        }
      },
      [&](std::int64_t done, std::int64_t total) {
        const auto now = Clock::now();
        if (now - start < std::chrono::seconds(2) || now - last_progress < std::chrono::seconds(1))
          return;
        last_progress = now;
        std::fprintf(stderr, "bench feed: journal replay: %lld of %lld events\n",
                     static_cast<long long>(done), static_cast<long long>(total));
      });
  run.snapshot = model.publish();
  run.seconds = seconds(Clock::now() - start);
  return run;
}

void print_header(const Workload& w, const BenchFeedOptions& o) {
  std::printf(
      "bench feed: %s, %zu runners, %zu passings + %zu guns (import %.2f s, not timed below)\n",
      w.config->name.c_str(), w.participants.size(), w.passings, w.guns, w.import_s);
  std::printf(
      "each throughput run: a feed server on 127.0.0.1 holding every event (the simulator at\n"
      "full speed) -> a client journaling to a fresh SQLite journal -> a bounded queue -> an\n"
      "engine thread applying to a RaceModel, publishing a snapshot every %zu events; timed\n"
      "from client start until the model applied the last event; best of %d runs\n",
      kEventsPerPublish, o.repeat);
  std::printf(
      "latency: the model already holds the race up to its middle; a producer thread appends\n"
      "one real passing at a time at %g/s for %g s to a second server, client and journal;\n"
      "each passing's delay runs from its append to its apply on the engine thread\n",
      o.rate, o.latency_s);
  std::printf(
      "replay: the best run's journal is reopened and replayed into a fresh RaceModel, publishing\n"
      "every %zu events; best of %d\n",
      kEventsPerPublish, o.repeat);
}

void print_throughput(const Workload& w, const FeedRun& run, const MemoryRun& memory) {
  std::printf(
      "feed -> client -> journal -> model: %.3f s → %.0f passings/s (target ≥ 100,000 with the "
      "journal on)\n",
      run.seconds, static_cast<double>(w.passings) / run.seconds);
  std::printf(
      "baseline, the same events applied straight from memory (no network, no journal): %.3f s "
      "→ network + journal cost: %.2fx the in-memory apply time\n",
      memory.seconds, run.seconds / memory.seconds);
  std::printf(
      "CPU time in that run: feed threads (client: decode, dedup, journal; server) %.3f s, engine "
      "thread %.3f s, over %.3f s wall\n",
      std::max(0.0, run.process_cpu_s - run.engine.cpu_s), run.engine.cpu_s, run.seconds);
}

void print_latency(const LatencyRun& run, const BenchFeedOptions& o, std::size_t wanted) {
  std::printf(
      "send → applied at %g passings/s, one per message, over %.1f s: p50 %.2f ms, p99 %.2f ms, "
      "max %.2f ms over %zu passings (target p99 < 5 ms)\n",
      o.rate, static_cast<double>(run.sent) / o.rate, percentile(run.delays_ms, 0.5),
      percentile(run.delays_ms, 0.99), percentile(run.delays_ms, 1.0), run.sent);
  if (run.sent < wanted)
    std::printf("(only %zu passings available, not the %zu that --rate × --latency-seconds asks)\n",
                run.sent, wanted);
}

void print_replay(const ReplayRun& run, bool same, int repeat) {
  const double scaled = run.seconds * kReplayReference / static_cast<double>(run.passings);
  std::printf(
      "journal replay into a fresh model: %zu passings (%lld events) in %.3f s → %.3f s per "
      "300,000 passings, best of %d (target < 1 s)\n",
      run.passings, static_cast<long long>(run.events), run.seconds, scaled, repeat);
  if (static_cast<double>(run.passings) < kReplayReference)
    std::printf(
        "(the journal holds %zu passings, fewer than 300,000: the per-300,000 figure is scaled "
        "linearly from them)\n",
        run.passings);
  std::printf("replayed model: results %s the in-memory apply's\n",
              same ? "identical to" : "DIFFERENT from");
}

void run_bench_feed(const BenchFeedOptions& o) {
  const Workload w = load_workload(o);
  print_header(w, o);
  std::fflush(stdout);
  TempDir dir;
  const MemoryRun memory = best_in_memory(w, o.repeat);
  fs::path journal;
  const FeedRun best = best_throughput(w, o, dir.path(), journal);
  print_throughput(w, best, memory);
  const bool complete = print_counters(w, best, memory);
  std::fflush(stdout);
  const auto wanted = static_cast<std::size_t>(std::max(1.0, std::round(o.rate * o.latency_s)));
  std::fprintf(stderr, "bench feed: latency: %zu passings at %g/s\n", std::min(wanted, w.passings),
               o.rate);
  const LatencyRun latency = run_latency(w, o, dir.path() / "latency.journal");
  print_latency(latency, o, wanted);
  ReplayRun replay;
  for (int i = 0; i < o.repeat; ++i) {
    ReplayRun run = run_replay(w, journal);
    if (i == 0 || run.seconds < replay.seconds) replay = std::move(run);
  }
  const bool replay_same = results_csv(*replay.snapshot) == results_csv(*memory.snapshot);
  print_replay(replay, replay_same, o.repeat);
  if (!complete || !replay_same || replay.passings != w.passings)
    throw core::Error(
        "bench feed: events were lost or changed on the way (see the counters above); the feed "
        "client, journal or server is broken: run the feed tests");
  std::printf("passings/s: %.0f\n", static_cast<double>(w.passings) / best.seconds);
}

}  // namespace

void add_bench_feed_command(CLI::App& bench, Actions& actions) {
  auto o = std::make_shared<BenchFeedOptions>();
  auto* cmd = bench.add_subcommand(
      "feed",
      "The timing feed end to end on loopback: feed server -> client -> SQLite journal -> race\n"
      "model. Prints throughput against applying from memory, send-to-applied delay at a\n"
      "race-day rate, journal replay time, and passings/s (last line).");
  cmd->add_option("--file", o->file,
                  "Boston results file (default: tests/data/marathon_results_2019.csv.gz)");
  cmd->add_option("--rate", o->rate, "Passings per second sent in the latency phase")
      ->check(CLI::Range(0.1, 100000.0))
      ->capture_default_str();
  cmd->add_option("--latency-seconds", o->latency_s, "Length of the latency phase in seconds")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  cmd->add_option("--repeat", o->repeat, "Throughput runs; the best is reported")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd->add_option("--limit", o->limit, "Use only the first N passings (0: all)")
      ->capture_default_str();
  actions.emplace_back(cmd, [o] { run_bench_feed(*o); });
}

}  // namespace app
