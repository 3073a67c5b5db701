// Feed server against an independent client (Python's `websockets`, tests/feed/ws_client.py):
// catch-up in batches within limits, live streaming, resync on another epoch or a forgotten
// cursor, heartbeats when idle, bad client messages closed with 1008, and the dup/garbage/
// reorder faults adding frames without losing a message. Timeouts are generous and nothing
// asserts on timing, so a loaded CI machine only makes the tests slower.
#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "feed/codec.h"
#include "feed/feed_log.h"
#include "feed/server.h"

namespace server_test {

namespace {

constexpr std::int64_t kT0 = 1759023000250;  // 2025-09-28T06:30:00.250+05:00

race::Event passing(int i) {
  race::Passing p;
  p.origin.source = "mat-a";
  p.mat = i % 2 ? "5K" : "10K";
  p.bib = std::to_string(100 + i % 500);
  p.time = core::UtcMs(core::Ms(kT0 + i * 250));
  p.hits = 1 + i % 5;
  return p;
}

void fill(feed::FeedLog& log, int from, int to) {
  for (int i = from; i <= to; ++i) log.append(passing(i));
}

// What the Python client saw: every frame, decoded, and how the session ended.
struct Seen {
  std::vector<std::string> frames;
  nlohmann::json end;                    // {"done":true} / {"closed":code,...} / {"timeout":true}
  std::vector<std::int64_t> seqs;        // race messages in arrival order (duplicates included)
  std::vector<std::size_t> batch_sizes;  // messages per data frame
  std::vector<feed::Heartbeat> heartbeats;
  std::vector<feed::Resync> resyncs;
  std::vector<feed::Hello> hellos;
  std::size_t bad_frames = 0;  // frames with a decode error
};

void analyse(Seen& s, const std::string& epoch) {
  for (const auto& text : s.frames) {
    const feed::Decoded d = feed::decode(text, epoch);
    if (!d.errors.empty()) ++s.bad_frames;
    std::size_t events = 0;
    for (const auto& m : d.messages) {
      if (const auto* e = std::get_if<race::Event>(&m)) {
        ++events;
        s.seqs.push_back(std::visit([](const auto& x) { return x.origin.seq; }, *e));
      } else if (const auto* h = std::get_if<feed::Heartbeat>(&m)) {
        s.heartbeats.push_back(*h);
      } else if (const auto* r = std::get_if<feed::Resync>(&m)) {
        s.resyncs.push_back(*r);
      } else if (const auto* hello = std::get_if<feed::Hello>(&m)) {
        s.hellos.push_back(*hello);
      }
    }
    if (events > 0) s.batch_sizes.push_back(events);
  }
}

// Runs ws_client.py against `port`; `on_line` sees each frame as it arrives (to append live
// events once the client has caught up).
Seen run_client(int port, const std::string& args,
                const std::function<void(const std::string&)>& on_line = {}) {
  const std::string cmd =
      "/usr/bin/python3 " + std::string(PACECAST_SOURCE_DIR) +
      "/tests/feed/ws_client.py --timeout 90 --url ws://127.0.0.1:" + std::to_string(port) + " " +
      args;
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe != nullptr);
  Seen s;
  char* line = nullptr;
  std::size_t cap = 0;
  while (getline(&line, &cap, pipe) > 0) {
    const auto j = nlohmann::json::parse(line);
    if (j.contains("frame")) {
      s.frames.push_back(j["frame"].get<std::string>());
      if (on_line) on_line(s.frames.back());
    } else {
      s.end = j;
    }
  }
  free(line);
  const int status = pclose(pipe);
  INFO("client: " << cmd);
  REQUIRE(status == 0);
  return s;
}

feed::ServerOptions quiet_options() {
  feed::ServerOptions o;
  o.heartbeat_interval = std::chrono::milliseconds(60000);  // none unless a test asks
  return o;
}

// Every seq in (since, until] exactly once, ascending.
void require_exactly(const std::vector<std::int64_t>& seqs, std::int64_t since,
                     std::int64_t until) {
  REQUIRE(seqs.size() == static_cast<std::size_t>(until - since));
  for (std::size_t i = 0; i < seqs.size(); ++i) {
    if (seqs[i] != since + 1 + static_cast<std::int64_t>(i)) FAIL("seq " << seqs[i] << " at " << i);
  }
}

}  // namespace

