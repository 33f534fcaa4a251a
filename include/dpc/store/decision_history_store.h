// PostgreSQL implementation of the engine's DecisionHistoryStore port (table
// hi_decision_instance from migrations/0005_decisions.sql). Thread-safe: every call takes
// its own pooled connection. Database failures come back as kUnavailable or kInternal.
#pragma once

#include <memory>

#include "dpc/engine/decision_history.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the returned store.
std::unique_ptr<engine::DecisionHistoryStore> make_decision_history_store(Database& db);

}  // namespace dpc::store
