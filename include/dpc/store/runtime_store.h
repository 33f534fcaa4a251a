// PostgreSQL implementation of the engine's RuntimeStore port (process execution state and
// history). Thread-safe; each transaction takes its own pooled connection.
#pragma once

#include <cstddef>
#include <memory>

#include "dpc/engine/runtime_store.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the returned store. `pipeline_depth`: how many group-commit batches the
// writer may have under way at once on its connection (DPC_GROUP_PIPELINE).
std::unique_ptr<engine::RuntimeStore> make_runtime_store(Database& db, size_t pipeline_depth = 2);

}  // namespace dpc::store
