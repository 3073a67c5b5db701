// `pacecast ingest`: headless ingest of a live timing feed. Replays the journal into a race
// model, then subscribes to the feed (feed::Client: journal before queue), applies every
// accepted event, optionally re-serves them (feed::Relay) and prints a status line.
// Main thread: options, the engine loop (queue -> model -> relay), status, signals; the client
// and the relay's server run their own threads.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "common.h"
#include "core/bounded_queue.h"
#include "core/error.h"
#include "core/file.h"
#include "elapsed.h"
#include "feed/client.h"
#include "feed/journal.h"
#include "feed/relay.h"
#include "feed/validate.h"
#include "feed_queue.h"
#include "race/results.h"

namespace app {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kRelayBatch = 1000;  // replayed events per relay append
constexpr auto kIngestPublishEvery = std::chrono::milliseconds(50);
constexpr auto kIdleCheckEvery = std::chrono::milliseconds(100);
constexpr auto kRelayFlushWait = std::chrono::seconds(2);  // at exit: downstream silence

// Rejection reasons always listed in the summary (others appear once seen).
constexpr const char* kKnownReasons[] = {
    "bad_json",     "too_large",        "batch_too_long",     "bad_type",      "missing_field",
    "bad_value",    "bad_time",         "unknown_type",       "unknown_point", "unknown_contest",
    "unknown_wave", "implausible_time", "unexpected_message", "bad_protocol"};

struct IngestOptions {
  std::string dir = kSampleRace;
  std::string feed;
  std::string journal;
  double exit_when_idle_s = -1;  // < 0: run until SIGINT/SIGTERM
  std::string relay_listen;
  double status_s = 5;
  std::string ca_file;
  bool insecure = false;
  int heartbeat_timeout_ms = 3000;
  std::string results;
  std::uint64_t seed = kSampleSeed;
};

feed::ServerOptions parse_relay_listen(const std::string& text) {
  feed::ServerOptions o;
  std::tie(o.host, o.port) = parse_listen(text, "--relay-listen");
  return o;
}

std::string fmt(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

std::uint64_t rejected_total(const feed::ClientStatus& s) {
  std::uint64_t n = 0;
  for (const auto& [code, count] : s.rejected) n += count;
  return n;
}

// Runners with a read at their contest's last point.
std::size_t count_finishers(const race::RaceSnapshot& s) {
  std::size_t n = 0;
  const auto& contests = s.config().contests;
  for (std::size_t i = 0; i < s.runner_count(); ++i) {
    const race::RunnerState& r = s.runner(static_cast<race::RunnerId>(i));
    if (r.contest < 0 || static_cast<std::size_t>(r.contest) >= contests.size()) continue;
    const auto points = contests[static_cast<std::size_t>(r.contest)].points.size();
    if (points > 0 && r.furthest == static_cast<int>(points) - 1) ++n;
  }
  return n;
}

// The model and the relay, fed in journal order. Engine thread only.
class Engine {
 public:
  Engine(const bundle::Bundle& b, feed::Relay* relay)
      : model_(b.config, b.participants), relay_(relay) {
    snapshot_ = model_.publish();
  }

  void apply(const std::vector<race::Event>& events) {
    for (const race::Event& e : events) model_.apply(e);
    applied_ += events.size();
    if (relay_) relay_->forward(events);
  }

  // Replays `journal` from its `skip`-th event on (all of it for 0), in batches.
  void replay(const feed::Journal& journal, std::int64_t skip, bool progress) {
    std::vector<race::Event> batch;
    batch.reserve(kRelayBatch);
    std::int64_t index = 0;
    journal.replay(
        [&](const race::Event& e) {
          if (index++ < skip) return;
          batch.push_back(e);
          if (batch.size() == kRelayBatch) {
            apply(batch);
            batch.clear();
          }
        },
        [&](std::int64_t done, std::int64_t total) {
          if (progress)
            std::fprintf(stderr, "ingest: replaying journal: %lld/%lld\n",
                         static_cast<long long>(done), static_cast<long long>(total));
        });
    apply(batch);
  }

  const race::SnapshotPtr& publish() {
    snapshot_ = model_.publish();
    return snapshot_;
  }
  const race::SnapshotPtr& snapshot() const { return snapshot_; }
  // Events applied to the model in this run, replay included: the journal's first applied().
  std::uint64_t applied() const { return applied_; }
  feed::Relay* relay() const { return relay_; }

 private:
  race::RaceModel model_;
  feed::Relay* relay_;
  race::SnapshotPtr snapshot_;
  std::uint64_t applied_ = 0;
};

std::string relay_part(const feed::Relay& relay) {
  const auto s = relay.stats();
  return " | relay :" + std::to_string(relay.port()) + " " + std::to_string(s.clients) +
         " client(s) through seq " + std::to_string(std::max<std::int64_t>(s.min_sent_seq, 0)) +
         "/" + std::to_string(relay.last_seq());
}

// What an operator should look at now, or "".
std::string alerts(const feed::ClientStatus& s, const IngestOptions& o) {
  std::string out;
  const auto add = [&](const std::string& text) { out += (out.empty() ? "" : "; ") + text; };
  if (s.state != feed::ClientState::connected) {
    add(std::string("not connected (") + std::string(feed::to_string(s.state)) + ")" +
        (s.last_error.empty() ? "" : ": " + s.last_error));
  } else if (s.last_message_time) {
    const auto silent = core::UtcMs::clock::now() - *s.last_message_time;
    if (silent > core::Ms(o.heartbeat_timeout_ms))
      add("nothing from the feed for " + fmt("%.1f s", seconds(silent)));
  }
  if (s.server_last_seq > s.last_seq && !s.epoch.empty())
    add(std::to_string(s.server_last_seq - s.last_seq) + " seq(s) behind the feed");
  if (s.missing > 0) add(std::to_string(s.missing) + " seq(s) lost in gaps (see the log)");
  if (s.journal_errors > 0) add(std::to_string(s.journal_errors) + " journal error(s)");
  return out;
}

void print_status(const feed::ClientStatus& s, const Engine& engine, double rate,
                  const IngestOptions& o) {
  const auto& snap = *engine.snapshot();
  const auto& c = snap.counters();
  std::string rejected;
  for (const auto& [code, n] : s.rejected)
    rejected += (rejected.empty() ? " (" : ", ") + code + " " + std::to_string(n);
  if (!rejected.empty()) rejected += ")";
  std::string line =
      "ingest: " + std::string(feed::to_string(s.state)) + " " + s.url + " feed " +
      (s.feed.empty() ? "?" : s.feed) + " epoch " + (s.epoch.empty() ? "?" : s.epoch) + " seq " +
      std::to_string(s.last_seq) + "/" + std::to_string(std::max(s.last_seq, s.server_last_seq)) +
      " | accepted " + std::to_string(s.events_accepted) + fmt(" (%.0f/s)", rate) + " dup " +
      std::to_string(s.duplicates) + " content-dup " + std::to_string(s.content_duplicates) +
      " rejected " + std::to_string(rejected_total(s)) + rejected + " | gaps " +
      std::to_string(s.gaps) + " missing " + std::to_string(s.missing) + " reordered " +
      std::to_string(s.reordered) + " held " + std::to_string(s.held) + " | reconnects " +
      std::to_string(s.reconnects) + " stale " + std::to_string(s.stale) + " resyncs " +
      std::to_string(s.resyncs) + " overflows " + std::to_string(s.queue_overflows) + " pending " +
      std::to_string(s.pending) + " | model applied " + std::to_string(engine.applied()) +
      " passings " + std::to_string(c.passings) + " unknown-runner " +
      std::to_string(c.unknown_runner) + " unknown-mat " + std::to_string(c.unknown_mat) +
      " impossible " + std::to_string(c.impossible) + " model-dup " + std::to_string(c.duplicates) +
      " | finishers " + std::to_string(count_finishers(snap));
  if (engine.relay()) line += relay_part(*engine.relay());
  const std::string alert = alerts(s, o);
  if (!alert.empty()) line += " | CHECK: " + alert;
  std::fprintf(stderr, "%s\n", line.c_str());
}

// A value for a key=value pair of the summary line.
std::string no_spaces(std::string text) {
  for (char& c : text)
    if (c == ' ' || c == '\t' || c == '\n') c = '_';
  return text;
}

void print_summary(const feed::ClientStatus& s, const Engine& engine, std::int64_t journal) {
  const auto& c = engine.snapshot()->counters();
  const auto u = [](std::uint64_t v) { return std::to_string(v); };
  std::string line =
      "ingest: summary: journal=" + std::to_string(journal) + " applied=" + u(engine.applied()) +
      " accepted=" + u(s.events_accepted) + " duplicates=" + u(s.duplicates) +
      " content_duplicates=" + u(s.content_duplicates) + " reordered=" + u(s.reordered) +
      " rejected=" + u(rejected_total(s)) + " gaps=" + u(s.gaps) + " missing=" + u(s.missing) +
      " reconnects=" + u(s.reconnects) + " resyncs=" + u(s.resyncs) + " stale=" + u(s.stale) +
      " overflows=" + u(s.queue_overflows);
  std::map<std::string, std::uint64_t> reasons = s.rejected;
  for (const char* code : kKnownReasons) reasons.try_emplace(code, 0);
  for (const auto& [code, n] : reasons) line += " rejected_" + code + "=" + u(n);
  line += " held=" + u(s.held) + " pending=" + u(s.pending) +
          " journal_errors=" + u(s.journal_errors) + " passings=" + u(c.passings) +
          " unknown_runner=" + u(c.unknown_runner) + " unknown_mat=" + u(c.unknown_mat) +
          " impossible=" + u(c.impossible) +
          " finishers=" + u(count_finishers(*engine.snapshot())) +
          " cursor_epoch=" + no_spaces(s.epoch.empty() ? "-" : s.epoch) +
          " cursor_seq=" + std::to_string(s.last_seq);
  if (engine.relay()) line += " relay_seq=" + std::to_string(engine.relay()->last_seq());
  std::fprintf(stderr, "%s\n", line.c_str());
}

// Decides when --exit-when-idle is met. Polled from the engine loop.
class IdleWatch {
 public:
  IdleWatch(double idle_s, Clock::time_point start) : idle_s_(idle_s), start_(start) {
    last_accept_ = start;
  }

  // Returns why to exit now, or "" to carry on.
  std::string check(const feed::ClientStatus& s, std::size_t queued, Clock::time_point now) {
    if (s.events_accepted != last_accepted_) {
      last_accepted_ = s.events_accepted;
      last_accept_ = now;
    }
    if (s.hellos > 0) hello_ = true;
    const auto limit = std::chrono::duration<double>(idle_s_);
    if (!hello_) {
      if (now - start_ < limit) return "";
      return "never connected to " + s.url + " in " + fmt("%g s", idle_s_) +
             (s.last_error.empty() ? "" : " (last error: " + s.last_error + ")") +
             "; check --feed and that the feed is running";
    }
    // Held events wait for a missing seq; while connected the gap timeout settles them. With
    // the feed gone they are not journaled, and the next ingest fetches them again.
    const bool connected = s.state == feed::ClientState::connected;
    if (now - last_accept_ < limit || queued > 0 || s.pending > 0 || (connected && s.held > 0))
      return "";
    return "idle: no event accepted for " + fmt("%g s", idle_s_) + ", cursor seq " +
           std::to_string(s.last_seq) + " of the feed's " + std::to_string(s.server_last_seq) +
           ", nothing queued or pending" +
           (s.held > 0 ? "; " + std::to_string(s.held) +
                             " event(s) after a missing seq were not journaled (the feed is "
                             "gone); the next ingest fetches them again"
                       : std::string());
  }

 private:
  const double idle_s_;
  const Clock::time_point start_;
  Clock::time_point last_accept_;
  std::uint64_t last_accepted_ = 0;
  bool hello_ = false;
};

// The engine loop: queue -> model -> relay, a snapshot every kIngestPublishEvery, a status line
// every --status-interval. Returns why it stopped.
std::string run_loop(const IngestOptions& o, feed::Client& client, EventQueue& queue,
                     Engine& engine) {
  const auto start = Clock::now();
  IdleWatch idle(o.exit_when_idle_s, start);
  auto last_publish = start, last_status = start, last_idle_check = start;
  std::uint64_t accepted_at_status = client.status().events_accepted;
  std::vector<race::Event> batch;
  batch.reserve(kFeedDrainMax);
  while (true) {
    if (const int sig = StopSignals::received()) return sig == SIGINT ? "SIGINT" : "SIGTERM";
    batch.clear();
    if (auto first = queue.pop_for(std::chrono::milliseconds(20))) {
      batch.push_back(std::move(*first));
      queue.drain(batch, kFeedDrainMax - 1);
      engine.apply(batch);
    }
    const auto now = Clock::now();
    if (now - last_publish >= kIngestPublishEvery) {
      engine.publish();
      last_publish = now;
    }
    if (now - last_status >= std::chrono::duration<double>(o.status_s)) {
      const auto s = client.status();
      const double rate = static_cast<double>(s.events_accepted - accepted_at_status) /
                          std::max(1e-3, seconds(now - last_status));
      print_status(s, engine, rate, o);
      accepted_at_status = s.events_accepted;
      last_status = now;
    }
    if (o.exit_when_idle_s >= 0 && now - last_idle_check >= kIdleCheckEvery) {
      last_idle_check = now;
      std::string why = idle.check(client.status(), queue.size(), now);
      if (!why.empty()) return why;
    }
  }
}

// Lets downstream receivers get the last events before the relay closes: waits while every
// subscribed receiver has not been sent everything yet and they keep making progress.
void flush_relay(const feed::Relay& relay) {
  std::int64_t sent = -1;
  auto deadline = Clock::now() + kRelayFlushWait;
  while (Clock::now() < deadline) {
    const auto s = relay.stats();
    if (s.subscribed == 0 || s.min_sent_seq >= relay.last_seq()) return;
    if (s.min_sent_seq > sent) {
      sent = s.min_sent_seq;
      deadline = Clock::now() + kRelayFlushWait;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::fprintf(stderr, "ingest: relay: a downstream receiver is stuck at seq %lld of %lld\n",
               static_cast<long long>(sent), static_cast<long long>(relay.last_seq()));
}

void write_results(const race::RaceSnapshot& snapshot, const std::string& file) {
  const auto rows = race::compute_results(snapshot);
  core::write_file_atomic(file, race::format_results_csv(rows));
  std::fprintf(stderr, "ingest: wrote %zu result rows to %s\n", rows.size(), file.c_str());
}

// `check` is filled in once the race is loaded, before the client starts.
feed::ClientOptions client_options(const IngestOptions& o,
                                   std::shared_ptr<feed::EventCheck> check) {
  feed::ClientOptions c;
  c.url = o.feed;
  c.ca_file = o.ca_file;
  c.insecure = o.insecure;
  c.heartbeat_timeout = core::Ms(o.heartbeat_timeout_ms);
  c.check = [check](const race::Event& e) { return (*check)(e); };
  return c;
}

bundle::Bundle load_bundle(const IngestOptions& o) {
  bundle::Bundle b = load_race(o.dir, o.seed);
  report_problems(problems_without_passings(b));  // its passings.jsonl is not applied
  return b;
}

void replay_journal(Engine& engine, const feed::Journal& journal) {
  const auto start = Clock::now();
  engine.replay(journal, 0, journal.size() > feed::Journal::kProgressEvery);
  engine.publish();
  const auto cursor = journal.cursor();
  std::fprintf(
      stderr, "ingest: journal %s: %lld event(s) replayed in %.2f s; cursor: epoch %s seq %lld\n",
      journal.path().c_str(), static_cast<long long>(journal.size()), seconds(Clock::now() - start),
      cursor.epoch.empty() ? "(none)" : cursor.epoch.c_str(), static_cast<long long>(cursor.seq));
}

void start_relay(feed::Relay& relay, const feed::ServerOptions& options, const std::string& text) {
  try {
    relay.start();
  } catch (const core::Error&) {
    throw core::Error("--relay-listen " + text +
                      ": cannot listen there (the port is in use, or the host is not an address "
                      "of this machine); pick another --relay-listen HOST:PORT");
  }
  std::fprintf(stderr, "ingest: relay: serving feed `%s` epoch `%s` on %s:%d\n",
               relay.feed().c_str(), relay.epoch().c_str(),
               options.host.empty() ? "0.0.0.0" : options.host.c_str(), relay.port());
}

// After the client stopped: everything journaled reaches the model (what is still queued,
// then the journal's tail the client had not queued yet), then the summary and the results.
void finish(const IngestOptions& o, feed::Client& client, EventQueue& queue, feed::Journal& journal,
            Engine& engine) {
  std::vector<race::Event> rest;
  while (queue.drain(rest, kFeedDrainMax) > 0) {
    engine.apply(rest);
    rest.clear();
  }
  const auto applied = static_cast<std::int64_t>(engine.applied());
  if (journal.size() > applied) engine.replay(journal, applied, false);
  engine.publish();
  if (feed::Relay* relay = engine.relay()) {
    flush_relay(*relay);
    relay->stop();
  }
  print_summary(client.status(), engine, journal.size());
  if (!o.results.empty()) write_results(*engine.snapshot(), o.results);
}

void run_ingest(const IngestOptions& o) {
  std::optional<feed::ServerOptions> relay_options;
  if (!o.relay_listen.empty()) relay_options = parse_relay_listen(o.relay_listen);
  auto journal = feed::Journal::open(o.journal);  // fails at once when another process has it
  EventQueue queue(kFeedQueueCapacity);
  auto check = std::make_shared<feed::EventCheck>();
  feed::Client client(client_options(o, check), *journal, queue);  // fails on a bad URL
  const bundle::Bundle b = load_bundle(o);
  *check = feed::make_event_check(*b.config);
  std::unique_ptr<feed::Relay> relay;
  if (relay_options) {
    const std::string name = b.dir.filename().string();
    relay = std::make_unique<feed::Relay>((name.empty() ? "pacecast" : name) + "-relay",
                                          feed::Relay::epoch_for(*journal), *relay_options);
  }
  Engine engine(b, relay.get());
  replay_journal(engine, *journal);
  if (relay) start_relay(*relay, *relay_options, o.relay_listen);
  StopSignals signals;
  client.start();
  std::fprintf(stderr, "ingest: subscribing to %s\n", o.feed.c_str());
  const std::string why = run_loop(o, client, queue, engine);
  std::fprintf(stderr, "ingest: stopping: %s\n", why.c_str());
  client.stop();
  finish(o, client, queue, *journal, engine);
}

}  // namespace

void add_ingest_command(CLI::App& app, Actions& actions) {
  auto o = std::make_shared<IngestOptions>();
  auto* cmd = app.add_subcommand(
      "ingest",
      "Subscribe to a live timing feed (WebSocket, docs/feed-protocol.md), journal every\n"
      "accepted event (SQLite) and apply it to the race; print a status line. A restart replays\n"
      "the journal and resumes from its cursor. --relay-listen re-serves the accepted feed to\n"
      "other engines. See docs/operator-guide.md.");
  cmd->add_option("dir", o->dir,
                  "Race bundle directory (race.toml, participants.csv; its passings.jsonl is not\n"
                  "applied), or `almaty` for the embedded sample")
      ->capture_default_str();
  cmd->add_option("--feed", o->feed, "Feed URL: ws://HOST:PORT[/PATH] or wss://...")->required();
  cmd->add_option("--journal", o->journal, "Journal file (SQLite), created when missing")
      ->required();
  cmd->add_option("--exit-when-idle", o->exit_when_idle_s,
                  "Exit once no event was accepted for S seconds and nothing is queued or held\n"
                  "(or after S seconds when the feed was never reached)")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_option("--relay-listen", o->relay_listen,
                  "HOST:PORT to re-serve the accepted feed on (port 0 = any free port)");
  cmd->add_option("--status-interval", o->status_s, "Seconds between status lines on stderr")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  cmd->add_option("--ca-file", o->ca_file, "wss: PEM file of trusted CAs (default: the system's)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--insecure", o->insecure,
                "wss: accept self-signed, expired or misnamed certificates");
  cmd->add_option("--heartbeat-timeout", o->heartbeat_timeout_ms,
                  "Milliseconds of silence after which the feed is stale and reconnected")
      ->check(CLI::Range(100, 600000))
      ->capture_default_str();
  cmd->add_option("--results", o->results, "On exit, write the standings CSV to this file");
  cmd->add_option("--seed", o->seed, "Seed of the embedded sample (as given to feed-sim)")
      ->capture_default_str();
  actions.emplace_back(cmd, [o] { run_ingest(*o); });
}

}  // namespace app
