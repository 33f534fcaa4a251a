// PostgreSQL implementation of the engine's TaskFilterStore port (table task_filter).
#pragma once

#include <memory>

#include "dpc/engine/task_filters.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the returned store.
std::unique_ptr<engine::TaskFilterStore> make_task_filter_store(Database& db);

}  // namespace dpc::store
