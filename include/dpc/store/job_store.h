// PostgreSQL implementation of the engine's JobStore port (job acquisition for the executor).
#pragma once

#include <memory>

#include "dpc/engine/jobs.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the returned store.
std::unique_ptr<engine::JobStore> make_job_store(Database& db);

}  // namespace dpc::store
