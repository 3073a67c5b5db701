// The feed protocol's message codec (protocol version 1, docs/feed-protocol.md): JSON text
// <-> typed messages. The bundle's passings.jsonl is these messages, one per line.
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/time.h"
#include "race/event.h"

namespace feed {

inline constexpr int kProtocolVersion = 1;
inline constexpr std::size_t kMaxFrameBytes = 1 << 20;  // one WebSocket frame / one line
inline constexpr std::size_t kMaxBatchLength = 10000;   // messages in one batch array

struct Heartbeat {
  std::int64_t seq = 0;
  core::UtcMs time{};
};

// Server greeting: protocol version, feed id, epoch, last seq.
struct Hello {
  int protocol = kProtocolVersion;
  std::string feed;
  std::string epoch;
  std::int64_t last_seq = 0;
};

// Client request: replay everything after `since` in `epoch`, then stream live.
struct Subscribe {
  std::string epoch;
  std::int64_t since = 0;
};

// The server cannot serve the cursor (epoch changed, history gone): start again from `since`.
struct Resync {
  std::string epoch;
  std::int64_t since = 0;
  std::string reason;
};

// A decoded message. Race events carry their seq (and source/epoch) in race::Origin.
using Message = std::variant<race::Event, Heartbeat, Hello, Subscribe, Resync>;

// Why a message was rejected: a stable code for counters, and a sentence for the log.
struct DecodeError {
  std::string code;     // "bad_json", "missing_field", "bad_type", "bad_time", "unknown_type",
                        // "too_large", "batch_too_long", "bad_value"
  std::string message;  // "passing: field `time`: expected ms integer or ISO 8601 with offset"
};

struct Decoded {
  std::vector<Message> messages;    // one, or several for a batch (JSON array)
  std::vector<DecodeError> errors;  // one per rejected message (a batch keeps its good ones)
};

// Decodes one frame / one line: an object, or an array of objects (a batch).
// `default_epoch` fills race::Origin::epoch when a message carries none.
Decoded decode(std::string_view text, std::string_view default_epoch = {});

// Encodes one message as a single-line JSON object. Times are written as integer UTC ms.
std::string encode(const Message& message);
std::string encode(const race::Event& event);

}  // namespace feed
