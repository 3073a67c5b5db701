// feed::Client against an independent feed server (Python's websockets, ws_server.py).
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "feed/client.h"
#include "feed/journal.h"

namespace client_test {

namespace fs = std::filesystem;

namespace {

constexpr auto kPatience = std::chrono::seconds(60);  // only matters when something is broken

// The Python feed server as a child process; its port is the first line of its stdout.
class PyServer {
 public:
  explicit PyServer(std::vector<std::string> args) {
    int out[2];
    REQUIRE(pipe(out) == 0);
    args.insert(args.begin(), {"/usr/bin/python3",
                               std::string(PACECAST_SOURCE_DIR) + "/tests/feed/ws_server.py"});
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      close(out[1]);
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    std::string line;
    char c = 0;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    REQUIRE_FALSE(line.empty());
    port_ = std::stoi(line);
  }
  ~PyServer() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::string url() const { return "ws://127.0.0.1:" + std::to_string(port_); }
  std::string wss_url() const { return "wss://127.0.0.1:" + std::to_string(port_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

struct TempDir {
  TempDir() {
    char tmpl[] = "/tmp/pacecast-client-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path path;
};

fs::path write_passings(const fs::path& dir, int count) {
  const fs::path file = dir / "feed.jsonl";
  std::ofstream out(file);
  for (int seq = 1; seq <= count; ++seq) {
    out << R"({"type":"passing","seq":)" << seq << R"(,"source":"mat-a","point":"5K","bib":")"
        << seq << R"(","time":)" << (1759023000000 + seq) << "}\n";
  }
  return file;
}

std::int64_t seq_of(const race::Event& e) {
  return race::origin_of(e).seq;
}

bool wait_until(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// Pops events until `count` arrived (or patience runs out); returns their seqs in order.
std::vector<std::int64_t> collect(core::BoundedQueue<race::Event>& queue, std::size_t count,
                                  std::vector<race::Event>* events = nullptr) {
  std::vector<std::int64_t> seqs;
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (seqs.size() < count && std::chrono::steady_clock::now() < deadline) {
    if (auto e = queue.pop_for(std::chrono::milliseconds(50))) {
      seqs.push_back(seq_of(*e));
      if (events) events->push_back(*e);
    }
  }
  return seqs;
}

std::vector<std::int64_t> range(std::int64_t from, std::int64_t to) {
  std::vector<std::int64_t> out;
  for (std::int64_t s = from; s <= to; ++s) out.push_back(s);
  return out;
}

struct Run {
  feed::ClientStatus status;
  std::vector<std::int64_t> seqs;
  std::int64_t journal_size = 0;
  feed::Cursor cursor;
  std::size_t leftover = 0;
};

// Runs a client on `journal_file` until `expect` events were queued, then stops it.
Run run_client(const fs::path& journal_file, feed::ClientOptions options, std::size_t expect,
               std::size_t queue_capacity = 100000,
               const std::function<bool(const feed::ClientStatus&)>& also = {}) {
  auto journal = feed::Journal::open(journal_file);
  core::BoundedQueue<race::Event> queue(queue_capacity);
  Run run;
  {
    feed::Client client(std::move(options), *journal, queue);
    client.start();
    run.seqs = collect(queue, expect);
    if (also) CHECK(wait_until([&] { return also(client.status()); }));
    client.stop();
    run.status = client.status();
  }
  run.leftover = queue.size();
  run.journal_size = journal->size();
  run.cursor = journal->cursor();
  return run;
}

feed::ClientOptions options_for(const std::string& url) {
  feed::ClientOptions o;
  o.url = url;
  o.heartbeat_timeout = core::Ms(30000);
  return o;
}

}  // namespace

TEST_CASE("client: a replay arrives exactly once in journal and queue", "[client]") {
  TempDir dir;
  PyServer server({write_passings(dir.path, 200).string(), "--batch", "7"});
  const Run run = run_client(dir.path / "j.db", options_for(server.url()), 200);
  CHECK(run.seqs == range(1, 200));
  CHECK(run.leftover == 0);
  CHECK(run.journal_size == 200);
  CHECK(run.cursor.epoch == "e1");
  CHECK(run.cursor.seq == 200);
  CHECK(run.status.events_accepted == 200);
  CHECK(run.status.duplicates == 0);
  CHECK(run.status.gaps == 0);
  CHECK(run.status.feed == "test-feed");
  CHECK(run.status.resyncs == 1);  // a fresh journal knows no epoch
  CHECK(run.status.state == feed::ClientState::stopped);
}

TEST_CASE("client: fragmented frames are reassembled", "[client]") {
  TempDir dir;
  PyServer server({write_passings(dir.path, 120).string(), "--batch", "9", "--fragment"});
  const Run run = run_client(dir.path / "j.db", options_for(server.url()), 120);
  CHECK(run.seqs == range(1, 120));
  CHECK(run.journal_size == 120);
  CHECK(run.status.rejected.empty());
}

TEST_CASE("client: pings are answered and the connection survives", "[client]") {
  TempDir dir;
  PyServer server({write_passings(dir.path, 50).string(), "--pings", "5"});
  const Run run = run_client(dir.path / "j.db", options_for(server.url()), 50);
  CHECK(run.seqs == range(1, 50));
  CHECK(run.status.reconnects == 0);
}

TEST_CASE("client: the server closing mid-stream costs nothing", "[client]") {
  TempDir dir;
  PyServer server({write_passings(dir.path, 100).string(), "--close-after", "30"});
  feed::ClientOptions o = options_for(server.url());
  o.backoff_initial = core::Ms(50);
  const Run run = run_client(dir.path / "j.db", o, 100);
  CHECK(run.seqs == range(1, 100));
  CHECK(run.leftover == 0);
  CHECK(run.journal_size == 100);
  CHECK(run.status.reconnects >= 3);
  CHECK(run.status.gaps == 0);
}

TEST_CASE("client: garbage is counted by reason and never crash", "[client]") {
  TempDir dir;
  PyServer server({write_passings(dir.path, 40).string(), "--garbage"});
  const Run run = run_client(dir.path / "j.db", options_for(server.url()), 40);
  CHECK(run.seqs == range(1, 40));
  auto count = [&](const char* code) {
    auto it = run.status.rejected.find(code);
    return it == run.status.rejected.end() ? 0u : it->second;
  };
  CHECK(count("bad_json") == 1);
  CHECK(count("missing_field") == 1);
  CHECK(count("unknown_type") == 1);
  CHECK(count("bad_value") == 1);
}

TEST_CASE("client: an oversize frame closes the connection and the client resumes", "[client]") {
  TempDir dir;
  PyServer server({write_passings(dir.path, 40).string(), "--oversize"});
  feed::ClientOptions o = options_for(server.url());
  o.backoff_initial = core::Ms(50);
  const Run run = run_client(dir.path / "j.db", o, 40);
  CHECK(run.seqs == range(1, 40));
  CHECK(run.status.rejected.count("too_large") == 1);
  CHECK(run.status.reconnects >= 1);
}

TEST_CASE("client: heartbeat silence marks the feed stale and reconnects", "[client]") {
  TempDir dir;
  PyServer server({write_passings(dir.path, 60).string(), "--silent-after", "20"});
  feed::ClientOptions o = options_for(server.url());
  o.heartbeat_timeout = core::Ms(1000);
  o.backoff_initial = core::Ms(50);
  const Run run = run_client(dir.path / "j.db", o, 60);
  CHECK(run.seqs == range(1, 60));
  CHECK(run.status.stale >= 1);
  CHECK(run.status.reconnects >= 1);
  CHECK(run.journal_size == 60);
}

TEST_CASE("client: a restarted client resumes from the journal's cursor", "[client]") {
  TempDir dir;
  const fs::path file = write_passings(dir.path, 100);
  {
    PyServer first({file.string(), "--limit", "40"});
    const Run run = run_client(dir.path / "j.db", options_for(first.url()), 40);
    CHECK(run.seqs == range(1, 40));
    CHECK(run.cursor.seq == 40);
  }
  PyServer second({file.string()});
  const Run run = run_client(dir.path / "j.db", options_for(second.url()), 60);
  CHECK(run.seqs == range(41, 100));
  CHECK(run.journal_size == 100);
  CHECK(run.status.resyncs == 0);
  CHECK(run.status.duplicates == 0);
}

TEST_CASE("client: a new epoch resyncs the cursor; re-numbered passings are dropped by content",
          "[client]") {
  TempDir dir;
  const fs::path file = write_passings(dir.path, 30);
  {
    PyServer first({file.string(), "--epoch", "a"});
    CHECK(run_client(dir.path / "j.db", options_for(first.url()), 30).cursor.epoch == "a");
  }
  fs::create_directories(dir.path / "b");
  PyServer second({write_passings(dir.path / "b", 40).string(), "--epoch", "b"});
  const Run run = run_client(dir.path / "j.db", options_for(second.url()), 10);
  CHECK(run.seqs == range(31, 40));  // 1..30 of epoch b are the passings 1..30 of epoch a
  CHECK(run.status.content_duplicates == 30);
  CHECK(run.journal_size == 40);
  CHECK(run.cursor.epoch == "b");
  CHECK(run.cursor.seq == 40);
  CHECK(run.status.resyncs == 1);
}

TEST_CASE("client: frames out of order reach journal and queue in seq order", "[client]") {
  TempDir dir;
  PyServer server({write_passings(dir.path, 200).string(), "--batch", "3", "--shuffle", "8"});
  const Run run = run_client(dir.path / "j.db", options_for(server.url()), 200);
  CHECK(run.seqs == range(1, 200));
  CHECK(run.status.reordered > 0);
  CHECK(run.status.gaps == 0);
  CHECK(run.status.held == 0);
  CHECK(run.journal_size == 200);
  CHECK(run.cursor.seq == 200);
}

TEST_CASE("client: a seq that never comes is given up after the gap timeout", "[client]") {
  TempDir dir;
  PyServer server({write_passings(dir.path, 100).string(), "--skip", "50", "--skip", "51"});
  feed::ClientOptions o = options_for(server.url());
  o.gap_timeout = core::Ms(200);
  const Run run = run_client(dir.path / "j.db", o, 98);
  std::vector<std::int64_t> expected = range(1, 49);
  for (std::int64_t s = 52; s <= 100; ++s) expected.push_back(s);
  CHECK(run.seqs == expected);
  CHECK(run.status.gaps == 1);
  CHECK(run.status.missing == 2);
  CHECK(run.cursor.seq == 100);
}

TEST_CASE("client: events the race check rejects are counted and keep their seq", "[client]") {
  TempDir dir;
  PyServer server({write_passings(dir.path, 60).string(), "--shuffle", "5"});
  feed::ClientOptions o = options_for(server.url());
  o.check = [](const race::Event& e) -> std::optional<feed::DecodeError> {
    if (std::get<race::Passing>(e).bib == "7")
      return feed::DecodeError{"unknown_point", "bib 7 crossed a mat that does not exist"};
    return std::nullopt;
  };
  const Run run = run_client(dir.path / "j.db", o, 59);
  std::vector<std::int64_t> expected = range(1, 6);
  for (std::int64_t s = 8; s <= 60; ++s) expected.push_back(s);
  CHECK(run.seqs == expected);
  CHECK(run.status.rejected.at("unknown_point") == 1);
  CHECK(run.status.gaps == 0);
  CHECK(run.cursor.seq == 60);
  CHECK(run.journal_size == 59);
}

TEST_CASE("client: a passing re-sent under a new seq is dropped; corrections follow the kept one",
          "[client]") {
  TempDir dir;
  const fs::path file = dir.path / "resent.jsonl";
  {
    std::ofstream out(file);
    for (int seq = 1; seq <= 20; ++seq) {
      const int bib = seq <= 10 ? seq : seq - 10;  // 11..20 repeat 1..10 (a timing box re-sends)
      out << R"({"type":"passing","seq":)" << seq << R"(,"source":"mat-a","point":"5K","bib":")"
          << bib << R"(","time":)" << (1759023000000 + bib) << "}\n";
    }
    out << R"({"type":"correction","seq":21,"source":"mat-a","target_seq":15,"action":"void"})"
        << "\n";
  }
  PyServer server({file.string()});
  std::vector<race::Event> events;
  auto journal = feed::Journal::open(dir.path / "j.db");
  core::BoundedQueue<race::Event> queue(1000);
  feed::Client client(options_for(server.url()), *journal, queue);
  client.start();
  const auto seqs = collect(queue, 11, &events);
  client.stop();
  std::vector<std::int64_t> expected = range(1, 10);
  expected.push_back(21);
  CHECK(seqs == expected);
  CHECK(client.status().content_duplicates == 10);
  REQUIRE(events.size() == 11);
  const auto& c = std::get<race::Correction>(events.back());
  CHECK(c.target_seq == 5);  // seq 15 was dropped as the same read as seq 5
  CHECK(c.target_source == "mat-a");
  CHECK(journal->size() == 11);
}

