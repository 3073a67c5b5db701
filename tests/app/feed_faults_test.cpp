// Process-level fault tests of the timing feed: `pacecast feed-sim` killed and restarted,
// dropping connections, duplicating, reordering and corrupting frames, with `pacecast
// ingest` on the other end; the standings must come out identical to `pacecast results`
// and the summary counts must show no passing lost or applied twice. Also the simulator
// against an independent WebSocket client (Python's websockets).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <regex>
#include <set>

#include "feed_harness.h"

namespace feed_faults_test {

namespace {

namespace fs = std::filesystem;
using feed_harness::check_same_csv;
using feed_harness::Sim;
using feed_harness::SimStatus;
using feed_harness::Summary;
using test_process::Process;

// kSimStaysUp: in these tests the simulator is stopped (SIGTERM) only after the ingest is
// done, not with --exit-when-done, so that the ingest's idle exit alone decides when the
// replay is over (the ingest tests use --exit-when-done).

// The earliest `gun = "HH:MM:SS"` of a race.toml: when the replay of its passings begins.
std::string earliest_gun(const fs::path& race_toml) {
  const std::regex re(R"re(^\s*gun\s*=\s*"(\d\d:\d\d:\d\d)")re");
  std::string first;
  for (const auto& line : feed_harness::lines_of(test_process::read_file(race_toml))) {
    std::smatch m;
    if (std::regex_search(line, m, re) && (first.empty() || m[1].str() < first)) first = m[1];
  }
  REQUIRE(!first.empty());
  return first;
}

// Stops ingest with SIGTERM once its journal holds all `total` events (its status line shows
// the cursor), then CHECKs its exit and that the summary counts every event exactly once.
Summary stop_when_complete(Process& ingest, long long total, std::string& story) {
  feed_harness::wait_for_cursor(ingest, [&](long long seq) { return seq >= total; });
  ingest.signal(SIGTERM);
  const int code = ingest.wait();
  INFO(ingest.report());
  REQUIRE(code == 0);
  std::string line;
  Summary s = feed_harness::summary_of(ingest, &line);
  story += ingest.command() + "\n" + line + "\n";
  return s;
}

// The checks every fault run ends with: each served event journaled and applied once, and
// the standings equal `pacecast results` on the bundle.
void check_complete(const Summary& s, long long served, const fs::path& expected,
                    const fs::path& results, const std::string& story) {
  INFO(story);
  CHECK(s.at("journal") == served);
  CHECK(s.at("applied") == s.at("journal"));
  CHECK(feed_harness::value(s, "missing") == 0);
  check_same_csv(expected, results, story);
}

// One fault run: the simulator with `sim_args` serves `bundle`, an ingest with
// --exit-when-idle 2 takes it all, then the simulator is stopped (see kSimStaysUp). Returns
// the ingest's summary; `sim` keeps the simulator's output for further checks.
struct FaultRun {
  Sim sim;
  Summary summary;
  std::string story;  // the command lines and the summary line, for failure messages
};
FaultRun run_until_idle(const fs::path& dir, const std::string& bundle,
                        const std::vector<std::string>& sim_args, const fs::path& expected) {
  FaultRun run;
  run.sim = feed_harness::start_sim(dir, "sim", bundle, sim_args);
  const fs::path results = dir / "ingest.csv";
  auto ingest =
      feed_harness::start_ingest(dir, "ingest", bundle, run.sim.port, dir / "ingest.db",
                                 {"--exit-when-idle", "2", "--results", results.string()});
  const int ingest_code = ingest->wait();
  run.sim.process->signal(SIGTERM);
  const int sim_code = run.sim.process->wait();
  INFO(run.sim.process->report());
  INFO(ingest->report());
  REQUIRE(ingest_code == 0);
  REQUIRE(sim_code == 0);
  std::string line;
  run.summary = feed_harness::summary_of(*ingest, &line);
  run.story = run.sim.process->command() + "\n" + ingest->command() + "\n" + line;
  check_complete(run.summary, run.sim.served, expected, results, run.story);
  return run;
}

// The seqs of the race messages in one frame as the Python client printed it.
void collect_seqs(const std::string& frame_text, std::multiset<long long>& seqs) {
  const auto value = nlohmann::json::parse(frame_text, nullptr, false);
  if (value.is_discarded()) return;  // an injected malformed frame
  const auto add = [&](const nlohmann::json& m) {
    if (!m.is_object() || !m.contains("seq") || !m["seq"].is_number_integer()) return;
    const std::string type = m.value("type", "");
    static const std::set<std::string> kRaceTypes = {"passing", "gun", "status", "correction",
                                                     "participant"};
    if (!kRaceTypes.count(type)) return;
    if (type == "passing" && !m.contains("time")) return;  // an injected incomplete passing
    const auto seq = m["seq"].get<long long>();
    if (seq >= 1) seqs.insert(seq);
  };
  if (value.is_array()) {
    for (const auto& m : value) add(m);
  } else {
    add(value);
  }
}

}  // namespace

TEST_CASE("feed-sim serves every seq to Python's websockets client, also with faults",
          "[faults][interop]") {
  struct Case {
    std::string name;
    std::vector<std::string> args;
    long long since = 0;
  };
  const std::vector<Case> cases = {
      {"plain", {}, 0},
      {"from-cursor", {}, 50000},
      {"faults", {"--dup-rate", "0.2", "--reorder-ms", "50", "--garbage-rate", "0.1"}, 0},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      const fs::path dir = test_process::scratch_dir("faults-interop/" + c.name);
      std::vector<std::string> args{"--speed", "0", "--status-interval", "0.1"};
      args.insert(args.end(), c.args.begin(), c.args.end());
      Sim sim = feed_harness::start_sim(dir, "sim-" + c.name, "almaty", args);
      // A cursor beyond the feed's last seq would be answered with a resync from 0: start
      // that client once every event is in the feed's log.
      if (c.since > 0) {
        const std::string all = std::to_string(sim.served);
        sim.process->wait_for_output("^feed-sim: .* seq " + all + "/" + all + " appended");
      }
      Process client(
          {"/usr/bin/python3", std::string(PACECAST_SOURCE_DIR) + "/tests/feed/ws_client.py",
           "--url", feed_harness::ws_url(sim.port), "--since", std::to_string(c.since), "--until",
           std::to_string(sim.served), "--timeout", "60"},
          dir, "client-" + c.name);
      const int client_code = client.wait();
      sim.process->signal(SIGTERM);
      const int sim_code = sim.process->wait();
      INFO(sim.process->report());
      INFO(client.report());
      REQUIRE(client_code == 0);
      REQUIRE(sim_code == 0);
      const auto out = feed_harness::lines_of(client.out());
      REQUIRE(!out.empty());
      CHECK(out.back() == R"({"done": true})");
      std::multiset<long long> seqs;
      for (const auto& line : out) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_object() && j.contains("frame")) collect_seqs(j["frame"].get<std::string>(), seqs);
      }
      const long long expected = sim.served - c.since;
      std::set<long long> distinct(seqs.begin(), seqs.end());
      CHECK(static_cast<long long>(distinct.size()) == expected);
      CHECK(*distinct.begin() == c.since + 1);
      CHECK(*distinct.rbegin() == sim.served);
      if (c.name == "faults") {
        CHECK(static_cast<long long>(seqs.size()) > expected);  // some came twice
      } else {
        CHECK(static_cast<long long>(seqs.size()) == expected);  // no duplicate without faults
      }
    }
  }
}

