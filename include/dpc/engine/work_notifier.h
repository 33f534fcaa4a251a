// Wakes long-polling external-task fetches when new work may be there: in-process right
// after a command that created external tasks commits, and from other nodes through the
// database's LISTEN/NOTIFY (the store calls notify()). Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace dpc::engine {

class WorkNotifier {
 public:
  void notify() {
    {
      std::lock_guard lock(mu_);
      ++generation_;
    }
    cv_.notify_all();
  }
  std::uint64_t generation() const {
    std::lock_guard lock(mu_);
    return generation_;
  }
  // Waits until notify() has been called since `seen` was read, or until `deadline`.
  // Returns true when notified.
  bool wait_for_change(std::uint64_t seen, std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mu_);
    return cv_.wait_until(lock, deadline, [&] { return generation_ != seen; });
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t generation_ = 0;
};

}  // namespace dpc::engine
