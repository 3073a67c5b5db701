// The feed server's sending side: which frame goes out next (session messages, held frames,
// the log after the client's cursor, heartbeats) and the faults applied to it.
#include <libwebsockets.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "core/log.h"
#include "server_impl.h"

namespace feed {

namespace {

constexpr std::size_t kMaxHeld = 64;  // reorder fault: frames held back per client at most

double uniform(std::mt19937_64& rng) {
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

}  // namespace

std::string detail::garbage_frame(std::mt19937_64& rng, std::int64_t near_seq) {
  const std::string seq = std::to_string(std::max<std::int64_t>(near_seq, 1));
  switch (rng() % 6) {
    case 0:  // cut off mid-message
      return R"({"type":"passing","seq":)" + seq + R"(,"point":"5K","bib":"1)";
    case 1:  // not an object
      return R"(["garbage",17,null])";
    case 2:  // seq out of range
      return R"({"type":"passing","seq":-)" + seq +
             R"(,"point":"5K","bib":"1","time":1759023000250})";
    case 3:  // required field missing
      return R"({"type":"passing","seq":)" + seq + R"(,"point":"5K","bib":"1"})";
    case 4: {  // printable junk
      std::string junk(1 + rng() % 48, ' ');
      for (char& c : junk) c = static_cast<char>('!' + rng() % 90);
      junk[0] = '#';  // never valid JSON
      return junk;
    }
    default:  // a type this protocol version does not know
      return R"({"type":"x-garbage","seq":)" + seq + "}";
  }
}

detail::Frame detail::data_frame(std::vector<FeedLog::Entry>& entries) {
  Frame f;
  f.kind = Frame::Kind::data;
  f.messages = static_cast<std::int64_t>(entries.size());
  if (entries.size() == 1) {
    f.text = std::move(entries.front().text);
    return f;
  }
  std::size_t size = 2;
  for (const auto& e : entries) size += e.text.size() + 1;
  f.text.reserve(size);
  f.text += '[';
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) f.text += ',';
    f.text += entries[i].text;
  }
  f.text += ']';
  return f;
}

int Server::Impl::on_writeable(Session& s) {
  if (s.close_code != 0) {
    refuse(s, s.close_code, s.close_reason);
    return -1;
  }
  if (s.unflushed) {  // the previous frame has drained now
    s.unflushed = false;
    note_sent_through(s);
  }
  const auto now = Clock::now();
  if (stalled(now) || !next_frame(s, now)) return 0;
  Frame f = std::move(s.ready.front());
  s.ready.pop_front();
  s.tx.resize(LWS_PRE + f.text.size());
  std::memcpy(s.tx.data() + LWS_PRE, f.text.data(), f.text.size());
  if (lws_write(s.wsi, s.tx.data() + LWS_PRE, f.text.size(), LWS_WRITE_TEXT) < 0) {
    core::log::warn("feed server: client " + s.peer + ": write failed; closing");
    return -1;
  }
  s.last_send = now;
  s.unflushed = lws_partial_buffered(s.wsi) != 0;
  note_sent(s, f);
  if (s.unflushed) {
    lws_callback_on_writable(s.wsi);
    return 0;
  }
  const bool more = !s.ready.empty() || (s.subscribed && s.cursor < log.last_seq()) ||
                    std::any_of(s.held.begin(), s.held.end(),
                                [&](const Session::Held& h) { return h.due <= now; });
  if (more) lws_callback_on_writable(s.wsi);
  return 0;
}

bool Server::Impl::next_frame(Session& s, Clock::time_point now) {
  if (!s.ready.empty()) return true;
  const auto due = std::min_element(
      s.held.begin(), s.held.end(),
      [](const Session::Held& a, const Session::Held& b) { return a.due < b.due; });
  if (due != s.held.end() && due->due <= now) {
    s.ready.push_back(std::move(due->frame));
    s.held.erase(due);
    return true;
  }
  // A frame may be held back by the reorder fault; then try the next one.
  for (int i = 0; s.subscribed && i < 4 && s.ready.empty(); ++i) {
    if (!take_from_log(s, now)) break;
  }
  if (!s.ready.empty()) return true;
  const std::int64_t last = log.last_seq();
  // An empty feed sends heartbeats with seq 0, so its receivers do not think it stale.
  if (now - s.last_send >= options.heartbeat_interval) {
    Heartbeat h;
    h.seq = last;
    h.time = core::utc_now();
    s.ready.push_back(Frame{encode(Message{h}), 0, Frame::Kind::heartbeat});
    return true;
  }
  return false;
}

bool Server::Impl::take_from_log(Session& s, Clock::time_point now) {
  auto entries = log.read_after(s.cursor, options.max_batch_messages, options.max_batch_bytes);
  if (entries.empty()) return false;
  s.cursor = entries.back().seq;
  const FaultOptions& f = options.faults;
  if (f.reorder_ms > 0 && entries.size() > 1) std::shuffle(entries.begin(), entries.end(), s.rng);
  Frame frame = detail::data_frame(entries);
  if (f.garbage_rate > 0 && uniform(s.rng) < f.garbage_rate)
    s.ready.push_back(Frame{detail::garbage_frame(s.rng, s.cursor), 0, Frame::Kind::garbage});
  std::optional<Frame> copy;
  if (f.dup_rate > 0 && uniform(s.rng) < f.dup_rate) {
    copy = frame;
    copy->duplicate = true;
  }
  if (f.reorder_ms > 0 && s.held.size() < kMaxHeld && uniform(s.rng) < 0.5) {
    const auto delay = std::chrono::milliseconds(1 + static_cast<int>(s.rng() % f.reorder_ms));
    s.held.push_back(Session::Held{now + delay, std::move(frame)});
  } else {
    s.ready.push_back(std::move(frame));
  }
  if (copy) s.ready.push_back(std::move(*copy));
  return true;
}

void Server::Impl::note_sent(Session& s, const Frame& f) {
  std::lock_guard<std::mutex> lock(stats_mutex);
  switch (f.kind) {
    case Frame::Kind::data:
      ++stats.frames;
      stats.messages += f.messages;
      if (f.duplicate) ++stats.duplicates;
      break;
    case Frame::Kind::heartbeat:
      ++stats.heartbeats;
      break;
    case Frame::Kind::garbage:
      ++stats.garbage;
      break;
    default:
      break;
  }
  if (!s.unflushed) note_sent_through_locked(s);
}

void Server::Impl::note_sent_through(Session& s) {
  std::lock_guard<std::mutex> lock(stats_mutex);
  note_sent_through_locked(s);
}

// Every data message up to the session's cursor has left for the socket when nothing is held
// back, waiting or still in libwebsockets' buffer.
void Server::Impl::note_sent_through_locked(Session& s) {
  const bool pending_data =
      !s.held.empty() || std::any_of(s.ready.begin(), s.ready.end(), [](const Frame& r) {
        return r.kind == Frame::Kind::data && !r.duplicate;
      });
  if (s.subscribed && !pending_data) {
    sent_through[s.id] = s.cursor;
    stats.max_sent_seq = std::max(stats.max_sent_seq, s.cursor);
  }
}

}  // namespace feed
