#include "feed/relay.h"

#include <algorithm>
#include <utility>

namespace feed {

namespace {

// What FeedLog serves as the source of an event that has none.
constexpr const char* kDefaultSource = "feed";

// The map key of an upstream (source, epoch): length-prefixed, so no character of either
// string can make two pairs collide.
std::string origin_key(const std::string& source, const std::string& epoch) {
  std::string key = std::to_string(source.size());
  key += ':';
  key += source;
  key += epoch;
  return key;
}

}  // namespace

std::string Relay::epoch_for(const Journal& journal) {
  return "relay-" + journal.id();
}

Relay::Relay(std::string feed, std::string epoch, ServerOptions options)
    : log_(std::move(feed), std::move(epoch)), server_(log_, std::move(options)) {}

Relay::~Relay() {
  stop();
}

void Relay::start() {
  server_.start();
}

void Relay::stop() {
  server_.stop();
}

Relay::Origins& Relay::origins(const std::string& source, const std::string& epoch) {
  if (last_origin_ < origins_.size()) {
    Origins& last = origins_[last_origin_];
    if (last.source == source && last.epoch == epoch) return last;
  }
  const auto [it, added] = origin_index_.try_emplace(origin_key(source, epoch), origins_.size());
  if (added) origins_.push_back(Origins{source, epoch, {}});
  last_origin_ = it->second;
  return origins_[last_origin_];
}

void Relay::remember(const race::Passing& passing, std::int64_t relay_seq) {
  if (passing.origin.seq <= 0) return;  // a local event: no correction can name it
  auto& seqs = origins(passing.origin.source, passing.origin.epoch).seqs;
  const std::int64_t seq = passing.origin.seq;
  if (seqs.empty() || seqs.back().first < seq) {
    seqs.emplace_back(seq, relay_seq);
    ++mapped_;
    return;
  }
  const auto it =
      std::lower_bound(seqs.begin(), seqs.end(), seq,
                       [](const auto& entry, std::int64_t s) { return entry.first < s; });
  if (it != seqs.end() && it->first == seq) {
    it->second = relay_seq;  // the same upstream passing again: the latest copy counts
    return;
  }
  seqs.insert(it, {seq, relay_seq});
  ++mapped_;
}

void Relay::retarget(race::Correction& c) {
  if (c.at_mat) return;  // names a runner and a mat, not a passing
  const std::string& source = c.target_source.empty() ? c.origin.source : c.target_source;
  const std::string& epoch = c.target_epoch.empty() ? c.origin.epoch : c.target_epoch;
  const auto found = origin_index_.find(origin_key(source, epoch));
  if (found != origin_index_.end()) {
    const Origins& o = origins_[found->second];
    const auto it =
        std::lower_bound(o.seqs.begin(), o.seqs.end(), c.target_seq,
                         [](const auto& entry, std::int64_t s) { return entry.first < s; });
    if (it != o.seqs.end() && it->first == c.target_seq) {
      c.target_source = o.source.empty() ? kDefaultSource : o.source;
      c.target_epoch = log_.epoch();
      c.target_seq = it->second;
      return;
    }
  }
  // Unknown target: keep naming the upstream passing, explicitly, because the relay gives the
  // correction its own epoch (and a source when it has none).
  std::string target_source = source.empty() ? kDefaultSource : source;
  std::string target_epoch = epoch;
  c.target_source = std::move(target_source);
  c.target_epoch = std::move(target_epoch);
}

race::Event Relay::prepare(const race::Event& event, std::int64_t relay_seq) {
  race::Event out = event;
  if (const auto* p = std::get_if<race::Passing>(&event)) {
    remember(*p, relay_seq);
  } else if (auto* c = std::get_if<race::Correction>(&out)) {
    retarget(*c);
  }
  return out;
}

// forward() is called from one thread only, so the log's next seq is known before appending;
// a correction may then name a passing earlier in the same batch.
std::int64_t Relay::forward(const race::Event& event) {
  return log_.append(prepare(event, log_.last_seq() + 1));
}

std::int64_t Relay::forward(const std::vector<race::Event>& events) {
  if (events.empty()) return log_.last_seq();
  std::vector<race::Event> out;
  out.reserve(events.size());
  std::int64_t seq = log_.last_seq();
  for (const race::Event& e : events) out.push_back(prepare(e, ++seq));
  return log_.append(std::move(out));
}

}  // namespace feed
