#include "core/thread.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace core {

void name_this_thread(const char* name) {
  char shortened[16] = {};
  for (int i = 0; i < 15 && name[i]; ++i) shortened[i] = name[i];
  pthread_setname_np(pthread_self(), shortened);
}

bool lower_this_thread_priority(int steps) {
  if (steps <= 0) return true;
  // On Linux PRIO_PROCESS with a thread id acts on that thread alone.
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  errno = 0;
  const int now = getpriority(PRIO_PROCESS, tid);
  if (now == -1 && errno != 0) return false;
  return setpriority(PRIO_PROCESS, tid, now + steps) == 0;
}

}  // namespace core
