// The PostgreSQL implementation of analytics::AnalyticsStore: reads hi_proc_inst,
// hi_act_inst, hi_var_update, incident and the engine_event log (indexes of migration 0020).
#pragma once

#include <memory>

#include "dpc/analytics/analytics_store.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the result; thread-safe. `read_db` (when not null, e.g. a streaming
// replica; must outlive the result too) serves the reads; analytics_fold() always runs on `db`.
std::unique_ptr<analytics::AnalyticsStore> make_analytics_store(Database& db, Database* read_db = nullptr);

}  // namespace dpc::store
