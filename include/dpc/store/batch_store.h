// PostgreSQL implementation of the engine's BatchStore port (batches.h): the batch table and
// the batch's jobs in the job table; and the MigrationStore (instance_migration.h).
#pragma once

#include <memory>

#include "dpc/engine/batches.h"
#include "dpc/engine/instance_migration.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the returned store.
std::unique_ptr<engine::BatchStore> make_batch_store(Database& db);
// The rewrite of migrated instances (migration_store.cpp). `db` must outlive it.
std::unique_ptr<engine::MigrationStore> make_migration_store(Database& db);

}  // namespace dpc::store
