#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "core/bounded_queue.h"

namespace bounded_queue_test {

using core::BoundedQueue;

TEST_CASE("a full queue refuses and counts, never blocks", "[queue]") {
  BoundedQueue<int> q(3);
  CHECK(q.try_push(1));
  CHECK(q.try_push(2));
  CHECK(q.try_push(3));
  CHECK_FALSE(q.try_push(4));
  CHECK(q.refused() == 1);
  CHECK(q.pushed() == 3);
  CHECK(q.size() == 3);
  CHECK(q.try_pop() == 1);  // first in, first out
  CHECK(q.try_push(5));
  std::vector<int> out;
  CHECK(q.drain(out, 10) == 3);
  CHECK(out == std::vector<int>{2, 3, 5});
  CHECK_FALSE(q.try_pop());
}

TEST_CASE("close wakes a waiting consumer and refuses pushes; queued items stay", "[queue]") {
  BoundedQueue<int> q(4);
  q.try_push(7);
  q.close();
  CHECK_FALSE(q.try_push(8));
  CHECK(q.pop_for(std::chrono::hours(1)) == 7);   // returns at once: an item is there
  CHECK_FALSE(q.pop_for(std::chrono::hours(1)));  // closed and empty: returns at once
  CHECK(q.refused() == 1);

  BoundedQueue<int> waiting(1);
  std::thread closer([&] { waiting.close(); });
  CHECK_FALSE(waiting.pop_for(std::chrono::hours(1)));  // woken by close, not by the timeout
  closer.join();
}

TEST_CASE("producers and a consumer on threads: every accepted item arrives once, in order",
          "[queue]") {
  BoundedQueue<std::pair<int, int>> q(64);
  constexpr int kProducers = 4, kItems = 20000;
  std::atomic<int> accepted{0};
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (int i = 0; i < kItems; ++i) {
        while (!q.try_push({p, i})) std::this_thread::yield();  // retry: nothing may be lost
        ++accepted;
      }
    });
  }
  std::vector<int> next(kProducers, 0);
  int received = 0;
  while (received < kProducers * kItems) {
    auto item = q.pop_for(std::chrono::milliseconds(100));
    if (!item) continue;
    REQUIRE(item->second == next[static_cast<std::size_t>(item->first)]);  // per-producer order
    ++next[static_cast<std::size_t>(item->first)];
    ++received;
  }
  for (auto& t : producers) t.join();
  CHECK(accepted == kProducers * kItems);
  CHECK(q.pushed() == static_cast<std::uint64_t>(kProducers * kItems));
  CHECK(q.size() == 0);
}

}  // namespace bounded_queue_test
