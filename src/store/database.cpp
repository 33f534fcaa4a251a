#include "dpc/store/database.h"

#include <regex>
#include <set>

#include <spdlog/spdlog.h>

#include "connection_pool.h"
#include "pooled_transaction.h"

namespace dpc::store {

namespace {
// Any constant will do as long as every dpc node uses the same one.
constexpr long long kMigrationLockKey = 0x647063'6d6967;  // "dpcmig"

}  // namespace

std::string redact_url(const std::string& url) {
  static const std::regex kPassword(R"((://[^:/@]+:)[^@]*@)");
  static const std::regex kParam(R"((password=)[^&\s]*)");
  return std::regex_replace(std::regex_replace(url, kPassword, "$1***@"), kParam, "$1***");
}

Database::Database(std::string url, PoolOptions options)
    : pool_(std::make_unique<Pool>(std::move(url), options)) {}

Database::~Database() = default;

Result<int> Database::migrate(const std::vector<Migration>& migrations) {
  auto lease = pool_->acquire();
  if (!lease) return lease.error();
  pqxx::connection& conn = **lease;
  int applied = 0;
  try {
    pqxx::nontransaction(conn).exec("SELECT pg_advisory_lock(" +
                                    std::to_string(kMigrationLockKey) + ")");
  } catch (const std::exception& e) {
    lease->discard();
    return Error::unavailable("cannot lock for migrations: " + trimmed_message(e.what()));
  }
  auto unlock = [&] {
    try {
      pqxx::nontransaction(conn).exec("SELECT pg_advisory_unlock(" +
                                      std::to_string(kMigrationLockKey) + ")");
    } catch (const std::exception&) {
      lease->discard();  // closing the session releases the lock too
    }
  };
  try {
    {
      pqxx::work tx(conn);
      tx.exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          " version integer PRIMARY KEY, name text NOT NULL,"
          " applied_at timestamptz NOT NULL DEFAULT now())");
      tx.commit();
    }
    std::set<int> done;
    {
      pqxx::nontransaction tx(conn);
      for (const auto& row : tx.exec("SELECT version FROM schema_migrations")) {
        done.insert(row[0].as<int>());
      }
    }
    for (const auto& m : migrations) {
      if (done.count(m.version)) continue;
      try {
        pqxx::work tx(conn);
        tx.exec(m.sql);
        tx.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                       m.version, m.name);
        tx.commit();
      } catch (const std::exception& e) {
        unlock();
        return Error::internal("migration " + m.name + " failed: " + trimmed_message(e.what()));
      }
      spdlog::info("applied migration {}", m.name);
      ++applied;
    }
  } catch (const std::exception& e) {
    unlock();
    return Error::unavailable("migrations: " + trimmed_message(e.what()));
  }
  unlock();
  return applied;
}

Health Database::health(int expected_migrations) {
  Health h;
  h.migrations_expected = expected_migrations;
  auto lease = pool_->acquire();
  if (!lease) {
    h.database_error = lease.error().message;
    return h;
  }
  try {
    pqxx::nontransaction tx(**lease);
    tx.exec("SELECT 1");
    h.database_up = true;
    auto r = tx.exec("SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (r[0][0].as<bool>()) {
      h.migrations_applied = tx.exec("SELECT count(*) FROM schema_migrations")[0][0].as<int>();
    }
  } catch (const pqxx::broken_connection& e) {
    lease->discard();
    h.database_up = false;
    h.database_error = trimmed_message(e.what());
  } catch (const std::exception& e) {
    h.database_error = trimmed_message(e.what());
  }
  return h;
}

Status Database::execute(const std::string& sql) {
  auto lease = pool_->acquire();
  if (!lease) return lease.error();
  try {
    pqxx::work tx(**lease);
    tx.exec(sql);
    tx.commit();
    return {};
  } catch (const pqxx::broken_connection& e) {
    lease->discard();
    return Error::unavailable(trimmed_message(e.what()));
  } catch (const std::exception& e) {
    return Error::invalid(trimmed_message(e.what()));
  }
}

}  // namespace dpc::store
