// Building blocks of the process-level feed tests: a `pacecast feed-sim` on a free loopback
// port, a `pacecast ingest` on a journal, the expected standings CSV of a bundle, and the
// comparison of two CSVs that names the first differing line. Test thread only.
#pragma once

#include <cstdio>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "process.h"

namespace feed_harness {

namespace fs = std::filesystem;
using test_process::Process;

// A running simulator: its process, the port it listens on and how many events it serves.
struct Sim {
  std::unique_ptr<Process> process;
  int port = 0;
  long long served = 0;
};

// Starts `pacecast feed-sim BUNDLE --listen 127.0.0.1:PORT ARGS...` (port 0: any free port)
// and waits until it listens.
inline Sim start_sim(const fs::path& dir, const std::string& name, const std::string& bundle,
                     const std::vector<std::string>& args, int port = 0) {
  std::vector<std::string> argv{"feed-sim", bundle, "--listen",
                                "127.0.0.1:" + std::to_string(port)};
  argv.insert(argv.end(), args.begin(), args.end());
  Sim sim;
  sim.process = test_process::pacecast(argv, dir, name);
  const auto g = sim.process->wait_for_output(
      R"(^feed-sim: serving (\d+) events of .* on ws://127\.0\.0\.1:(\d+)$)");
  sim.served = std::stoll(g[1]);
  sim.port = std::stoi(g[2]);
  return sim;
}

inline std::string ws_url(int port) {
  return "ws://127.0.0.1:" + std::to_string(port);
}

// The standings CSV of `pacecast results ARGS...` (stdout), written to DIR/NAME.out.
inline fs::path results_csv(const fs::path& dir, const std::string& name,
                            const std::vector<std::string>& args) {
  std::vector<std::string> argv{"results"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto p = test_process::pacecast(argv, dir, name);
  const int code = p->wait();
  INFO(p->report());
  REQUIRE(code == 0);
  return p->out_path();
}

// The key=value pairs of ingest's final `ingest: summary:` line; FAILs when there is not
// exactly one.
using Summary = std::map<std::string, long long>;
inline Summary summary_of(const Process& ingest, std::string* line = nullptr) {
  const auto found = ingest.all_matches(R"(^ingest: summary: (.*)$)");
  INFO(ingest.report());
  REQUIRE(found.size() == 1);
  if (line) *line = found[0][0];
  Summary s;
  std::istringstream in(found[0][1]);
  for (std::string pair; in >> pair;) {
    const auto eq = pair.find('=');
    if (eq == std::string::npos) continue;
    try {
      s[pair.substr(0, eq)] = std::stoll(pair.substr(eq + 1));
    } catch (const std::exception&) {
      // not a count (a word, a time): not compared by these tests
    }
  }
  for (const char* key : {"journal", "applied", "accepted", "duplicates", "rejected"}) {
    INFO("summary key " << key);
    CHECK(s.count(key) == 1);
  }
  return s;
}

// A count of the summary, 0 when the line does not have it.
inline long long value(const Summary& s, const std::string& key) {
  const auto it = s.find(key);
  return it == s.end() ? 0 : it->second;
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// CHECKs that two CSV files are identical; on a difference, names the first differing line
// of each and what ran (`context`: command lines and summary lines).
inline void check_same_csv(const fs::path& expected, const fs::path& actual,
                           const std::string& context) {
  const std::string a = test_process::read_file(expected);
  const std::string b = test_process::read_file(actual);
  if (a == b && !a.empty()) {
    SUCCEED("identical: " << actual.string());
    return;
  }
  const auto la = lines_of(a), lb = lines_of(b);
  std::size_t i = 0;
  while (i < la.size() && i < lb.size() && la[i] == lb[i]) ++i;
  std::ostringstream msg;
  msg << context << "\nexpected " << expected.string() << " (" << la.size() << " lines)\n"
      << "actual   " << actual.string() << " (" << lb.size() << " lines)\n"
      << "first difference at line " << (i + 1) << ":\n"
      << "  expected: " << (i < la.size() ? la[i] : "<end of file>") << "\n"
      << "  actual:   " << (i < lb.size() ? lb[i] : "<end of file>");
  FAIL_CHECK(msg.str());
}

// Runs `pacecast ARGS...` to its end and REQUIREs exit code 0; returns its stdout file.
inline fs::path run_ok(const fs::path& dir, const std::string& name,
                       const std::vector<std::string>& args) {
  auto p = test_process::pacecast(args, dir, name);
  const int code = p->wait();
  INFO(p->report());
  REQUIRE(code == 0);
  return p->out_path();
}

// A small Almaty bundle (a fifth of the field, about 20,000 events) in DIR/bundle: quick to
// load, so a simulator restarts fast.
inline fs::path small_bundle(const fs::path& dir) {
  const fs::path out = dir / "bundle";
  run_ok(dir, "generate", {"generate", "almaty", "--scale", "0.2", "--out", out.string()});
  return out;
}

// Starts `pacecast ingest BUNDLE --feed ws://127.0.0.1:PORT --journal JOURNAL ARGS...`.
inline std::unique_ptr<Process> start_ingest(const fs::path& dir, const std::string& name,
                                             const std::string& bundle, int port,
                                             const fs::path& journal,
                                             const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ingest",     bundle,      "--feed",
                                ws_url(port), "--journal", journal.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return test_process::pacecast(argv, dir, name);
}

// The cursor (journaled seq) of ingest's status lines (--status-interval).
inline constexpr const char* kIngestStatus =
    R"(^ingest: \S+ \S+ feed \S+ epoch \S+ seq (\d+)/(\d+) \|)";

// Waits for an ingest status line whose cursor seq satisfies `accept`; returns that seq.
inline long long wait_for_cursor(Process& ingest, const std::function<bool(long long)>& accept) {
  const auto g = ingest.wait_for_output(
      kIngestStatus, [&](const Process::Groups& m) { return accept(std::stoll(m[1])); });
  return std::stoll(g[1]);
}

// feed-sim's status line (--status-interval), parsed.
struct SimStatus {
  long long clients = 0, appended = 0, total = 0, through = 0, resyncs = 0, drops = 0;
  std::string race_time;  // H:MM:SS, race-local
};
inline constexpr const char* kSimStatus =
    R"(^feed-sim: (\d+) client\(s\), seq (\d+)/(\d+) appended, every client through (\d+), )"
    R"(race time (\d+:\d\d:\d\d), (\d+) resync\(s\), (\d+) drop\(s\)$)";
inline SimStatus sim_status(const Process::Groups& g) {
  SimStatus s;
  s.clients = std::stoll(g[1]);
  s.appended = std::stoll(g[2]);
  s.total = std::stoll(g[3]);
  s.through = std::stoll(g[4]);
  s.race_time = g[5];
  s.resyncs = std::stoll(g[6]);
  s.drops = std::stoll(g[7]);
  return s;
}

// Waits for a feed-sim status line that satisfies `accept`.
inline SimStatus wait_for_sim(Process& sim, const std::function<bool(const SimStatus&)>& accept) {
  return sim_status(sim.wait_for_output(
      kSimStatus, [&](const Process::Groups& g) { return accept(sim_status(g)); }));
}

// The last status line feed-sim printed (it prints one on exit).
inline SimStatus last_sim_status(const Process& sim) {
  const auto all = sim.all_matches(kSimStatus);
  INFO(sim.report());
  REQUIRE(!all.empty());
  return sim_status(all.back());
}

// "H:MM:SS" + seconds, as "HH:MM:SS".
inline std::string add_seconds(const std::string& hms, int seconds) {
  int h = 0, m = 0, sec = 0;
  REQUIRE(std::sscanf(hms.c_str(), "%d:%d:%d", &h, &m, &sec) == 3);
  const int t = h * 3600 + m * 60 + sec + seconds;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
  return buf;
}

}  // namespace feed_harness
