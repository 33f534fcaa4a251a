// The PostgreSQL implementation of analytics::AnalyticsStore: reads hi_proc_inst,
// hi_act_inst, hi_var_update, incident and the engine_event log (indexes of migration 0020).
#pragma once

#include <memory>

#include "dpc/analytics/analytics_store.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the result; thread-safe.
std::unique_ptr<analytics::AnalyticsStore> make_analytics_store(Database& db);

}  // namespace dpc::store
