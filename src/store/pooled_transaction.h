// The one way store code runs SQL: a transaction on a pooled connection, with database
// failures mapped to Errors. A lost connection gives kUnavailable (and the connection is not
// returned to the pool); an SQL error gives kInternal and is logged with its query.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "connection_pool.h"
#include "dpc/core/result.h"
#include "dpc/store/database.h"

namespace dpc::store {

// A server message without its trailing newline.
inline std::string trimmed_message(std::string msg) {
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  return msg;
}

// Runs `body(tx)` in a `Tx` (pqxx::work unless given). `body` returns a Result<T> (or a T):
// an error rolls the transaction back, anything else commits it. `who` names the caller in
// the log.
template <typename T, typename Tx = pqxx::work, typename F>
Result<T> in_transaction(Database& db, std::string_view who, F&& body) {
  auto lease = db.pool().acquire();
  if (!lease) return lease.error();
  try {
    Tx tx(**lease);
    Result<T> out = body(tx);
    if (out) tx.commit();  // when destroyed uncommitted, tx rolls back
    return out;
  } catch (const pqxx::broken_connection& e) {
    lease->discard();
    return Error::unavailable("database connection lost: " + trimmed_message(e.what()));
  } catch (const pqxx::in_doubt_error& e) {
    // The connection broke during COMMIT (e.g. the database stopping under a job executor
    // thread at shutdown): unknown whether it took, and not a reason to bring the node down.
    lease->discard();
    return Error::unavailable("database connection lost while committing: " + trimmed_message(e.what()));
  } catch (const pqxx::sql_error& e) {
    spdlog::error("{}: {} (query: {:.300})", who, trimmed_message(e.what()), e.query());
    return Error::internal("database error: " + trimmed_message(e.what()));
  }
}

}  // namespace dpc::store