TEST_CASE("faults: feed-sim SIGKILLed and restarted 20 times during a replay", "[faults]") {
  const fs::path dir = test_process::scratch_dir("faults-sim-kill");
  const std::string bundle = feed_harness::small_bundle(dir).string();
  const fs::path expected = feed_harness::results_csv(dir, "expected", {bundle});
  const fs::path results = dir / "ingest.csv";
  constexpr int kKills = 20;
  constexpr int kStepS = 15 * 60;  // each restart has 15 more race minutes to serve at once
  const std::vector<std::string> live{"--speed", "10", "--status-interval", "0.1"};

  Sim sim = feed_harness::start_sim(dir, "sim-0", bundle, live);
  const int port = sim.port;
  // No --exit-when-idle: the feed is down between a kill and its restart.
  auto ingest =
      feed_harness::start_ingest(dir, "ingest", bundle, port, dir / "ingest.db",
                                 {"--status-interval", "0.1", "--results", results.string()});
  std::string story;
  const std::string first_gun = earliest_gun(fs::path(bundle) / "race.toml");
  long long through = 0, appended = 0;
  for (int i = 0; i < kKills; ++i) {
    if (i > 0) {
      // Restarted like a timing system that comes back with everything up to a later time.
      auto args = live;
      args.insert(args.end(), {"--from", feed_harness::add_seconds(first_gun, i * kStepS)});
      sim = feed_harness::start_sim(dir, "sim-" + std::to_string(i), bundle, args, port);
    }
    // Killed once the ingest was sent events it did not have before: on even rounds when it
    // has been sent everything this simulator holds, on odd rounds as soon as anything new
    // went out (often in the middle of the catch-up).
    const SimStatus st = feed_harness::wait_for_sim(*sim.process, [&](const SimStatus& s) {
      if (s.clients != 1 || s.appended <= appended) return false;
      return i % 2 == 0 ? s.through >= s.appended : s.through > through;
    });
    sim.process->kill();
    story += sim.process->command() + "   # SIGKILL after seq " + std::to_string(st.through) + "/" +
             std::to_string(st.total) + " was sent\n";
    CHECK(st.through < sim.served);  // in the middle of the replay
    through = st.through;
    appended = st.appended;
  }
  // The last restart serves the rest at full speed.
  sim = feed_harness::start_sim(dir, "sim-last", bundle, {"--speed", "0"}, port);
  story += sim.process->command() + "\n";
  const Summary s = stop_when_complete(*ingest, sim.served, story);
  sim.process->signal(SIGTERM);
  const int sim_code = sim.process->wait();
  INFO(sim.process->report());
  CHECK(sim_code == 0);
  check_complete(s, sim.served, expected, results, story);
  CHECK(s.at("reconnects") >= kKills);
}

