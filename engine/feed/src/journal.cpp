// The feed journal on SQLite. Passings (nearly every event) are stored in typed columns so
// a replay of 300,000 of them stays well under a second; the rare other events are stored
// as their protocol message (feed::encode) and decoded on replay. See docs/journal.md.
#include "feed/journal.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <string_view>
#include <utility>
#include <variant>

#include "core/error.h"
#include "feed/codec.h"

namespace feed {
// The handles Journal::Impl owns. Not in the anonymous namespace: GCC rejects a class with
// linkage holding a file-local type when the file is part of a unity batch
// (-Wsubobject-linkage).
namespace journal_impl {

struct CloseDb {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct FinalizeStmt {
  void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
};
using DbPtr = std::unique_ptr<sqlite3, CloseDb>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, FinalizeStmt>;

// An open descriptor holding flock(LOCK_EX) on the journal file, so a second process (or a
// second Journal in this one) cannot append to it. Independent of SQLite's own fcntl locks.
class FileLock {
 public:
  explicit FileLock(int fd) : fd_(fd) {}
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

}  // namespace journal_impl

namespace {

using journal_impl::DbPtr;
using journal_impl::FileLock;
using journal_impl::StmtPtr;

constexpr std::string_view kFormat = "pacecast-journal";
constexpr std::array<const char*, 5> kKindNames = {"passing", "gun", "status", "correction",
                                                   "participant"};
static_assert(std::variant_size_v<race::Event> == kKindNames.size());

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value);
INSERT INTO meta(key, value) VALUES ('format', 'pacecast-journal'), ('schema_version', 1),
  ('cursor_epoch', ''), ('cursor_seq', 0);
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  epoch TEXT NOT NULL,
  seq INTEGER NOT NULL,
  mat TEXT, bib TEXT, chip TEXT, time_ms INTEGER, hits INTEGER, rssi INTEGER, flags INTEGER,
  json TEXT);
CREATE UNIQUE INDEX events_origin ON events(source, epoch, seq) WHERE seq > 0;
)sql";

constexpr const char* kInsertSql =
    "INSERT OR IGNORE INTO events(kind, source, epoch, seq, mat, bib, chip, time_ms, hits, "
    "rssi, flags, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
constexpr const char* kCursorSql =
    "INSERT OR REPLACE INTO meta(key, value) VALUES ('cursor_epoch', ?1), ('cursor_seq', ?2)";
constexpr const char* kReplaySql =
    "SELECT kind, source, epoch, seq, mat, bib, chip, time_ms, hits, rssi, flags, json, id "
    "FROM events ORDER BY id";

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
  throw core::Error("journal " + path.string() + ": " + what);
}

// What to do about an SQLite failure, by its primary result code.
std::string advice(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "locked by another process; stop the other process (an ingest, an engine, an "
             "sqlite3 shell) or use another journal file";
    case SQLITE_NOTADB:
      return "not a Pacecast journal; pass another journal path or move this file away";
    case SQLITE_CORRUPT:
      return "the file is damaged; move it away and start a new journal";
    case SQLITE_FULL:
      return "the disk is full; free space and restart (the feed resumes from the cursor)";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      return "check that the file and its directory exist and are writable";
    default:
      return "check the file and the disk";
  }
}

[[noreturn]] void fail_sqlite(const std::filesystem::path& path, sqlite3* db, int rc,
                              std::string_view doing) {
  std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  fail(path, std::string(doing) + ": " + message + "; " + advice(rc));
}

StmtPtr prepare(sqlite3* db, const std::filesystem::path& path, const char* sql,
                std::string_view doing) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) fail_sqlite(path, db, rc, doing);
  return StmtPtr(stmt);
}

void exec(sqlite3* db, const std::filesystem::path& path, const char* sql, std::string_view doing) {
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail_sqlite(path, db, rc, doing);
}

// Resets a statement when a step is done with it, also when the step throws.
struct ResetOnExit {
  sqlite3_stmt* stmt;
  ~ResetOnExit() { sqlite3_reset(stmt); }
};

std::string column_text(sqlite3_stmt* stmt, int i) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
  if (p == nullptr) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
}

