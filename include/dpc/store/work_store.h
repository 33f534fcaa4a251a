// PostgreSQL implementation of the engine's WorkStore port (user and external tasks).
#pragma once

#include <memory>

#include "dpc/engine/work_queries.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the returned store.
std::unique_ptr<engine::WorkStore> make_work_store(Database& db);

}  // namespace dpc::store
