// The PostgreSQL database as the rest of dpc sees it: a bounded connection pool, the
// migrations runner and a health probe. libpqxx stays behind this header (pimpl), so only
// the store module compiles against it.
//
// Thread-safety: every method may be called from any thread at once.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "dpc/core/result.h"

namespace dpc::store {

struct Migration {
  int version = 0;
  std::string name;  // file name, e.g. "0001_init.sql"
  std::string sql;
};

// The migrations compiled into this binary from migrations/*.sql, in version order.
const std::vector<Migration>& embedded_migrations();

struct PoolOptions {
  size_t max_connections = 16;
  std::chrono::milliseconds acquire_timeout{5000};
  // A connection idle longer than this is checked with a round trip before it is lent.
  std::chrono::milliseconds validate_after_idle{30000};
};

struct Health {
  bool database_up = false;
  std::string database_error;  // why the database is down, if it is
  int migrations_applied = 0;
  int migrations_expected = 0;
  bool healthy() const { return database_up && migrations_applied >= migrations_expected; }
};

class Database {
 public:
  // Creates the pool. Connects lazily: an unreachable database is not an error here but
  // on first use (Error kind kUnavailable), so the server can start and report it.
  Database(std::string url, PoolOptions options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Applies the given migrations not yet recorded in schema_migrations, each in its own
  // transaction, in order, under a cluster-wide advisory lock so that nodes starting
  // together apply each migration once. Stops at the first failure; the error names the
  // file and carries the database's message. Returns how many were applied now.
  Result<int> migrate(const std::vector<Migration>& migrations);

  // Round trip to the database and count of applied migrations. Never throws.
  Health health(int expected_migrations);

  // Runs a statement without result rows (for tests and tooling).
  Status execute(const std::string& sql);

  // The pool itself, for the store module's repositories (its type is private to store).
  struct Pool;
  Pool& pool() { return *pool_; }

 private:
  std::unique_ptr<Pool> pool_;
};

// Hides the password in a connection URL for logs: postgresql://u:***@h/db.
std::string redact_url(const std::string& url);

}  // namespace dpc::store
