// The user operation log's queries on PostgreSQL (table user_op_log, migration 0016).
#pragma once

#include <memory>

#include "dpc/engine/user_operation_log.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the store.
std::unique_ptr<engine::UserOperationLogStore> make_user_operation_store(Database& db);

}  // namespace dpc::store
