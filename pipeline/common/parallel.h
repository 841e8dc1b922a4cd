// Running a few pieces of one job at once, for the stages that split a long document or the rule
// set in parts (text, normalize, rules, extract).
#pragma once

#include <cstddef>
#include <functional>

namespace kensa {

// Runs task(0) … task(n - 1) at once: task(0) on the calling thread, every other on a thread of its
// own (or on the calling thread, after task(0), when no thread can be had). Returns when all have
// ended, then rethrows the first exception one of them threw (e.g. std::bad_alloc under --memory),
// so that no thread is left running behind an exception.
void RunInParallel(size_t n, const std::function<void(size_t)>& task);

}  // namespace kensa