TEST_CASE("feed log: seqs, epoch rewrite, reads in batches, forgetting", "[server]") {
  feed::FeedLog log("test", "e7");
  CHECK(log.last_seq() == 0);
  CHECK(log.first_seq() == 1);
  int wakes = 0;
  const int id = log.add_listener([&] { ++wakes; });
  race::Passing p = std::get<race::Passing>(passing(1));
  p.origin.epoch = "other";
  p.origin.seq = 99;
  CHECK(log.append(p) == 1);
  CHECK(log.append(std::vector<race::Event>{passing(2), passing(3)}) == 3);
  CHECK(wakes == 2);
  log.remove_listener(id);
  fill(log, 4, 10);
  CHECK(wakes == 2);
  const auto all = log.read_after(0, 100, 1 << 20);
  REQUIRE(all.size() == 10);
  const auto first = feed::decode(all[0].text);
  REQUIRE(first.errors.empty());
  const auto& e = std::get<race::Passing>(std::get<race::Event>(first.messages[0]));
  CHECK(e.origin.epoch == "e7");
  CHECK(e.origin.seq == 1);
  CHECK(e.origin.source == "mat-a");
  CHECK(log.read_after(3, 4, 1 << 20).front().seq == 4);
  CHECK(log.read_after(3, 4, 1 << 20).size() == 4);
  CHECK(log.read_after(0, 100, 1).size() == 1);  // at least one, even over the byte limit
  CHECK(log.read_after(10, 100, 1 << 20).empty());
  log.forget_before(6);
  CHECK(log.first_seq() == 6);
  CHECK(log.read_after(0, 100, 1 << 20).front().seq == 6);
}

TEST_CASE("feed server: catch-up from a cursor in batches within the limits", "[server]") {
  feed::FeedLog log("test", "e1");
  fill(log, 1, 3000);
  auto options = quiet_options();
  options.max_batch_messages = 250;
  options.max_batch_bytes = 16 * 1024;
  feed::Server server(log, options);
  server.start();
  REQUIRE(server.port() > 0);
  Seen s = run_client(server.port(), "--since 1000 --until 3000");
  CHECK(s.end.value("done", false));
  analyse(s, "e1");
  REQUIRE(s.hellos.size() == 1);
  CHECK(s.hellos[0].epoch == "e1");
  CHECK(s.hellos[0].feed == "test");
  CHECK(s.hellos[0].last_seq == 3000);
  CHECK(s.resyncs.empty());
  CHECK(s.bad_frames == 0);
  require_exactly(s.seqs, 1000, 3000);
  CHECK(s.batch_sizes.size() > 1);
  for (std::size_t n : s.batch_sizes) CHECK(n <= 250);
  for (const auto& f : s.frames) CHECK(f.size() <= 16 * 1024 + 2);
}

TEST_CASE("feed server: live appends after catch-up arrive in order", "[server]") {
  feed::FeedLog log("test", "e1");
  fill(log, 1, 2000);
  feed::Server server(log, quiet_options());
  server.start();
  bool appended = false;
  Seen s = run_client(server.port(), "--since 0 --until 2500", [&](const std::string& frame) {
    // Once the catch-up reached seq 2000, append the rest from this (another) thread.
    if (!appended && frame.find("\"seq\":2000,") != std::string::npos) {
      appended = true;
      for (int i = 2001; i <= 2500; ++i) log.append(passing(i));
    }
  });
  CHECK(appended);
  CHECK(s.end.value("done", false));
  analyse(s, "e1");
  require_exactly(s.seqs, 0, 2500);
  CHECK(server.stats().max_sent_seq == 2500);
}

TEST_CASE("feed server: resync when the epoch differs or the history is gone", "[server]") {
  feed::FeedLog log("test", "e2");
  fill(log, 1, 1500);
  feed::Server server(log, quiet_options());
  server.start();
  SECTION("another epoch: replay from the start of the new one") {
    Seen s = run_client(server.port(), "--epoch e1 --since 700 --until 1500");
    analyse(s, "e2");
    REQUIRE(s.resyncs.size() == 1);
    CHECK(s.resyncs[0].epoch == "e2");
    CHECK(s.resyncs[0].since == 0);
    CHECK(s.resyncs[0].reason.find("epoch") != std::string::npos);
    require_exactly(s.seqs, 0, 1500);
  }
  SECTION("a fresh receiver (no epoch) is told the epoch") {
    Seen s = run_client(server.port(), "--epoch '' --since 0 --until 1500");
    analyse(s, "e2");
    REQUIRE(s.resyncs.size() == 1);
    CHECK(s.resyncs[0].since == 0);
    require_exactly(s.seqs, 0, 1500);
  }
  SECTION("a cursor before the first seq still held") {
    log.forget_before(1001);
    Seen s = run_client(server.port(), "--since 10 --until 1500");
    analyse(s, "e2");
    REQUIRE(s.resyncs.size() == 1);
    CHECK(s.resyncs[0].since == 1000);
    CHECK(s.resyncs[0].reason.find("history") != std::string::npos);
    require_exactly(s.seqs, 1000, 1500);
  }
  SECTION("a cursor ahead of the feed") {
    Seen s = run_client(server.port(), "--since 9000 --until 1500");
    analyse(s, "e2");
    REQUIRE(s.resyncs.size() == 1);
    CHECK(s.resyncs[0].since == 0);
    require_exactly(s.seqs, 0, 1500);
  }
  CHECK(server.stats().resyncs == 1);
}

