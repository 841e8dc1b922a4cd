// Tests for pipeline/common: RunInParallel (common/parallel.h).
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <new>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/parallel.h"

namespace kensa {
namespace {

TEST_CASE("common: RunInParallel runs every task once, the first on the calling thread") {
  for (size_t n : {0u, 1u, 2u, 5u}) {
    std::vector<std::atomic<int>> runs(n);
    std::vector<std::thread::id> where(n);
    RunInParallel(n, [&](size_t k) {
      runs[k]++;
      where[k] = std::this_thread::get_id();
    });
    for (size_t k = 0; k < n; ++k) CHECK(runs[k] == 1);
    if (n > 0) CHECK(where[0] == std::this_thread::get_id());
    if (n > 1) CHECK(where[1] != std::this_thread::get_id());
  }
}

TEST_CASE("common: RunInParallel rethrows a task's exception once all tasks have ended") {
  std::atomic<bool> slow_done{false};
  auto task = [&](size_t k) {
    if (k == 0) throw std::bad_alloc();  // on the calling thread, while task 1 still runs
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    slow_done = true;
  };
  CHECK_THROWS_AS(RunInParallel(2, task), std::bad_alloc);
  CHECK(slow_done);
  CHECK_THROWS_WITH_AS(RunInParallel(3, [](size_t k) {
                         if (k == 2) throw std::runtime_error("third");
                       }),
                       "third", std::runtime_error);
}

}  // namespace
}  // namespace kensa
