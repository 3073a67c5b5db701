// The queue from a feed client's thread to the engine thread that applies its events, as
// `pacecast ingest`, `pacecast run --feed` (LiveFeed) and `pacecast bench feed` use it.
// Types and constants; the queue itself is safe from any thread.
#pragma once

#include <cstddef>

#include "core/bounded_queue.h"
#include "race/event.h"

namespace app {

using EventQueue = core::BoundedQueue<race::Event>;

inline constexpr std::size_t kFeedQueueCapacity = 65536;  // events held
inline constexpr std::size_t kFeedDrainMax = 4096;        // events taken off it at once

}  // namespace app