TEST_CASE("feed server: heartbeats carry the last seq when idle", "[server]") {
  feed::FeedLog log("test", "e1");
  fill(log, 1, 20);
  auto options = quiet_options();
  options.heartbeat_interval = std::chrono::milliseconds(100);
  feed::Server server(log, options);
  server.start();
  Seen s = run_client(server.port(), "--since 20 --until 20 --heartbeats 3");
  CHECK(s.end.value("done", false));
  analyse(s, "e1");
  CHECK(s.seqs.empty());
  REQUIRE(s.heartbeats.size() >= 3);
  for (const auto& h : s.heartbeats) CHECK(h.seq == 20);
}

TEST_CASE("feed server: an empty feed sends heartbeats with seq 0", "[server]") {
  feed::FeedLog log("test", "e1");
  auto options = quiet_options();
  options.heartbeat_interval = std::chrono::milliseconds(100);
  feed::Server server(log, options);
  server.start();
  Seen s = run_client(server.port(), "--since 0 --until 0 --heartbeats 2");
  CHECK(s.end.value("done", false));
  analyse(s, "e1");
  REQUIRE(s.heartbeats.size() >= 2);
  for (const auto& h : s.heartbeats) CHECK(h.seq == 0);
}

TEST_CASE("feed server: a bad client message closes with policy violation", "[server]") {
  feed::FeedLog log("test", "e1");
  fill(log, 1, 5);
  feed::Server server(log, quiet_options());
  server.start();
  SECTION("a race event from the client") {
    Seen s = run_client(server.port(), "--send-raw '" + feed::encode(passing(1)) + "'");
    INFO("client ended with " << s.end.dump());
    CHECK(s.end.value("closed", 0) == 1008);
  }
  SECTION("not JSON") {
    Seen s = run_client(server.port(), "--send-raw 'hello?'");
    INFO("client ended with " << s.end.dump());
    CHECK(s.end.value("closed", 0) == 1008);
  }
  SECTION("a frame over the size limit") {
    Seen s = run_client(server.port(), "--send-size " + std::to_string(feed::kMaxFrameBytes + 10));
    INFO("client ended with " << s.end.dump());
    CHECK(s.end.value("closed", 0) == 1008);
  }
  CHECK(server.stats().bad_clients == 1);
}

TEST_CASE("feed server: dup, garbage and reorder faults lose nothing", "[server]") {
  feed::FeedLog log("test", "e1");
  fill(log, 1, 3000);
  auto options = quiet_options();
  options.max_batch_messages = 50;
  options.faults.seed = 7;
  options.faults.dup_rate = 0.2;
  options.faults.garbage_rate = 0.2;
  options.faults.reorder_ms = 20;
  feed::Server server(log, options);
  server.start();
  bool appended = false;
  Seen s = run_client(server.port(), "--since 0 --until 3200", [&](const std::string& frame) {
    if (!appended && frame.find("\"seq\":3000,") != std::string::npos) {
      appended = true;
      for (int i = 3001; i <= 3200; ++i) log.append(passing(i));
    }
  });
  CHECK(s.end.value("done", false));
  analyse(s, "e1");
  const auto stats = server.stats();
  CHECK(stats.garbage > 0);
  CHECK(stats.duplicates > 0);
  CHECK(s.bad_frames > 0);
  CHECK(s.seqs.size() > 3200);  // duplicates arrived too
  const std::set<std::int64_t> unique(s.seqs.begin(), s.seqs.end());
  CHECK(unique.size() == 3200);
  CHECK(*unique.begin() == 1);
  CHECK(*unique.rbegin() == 3200);
  CHECK(!std::is_sorted(s.seqs.begin(), s.seqs.end()));  // reordered
}

TEST_CASE("feed server: drop_every closes connections", "[server]") {
  feed::FeedLog log("test", "e1");
  fill(log, 1, 5);
  auto options = quiet_options();
  options.faults.drop_every_s = 0.3;
  feed::Server server(log, options);
  server.start();
  Seen s = run_client(server.port(), "--since 0 --until 1000000");
  CHECK(s.end.contains("closed"));
  CHECK(s.end.value("closed", 0) != 1000);
  CHECK(server.stats().drops >= 1);
}

TEST_CASE("feed server: a busy port is a clear error", "[server]") {
  feed::FeedLog log("test", "e1");
  feed::Server first(log, quiet_options());
  first.start();
  auto options = quiet_options();
  options.port = first.port();
  feed::Server second(log, options);
  REQUIRE_THROWS_WITH(second.start(), Catch::Contains(std::to_string(first.port())));
  second.stop();
  first.stop();
  first.stop();
}

}  // namespace server_test
