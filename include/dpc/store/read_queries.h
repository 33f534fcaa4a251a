// PostgreSQL implementation of the engine's RuntimeReadQueries port: the read-only views
// of running instances, history, incidents and statistics behind the Camunda REST lists.
// Reads only; never locks a row, so it never waits for a running command.
#pragma once

#include <memory>

#include "dpc/engine/history_queries.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the returned queries. The result is thread-safe.
std::unique_ptr<engine::RuntimeReadQueries> make_read_queries(Database& db);

}  // namespace dpc::store
