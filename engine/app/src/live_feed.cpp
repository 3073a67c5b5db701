#include "live_feed.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

#include "core/bounded_queue.h"
#include "core/error.h"
#include "core/log.h"
#include "core/thread.h"
#include "feed/journal.h"
#include "feed/validate.h"
#include "feed_queue.h"
#include "race/model.h"

namespace app {
namespace {

// A snapshot at most this often: a 17,000-runner model publishes in about a millisecond,
// and a frame at 50 fps lasts 20 ms.
constexpr auto kLivePublishEvery = std::chrono::milliseconds(5);
constexpr auto kPoll = std::chrono::milliseconds(5);

struct Arrived {
  LiveFeed::Clock::time_point at;
  race::Event event;
};

}  // namespace

struct LiveFeed::Impl {
  LiveFeedOptions options;
  std::unique_ptr<feed::Journal> journal;
  EventQueue queue{kFeedQueueCapacity};
  std::shared_ptr<feed::EventCheck> check;
  std::unique_ptr<feed::Client> client;
  race::RaceModel model;  // engine thread only (after the journal's replay)
  std::atomic<std::uint64_t> applied{0};
  std::atomic<double> delay_s{0};
  std::atomic<bool> stop{false};
  std::thread engine;

  std::mutex mutex;  // guards what latest() reads
  race::SnapshotPtr snapshot;
  std::vector<Clock::time_point> unseen;  // arrivals in `snapshot` not handed out yet

  Impl(const bundle::Bundle& b, const LiveFeedOptions& o)
      : options(o), model(b.config, b.participants), delay_s(o.delay_s) {}

  void engine_loop() {
    core::name_this_thread("engine");
    std::deque<Arrived> held;  // waiting for the data delay
    std::vector<race::Event> batch;
    std::vector<Clock::time_point> fresh;
    auto last_publish = Clock::now() - kLivePublishEvery;
    while (!stop) {
      batch.clear();
      // Applied events wait only for the publish rate limit, not a whole poll.
      auto wait = std::chrono::duration_cast<Clock::duration>(kPoll);
      if (!fresh.empty()) {
        wait = std::clamp<Clock::duration>(last_publish + kLivePublishEvery - Clock::now(),
                                           Clock::duration::zero(), wait);
      }
      if (auto first = queue.pop_for(wait)) {
        batch.push_back(std::move(*first));
        queue.drain(batch, kFeedDrainMax - 1);
        const auto now = Clock::now();
        for (auto& e : batch) held.push_back({now, std::move(e)});
      }
      const auto now = Clock::now();
      const auto delay = std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(delay_s.load()));
      while (!held.empty() && held.front().at + delay <= now) {
        model.apply(held.front().event);
        fresh.push_back(held.front().at);
        held.pop_front();
        ++applied;
      }
      if (fresh.empty() || now - last_publish < kLivePublishEvery) continue;
      race::SnapshotPtr next = model.publish();
      last_publish = now;
      std::lock_guard<std::mutex> lock(mutex);
      snapshot = std::move(next);
      unseen.insert(unseen.end(), fresh.begin(), fresh.end());
      fresh.clear();
    }
  }
};

LiveFeed::LiveFeed(const bundle::Bundle& b, const LiveFeedOptions& o)
    : impl_(std::make_unique<Impl>(b, o)) {
  Impl& d = *impl_;
  if (o.journal.empty()) {
    throw core::Error(o.option +
                      " needs --journal FILE: every accepted event is written there first, and "
                      "a restart resumes from it (e.g. --journal race.journal)");
  }
  d.journal = feed::Journal::open(o.journal);
  const auto start = Clock::now();
  d.journal->replay([&](const race::Event& e) { d.model.apply(e); },
                    [&](std::int64_t done, std::int64_t total) {
                      if (total > feed::Journal::kProgressEvery)
                        std::fprintf(stderr, "run: replaying journal: %lld/%lld\n",
                                     static_cast<long long>(done), static_cast<long long>(total));
                    });
  d.snapshot = d.model.publish();
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f",
                std::chrono::duration<double>(Clock::now() - start).count());
  core::log::info("journal " + o.journal.string() + ": " + std::to_string(d.journal->size()) +
                  " event(s) replayed in " + seconds + " s");
  feed::ClientOptions c;
  c.url = o.url;
  c.ca_file = o.ca_file;
  c.insecure = o.insecure;
  c.heartbeat_timeout = core::Ms(o.heartbeat_timeout_ms);
  d.check = std::make_shared<feed::EventCheck>(feed::make_event_check(*b.config));
  c.check = [check = d.check](const race::Event& e) { return (*check)(e); };
  try {
    d.client = std::make_unique<feed::Client>(c, *d.journal, d.queue);
  } catch (const core::Error& e) {
    throw core::Error(o.option + " " + o.url + ": " + e.what());
  }
  d.engine = std::thread([&d] { d.engine_loop(); });
  d.client->start();
  core::log::info("feed: subscribing to " + o.url + " from seq " +
                  std::to_string(d.journal->cursor().seq));
}

LiveFeed::~LiveFeed() {
  Impl& d = *impl_;
  if (d.client) d.client->stop();
  d.stop = true;
  if (d.engine.joinable()) d.engine.join();
}

race::SnapshotPtr LiveFeed::latest(std::vector<Clock::time_point>* arrivals) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (arrivals) arrivals->insert(arrivals->end(), impl_->unseen.begin(), impl_->unseen.end());
  impl_->unseen.clear();
  return impl_->snapshot;
}

void LiveFeed::set_delay(double seconds) {
  impl_->delay_s = seconds;
}

void LiveFeed::submit(race::Event event) {
  std::vector<race::Event> events;
  events.push_back(std::move(event));
  impl_->client->inject(std::move(events));
}

feed::ClientStatus LiveFeed::status() const {
  return impl_->client->status();
}
std::uint64_t LiveFeed::applied() const {
  return impl_->applied;
}

}  // namespace app
