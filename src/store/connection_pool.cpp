#include "connection_pool.h"

#include <spdlog/spdlog.h>

namespace dpc::store {

Result<Database::Pool::Lease> Database::Pool::acquire() {
  std::unique_lock lock(mu);
  auto deadline = std::chrono::steady_clock::now() + options.acquire_timeout;
  while (true) {
    while (!idle.empty()) {
      Idle entry = std::move(idle.front());
      idle.pop_front();
      bool stale = std::chrono::steady_clock::now() - entry.since > options.validate_after_idle;
      if (!stale) return Lease(this, std::move(entry.conn));
      lock.unlock();
      bool alive = false;
      try {
        pqxx::nontransaction tx(*entry.conn);
        tx.exec("SELECT 1");
        alive = true;
      } catch (const std::exception&) {
      }
      if (alive) return Lease(this, std::move(entry.conn));
      entry.conn.reset();
      lock.lock();
      --open;
    }
    if (open < options.max_connections) {
      ++open;
      lock.unlock();
      try {
        auto conn = std::make_unique<pqxx::connection>(url);
        return Lease(this, std::move(conn));
      } catch (const std::exception& e) {
        lock.lock();
        --open;
        freed.notify_one();
        std::string msg = e.what();
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
        return Error::unavailable("database unreachable: " + msg);
      }
    }
    if (freed.wait_until(lock, deadline) == std::cv_status::timeout) {
      return Error::unavailable("no database connection free within " +
                                std::to_string(options.acquire_timeout.count()) + " ms");
    }
  }
}

void Database::Pool::give_back(std::unique_ptr<pqxx::connection> conn) {
  std::lock_guard lock(mu);
  if (!conn->is_open()) {
    --open;
  } else {
    idle.push_front({std::move(conn), std::chrono::steady_clock::now()});
  }
  freed.notify_one();
}

void Database::Pool::forget() {
  std::lock_guard lock(mu);
  --open;
  freed.notify_one();
}

}  // namespace dpc::store