// Takes the exclusive lock on the journal file, creating it if missing.
std::unique_ptr<FileLock> lock_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    fail(path, std::string("cannot open: ") + std::strerror(errno) +
                   "; check that the directory exists and is writable");
  }
  auto lock = std::make_unique<FileLock>(fd);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      fail(path,
           "in use by another process (an ingest or engine has it open); stop it or "
           "use another journal file");
    }
    fail(path, std::string("cannot lock: ") + std::strerror(errno));
  }
  return lock;
}

}  // namespace

// Declaration order is destruction order reversed: statements, then the connection, then
// the file lock.
struct Journal::Impl {
  std::unique_ptr<FileLock> lock;
  DbPtr db;
  StmtPtr begin, commit, rollback, insert, set_cursor;

  // Runs a statement that returns no rows (BEGIN, COMMIT, an INSERT) and resets it.
  void run(const std::filesystem::path& path, sqlite3_stmt* stmt, std::string_view doing) {
    ResetOnExit reset{stmt};
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE) fail_sqlite(path, db.get(), rc, doing);
  }
};

namespace {

// Reads a single value; `sql` returns one row.
std::string query_text(sqlite3* db, const std::filesystem::path& path, const char* sql,
                       std::string_view doing) {
  StmtPtr stmt = prepare(db, path, sql, doing);
  int rc = sqlite3_step(stmt.get());
  if (rc == SQLITE_DONE) return {};
  if (rc != SQLITE_ROW) fail_sqlite(path, db, rc, doing);
  return column_text(stmt.get(), 0);
}

std::int64_t query_int(sqlite3* db, const std::filesystem::path& path, const char* sql,
                       std::string_view doing) {
  StmtPtr stmt = prepare(db, path, sql, doing);
  int rc = sqlite3_step(stmt.get());
  if (rc == SQLITE_DONE) return 0;
  if (rc != SQLITE_ROW) fail_sqlite(path, db, rc, doing);
  return sqlite3_column_int64(stmt.get(), 0);
}

// Checks that an existing database is a journal this engine can read; true when the file
// holds no tables yet (new, or zero bytes) and the schema must be created.
bool check_identity(sqlite3* db, const std::filesystem::path& path) {
  const char* doing = "reading the file";
  if (query_int(db, path, "SELECT count(*) FROM sqlite_master", doing) == 0) return true;
  bool journal = false;
  try {  // another program's `meta` table may lack our columns
    journal = query_text(db, path, "SELECT value FROM meta WHERE key='format'", doing) == kFormat;
  } catch (const core::Error&) {
  }
  if (!journal) {
    fail(path,
         "an SQLite database but not a Pacecast journal; pass another journal path or "
         "move this file away");
  }
  std::int64_t version =
      query_int(db, path, "SELECT value FROM meta WHERE key='schema_version'", doing);
  if (version > kJournalSchemaVersion) {
    fail(path, "written by a newer Pacecast (journal schema " + std::to_string(version) +
                   ", this engine reads up to " + std::to_string(kJournalSchemaVersion) +
                   "); use a newer Pacecast or start a new journal");
  }
  if (version < 1) fail(path, "journal schema version missing; move this file away");
  return false;
}

// WAL: a reader (an sqlite3 shell, `pacecast results --journal`) never blocks the writer.
// synchronous=NORMAL: a commit is written to the WAL file without fsync; the WAL is synced
// at checkpoints. A process crash or SIGKILL loses nothing that was committed (the data is
// in the OS page cache and SQLite recovers the WAL on the next open). A power loss may roll
// back the last transactions, but never leaves a torn one, and the cursor is committed with
// its events, so the feed re-sends exactly what is missing. FULL would fsync every batch.
void set_modes(sqlite3* db, const std::filesystem::path& path) {
  std::string mode =
      query_text(db, path, "PRAGMA journal_mode=WAL", "switching to write-ahead logging");
  if (mode != "wal") {
    fail(path, "the file system does not support write-ahead logging (journal mode '" + mode +
                   "'); put the journal on a local disk");
  }
  exec(db, path, "PRAGMA synchronous=NORMAL", "setting synchronous=NORMAL");
}

}  // namespace