TEST_CASE("faults: feed-sim --drop-every 0.5 during a replay", "[faults]") {
  const fs::path dir = test_process::scratch_dir("faults-drop");
  const std::string bundle = feed_harness::small_bundle(dir).string();
  const fs::path expected = feed_harness::results_csv(dir, "expected", {bundle});
  // About 23,000 race seconds at 5000x: the replay lasts several seconds, so several drops.
  const FaultRun run =
      run_until_idle(dir, bundle, {"--speed", "5000", "--drop-every", "0.5"}, expected);
  CHECK(feed_harness::last_sim_status(*run.sim.process).drops > 0);
  CHECK(run.summary.at("reconnects") > 0);
}

TEST_CASE("faults: ingest SIGKILLed mid-replay and restarted on the same journal", "[faults]") {
  const fs::path dir = test_process::scratch_dir("faults-ingest-kill");
  // The full sample: its catch-up is long enough that the first kill often lands inside it.
  const std::string bundle = "almaty";
  const fs::path expected = feed_harness::results_csv(dir, "expected", {bundle});
  const fs::path journal = dir / "ingest.db", results = dir / "ingest.csv";
  const std::string kReplayed = R"(^ingest: journal .*: (\d+) event\(s\) replayed)";
  // A feed that holds the race up to 10:30 and then goes on at real time: the ingest's journal
  // can only have part of the race while this simulator runs.
  Sim paused =
      feed_harness::start_sim(dir, "sim-paused", bundle,
                              {"--from", "10:30:00", "--speed", "1", "--status-interval", "0.1"});
  const SimStatus held = feed_harness::wait_for_sim(
      *paused.process, [](const SimStatus& st) { return st.appended > 0; });
  REQUIRE(held.appended < paused.served);
  std::string story = paused.process->command() + "\n";

  // 1: killed as soon as its journal has something (usually in the middle of the catch-up).
  auto first = feed_harness::start_ingest(dir, "ingest-1", bundle, paused.port, journal,
                                          {"--status-interval", "0.1"});
  const long long seen1 =
      feed_harness::wait_for_cursor(*first, [](long long seq) { return seq > 0; });
  first->kill();
  story += first->command() + "   # SIGKILL at cursor >= " + std::to_string(seen1) + "\n";

  // 2: restarted on the journal, killed once it has caught up with the paused feed.
  auto second = feed_harness::start_ingest(dir, "ingest-2", bundle, paused.port, journal,
                                           {"--status-interval", "0.1"});
  const long long replayed2 = std::stoll(second->wait_for_output(kReplayed)[1]);
  const long long seen2 =
      feed_harness::wait_for_cursor(*second, [&](long long seq) { return seq >= held.appended; });
  second->kill();
  story += second->command() + "   # replayed " + std::to_string(replayed2) +
           ", SIGKILL at cursor >= " + std::to_string(seen2) + "\n";
  CHECK(replayed2 > 0);
  CHECK(replayed2 < paused.served);
  paused.process->kill();

  // 3: the feed comes back with the whole race; the ingest restarts on the same journal.
  Sim sim = feed_harness::start_sim(dir, "sim", bundle, {"--speed", "0"}, paused.port);
  auto third = feed_harness::start_ingest(dir, "ingest-3", bundle, sim.port, journal,
                                          {"--exit-when-idle", "2", "--results", results.string()});
  const int code = third->wait();
  sim.process->signal(SIGTERM);
  const int sim_code = sim.process->wait();
  INFO(sim.process->report());
  INFO(third->report());
  REQUIRE(code == 0);
  REQUIRE(sim_code == 0);
  const long long replayed3 = std::stoll(third->wait_for_output(kReplayed)[1]);
  CHECK(replayed3 >= held.appended);
  CHECK(replayed3 < sim.served);
  std::string line;
  const Summary s = feed_harness::summary_of(*third, &line);
  story += sim.process->command() + "\n" + third->command() + "   # replayed " +
           std::to_string(replayed3) + "\n" + line;
  check_complete(s, sim.served, expected, results, story);
  CHECK(s.at("accepted") == sim.served - replayed3);  // exactly the rest, nothing twice
}

