// PostgreSQL implementations of the engine's JobStore port (acquisition, failures, retries)
// and JobQueries (the /job reads).
#pragma once

#include <memory>

#include "dpc/engine/job_queries.h"
#include "dpc/engine/jobs.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the returned store.
std::unique_ptr<engine::JobStore> make_job_store(Database& db);
// Reads of jobs for /job (job_queries.cpp). `db` must outlive it.
std::unique_ptr<engine::JobQueries> make_job_queries(Database& db);

}  // namespace dpc::store
