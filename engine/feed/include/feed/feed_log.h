// FeedLog: the append-only list of protocol messages one feed serves (feed id, epoch, and
// every race event as encoded JSON text with its seq 1, 2, 3...). A producer thread appends;
// the server thread reads batches after a client's cursor. Owned by whoever runs the feed
// (the simulator, later the relay); it must outlive every Server serving it.
// Thread-safety: Safe. Any thread may append and read; wake callbacks run on the appending
// thread, outside the lock.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "race/event.h"

namespace feed {

class FeedLog {
 public:
  FeedLog(std::string feed, std::string epoch);
  FeedLog(const FeedLog&) = delete;
  FeedLog& operator=(const FeedLog&) = delete;

  const std::string& feed() const { return feed_; }
  const std::string& epoch() const { return epoch_; }

  // Assigns the next seq, sets the event's Origin epoch and seq to the log's (the source is
  // kept; an empty one becomes "feed"), stores the encoded text and wakes the listeners.
  // Returns the seq given.
  std::int64_t append(race::Event event);
  // The same for several events under one lock and one wake-up. Returns the last seq given.
  std::int64_t append(std::vector<race::Event> events);

  // The latest seq (0 while empty).
  std::int64_t last_seq() const;
  // The first seq still held: 1, or later once forget_before() dropped the start; when the
  // log is empty, last_seq() + 1.
  std::int64_t first_seq() const;

  // One stored message.
  struct Entry {
    std::int64_t seq = 0;
    std::string text;  // one JSON object, no newline
  };
  // Copies the messages with seq > `after` in order: at most `max_count`, and no more than
  // fit in a batch frame of `max_bytes` (their text plus one byte each and one more for the
  // array's brackets and commas), but always at least one when there is one. Returns nothing
  // when `after` >= last_seq(); starts at first_seq() when `after` lies before it.
  std::vector<Entry> read_after(std::int64_t after, std::size_t max_count,
                                std::size_t max_bytes) const;

  // Drops the messages with seq < `seq` (bounded memory for a long-running relay; tests use
  // it to make a cursor unservable). Seqs are never reused.
  void forget_before(std::int64_t seq);

  // Registers `wake`, called after every append (from the appending thread, without the
  // log's lock held); it must be cheap and must not call back into append. Returns an id
  // for remove_listener().
  int add_listener(std::function<void()> wake);
  void remove_listener(int id);

 private:
  void wake_all();

  const std::string feed_;
  const std::string epoch_;

  mutable std::mutex mutex_;
  // --- the following fields are protected by mutex_
  std::vector<std::string> texts_;  // texts_[i] has seq i + 1; forgotten ones are emptied
  std::int64_t first_seq_ = 1;      // the first seq not forgotten

  mutable std::mutex listeners_mutex_;
  // --- the following fields are protected by listeners_mutex_
  std::vector<std::pair<int, std::function<void()>>> listeners_;
  int next_listener_id_ = 1;
};

}  // namespace feed