TEST_CASE("client: a journal that cannot be written loses nothing once it can", "[client]") {
  TempDir dir;
  PyServer server({write_passings(dir.path, 200).string(), "--batch", "10"});
  const fs::path file = dir.path / "j.db";
  auto journal = feed::Journal::open(file);
  // Another connection holds SQLite's write lock: every append fails (busy) meanwhile.
  sqlite3* blocker = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &blocker) == SQLITE_OK);
  REQUIRE(sqlite3_exec(blocker, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  core::BoundedQueue<race::Event> queue(1000);
  feed::ClientOptions o = options_for(server.url());
  o.backoff_initial = core::Ms(50);
  feed::Client client(o, *journal, queue);
  client.start();
  CHECK(wait_until([&] { return client.status().journal_errors >= 1; }));
  CHECK(queue.size() == 0);  // nothing reaches the engine that is not journaled
  sqlite3_exec(blocker, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(blocker);
  const auto seqs = collect(queue, 200);
  client.stop();
  CHECK(seqs == range(1, 200));
  CHECK(client.status().reconnects >= 1);
  CHECK(journal->size() == 200);
  CHECK(journal->cursor().seq == 200);
}

TEST_CASE("client: a full queue loses nothing", "[client]") {
  TempDir dir;
  PyServer server({write_passings(dir.path, 300).string(), "--batch", "50"});
  const Run run = run_client(dir.path / "j.db", options_for(server.url()), 300, 8);
  CHECK(run.seqs == range(1, 300));
  CHECK(run.journal_size == 300);
  CHECK(run.status.queue_overflows >= 1);
  CHECK(run.status.pending == 0);
}

TEST_CASE("client: wss with a self-signed certificate", "[client]") {
  TempDir dir;
  const fs::path cert = dir.path / "cert.pem";
  const fs::path key = dir.path / "key.pem";
  const std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
      "-keyout " +
      key.string() + " -out " + cert.string() + " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) {
    WARN("openssl not available; wss not tested");
    return;
  }
  PyServer server({write_passings(dir.path, 25).string(), "--tls", cert.string(), key.string()});
  feed::ClientOptions o = options_for(server.wss_url());
  o.insecure = true;
  const Run run = run_client(dir.path / "j.db", o, 25);
  CHECK(run.seqs == range(1, 25));
}

TEST_CASE("client: a bad URL is refused up front", "[client]") {
  TempDir dir;
  auto journal = feed::Journal::open(dir.path / "j.db");
  core::BoundedQueue<race::Event> queue(4);
  for (const char* url : {"http://x:1", "ws://", "ws://host:99999", "ws://host:1x"}) {
    feed::ClientOptions o;
    o.url = url;
    CHECK_THROWS_AS(feed::Client(o, *journal, queue), core::Error);
  }
}

TEST_CASE(
    "client: injected events are journaled between the feed's, queued, and kept after a "
    "restart; the cursor is the feed's",
    "[client]") {
  TempDir dir;
  const fs::path file = write_passings(dir.path, 60);
  race::StatusChange dnf;
  dnf.origin = {"operator", "op-1", 1};
  dnf.bib = "7";
  dnf.status = race::RunnerStatus::dnf;
  dnf.reason = "medical";
  {
    PyServer server({file.string(), "--limit", "30"});
    auto journal = feed::Journal::open(dir.path / "j.db");
    core::BoundedQueue<race::Event> queue(1000);
    feed::Client client(options_for(server.url()), *journal, queue);
    client.start();
    std::vector<race::Event> events;
    CHECK(collect(queue, 30, &events) == range(1, 30));
    client.inject({dnf});
    const auto more = collect(queue, 1, &events);
    REQUIRE(more.size() == 1);
    const auto* got = std::get_if<race::StatusChange>(&events.back());
    REQUIRE(got);
    CHECK(got->bib == "7");
    CHECK(got->origin.source == "operator");
    client.stop();
    CHECK(client.status().events_accepted == 30);  // the feed's, not ours
    CHECK(journal->size() == 31);
    CHECK(journal->cursor().seq == 30);
  }
  // The next run subscribes from the feed's seq 30 and the journal still holds the DNF.
  PyServer server({file.string()});
  const Run run = run_client(dir.path / "j.db", options_for(server.url()), 30);
  CHECK(run.seqs == range(31, 60));
  CHECK(run.journal_size == 61);
  auto journal = feed::Journal::open_read_only(dir.path / "j.db");
  int operator_events = 0;
  journal->replay([&](const race::Event& e) {
    operator_events += race::origin_of(e).source == "operator" ? 1 : 0;
  });
  CHECK(operator_events == 1);
}

}  // namespace client_test