namespace {

std::string new_journal_id() {
  std::random_device rd;
  const std::uint64_t v = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// The journal's id, given to it now when the file has none (a journal from before ids).
std::string ensure_id(sqlite3* db, const std::filesystem::path& path, bool read_only) {
  const char* doing = "reading the journal id";
  std::string id = query_text(db, path, "SELECT value FROM meta WHERE key='journal_id'", doing);
  if (!id.empty() || read_only) return id;
  id = new_journal_id();
  const std::string sql = "INSERT OR REPLACE INTO meta(key, value) VALUES ('journal_id', '" + id +
                          "')";  // 16 hex digits: nothing to escape
  exec(db, path, sql.c_str(), "storing the journal id");
  return id;
}

}  // namespace

std::unique_ptr<Journal> Journal::open(const std::filesystem::path& path) {
  auto impl = std::make_unique<Impl>();
  impl->lock = lock_file(path);

  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  impl->db.reset(raw);
  if (rc != SQLITE_OK) fail_sqlite(path, raw, rc, "opening");
  sqlite3* db = raw;
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 2000);  // an sqlite3 shell reading the file while we commit

  bool fresh = check_identity(db, path);
  set_modes(db, path);
  if (fresh) {
    exec(db, path, "BEGIN IMMEDIATE", "creating the journal");
    exec(db, path, kSchema, "creating the journal");
    exec(db, path, "COMMIT", "creating the journal");
  }

  impl->begin = prepare(db, path, "BEGIN IMMEDIATE", "preparing statements");
  impl->commit = prepare(db, path, "COMMIT", "preparing statements");
  impl->rollback = prepare(db, path, "ROLLBACK", "preparing statements");
  impl->insert = prepare(db, path, kInsertSql, "preparing statements");
  impl->set_cursor = prepare(db, path, kCursorSql, "preparing statements");

  std::unique_ptr<Journal> journal(new Journal(path, std::move(impl)));
  journal->load_state(false);
  return journal;
}

std::unique_ptr<Journal> Journal::open_read_only(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    fail(path, "no such file; give the journal an ingest or engine wrote (--journal FILE)");
  }
  auto impl = std::make_unique<Impl>();
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  impl->db.reset(raw);
  if (rc != SQLITE_OK) fail_sqlite(path, raw, rc, "opening for reading");
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 2000);
  if (check_identity(raw, path)) {
    fail(path, "an empty file, not a Pacecast journal; give the journal an ingest wrote");
  }
  std::unique_ptr<Journal> journal(new Journal(path, std::move(impl)));
  journal->read_only_ = true;
  journal->load_state(true);
  return journal;
}

void Journal::load_state(bool read_only) {
  sqlite3* db = impl_->db.get();
  const char* doing = "reading the cursor";
  cursor_.epoch = query_text(db, path_, "SELECT value FROM meta WHERE key='cursor_epoch'", doing);
  cursor_.seq = query_int(db, path_, "SELECT value FROM meta WHERE key='cursor_seq'", doing);
  size_ = query_int(db, path_, "SELECT count(*) FROM events", "counting events");
  id_ = ensure_id(db, path_, read_only);
}

Journal::Journal(std::filesystem::path path, std::unique_ptr<Impl> impl)
    : path_(std::move(path)), impl_(std::move(impl)) {}

Journal::~Journal() = default;

namespace {

void check_bind(int rc, sqlite3* db, const std::filesystem::path& path) {
  if (rc != SQLITE_OK) fail_sqlite(path, db, rc, "storing an event");
}

void bind_text(sqlite3_stmt* stmt, int i, std::string_view s, sqlite3* db,
               const std::filesystem::path& path) {
  check_bind(sqlite3_bind_text(stmt, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC), db,
             path);
}

// Binds one event to the insert statement. `json` must outlive the step.
void bind_event(sqlite3_stmt* st, const race::Event& event, std::string& json, sqlite3* db,
                const std::filesystem::path& path) {
  const race::Origin& o = race::origin_of(event);
  bind_text(st, 1, kKindNames[event.index()], db, path);
  bind_text(st, 2, o.source, db, path);
  bind_text(st, 3, o.epoch, db, path);
  check_bind(sqlite3_bind_int64(st, 4, o.seq), db, path);
  if (const auto* p = std::get_if<race::Passing>(&event)) {
    bind_text(st, 5, p->mat, db, path);
    bind_text(st, 6, p->bib, db, path);
    bind_text(st, 7, p->chip, db, path);
    check_bind(sqlite3_bind_int64(st, 8, p->time.time_since_epoch().count()), db, path);
    check_bind(sqlite3_bind_int(st, 9, p->hits), db, path);
    check_bind(sqlite3_bind_int(st, 10, p->rssi), db, path);
    check_bind(sqlite3_bind_int(st, 11, static_cast<int>(p->flags)), db, path);
    check_bind(sqlite3_bind_null(st, 12), db, path);
    return;
  }
  for (int i = 5; i <= 11; ++i) check_bind(sqlite3_bind_null(st, i), db, path);
  if (o.seq >= 1) {
    json = encode(event);
  } else {
    // The protocol requires seq >= 1; a local event (seq 0) is encoded with seq 1 and gets
    // its seq back from the seq column on replay.
    race::Event copy = event;
    race::origin_of(copy).seq = 1;
    json = encode(copy);
  }
  bind_text(st, 12, json, db, path);
}

}  // namespace

