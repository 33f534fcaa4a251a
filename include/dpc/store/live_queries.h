// PostgreSQL implementations of the live-event log (engine/live_events.h: the ui_event rows
// the triggers of migration 0015 write) and of the case-history queries
// (engine/case_history.h: taken sequence flows from engine_event, variable details from
// hi_var_update). Reads only, except prune. NOTIFY channel of new events: kLiveEventChannel
// (sent by the runtime store after a command's commit, by the incident triggers, and in the
// group commit's transaction; no payload).
#pragma once

#include <memory>

#include "dpc/engine/case_history.h"
#include "dpc/engine/live_events.h"
#include "dpc/store/database.h"

namespace dpc::store {

inline constexpr const char* kLiveEventChannel = "dpc_ui_event";

// `db` must outlive the results; both are thread-safe.
std::unique_ptr<engine::LiveEventLog> make_live_event_log(Database& db);
std::unique_ptr<engine::CaseHistoryQueries> make_case_history_queries(Database& db);

}  // namespace dpc::store
