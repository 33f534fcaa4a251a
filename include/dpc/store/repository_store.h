// PostgreSQL implementation of the engine's RepositoryStore port (deployments, resources,
// process definitions, decision definitions; tables from migrations/0002_repository.sql and
// 0005_decisions.sql). Thread-safe: every call and every transaction takes its own pooled
// connection. Database failures come back as
// kUnavailable (connection lost) or kInternal (SQL error, logged with the statement).
#pragma once

#include <memory>

#include "dpc/engine/repository.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the returned store.
std::unique_ptr<engine::RepositoryStore> make_repository_store(Database& db);

}  // namespace dpc::store
