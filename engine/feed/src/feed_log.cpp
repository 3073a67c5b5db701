#include "feed/feed_log.h"

#include <algorithm>
#include <utility>

#include "feed/codec.h"

namespace feed {

FeedLog::FeedLog(std::string feed, std::string epoch)
    : feed_(std::move(feed)), epoch_(std::move(epoch)) {}

namespace {

// Gives the event the log's epoch and `seq`, and a source when it has none.
void stamp(race::Event& event, const std::string& epoch, std::int64_t seq) {
  std::visit(
      [&](auto& e) {
        e.origin.epoch = epoch;
        e.origin.seq = seq;
        if (e.origin.source.empty()) e.origin.source = "feed";
      },
      event);
}

}  // namespace

std::int64_t FeedLog::append(race::Event event) {
  std::int64_t seq = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    seq = static_cast<std::int64_t>(texts_.size()) + 1;
    stamp(event, epoch_, seq);
    texts_.push_back(encode(event));
  }
  wake_all();
  return seq;
}

std::int64_t FeedLog::append(std::vector<race::Event> events) {
  std::int64_t seq = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    texts_.reserve(texts_.size() + events.size());
    for (auto& event : events) {
      seq = static_cast<std::int64_t>(texts_.size()) + 1;
      stamp(event, epoch_, seq);
      texts_.push_back(encode(event));
    }
    if (events.empty()) seq = static_cast<std::int64_t>(texts_.size());
  }
  if (!events.empty()) wake_all();
  return seq;
}

std::int64_t FeedLog::last_seq() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<std::int64_t>(texts_.size());
}

std::int64_t FeedLog::first_seq() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return first_seq_;
}

std::vector<FeedLog::Entry> FeedLog::read_after(std::int64_t after, std::size_t max_count,
                                                std::size_t max_bytes) const {
  std::vector<Entry> out;
  std::lock_guard<std::mutex> lock(mutex_);
  const auto last = static_cast<std::int64_t>(texts_.size());
  std::int64_t seq = std::max(after + 1, first_seq_);
  std::size_t bytes = 1;  // a batch's brackets and commas: one byte per message, plus one
  for (; seq <= last && out.size() < max_count; ++seq) {
    const std::string& text = texts_[static_cast<std::size_t>(seq - 1)];
    if (!out.empty() && bytes + text.size() + 1 > max_bytes) break;
    bytes += text.size() + 1;
    out.push_back(Entry{seq, text});
  }
  return out;
}

void FeedLog::forget_before(std::int64_t seq) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto last = static_cast<std::int64_t>(texts_.size());
  seq = std::min(seq, last + 1);
  for (std::int64_t s = first_seq_; s < seq; ++s) {
    std::string().swap(texts_[static_cast<std::size_t>(s - 1)]);
  }
  first_seq_ = std::max(first_seq_, seq);
}

int FeedLog::add_listener(std::function<void()> wake) {
  std::lock_guard<std::mutex> lock(listeners_mutex_);
  const int id = next_listener_id_++;
  listeners_.emplace_back(id, std::move(wake));
  return id;
}

void FeedLog::remove_listener(int id) {
  std::lock_guard<std::mutex> lock(listeners_mutex_);
  std::erase_if(listeners_, [id](const auto& l) { return l.first == id; });
}

void FeedLog::wake_all() {
  std::lock_guard<std::mutex> lock(listeners_mutex_);
  for (const auto& [id, wake] : listeners_) wake();
}

}  // namespace feed