TEST_CASE("faults: duplicated, reordered and malformed frames from feed-sim", "[faults]") {
  struct Case {
    std::string name;
    std::vector<std::string> args;
  };
  const std::vector<Case> cases = {
      {"dup", {"--dup-rate", "0.2"}},
      {"reorder", {"--reorder-ms", "50"}},
      {"garbage", {"--garbage-rate", "0.1"}},
      {"all", {"--dup-rate", "0.2", "--reorder-ms", "50", "--garbage-rate", "0.1"}},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      const fs::path dir = test_process::scratch_dir("faults-frames/" + c.name);
      const fs::path expected = feed_harness::results_csv(dir, "expected", {"almaty"});
      std::vector<std::string> args{"--speed", "0"};
      args.insert(args.end(), c.args.begin(), c.args.end());
      const FaultRun run = run_until_idle(dir, "almaty", args, expected);
      const Summary& s = run.summary;
      INFO(run.story);
      CHECK(s.at("accepted") == run.sim.served);
      long long by_reason = 0;
      for (const auto& [key, n] : s)
        if (key.rfind("rejected_", 0) == 0) by_reason += n;
      CHECK(by_reason == s.at("rejected"));
      const bool dup = c.name == "dup" || c.name == "all";
      const bool reorder = c.name == "reorder" || c.name == "all";
      const bool garbage = c.name == "garbage" || c.name == "all";
      if (dup) CHECK(s.at("duplicates") > 0);
      if (reorder) CHECK(s.at("reordered") + s.at("duplicates") > 0);
      if (garbage) {
        CHECK(s.at("rejected") > 0);
      } else {
        CHECK(s.at("rejected") == 0);
      }
    }
  }
}

}  // namespace feed_faults_test
