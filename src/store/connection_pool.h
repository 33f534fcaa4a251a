// Bounded pool of libpqxx connections, private to the store module.
// Thread-safe. A lease returns its connection on destruction unless discarded.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include <pqxx/pqxx>

#include "dpc/core/result.h"
#include "dpc/store/database.h"

namespace dpc::store {

struct Database::Pool {
  struct Idle {
    std::unique_ptr<pqxx::connection> conn;
    std::chrono::steady_clock::time_point since;
  };

  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<pqxx::connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)), conn_(std::move(other.conn_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (!pool_) return;
      if (conn_) pool_->give_back(std::move(conn_));
      else pool_->forget();
    }
    pqxx::connection& operator*() { return *conn_; }
    pqxx::connection* operator->() { return conn_.get(); }
    // The connection is broken: close it instead of returning it.
    void discard() { conn_.reset(); }

   private:
    Pool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
  };

  Pool(std::string url, PoolOptions options) : url(std::move(url)), options(options) {}

  // A connection, waiting up to acquire_timeout for one to be free. kUnavailable when the
  // database cannot be reached.
  Result<Lease> acquire();

  std::string url;
  PoolOptions options;
  mutable std::mutex mu;
  std::condition_variable freed;
  std::deque<Idle> idle;
  size_t open = 0;  // idle + lent, guarded by mu

 private:
  void give_back(std::unique_ptr<pqxx::connection> conn);
  void forget();
};

}  // namespace dpc::store
