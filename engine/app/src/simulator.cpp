#include "simulator.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>

#include "common.h"
#include "core/error.h"
#include "core/thread.h"
#include "feed/codec.h"

namespace app {
namespace {

// Events ordered by time; an untimed event keeps its place after the timed event before it.
// Seqs are renumbered 1, 2, 3... in this order, so corrections are pointed at the new seqs.
std::vector<std::pair<core::UtcMs, race::Event>> feed_order(const std::vector<race::Event>& in,
                                                            const std::string& epoch) {
  std::vector<std::pair<core::UtcMs, race::Event>> out;
  out.reserve(in.size());
  for (const auto& [t, i] : time_order(in)) out.emplace_back(t, in[i]);
  using Key = std::tuple<std::string, std::string, std::int64_t>;
  std::map<Key, std::int64_t> new_seq;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto seq = static_cast<std::int64_t>(i + 1);
    std::visit(
        [&](auto& x) {
          new_seq[{x.origin.source, x.origin.epoch, x.origin.seq}] = seq;
          if (x.origin.source.empty()) x.origin.source = "feed";
        },
        out[i].second);
    if (auto* c = std::get_if<race::Correction>(&out[i].second)) {
      const std::string source = c->target_source.empty() ? c->origin.source : c->target_source;
      const std::string old_epoch = c->target_epoch.empty() ? c->origin.epoch : c->target_epoch;
      const auto it = new_seq.find({source, old_epoch, c->target_seq});
      if (it != new_seq.end()) c->target_seq = it->second;
      c->target_source = source;
      c->target_epoch = epoch;
    }
  }
  return out;
}

// A stable epoch for a bundle: the same events give the same epoch, so a restarted
// simulator serves the same (epoch, seq) names and receivers resume from their cursors.
std::string content_epoch(const std::vector<race::Event>& events) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (const auto& e : events) {
    for (const unsigned char c : feed::encode(e)) h = (h ^ c) * 1099511628211ull;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "sim-%012llx",
                static_cast<unsigned long long>(h & 0xffffffffffffull));
  return buf;
}

std::int64_t steady_ns(std::chrono::steady_clock::time_point t = std::chrono::steady_clock::now()) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

// Pacer is FeedSimulator::Impl's. Not in the anonymous namespace: GCC rejects a class with
// linkage holding a file-local type when the file is part of a unity batch
// (-Wsubobject-linkage).
namespace simulator_impl {

// Appends the events to the log at race time × speed; `done` is set once all are in.
class Pacer {
 public:
  Pacer(feed::FeedLog& log, std::vector<std::pair<core::UtcMs, race::Event>> events,
        core::UtcMs from, double speed)
      : log_(log), events_(std::move(events)), from_(from), speed_(speed) {
    race_now_ms_ = from.time_since_epoch().count();
    thread_ = std::thread([this] { run(); });
  }
  ~Pacer() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  // Waits until everything before --from is in the log, so a subscriber gets it at once.
  void wait_primed() {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, [this] { return primed_ || stop_; });
  }
  bool done() const { return done_.load(); }
  core::UtcMs race_now() const { return core::UtcMs(core::Ms(race_now_ms_.load())); }
  // The race clock at this instant: --from until pacing starts, then from + wall × speed.
  core::UtcMs clock() const {
    const std::int64_t start = wall_start_ns_.load();
    if (start == 0 || speed_ <= 0) return race_now();
    const std::int64_t wall = steady_ns() - start;
    return from_ + core::Ms(static_cast<std::int64_t>(double(wall) / 1e6 * speed_));
  }

 private:
  void append_until(std::size_t& next, core::UtcMs until, std::size_t max_count) {
    std::vector<race::Event> batch;
    while (next < events_.size() && events_[next].first <= until && batch.size() < max_count)
      batch.push_back(std::move(events_[next++].second));
    if (!batch.empty()) log_.append(std::move(batch));
  }

