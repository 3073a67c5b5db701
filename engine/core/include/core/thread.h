// Helpers for the process's own threads. Thread-safety: each acts on the calling thread.
#pragma once

namespace core {

// Names the calling thread for top, perf and gdb (at most 15 characters are kept).
void name_this_thread(const char* name);

// Lowers the calling thread's scheduling priority by `steps` nice steps (Linux: a thread's
// nice value; threads it starts later inherit it). Used so that the video encoder's
// workers yield the cores to the render loop, which must never start a frame late. Returns
// false (and changes nothing) where the system refuses.
bool lower_this_thread_priority(int steps);

}  // namespace core
