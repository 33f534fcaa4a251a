// Rows of hi_decision_instance, private to the store module: written by the runtime
// store's command batches (business rule tasks) and by the decision history store.
#pragma once

#include <vector>

#include "dpc/engine/decision_history.h"
#include "sql_batch.h"

namespace dpc::store {

// Appends the INSERT of these records to `b` (nothing when empty).
void add_decision_instances(SqlBatch& b, const std::vector<engine::HistoricDecisionInstanceRecord>& records);

}  // namespace dpc::store
