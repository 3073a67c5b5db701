// The feed journal: an SQLite file (WAL) holding every accepted feed event in arrival order
// and the upstream feed's cursor, written before the event is applied (docs/journal.md).
// Thread-safety: none. One thread owns a Journal; one process owns the file (locked).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "race/event.h"

namespace feed {

// Where the upstream feed stands: its epoch and the last seq received and journaled.
struct Cursor {
  std::string epoch;
  std::int64_t seq = 0;
};

inline constexpr int kJournalSchemaVersion = 1;

class Journal {
 public:
  // Opens the journal at `path`, creating the file and schema if missing. Throws core::Error
  // ("journal FILE: ...; what to do") for a file that is not a Pacecast journal, a newer
  // schema, a file another process holds, or an SQLite failure.
  static std::unique_ptr<Journal> open(const std::filesystem::path& path);
  // Opens an existing journal for reading only (replay, cursor, size), also while another
  // process appends to it; append() throws. Throws core::Error for a missing file or one
  // that is not a Pacecast journal.
  static std::unique_ptr<Journal> open_read_only(const std::filesystem::path& path);

  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Stores `events` and sets the cursor to `cursor` in one transaction: after a crash either
  // all of them and the new cursor are in the file, or none and the old cursor. An event
  // whose (source, epoch, seq) with seq > 0 is already stored is skipped. Returns the number
  // of events stored. Throws core::Error on a write failure (nothing of the batch is kept).
  std::int64_t append(const std::vector<race::Event>& events, const Cursor& cursor);

  // The cursor stored with the last committed append (empty epoch, seq 0 for a new journal).
  Cursor cursor() const { return cursor_; }
  // Events stored.
  std::int64_t size() const { return size_; }
  const std::filesystem::path& path() const { return path_; }
  // A random id given to the file when it was created (16 hex digits); it names what the
  // journal holds, e.g. as the epoch of a relay that re-serves it.
  const std::string& id() const { return id_; }
  bool read_only() const { return read_only_; }

  // Calls `fn` for every stored event in insertion order. `progress(done, total)` is called
  // every few thousand events and once at the end (done == total), so a caller can show
  // progress for a long replay. Throws core::Error for a row that cannot be read back.
  void replay(
      const std::function<void(const race::Event&)>& fn,
      const std::function<void(std::int64_t done, std::int64_t total)>& progress = {}) const;

  // Events between progress calls in replay().
  static constexpr std::int64_t kProgressEvery = 16384;

 private:
  struct Impl;
  Journal(std::filesystem::path path, std::unique_ptr<Impl> impl);
  void load_state(bool read_only);

  std::filesystem::path path_;
  std::unique_ptr<Impl> impl_;
  Cursor cursor_;
  std::int64_t size_ = 0;
  std::string id_;
  bool read_only_ = false;
};

}  // namespace feed
