// The control API's WebSocket stream (/api/stream): the whole state first, then Control's
// change messages in order, one text frame each. A client too far behind is closed; it
// reconnects and starts again from the state.
#include <libwebsockets.h>

#include <cstring>

#include "api_server_impl.h"
#include "core/log.h"
#include "json_out.h"

namespace control {

std::int64_t detail::message_seq(const std::string& message) {
  static constexpr std::string_view kKey = "\"seq\":";
  const auto at = message.find(kKey);
  if (at == std::string::npos) return 0;
  std::int64_t n = 0;
  for (std::size_t i = at + kKey.size();
       i < message.size() && message[i] >= '0' && message[i] <= '9'; ++i)
    n = n * 10 + (message[i] - '0');
  return n;
}

void ApiServer::Impl::on_established(lws* wsi) {
  auto client = std::make_unique<detail::StreamClient>();
  client->wsi = wsi;
  char name[128] = {0};
  lws_get_peer_simple(wsi, name, sizeof name);
  client->peer = name;
  const json::Json state = json::Json::parse(control.state_json());
  client->after_seq = state.value("seq", std::int64_t{0});
  json::Json first;
  first["type"] = "state";
  first["seq"] = client->after_seq;
  first["state"] = state;
  client->queue.push_back(json::text(first));
  core::log::info("control api: stream client " + client->peer + " connected");
  streams[wsi] = std::move(client);
  {
    std::lock_guard<std::mutex> lock(stats_mutex);
    stats.stream_clients = static_cast<std::int64_t>(streams.size());
  }
  lws_callback_on_writable(wsi);
}

void ApiServer::Impl::on_closed(lws* wsi) {
  const auto it = streams.find(wsi);
  if (it == streams.end()) return;
  core::log::info("control api: stream client " + it->second->peer + " disconnected");
  streams.erase(it);
  std::lock_guard<std::mutex> lock(stats_mutex);
  stats.stream_clients = static_cast<std::int64_t>(streams.size());
}

void ApiServer::Impl::fan_out() {
  std::deque<std::string> messages;
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
    for (const std::string& m : messages) {
      if (detail::message_seq(m) > c->after_seq) c->queue.push_back(m);
    }
    if (overflow || c->queue.size() > options.max_stream_backlog) {
      c->closing = true;
      c->queue.clear();
      ++dropped;
    }
    lws_callback_on_writable(wsi);
  }
  std::lock_guard<std::mutex> lock(stats_mutex);
  stats.stream_dropped += dropped;
}

int ApiServer::Impl::on_stream_writeable(lws* wsi) {
  const auto it = streams.find(wsi);
  if (it == streams.end()) return 0;
  detail::StreamClient& c = *it->second;
  if (c.closing) {
    core::log::warn("control api: stream client " + c.peer +
                    " fell too far behind; closing it (it gets the whole state on reconnecting)");
    static const char kWhy[] = "too far behind; reconnect for the state";
    lws_close_reason(wsi, LWS_CLOSE_STATUS_POLICY_VIOLATION,
                     reinterpret_cast<unsigned char*>(const_cast<char*>(kWhy)), sizeof kWhy - 1);
    return -1;
  }
  if (c.queue.empty()) return 0;
  const std::string& m = c.queue.front();
  c.tx.resize(LWS_PRE + m.size());
  std::memcpy(c.tx.data() + LWS_PRE, m.data(), m.size());
  if (lws_write(wsi, c.tx.data() + LWS_PRE, m.size(), LWS_WRITE_TEXT) < 0) return -1;
  c.queue.pop_front();
  {
    std::lock_guard<std::mutex> lock(stats_mutex);
    ++stats.stream_messages;
  }
  if (!c.queue.empty()) lws_callback_on_writable(wsi);
  return 0;
}

}  // namespace control