std::int64_t Journal::append(const std::vector<race::Event>& events, const Cursor& cursor) {
  if (read_only_) fail(path_, "opened read-only; nothing can be appended");
  Impl& m = *impl_;
  sqlite3* db = m.db.get();
  m.run(path_, m.begin.get(), "starting a transaction");
  std::int64_t stored = 0;
  try {
    std::string json;
    for (const race::Event& event : events) {
      bind_event(m.insert.get(), event, json, db, path_);
      m.run(path_, m.insert.get(), "storing an event");
      stored += sqlite3_changes(db);
    }
    bind_text(m.set_cursor.get(), 1, cursor.epoch, db, path_);
    check_bind(sqlite3_bind_int64(m.set_cursor.get(), 2, cursor.seq), db, path_);
    m.run(path_, m.set_cursor.get(), "storing the cursor");
    m.run(path_, m.commit.get(), "committing");
  } catch (...) {
    if (sqlite3_get_autocommit(db) == 0) {
      sqlite3_step(m.rollback.get());
      sqlite3_reset(m.rollback.get());
    }
    throw;
  }
  size_ += stored;
  cursor_ = cursor;
  return stored;
}

namespace {

race::Passing read_passing(sqlite3_stmt* st) {
  race::Passing p;
  p.origin = race::Origin{column_text(st, 1), column_text(st, 2), sqlite3_column_int64(st, 3)};
  p.mat = column_text(st, 4);
  p.bib = column_text(st, 5);
  p.chip = column_text(st, 6);
  p.time = core::UtcMs(core::Ms(sqlite3_column_int64(st, 7)));
  p.hits = sqlite3_column_int(st, 8);
  p.rssi = sqlite3_column_int(st, 9);
  p.flags = static_cast<race::PassingFlag>(sqlite3_column_int(st, 10));
  return p;
}

// Decodes a stored protocol message back into its event.
race::Event read_message(sqlite3_stmt* st, const std::filesystem::path& path) {
  std::string epoch = column_text(st, 2);
  Decoded d = decode(column_text(st, 11), epoch);
  if (d.messages.size() != 1 || !std::holds_alternative<race::Event>(d.messages[0])) {
    std::string why = d.errors.empty() ? "not one event" : d.errors[0].message;
    fail(path, "event id " + std::to_string(sqlite3_column_int64(st, 12)) + " (" +
                   column_text(st, 0) + ") cannot be read back: " + why +
                   "; the file is damaged: move it away and start a new journal");
  }
  race::Event event = std::get<race::Event>(std::move(d.messages[0]));
  race::origin_of(event).seq = sqlite3_column_int64(st, 3);
  return event;
}

}  // namespace

void Journal::replay(const std::function<void(const race::Event&)>& fn,
                     const std::function<void(std::int64_t, std::int64_t)>& progress) const {
  sqlite3* db = impl_->db.get();
  StmtPtr stmt = prepare(db, path_, kReplaySql, "replaying");
  sqlite3_stmt* st = stmt.get();
  std::int64_t done = 0;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const auto* kind = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    if (kind != nullptr && std::strcmp(kind, kKindNames[0]) == 0) {
      fn(race::Event(read_passing(st)));
    } else {
      fn(read_message(st, path_));
    }
    ++done;
    if (progress && done % kProgressEvery == 0) progress(done, std::max(done, size_));
  }
  if (rc != SQLITE_DONE) fail_sqlite(path_, db, rc, "replaying");
  if (progress) progress(done, done);
}

}  // namespace feed
