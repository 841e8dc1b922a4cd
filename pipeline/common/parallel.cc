#include "common/parallel.h"

#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace kensa {

void RunInParallel(size_t n, const std::function<void(size_t)>& task) {
  std::vector<std::exception_ptr> failed(n);
  auto run = [&](size_t k) {
    try {
      task(k);
    } catch (...) {
      failed[k] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  std::vector<size_t> left_over;  // no thread to be had: run here
  for (size_t k = 1; k < n; ++k) {
    try {
      threads.emplace_back(run, k);
    } catch (const std::system_error&) {
      left_over.push_back(k);
    }
  }
  if (n > 0) run(0);
  for (size_t k : left_over) run(k);
  for (std::thread& thread : threads) thread.join();
  for (const std::exception_ptr& failure : failed) {
    if (failure) std::rethrow_exception(failure);
  }
}

}  // namespace kensa
