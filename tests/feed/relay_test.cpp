// feed::Relay: the events an engine accepted, re-served with the relay's epoch and seqs to a
// real feed::Client, corrections pointed at the relay's seqs, and the same numbering again
// from a relay rebuilt on the same journal. Waits poll with a generous deadline, no sleeps
// that decide an outcome.
#include <stdlib.h>  // mkdtemp

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "core/bounded_queue.h"
#include "feed/client.h"
#include "feed/codec.h"
#include "feed/journal.h"
#include "feed/relay.h"

namespace relay_test {

namespace fs = std::filesystem;

namespace {

constexpr auto kPatience = std::chrono::seconds(60);  // only matters when something is broken
constexpr std::int64_t kT0 = 1759023000250;           // 2025-09-28T06:30:00.250+05:00

struct TempDir {
  TempDir() {
    char tmpl[] = "/tmp/pacecast-relay-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path path;
};

// A passing as the upstream feed numbered it.
race::Event upstream_passing(std::int64_t seq, const std::string& source = "mat-a") {
  race::Passing p;
  p.origin = {source, "up-1", seq};
  p.mat = "5K";
  p.bib = std::to_string(100 + seq);
  p.time = core::UtcMs(core::Ms(kT0 + seq * 1000));
  p.hits = 2;
  return p;
}

race::Event upstream_void(std::int64_t seq, std::int64_t target_seq,
                          const std::string& target_source = "mat-a") {
  race::Correction c;
  c.origin = {"desk", "up-1", seq};
  c.target_source = target_source;
  c.target_epoch = "up-1";
  c.target_seq = target_seq;
  c.action = race::Correction::Action::void_passing;
  return c;
}

// Upstream seqs 101..110 from mat-a, then a void of upstream 105 and one of an unknown 99.
std::vector<race::Event> upstream_events() {
  std::vector<race::Event> events;
  for (std::int64_t seq = 101; seq <= 110; ++seq) events.push_back(upstream_passing(seq));
  events.push_back(upstream_void(111, 105));
  events.push_back(upstream_void(112, 99));
  return events;
}

// Pops events until `count` arrived or patience runs out.
std::vector<race::Event> collect(core::BoundedQueue<race::Event>& queue, std::size_t count) {
  std::vector<race::Event> events;
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (events.size() < count && std::chrono::steady_clock::now() < deadline) {
    if (auto e = queue.pop_for(std::chrono::milliseconds(50))) events.push_back(std::move(*e));
  }
  return events;
}

// What a downstream feed::Client, journaling in `journal_file`, receives from `relay`.
struct Received {
  std::vector<race::Event> events;
  feed::ClientStatus status;
  feed::Cursor cursor;
};

Received receive(const feed::Relay& relay, const fs::path& journal_file, std::size_t count) {
  auto journal = feed::Journal::open(journal_file);
  core::BoundedQueue<race::Event> queue(1000);
  feed::ClientOptions o;
  o.url = "ws://127.0.0.1:" + std::to_string(relay.port());
  feed::Client client(o, *journal, queue);
  client.start();
  Received r;
  r.events = collect(queue, count);
  client.stop();
  r.status = client.status();
  r.cursor = journal->cursor();
  CHECK(r.status.feed == relay.feed());
  return r;
}

// The log's texts, which carry every event's relay epoch and seq.
std::vector<std::string> served_texts(const feed::FeedLog& log) {
  std::vector<std::string> texts;
  for (const auto& entry : log.read_after(0, 1 << 20, std::size_t(1) << 30))
    texts.push_back(entry.text);
  return texts;
}

// The log's events, decoded as a downstream receiver would.
std::vector<race::Event> served_events(const feed::FeedLog& log) {
  std::vector<race::Event> events;
  for (const std::string& text : served_texts(log)) {
    const auto decoded = feed::decode(text);
    CHECK(decoded.errors.empty());
    for (const auto& m : decoded.messages)
      if (const auto* e = std::get_if<race::Event>(&m)) events.push_back(*e);
  }
  return events;
}

}  // namespace

TEST_CASE("relay: a client receives the relay's epoch, seqs and rewritten corrections", "[relay]") {
  TempDir dir;
  feed::Relay relay("relay-test", "relay-0123456789abcdef", feed::ServerOptions{});
  relay.start();
  const auto events = upstream_events();
  CHECK(relay.forward(std::vector<race::Event>(events.begin(), events.begin() + 4)) == 4);
  for (std::size_t i = 4; i < events.size(); ++i) relay.forward(events[i]);
  CHECK(relay.last_seq() == 12);
  CHECK(relay.mapped() == 10);

  const auto got = receive(relay, dir.path / "down.journal", 12).events;
  REQUIRE(got.size() == 12);
  for (std::size_t i = 0; i < got.size(); ++i) {
    const race::Origin& o = race::origin_of(got[i]);
    CHECK(o.epoch == "relay-0123456789abcdef");
    CHECK(o.seq == static_cast<std::int64_t>(i + 1));
  }
  CHECK(race::origin_of(got[0]).source == "mat-a");
  CHECK(std::get<race::Passing>(got[4]).bib == "205");  // upstream seq 105

  const auto& known = std::get<race::Correction>(got[10]);
  CHECK(known.origin.source == "desk");
  CHECK(known.target_source == "mat-a");
  CHECK(known.target_epoch == "relay-0123456789abcdef");
  CHECK(known.target_seq == 5);  // upstream 105 is the relay's fifth event

  const auto& unknown = std::get<race::Correction>(got[11]);
  CHECK(unknown.target_source == "mat-a");
  CHECK(unknown.target_epoch == "up-1");
  CHECK(unknown.target_seq == 99);
}

TEST_CASE("relay: rebuilt from the same journal, the same epoch and seqs", "[relay]") {
  TempDir dir;
  auto journal = feed::Journal::open(dir.path / "ingest.journal");
  const std::string epoch = feed::Relay::epoch_for(*journal);
  CHECK(epoch == "relay-" + journal->id());
  CHECK(epoch.size() == 6 + 16);
  journal->append(upstream_events(), feed::Cursor{"up-1", 112});
  journal.reset();

  // The engine's first run, then a restart on the same journal that also gets one new event.
  // The downstream receiver keeps its own journal (its cursor) across both.
  std::vector<std::vector<std::string>> served;
  for (int run = 0; run < 2; ++run) {
    auto reopened = feed::Journal::open(dir.path / "ingest.journal");
    feed::Relay relay("relay-test", feed::Relay::epoch_for(*reopened), feed::ServerOptions{});
    CHECK(relay.epoch() == epoch);
    reopened->replay([&](const race::Event& e) { relay.forward(e); });
    CHECK(relay.last_seq() == 12);
    served.push_back(served_texts(relay.log()));
    if (run == 1) relay.forward(upstream_passing(113));
    relay.start();
    const auto got = receive(relay, dir.path / "down.journal", run == 0 ? 12 : 1);
    CHECK(got.cursor.epoch == epoch);
    CHECK(got.status.duplicates == 0);
    if (run == 0) {
      REQUIRE(got.events.size() == 12);
      CHECK(got.cursor.seq == 12);
      CHECK(std::get<race::Correction>(got.events[10]).target_seq == 5);
    } else {
      REQUIRE(got.events.size() == 1);  // the restarted relay's seqs match: nothing resent
      CHECK(race::origin_of(got.events[0]).seq == 13);
      CHECK(got.status.resyncs == 0);
      CHECK(got.cursor.seq == 13);
    }
  }
  CHECK(served[0] == served[1]);
  CHECK(served[0][10].find("\"target_seq\":5") != std::string::npos);
}

TEST_CASE("relay: corrections within a batch, out-of-order and several sources", "[relay]") {
  feed::Relay relay("relay-test", "relay-x", feed::ServerOptions{});
  std::vector<race::Event> batch;
  batch.push_back(upstream_passing(7, "mat-b"));
  batch.push_back(upstream_passing(3, "mat-a"));
  batch.push_back(upstream_passing(2, "mat-a"));  // behind the one before: inserted, not appended
  batch.push_back(upstream_void(8, 7, "mat-b"));
  batch.push_back(upstream_void(9, 2, "mat-a"));
  batch.push_back(upstream_void(10, 3, "mat-b"));  // mat-b never sent seq 3
  CHECK(relay.forward(batch) == 6);
  CHECK(relay.mapped() == 3);
  CHECK(relay.forward(std::vector<race::Event>{}) == 6);

  const auto served = served_events(relay.log());
  REQUIRE(served.size() == 6);
  const auto& to_b = std::get<race::Correction>(served[3]);
  CHECK(to_b.target_source == "mat-b");
  CHECK(to_b.target_seq == 1);
  CHECK(to_b.target_epoch == "relay-x");
  const auto& to_a = std::get<race::Correction>(served[4]);
  CHECK(to_a.target_source == "mat-a");
  CHECK(to_a.target_seq == 3);
  const auto& unknown = std::get<race::Correction>(served[5]);
  CHECK(unknown.target_seq == 3);
  CHECK(unknown.target_epoch == "up-1");
  CHECK(unknown.target_source == "mat-b");
}

// A big race is 300,000 passings; a third of that keeps the test quick in a Debug build, where
// encoding the served JSON (not the map) takes nearly all the time.
TEST_CASE("relay: a race's worth of passings stays mapped", "[relay]") {
  feed::Relay relay("relay-test", "relay-big", feed::ServerOptions{});
  constexpr std::int64_t kPassings = 100000;
  std::vector<race::Event> batch;
  batch.reserve(10000);
  for (std::int64_t seq = 1; seq <= kPassings; ++seq) {
    batch.push_back(upstream_passing(seq, seq % 2 ? "mat-a" : "mat-b"));
    if (batch.size() == 10000) {
      relay.forward(batch);
      batch.clear();
    }
  }
  CHECK(relay.mapped() == static_cast<std::size_t>(kPassings));
  const std::int64_t seq = relay.forward(upstream_void(kPassings + 1, 50001, "mat-a"));
  CHECK(seq == kPassings + 1);
  const auto last = relay.log().read_after(kPassings, 1, 1 << 20);
  REQUIRE(last.size() == 1);
  const auto decoded = feed::decode(last[0].text);
  REQUIRE(decoded.messages.size() == 1);
  const auto& c = std::get<race::Correction>(std::get<race::Event>(decoded.messages[0]));
  CHECK(c.target_seq == 50001);  // upstream seq n was the relay's n-th event
  CHECK(c.target_epoch == "relay-big");
}

}  // namespace relay_test
