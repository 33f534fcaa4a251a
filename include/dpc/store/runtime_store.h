// PostgreSQL implementation of the engine's RuntimeStore port (process execution state and
// history). Thread-safe; each transaction takes its own pooled connection.
#pragma once

#include <memory>

#include "dpc/engine/runtime_store.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the returned store.
std::unique_ptr<engine::RuntimeStore> make_runtime_store(Database& db);

}  // namespace dpc::store
