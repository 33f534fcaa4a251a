// Writing user operation log entries (dpc/core/user_operation.h), private to the store
// module: into a command's SqlBatch (the runtime store, with the rest of its ChangeSet), or
// straight into the transaction of another store's operation (its write hook).
#pragma once

#include <vector>

#include <pqxx/pqxx>

#include "dpc/core/user_operation.h"
#include "sql_batch.h"

namespace dpc::store {

// Appends the INSERT of `entries` to `b` (nothing when empty).
void add_user_operations(SqlBatch& b, const std::vector<UserOperationEntry>& entries);

// The write hook of the stores other than the runtime store: writes this thread's pending
// user operation (if any, and if a user is authenticated) in `tx`, before the store method
// commits it. Call it in every store method that performs a logged operation, after its own
// writes succeeded.
void write_user_operation(pqxx::transaction_base& tx);

}  // namespace dpc::store
