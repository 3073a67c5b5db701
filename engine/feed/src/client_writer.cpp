// feed::Client's writer thread: journals each batch the feed thread hands over, with its
// cursor, in one transaction, and only then puts its events on the engine's queue. Running
// SQLite here lets the feed thread decode the next frames meanwhile (two cores instead of one).
#include <chrono>
#include <mutex>
#include <thread>

#include "client_impl.h"
#include "core/error.h"
#include "core/log.h"
#include "core/thread.h"

namespace feed {

namespace {
constexpr std::chrono::milliseconds kQueueRetry{2};
}

void Client::Impl::run_writer() {
  core::name_this_thread("journal");
  while (true) {
    WriteJob job;
    {
      std::unique_lock<std::mutex> lock(write_mutex);
      write_wake.wait(lock, [&] { return writer_stop || (!write_jobs.empty() && !write_failed); });
      if (write_jobs.empty() || write_failed) {
        if (writer_stop) return;
        continue;
      }
      job = std::move(write_jobs.front());
      write_jobs.pop_front();
    }
    if (job.local) {
      write_local(job);
    } else {
      write_job(job.events, job.cursor);
    }
  }
}

// Injected events go into the journal under its own cursor. If the append fails they wait
// at the head of the jobs, and the failure is handled as a feed batch's (nothing later is
// journaled until the feed thread has taken it); then they are tried again.
void Client::Impl::write_local(WriteJob& job) {
  try {
    journal.append(job.events, journal.cursor());
  } catch (const core::Error& e) {
    {
      std::lock_guard<std::mutex> lock(status_mutex);
      ++status.journal_errors;
    }
    core::log::error(std::string("feed: operator events not journaled yet, will retry: ") +
                     e.what());
    {
      std::lock_guard<std::mutex> lock(write_mutex);
      write_failed = true;
      failed_cursor = journal.cursor();
      write_jobs.push_front(std::move(job));
    }
    if (context) lws_cancel_service(context);
    return;
  }
  queue_events(job.events);
}

void Client::inject(std::vector<race::Event> events) {
  if (events.empty()) return;
  {
    std::lock_guard<std::mutex> lock(impl_->write_mutex);
    impl_->write_jobs.push_back(Impl::WriteJob{std::move(events), {}, true});
  }
  impl_->write_wake.notify_one();
}

void Client::Impl::write_job(std::vector<race::Event>& events, const Cursor& job_cursor) {
  try {
    journal.append(events, job_cursor);
  } catch (const core::Error& e) {
    {
      std::lock_guard<std::mutex> lock(status_mutex);
      ++status.journal_errors;
    }
    core::log::error(std::string("feed: ") + e.what());
    {
      std::lock_guard<std::mutex> lock(write_mutex);
      write_failed = true;
      failed_cursor = journal.cursor();
      unwritten.push_back(std::move(events));
    }
    if (context) lws_cancel_service(context);  // the feed thread takes the failure
    return;
  }
  {
    std::lock_guard<std::mutex> lock(status_mutex);
    status.events_accepted += events.size();
    status.epoch = job_cursor.epoch;
    status.last_seq = job_cursor.seq;
    status.pending = events.size();
  }
  queue_events(events);
}

// Puts journaled events on the queue in order. This thread is the queue's only producer; a
// full queue is retried every few ms (the feed thread meanwhile stops reading once the
// writer falls behind). When the client stops, what is not queued yet stays in the journal,
// which the engine replays.
void Client::Impl::queue_events(std::vector<race::Event>& events) {
  bool overflowed = false;
  std::size_t next = 0;
  while (next < events.size()) {
    if (queue.closed() || stopping.load()) break;
    // Only this thread pushes, so a queue with room accepts; a refused push would lose the item.
    if (queue.size() < queue.capacity() && queue.try_push(std::move(events[next]))) {
      ++next;
      continue;
    }
    if (!overflowed) {
      overflowed = true;
      std::lock_guard<std::mutex> lock(status_mutex);
      ++status.queue_overflows;
    }
    {
      std::lock_guard<std::mutex> lock(status_mutex);
      status.pending = events.size() - next;
    }
    std::this_thread::sleep_for(kQueueRetry);
  }
  std::lock_guard<std::mutex> lock(status_mutex);
  status.pending = events.size() - next;
}

}  // namespace feed