  void run() {
    core::name_this_thread("simulator");
    std::size_t next = 0;
    append_until(next, from_, events_.size());  // everything before --from at once
    {
      std::lock_guard<std::mutex> lock(mutex_);
      primed_ = true;
    }
    wake_.notify_all();
    const auto wall_start = std::chrono::steady_clock::now();
    wall_start_ns_ = steady_ns(wall_start);
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_ && next < events_.size()) {
      core::UtcMs now = events_[next].first;
      core::UtcMs until = core::UtcMs::max();  // --speed 0: the next chunk, whatever its time
      if (speed_ > 0) {
        const auto wall = std::chrono::steady_clock::now() - wall_start;
        now = from_ + core::Ms(static_cast<std::int64_t>(
                          std::chrono::duration<double, std::milli>(wall).count() * speed_));
        until = now;
      }
      race_now_ms_ = now.time_since_epoch().count();
      lock.unlock();
      append_until(next, until, speed_ > 0 ? events_.size() : 10000);
      lock.lock();
      if (speed_ > 0 && next < events_.size()) {
        const double wait_ms = static_cast<double>((events_[next].first - now).count()) / speed_;
        wake_.wait_for(lock,
                       std::chrono::duration<double, std::milli>(std::clamp(wait_ms, 1.0, 100.0)));
      }
    }
    if (next >= events_.size() && !events_.empty())
      race_now_ms_ = std::max(race_now_ms_.load(), events_.back().first.time_since_epoch().count());
    done_ = next >= events_.size();
  }

  feed::FeedLog& log_;
  std::vector<std::pair<core::UtcMs, race::Event>> events_;
  const core::UtcMs from_;
  const double speed_;
  std::atomic<bool> done_{false};
  std::atomic<std::int64_t> race_now_ms_{0};
  std::atomic<std::int64_t> wall_start_ns_{0};  // steady clock when pacing began; 0 before
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;    // guarded by mutex_
  bool primed_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace simulator_impl

struct FeedSimulator::Impl {
  std::string epoch;
  std::size_t total = 0;
  std::string host;
  feed::FeedLog log;
  feed::Server server;
  std::unique_ptr<simulator_impl::Pacer> pacer;

  Impl(const std::string& name, const std::string& e, std::size_t n, const feed::ServerOptions& so)
      : epoch(e), total(n), host(so.host), log(name, e), server(log, so) {}
};

FeedSimulator::FeedSimulator(const bundle::Bundle& b, const SimOptions& o) {
  if (b.events.empty())
    throw core::Error(b.dir.string() + ": no events to serve (passings.jsonl is empty or missing)");
  const std::string epoch = o.epoch.empty() ? content_epoch(b.events) : o.epoch;
  auto events = feed_order(b.events, epoch);
  // Untimed events before the first timed one (entries, statuses) sort first, at time zero.
  core::UtcMs first_time = events.back().first;
  for (const auto& [t, e] : events) {
    if (event_time(e)) {
      first_time = t;
      break;
    }
  }
  const std::string name = b.dir.filename().string();
  feed::ServerOptions so;
  so.host = o.host;
  so.port = o.port;
  so.faults = o.faults;
  impl_ = std::make_unique<Impl>(name.empty() ? "sim" : name, epoch, events.size(), so);
  impl_->server.start();
  impl_->pacer = std::make_unique<simulator_impl::Pacer>(impl_->log, std::move(events),
                                                         o.from.value_or(first_time), o.speed);
  impl_->pacer->wait_primed();
}

FeedSimulator::~FeedSimulator() {
  impl_->pacer.reset();
  impl_->server.stop();
}

int FeedSimulator::port() const {
  return impl_->server.port();
}

std::string FeedSimulator::url() const {
  const std::string& h = impl_->host;
  const std::string host = h.empty() || h == "0.0.0.0" ? "127.0.0.1" : h;
  return "ws://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
         std::to_string(port());
}

const std::string& FeedSimulator::epoch() const {
  return impl_->epoch;
}
std::size_t FeedSimulator::total() const {
  return impl_->total;
}
bool FeedSimulator::done() const {
  return impl_->pacer->done();
}

bool FeedSimulator::delivered() const {
  if (!done()) return false;
  const auto s = impl_->server.stats();
  const auto all = static_cast<std::int64_t>(impl_->total);
  return s.max_sent_seq == all && s.subscribed == s.clients &&
         (s.subscribed == 0 || s.min_sent_seq == all);
}

core::UtcMs FeedSimulator::race_now() const {
  return impl_->pacer->race_now();
}
core::UtcMs FeedSimulator::clock() const {
  return impl_->pacer->clock();
}
const feed::Server& FeedSimulator::server() const {
  return impl_->server;
}
const feed::FeedLog& FeedSimulator::log() const {
  return impl_->log;
}

}  // namespace app
