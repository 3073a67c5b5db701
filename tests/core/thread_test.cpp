// The thread helpers act on the calling thread alone, and what they set is what top and the
// scheduler see.
#include <catch2/catch.hpp>

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <thread>

#include "core/thread.h"

namespace thread_test {

namespace {

std::string name_of(pthread_t t) {
  char name[32] = {};
  pthread_getname_np(t, name, sizeof name);
  return name;
}

int nice_of_this_thread() {
  return getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)));
}

}  // namespace

TEST_CASE("thread: a name is set on the calling thread and cut to 15 characters", "[core]") {
  std::string inside, cut;
  std::thread([&] {
    core::name_this_thread("encode");
    inside = name_of(pthread_self());
    core::name_this_thread("a-very-long-thread-name");
    cut = name_of(pthread_self());
  }).join();
  CHECK(inside == "encode");
  CHECK(cut == "a-very-long-thr");
}

TEST_CASE("thread: lowering the priority moves the calling thread and what it starts", "[core]") {
  const int before = nice_of_this_thread();
  int lowered = 0, child = 0;
  bool ok = false;
  std::thread([&] {
    ok = core::lower_this_thread_priority(3);
    lowered = nice_of_this_thread();
    std::thread([&] { child = nice_of_this_thread(); }).join();
  }).join();
  REQUIRE(ok);
  CHECK(lowered == std::min(before + 3, 19));
  CHECK(child == lowered);                 // inherited by threads started later
  CHECK(nice_of_this_thread() == before);  // the others keep theirs
  CHECK(core::lower_this_thread_priority(0));
  CHECK(nice_of_this_thread() == before);
}

}  // namespace thread_test
