// The WebSocket streams of web::HttpServer: what on_open gives first, then every broadcast to
// the client's path in order, one text frame each. Each broadcast's text is built once and
// shared by every client. A client too far behind is closed; it reconnects and starts again.
#include <libwebsockets.h>

#include <cstring>

#include "core/log.h"
#include "http_server_impl.h"

namespace web {

namespace {

// Broadcasts waiting for the service thread: past this, the thread is stuck and every
// stream client is closed (each reconnects and starts again from what on_open gives).
constexpr std::size_t kMaxInbox = 10000;

}  // namespace

void HttpServer::Impl::push(const detail::Broadcast& b) {
  std::lock_guard<std::mutex> lock(inbox_mutex);
  if (!live) return;
  if (inbox.size() >= kMaxInbox) {
    inbox.clear();
    inbox_overflow = true;
  }
  inbox.push_back(b);
  lws_cancel_service(live);  // only wakes the service thread (a pipe write); never waits
}

void HttpServer::Impl::on_established(lws* wsi) {
  auto client = std::make_unique<detail::StreamClient>();
  client->wsi = wsi;
  Request r;
  if (auto it = upgrading.find(wsi); it != upgrading.end()) {
    client->stream = it->second.first;
    r = std::move(it->second.second);
    upgrading.erase(it);
  } else {
    r = detail::request_of(wsi);
    client->stream = stream_at(r.path);
  }
  if (!client->stream) {
    lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
    return;
  }
  client->peer = r.peer;
  if (client->stream->on_open) {
    try {
      StreamStart start = client->stream->on_open(r);
      client->after_seq = start.after_seq;
      for (std::string& m : start.messages)
        client->queue.push_back(std::make_shared<const std::string>(std::move(m)));
    } catch (const std::exception& e) {
      core::log::error(options.name + ": stream " + r.path + " could not start for " + r.peer +
                       ": " + e.what());
      client->closing = true;
    }
  }
  core::log::info(options.name + ": stream client " + client->peer + " connected to " +
                  client->stream->path);
  streams[wsi] = std::move(client);
  counters.stream_clients = static_cast<std::int64_t>(streams.size());
  lws_callback_on_writable(wsi);
}

void HttpServer::Impl::on_closed(lws* wsi) {
  upgrading.erase(wsi);
  const auto it = streams.find(wsi);
  if (it == streams.end()) return;
  core::log::info(options.name + ": stream client " + it->second->peer + " disconnected");
  streams.erase(it);
  counters.stream_clients = static_cast<std::int64_t>(streams.size());
}

void HttpServer::Impl::fan_out() {
  std::deque<detail::Broadcast> messages;
  bool overflow = false;
  {
    std::lock_guard<std::mutex> lock(inbox_mutex);
    messages.swap(inbox);
    std::swap(overflow, inbox_overflow);
  }
  if (messages.empty() && !overflow) return;
  std::int64_t dropped = 0;
  for (auto& [wsi, c] : streams) {
    if (c->closing) continue;
    const std::size_t before = c->queue.size();
    for (const detail::Broadcast& m : messages) {
      if (m.path == c->stream->path && (m.seq <= 0 || m.seq > c->after_seq))
        c->queue.push_back(m.text);
    }
    if (overflow || c->queue.size() > c->stream->max_backlog) {
      c->closing = true;
      c->queue.clear();
      ++dropped;
    } else if (c->queue.size() == before) {
      continue;
    }
    lws_callback_on_writable(wsi);
  }
  counters.stream_dropped += dropped;
}

int HttpServer::Impl::on_stream_writeable(lws* wsi) {
  const auto it = streams.find(wsi);
  if (it == streams.end()) return 0;
  detail::StreamClient& c = *it->second;
  if (c.closing) {
    core::log::warn(options.name + ": stream client " + c.peer + " on " + c.stream->path +
                    " fell too far behind; closing it (it starts again on reconnecting)");
    static const char kWhy[] = "too far behind; reconnect to start again";
    lws_close_reason(wsi, LWS_CLOSE_STATUS_POLICY_VIOLATION,
                     reinterpret_cast<unsigned char*>(const_cast<char*>(kWhy)), sizeof kWhy - 1);
    return -1;
  }
  if (c.queue.empty()) return 0;
  const std::string& m = *c.queue.front();
  c.tx.resize(LWS_PRE + m.size());
  std::memcpy(c.tx.data() + LWS_PRE, m.data(), m.size());
  if (lws_write(wsi, c.tx.data() + LWS_PRE, m.size(), LWS_WRITE_TEXT) < 0) return -1;
  c.queue.pop_front();
  ++counters.stream_messages;
  if (!c.queue.empty()) lws_callback_on_writable(wsi);
  return 0;
}

}  // namespace web
