// feed::Client on the feed thread: events put back into seq order, seqs given up when they
// never come, and duplicates dropped by seq and by content, before anything is journaled.
//
// The cursor (epoch, seq) means: every seq up to cursor.seq has been received (or given
// up) and its event journaled. An event above cursor.seq + 1 waits in `held` until the
// seqs below it arrive; the queue and the journal therefore see the feed in seq order,
// whatever order the network delivered it in, and a restart subscribes from the cursor
// and gets the held events again. Only passings are compared by content: a status or a
// correction may legitimately be sent twice with the same content.
#include <chrono>
#include <mutex>
#include <string_view>

#include "client_impl.h"
#include "core/log.h"

namespace feed {

namespace {

// Two independent 64-bit hashes of the fields: FNV-1a over their bytes with a separator, and
// the standard library's string hash of each field, mixed.
struct Hasher {
  std::uint64_t fnv = 1469598103934665603ull;
  std::uint64_t mix = 0x9e3779b97f4a7c15ull;
  void add(std::string_view s) {
    for (const unsigned char c : s) fnv = (fnv ^ c) * 1099511628211ull;
    fnv = (fnv ^ 0xffu) * 1099511628211ull;  // separator: ("ab","c") != ("a","bc")
    mix ^= std::hash<std::string_view>{}(s) + 0x9e3779b97f4a7c15ull + (mix << 6) + (mix >> 2);
  }
};

}  // namespace

ContentKey content_key(const race::Passing& p) {
  Hasher h;
  h.add(p.mat);
  h.add(p.bib);
  h.add(p.chip);
  const std::int64_t ms = p.time.time_since_epoch().count();
  h.add(std::string_view(reinterpret_cast<const char*>(&ms), sizeof ms));
  return ContentKey{h.fnv, h.mix};
}

std::uint32_t Client::Impl::origin_name(const std::string& source, const std::string& epoch) {
  const auto [it, added] =
      origin_ids.try_emplace({source, epoch}, static_cast<std::uint32_t>(origin_names.size()));
  if (added) origin_names.emplace_back(source, epoch);
  return it->second;
}

// The content of every passing already in the journal (start(), before the first connect).
void Client::Impl::load_content_keys() {
  content.clear();
  content.reserve(static_cast<std::size_t>(journal.size()) + 65536);
  journal.replay([this](const race::Event& event) {
    if (const auto* p = std::get_if<race::Passing>(&event)) {
      content.try_emplace(content_key(*p),
                          KeptRef{origin_name(p->origin.source, p->origin.epoch), p->origin.seq});
    }
  });
}

// Forgets the content of passings that were not journaled after all (a failed append).
void Client::Impl::forget_content_keys(const std::vector<race::Event>& batch) {
  for (const race::Event& event : batch) {
    const auto* p = std::get_if<race::Passing>(&event);
    if (!p) continue;
    const auto it = content.find(content_key(*p));
    if (it != content.end() && it->second.seq == p->origin.seq &&
        origin_names[it->second.name] == std::pair(p->origin.source, p->origin.epoch))
      content.erase(it);
  }
}

void Client::Impl::receive_event(race::Event event, std::vector<race::Event>& batch) {
  const std::int64_t seq = race::origin_of(event).seq;
  if (cursor.epoch.empty() && cursor.seq == 0) cursor.epoch = conn_epoch;
  if (seq <= cursor.seq || held.count(seq) != 0) {
    std::lock_guard<std::mutex> lock(status_mutex);
    ++status.duplicates;
    return;
  }
  std::optional<race::Event> value;
  std::optional<DecodeError> error;
  if (options.check) error = options.check(event);
  if (error) {
    reject(error->code, error->message);
  } else {
    value = std::move(event);
  }
  if (seq == cursor.seq + 1) {
    cursor.seq = seq;
    release(std::move(value), batch);
    release_held(batch);
    return;
  }
  if (held.empty()) {
    hole_since = std::chrono::steady_clock::now();
    arm_gap_timer();
  }
  held.emplace(seq, std::move(value));
  {
    std::lock_guard<std::mutex> lock(status_mutex);
    ++status.reordered;
    status.held = held.size();
  }
  if (held.size() > options.max_held) {
    give_up_hole(batch, "more than " + std::to_string(options.max_held) +
                            " later events are waiting for it");
  }
}

// Adds one event whose seq is now the cursor's to the batch, unless its content is known.
void Client::Impl::release(std::optional<race::Event> event, std::vector<race::Event>& batch) {
  if (!event) return;
  if (const auto* p = std::get_if<race::Passing>(&*event)) {
    const KeptRef ref{origin_name(p->origin.source, p->origin.epoch), p->origin.seq};
    const auto [it, added] = content.try_emplace(content_key(*p), ref);
    if (!added) {
      const auto& [source, epoch] = origin_names[it->second.name];
      dropped[{p->origin.source, p->origin.epoch, p->origin.seq}] =
          race::Origin{source, epoch, it->second.seq};
      std::lock_guard<std::mutex> lock(status_mutex);
      ++status.content_duplicates;
      return;
    }
  } else if (auto* c = std::get_if<race::Correction>(&*event); c && !dropped.empty()) {
    const std::string& source = c->target_source.empty() ? c->origin.source : c->target_source;
    const std::string& epoch = c->target_epoch.empty() ? c->origin.epoch : c->target_epoch;
    const auto it = dropped.find({source, epoch, c->target_seq});
    if (it != dropped.end()) {
      c->target_source = it->second.source;
      c->target_epoch = it->second.epoch;
      c->target_seq = it->second.seq;
    }
  }
  batch.push_back(std::move(*event));
}

// Releases the held events that now follow the cursor without a hole.
void Client::Impl::release_held(std::vector<race::Event>& batch) {
  bool moved = false;
  while (!held.empty() && held.begin()->first <= cursor.seq + 1) {
    auto node = held.extract(held.begin());
    if (node.key() == cursor.seq + 1) {
      cursor.seq = node.key();
      release(std::move(node.mapped()), batch);
      moved = true;
    }  // else: at or below the cursor after a resync skipped ahead
  }
  if (moved && !held.empty()) hole_since = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(status_mutex);
  status.held = held.size();
}

// The lowest missing seq will not come: counts and logs the gap and moves past it.
void Client::Impl::give_up_hole(std::vector<race::Event>& batch, const std::string& why) {
  if (held.empty()) return;
  const std::int64_t next = held.begin()->first;
  const std::int64_t lost = next - cursor.seq - 1;
  {
    std::lock_guard<std::mutex> lock(status_mutex);
    ++status.gaps;
    status.missing += static_cast<std::uint64_t>(lost);
  }
  core::log::warn("feed: " + options.url + ": seq " + std::to_string(cursor.seq + 1) +
                  (lost > 1 ? ".." + std::to_string(next - 1) : std::string()) +
                  " never arrived (" + why + "); continuing from seq " + std::to_string(next) +
                  ". The feed skipped " + std::to_string(lost) +
                  " message(s): get them from the timing system's export if they matter");
  cursor.seq = next - 1;
  release_held(batch);
}

void Client::Impl::arm_gap_timer() {
  if (gap_timer_armed || stopping.load()) return;
  gap_timer_armed = true;
  lws_sul_schedule(
      context, 0, &gap_timer.sul,
      [](lws_sorted_usec_list_t* sul) {
        auto* impl = reinterpret_cast<Timer*>(sul)->owner;
        impl->gap_timer_armed = false;
        impl->check_gaps();
      },
      std::chrono::duration_cast<std::chrono::microseconds>(options.gap_timeout).count());
}

// Gives up the lowest hole once it has been waited for gap_timeout on a live connection.
// While disconnected or not reading (queue full) the wait starts over: the reconnect's
// catch-up, or the unread socket, may still hold the missing seq.
void Client::Impl::check_gaps() {
  if (held.empty() || stopping.load()) return;
  const auto now = std::chrono::steady_clock::now();
  if (!got_hello || !wsi || rx_paused) {
    hole_since = now;
  } else if (now - hole_since >= options.gap_timeout) {
    std::vector<race::Event> batch;
    give_up_hole(batch, "waited " + std::to_string(options.gap_timeout.count()) +
                            " ms while later ones arrived");
    if (!flush(batch)) return;
  }
  if (!held.empty()) arm_gap_timer();
}

}  // namespace feed
