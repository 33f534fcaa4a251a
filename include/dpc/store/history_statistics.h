// The PostgreSQL implementation of engine/history_statistics.h (hi_act_inst and hi_incident
// counted per activity of one definition).
#pragma once

#include <memory>

#include "dpc/engine/history_statistics.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the result; it is thread-safe.
std::unique_ptr<engine::HistoryStatisticsQueries> make_history_statistics_queries(Database& db);

}  // namespace dpc::store
