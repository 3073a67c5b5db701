// Feed journal: create and reopen, a round trip of every event type, duplicates skipped and
// counted, the cursor stored with its events, clear errors for files that are not journals
// or are in use, and a writer SIGKILLed mid-append leaving a consistent journal.
#include <catch2/catch.hpp>

#include "participant_fixture.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "feed/codec.h"
#include "feed/journal.h"

namespace journal_test {

namespace {

namespace fs = std::filesystem;
using core::Ms;
using core::UtcMs;

constexpr std::int64_t kT0 = 1759023000250;  // 2025-09-28T06:30:00.250+05:00

// A fresh, empty directory for one test under the build tree.
fs::path scratch(const std::string& name) {
  fs::path dir = fs::path(PACECAST_BINARY_DIR) / "test-scratch" / ("journal-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

race::Origin origin(std::int64_t seq, std::string source = "feed", std::string epoch = "e1") {
  return race::Origin{std::move(source), std::move(epoch), seq};
}

race::Event passing(std::int64_t seq, std::string source = "feed", std::string epoch = "e1") {
  race::Passing p;
  p.origin = origin(seq, std::move(source), std::move(epoch));
  p.mat = "km10";
  p.bib = "B" + std::to_string(seq);
  p.chip = "C" + std::to_string(seq);
  p.time = UtcMs(Ms(kT0 + seq * 250));
  p.hits = 3;
  p.rssi = -61;
  return race::Event(p);
}

std::vector<race::Event> passings(std::int64_t first, std::int64_t count) {
  std::vector<race::Event> v;
  for (std::int64_t s = first; s < first + count; ++s) v.push_back(passing(s));
  return v;
}

std::vector<std::string> replay_encoded(const feed::Journal& j) {
  std::vector<std::string> out;
  j.replay([&](const race::Event& e) { out.push_back(feed::encode(e)); });
  return out;
}

race::Participant minimal_participant() {
  race::Participant p;
  p.bib = "77";
  return p;
}

std::vector<race::Event> every_event_type() {
  race::Passing flagged;
  flagged.origin = origin(2, "backup-box", "");
  flagged.mat = "finish";
  flagged.chip = "E200-0042";
  flagged.time = UtcMs(Ms(kT0 + 9000001));
  flagged.flags = race::PassingFlag::backup | race::PassingFlag::manual;
  using Action = race::Correction::Action;
  return {
      passing(1),
      race::Event(flagged),
      race::Event(race::GunEvent{origin(3), "marathon", "wave-2", UtcMs(Ms(kT0))}),
      race::Event(race::GunEvent{origin(4), "10k", "", UtcMs(Ms(kT0 + 60000))}),
      race::Event(race::StatusChange{origin(5), "F2", race::RunnerStatus::dnf, "medical"}),
      race::Event(race::StatusChange{origin(6), "17", race::RunnerStatus::ok, ""}),
      race::Event(race::Correction{origin(7), "feed", "e1", 1, Action::void_passing, {}}),
      // Empty targets would come back as the message's own source and epoch (the decoder's
      // default, which means the same to the model), so the journal is given them filled.
      race::Event(race::Correction{origin(8), "backup-box", "e0", 2, Action::adjust_time,
                                   UtcMs(Ms(kT0 + 5))}),
      race::Event(race::ParticipantUpdate{origin(9), "1234", fixture::full_participant()}),
      race::Event(race::ParticipantUpdate{origin(0, "desk", "e1"), "", minimal_participant()}),
  };
}

std::string error_of(const fs::path& path) {
  try {
    feed::Journal::open(path);
  } catch (const core::Error& e) {
    return e.what();
  }
  return "(no error)";
}

// Runs SQL on a file directly, as another tool would.
void sql(const fs::path& path, const char* text) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  int rc = sqlite3_exec(db, text, nullptr, nullptr, nullptr);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("journal: a new journal is created; cursor and events survive a reopen", "[journal]") {
  fs::path file = scratch("reopen") / "race.journal";
  {
    auto j = feed::Journal::open(file);
    CHECK(j->size() == 0);
    CHECK(j->cursor().epoch.empty());
    CHECK(j->cursor().seq == 0);
    CHECK(j->append(passings(1, 10), {"e1", 10}) == 10);
    CHECK(j->append(passings(11, 5), {"e1", 15}) == 5);
  }
  CHECK(fs::exists(file));
  auto j = feed::Journal::open(file);
  CHECK(j->size() == 15);
  CHECK(j->cursor().epoch == "e1");
  CHECK(j->cursor().seq == 15);
  auto events = replay_encoded(*j);
  REQUIRE(events.size() == 15);
  CHECK(events.front() == feed::encode(passing(1)));
  CHECK(events.back() == feed::encode(passing(15)));
  CHECK(j->append(passings(16, 1), {"e1", 16}) == 1);
  CHECK(j->size() == 16);
}

TEST_CASE("journal: every event type comes back from replay as it was appended", "[journal]") {
  auto j = feed::Journal::open(scratch("types") / "j.db");
  std::vector<race::Event> in = every_event_type();
  CHECK(j->append(in, {"e1", 9}) == static_cast<std::int64_t>(in.size()));
  auto out = replay_encoded(*j);
  REQUIRE(out.size() == in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    INFO("event " << i);
    CHECK(out[i] == feed::encode(in[i]));
  }
  // The participant's fields survive in full, not only what encode() shows.
  j->replay([](const race::Event& e) {
    if (const auto* u = std::get_if<race::ParticipantUpdate>(&e); u && u->old_bib == "1234") {
      CHECK(u->participant->chips == std::vector<std::string>{"C001", "C002"});
      CHECK(u->participant->birth_date.has_value());
    }
  });
}

TEST_CASE("journal: an event already stored by (source, epoch, seq) is skipped and counted",
          "[journal]") {
  auto j = feed::Journal::open(scratch("dups") / "j.db");
  CHECK(j->append(passings(1, 10), {"e1", 10}) == 10);
  // A re-sent overlap: 6..10 are known, 11..15 are new.
  CHECK(j->append(passings(6, 10), {"e1", 15}) == 5);
  // A duplicate inside one batch.
  CHECK(j->append({passing(16), passing(16), passing(17)}, {"e1", 17}) == 2);
  // Same seq, another epoch or source: a different event.
  CHECK(j->append({passing(1, "feed", "e2"), passing(1, "backup", "e1")}, {"e2", 1}) == 2);
  // seq 0 (no feed position) is never a duplicate.
  race::Event desk =
      race::Event(race::StatusChange{origin(0, "desk", ""), "5", race::RunnerStatus::dns, ""});
  CHECK(j->append({desk, desk}, {"e2", 1}) == 2);
  CHECK(j->size() == 21);
  CHECK(replay_encoded(*j).size() == 21);
}

TEST_CASE("journal: the cursor is the one stored with the last append", "[journal]") {
  fs::path file = scratch("cursor") / "j.db";
  {
    auto j = feed::Journal::open(file);
    j->append(passings(1, 3), {"e1", 3});
    CHECK(j->cursor().seq == 3);
    // A batch of only duplicates still moves the cursor; so does an empty one (heartbeats).
    j->append(passings(1, 3), {"e1", 4});
    CHECK(j->cursor().seq == 4);
    j->append({}, {"e7", 0});
    CHECK(j->cursor().epoch == "e7");
    CHECK(j->cursor().seq == 0);
    j->append(passings(5, 2), {"e7", 42});
  }
  auto j = feed::Journal::open(file);
  CHECK(j->cursor().epoch == "e7");
  CHECK(j->cursor().seq == 42);
  CHECK(j->size() == 5);
}

TEST_CASE("journal: replay reports progress, ending with done == total", "[journal]") {
  auto j = feed::Journal::open(scratch("progress") / "j.db");
  const std::int64_t n = feed::Journal::kProgressEvery * 2 + 10;
  j->append(passings(1, n), {"e1", n});
  std::vector<std::pair<std::int64_t, std::int64_t>> calls;
  std::int64_t seen = 0;
  j->replay([&](const race::Event&) { ++seen; },
            [&](std::int64_t done, std::int64_t total) { calls.emplace_back(done, total); });
  CHECK(seen == n);
  REQUIRE(calls.size() == 3);
  CHECK(calls[0] == std::pair<std::int64_t, std::int64_t>{feed::Journal::kProgressEvery, n});
  CHECK(calls.back() == std::pair<std::int64_t, std::int64_t>{n, n});
}

TEST_CASE("journal: files that are not journals, newer ones and ones in use are refused clearly",
          "[journal]") {
  fs::path dir = scratch("errors");

  fs::path garbage = dir / "garbage.db";
  std::ofstream(garbage) << std::string(5000, 'x');
  std::string e = error_of(garbage);
  CHECK_THAT(e, Catch::Contains("journal " + garbage.string() + ": "));
  CHECK_THAT(e, Catch::Contains("not a Pacecast journal"));
  CHECK(fs::file_size(garbage) == 5000);  // left as it was

  fs::path other = dir / "other.sqlite";
  sql(other, "CREATE TABLE runners(bib TEXT)");
  e = error_of(other);
  CHECK_THAT(e, Catch::Contains(other.string()));
  CHECK_THAT(e, Catch::Contains("an SQLite database but not a Pacecast journal"));

  fs::path other_meta = dir / "other-meta.sqlite";
  sql(other_meta, "CREATE TABLE meta(name TEXT, data BLOB)");
  CHECK_THAT(error_of(other_meta),
             Catch::Contains("an SQLite database but not a Pacecast journal"));

  fs::path newer = dir / "newer.db";
  feed::Journal::open(newer);
  sql(newer, "UPDATE meta SET value = 99 WHERE key = 'schema_version'");
  e = error_of(newer);
  CHECK_THAT(e, Catch::Contains(newer.string()));
  CHECK_THAT(e, Catch::Contains("newer Pacecast (journal schema 99"));

  fs::path missing = dir / "no-such-dir" / "j.db";
  e = error_of(missing);
  CHECK_THAT(e, Catch::Contains(missing.string()));
  CHECK_THAT(e, Catch::Contains("directory exists"));

  fs::path busy = dir / "busy.db";
  auto holder = feed::Journal::open(busy);
  e = error_of(busy);
  CHECK_THAT(e, Catch::Contains("journal " + busy.string() + ": in use by another process"));
  holder.reset();
  CHECK_NOTHROW(feed::Journal::open(busy));
}

TEST_CASE("journal: a reader opens it read-only while the writer appends", "[journal]") {
  fs::path file = scratch("read-only") / "race.journal";
  auto writer = feed::Journal::open(file);
  REQUIRE(writer->append(passings(1, 10), {"e1", 10}) == 10);
  const std::string id = writer->id();
  CHECK(id.size() == 16);

  auto reader = feed::Journal::open_read_only(file);
  CHECK(reader->read_only());
  CHECK(reader->id() == id);
  CHECK(reader->size() == 10);
  CHECK(reader->cursor().seq == 10);
  CHECK(replay_encoded(*reader).size() == 10);
  CHECK_THROWS_WITH(reader->append(passings(11, 1), {"e1", 11}),
                    Catch::Contains("opened read-only"));

  REQUIRE(writer->append(passings(11, 5), {"e1", 15}) == 5);  // not blocked by the reader
  CHECK(feed::Journal::open_read_only(file)->size() == 15);
  writer.reset();
  CHECK(feed::Journal::open(file)->id() == id);  // the id is the file's, for good

  fs::path missing = scratch("read-only") / "none.journal";
  try {
    feed::Journal::open_read_only(missing);
    FAIL("a missing journal was opened");
  } catch (const core::Error& e) {
    CHECK_THAT(e.what(), Catch::Contains(missing.string() + ": no such file"));
  }
  CHECK_FALSE(fs::exists(missing));  // reading never creates a file
}

TEST_CASE("journal: a writer SIGKILLed mid-append leaves a consistent journal", "[journal]") {
  fs::path file = scratch("sigkill") / "j.db";
  constexpr std::int64_t kBatch = 50;
  for (int round = 0; round < 3; ++round) {
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::close(ready[0]);
      try {
        auto j = feed::Journal::open(file);
        for (std::int64_t next = j->cursor().seq + 1;; next += kBatch) {
          j->append(passings(next, kBatch), {"e1", next + kBatch - 1});
          if (next == 1 || j->size() % (kBatch * 20) == 0) (void)!::write(ready[1], "x", 1);
        }
      } catch (...) {
      }
      ::_exit(1);
    }
    ::close(ready[1]);
    char c = 0;
    REQUIRE(::read(ready[0], &c, 1) == 1);  // the child has committed at least one batch
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + 30 * round));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(ready[0]);
    CHECK(WIFSIGNALED(status));

    auto j = feed::Journal::open(file);
    INFO("round " << round << ": " << j->size() << " events, cursor " << j->cursor().seq);
    CHECK(j->size() > 0);
    CHECK(j->size() % kBatch == 0);  // whole batches only
    CHECK(j->cursor().epoch == "e1");
    CHECK(j->cursor().seq == j->size());  // the cursor of the last committed batch
    std::int64_t expect = 1;
    bool intact = true;
    j->replay([&](const race::Event& e) {
      intact = intact && feed::encode(e) == feed::encode(passing(expect));
      ++expect;
    });
    CHECK(intact);
    CHECK(expect - 1 == j->size());
  }
}

}  // namespace journal_test
