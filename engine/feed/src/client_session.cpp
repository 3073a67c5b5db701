// feed::Client frame handling on the feed thread: decode, check against the cursor, journal
// a frame's accepted events in one transaction, then hand them to the engine's queue.
#include <chrono>
#include <mutex>

#include "client_impl.h"
#include "core/error.h"
#include "core/log.h"

namespace feed {

namespace {

constexpr std::chrono::milliseconds kDrainRetry{5};

}  // namespace

void Client::Impl::on_frame(const std::string& text) {
  last_rx = std::chrono::steady_clock::now();
  Decoded decoded = decode(text, conn_epoch);
  {
    std::lock_guard<std::mutex> lock(status_mutex);
    ++status.frames_received;
    status.messages_received += decoded.messages.size();
    status.last_message_time =
        core::utc_now();
  }
  for (const DecodeError& e : decoded.errors) reject(e.code, e.message);
  std::vector<race::Event> batch;
  for (Message& message : decoded.messages) {
    if (auto* event = std::get_if<race::Event>(&message)) {
      if (got_hello) {
        receive_event(std::move(*event), batch);
      } else {
        reject("unexpected_message", "an event before the feed's hello; ignored");
      }
    } else if (auto* heartbeat = std::get_if<Heartbeat>(&message)) {
      std::lock_guard<std::mutex> lock(status_mutex);
      status.server_last_seq = heartbeat->seq;
    } else if (auto* hello = std::get_if<Hello>(&message)) {
      if (!flush(batch)) return;
      on_hello(*hello);
    } else if (auto* resync = std::get_if<Resync>(&message)) {
      if (!flush(batch)) return;
      on_resync(*resync);
    } else {
      reject("unexpected_message", "a subscribe message from the feed; ignored");
    }
    if (!wsi) return;  // the connection was dropped while handling this message
  }
  flush(batch);
}

void Client::Impl::on_hello(const Hello& hello) {
  if (got_hello) {
    reject("unexpected_message", "a second hello on one connection; ignored");
    return;
  }
  if (hello.protocol != kProtocolVersion) {
    reject("bad_protocol", "the feed speaks protocol " + std::to_string(hello.protocol) +
                               ", this client " + std::to_string(kProtocolVersion));
    drop_connection("the feed speaks protocol version " + std::to_string(hello.protocol) +
                    ", not " + std::to_string(kProtocolVersion) + "; upgrade one side");
    return;
  }
  got_hello = true;
  conn_epoch = hello.epoch;
  next_backoff = options.backoff_initial;
  {
    std::lock_guard<std::mutex> lock(status_mutex);
    status.state = ClientState::connected;
    ++status.hellos;
    status.feed = hello.feed;
    status.server_last_seq = hello.last_seq;
    status.last_error.clear();
  }
  core::log::info("feed: " + options.url + ": connected to feed '" + hello.feed + "' epoch '" +
                  hello.epoch + "' (last seq " + std::to_string(hello.last_seq) +
                  "); subscribing from seq " + std::to_string(cursor.seq) +
                  (cursor.epoch.empty() ? std::string() : " of epoch '" + cursor.epoch + "'"));
  if (!held.empty()) hole_since = std::chrono::steady_clock::now();  // the catch-up may fill it
  send_text(encode(Subscribe{cursor.epoch, cursor.seq}));
}

void Client::Impl::on_resync(const Resync& resync) {
  {
    std::lock_guard<std::mutex> lock(status_mutex);
    ++status.resyncs;
  }
  if (cursor.epoch.empty() && cursor.seq == 0) {
    core::log::info("feed: " + options.url + ": new journal; starting after seq " +
                    std::to_string(resync.since) + " of epoch '" + resync.epoch + "'");
  } else {
    core::log::warn("feed: " + options.url + ": the feed cannot serve epoch '" + cursor.epoch +
                    "' after seq " + std::to_string(cursor.seq) + " (" + resync.reason +
                    "); continuing from seq " + std::to_string(resync.since) + " of epoch '" +
                    resync.epoch + "'");
  }
  conn_epoch = resync.epoch;
  std::vector<race::Event> batch;
  if (resync.epoch != cursor.epoch) {
    held.clear();  // seqs of the old epoch mean nothing in the new one
    cursor = Cursor{resync.epoch, resync.since};
  } else if (resync.since > cursor.seq) {
    {
      std::lock_guard<std::mutex> lock(status_mutex);
      ++status.gaps;
      status.missing += static_cast<std::uint64_t>(resync.since - cursor.seq);
    }
    cursor.seq = resync.since;
    release_held(batch);
  }
  flush(batch);  // journals the new cursor (and what it released)
}

// Hands `batch` (possibly empty) with the current cursor to the writer thread, which
// journals it and then queues its events. Returns false when an earlier batch could not be
// journaled: the cursor went back to the journal's and the connection was dropped, so the
// reconnect fetches everything after it again.
bool Client::Impl::flush(std::vector<race::Event>& batch) {
  if (take_write_failure()) {
    batch.clear();
    return false;
  }
  if (batch.empty() && handed.epoch == cursor.epoch && handed.seq == cursor.seq) return true;
  std::size_t jobs = 0;
  {
    std::lock_guard<std::mutex> lock(write_mutex);
    write_jobs.push_back(WriteJob{std::move(batch), cursor});
    jobs = write_jobs.size();
  }
  write_wake.notify_one();
  batch.clear();
  handed = cursor;
  {
    std::lock_guard<std::mutex> lock(status_mutex);
    status.held = held.size();
  }
  if (jobs >= kMaxWriteJobs) check_writer_room();
  return true;
}

// While the writer is kMaxWriteJobs batches behind (a slow disk, or the engine's queue full),
// the socket is not read: the feed sees TCP back-pressure and nothing is dropped.
void Client::Impl::check_writer_room() {
  std::size_t jobs = 0;
  {
    std::lock_guard<std::mutex> lock(write_mutex);
    jobs = write_jobs.size();
  }
  if (take_write_failure()) return;
  if (jobs < kMaxWriteJobs) {
    set_rx_paused(false);
    return;
  }
  set_rx_paused(true);
  lws_sul_schedule(
      context, 0, &drain_timer.sul,
      [](lws_sorted_usec_list_t* sul) {
        reinterpret_cast<Timer*>(sul)->owner->check_writer_room();
      },
      kDrainRetry.count() * 1000);
}

// After a failed append: the cursor goes back to the journal's, what was not journaled is
// forgotten (content keys) and the connection is dropped to fetch it again. True if so.
bool Client::Impl::take_write_failure() {
  std::vector<std::vector<race::Event>> lost;
  Cursor back;
  {
    std::lock_guard<std::mutex> lock(write_mutex);
    if (!write_failed) return false;
    std::deque<WriteJob> kept;  // injected events: nothing would fetch them again
    for (auto& job : write_jobs) {
      if (job.local) {
        kept.push_back(std::move(job));
      } else {
        unwritten.push_back(std::move(job.events));
      }
    }
    write_jobs.swap(kept);
    lost.swap(unwritten);
    back = failed_cursor;
    write_failed = false;
  }
  write_wake.notify_one();
  for (const auto& events : lost) forget_content_keys(events);
  cursor = back;
  handed = back;
  held.clear();
  set_rx_paused(false);
  drop_connection("cannot write the journal; reconnecting to fetch the events again");
  return true;
}

void Client::Impl::reject(const std::string& code, const std::string& message) {
  {
    std::lock_guard<std::mutex> lock(status_mutex);
    ++status.rejected[code];
  }
  RejectLog& log = reject_logs[code];
  ++log.unlogged;
  const auto now = std::chrono::steady_clock::now();
  if (log.logged_once && now - log.last_logged < options.reject_log_interval) return;
  core::log::warn(
      "feed: " + options.url + ": rejected " + std::to_string(log.unlogged) + " message(s) for " +
      code +
      (log.logged_once
           ? " in the last " + std::to_string(options.reject_log_interval.count() / 1000) + " s"
           : std::string()) +
      ", latest: " + message + "; the feed's sender should fix these");
  log.logged_once = true;
  log.last_logged = now;
  log.unlogged = 0;
}

}  // namespace feed
