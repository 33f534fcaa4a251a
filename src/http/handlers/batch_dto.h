// Camunda's BatchDto and HistoricBatchDto (batch_routes.cpp), also for executeAsync.
#pragma once

#include <nlohmann/json.hpp>

#include "dpc/core/user_operation.h"
#include "dpc/engine/batches.h"

namespace dpc::http {

// `history`: the historic shape (endTime, removalTime) instead of the runtime one
// (jobsCreated, suspended).
nlohmann::json batch_dto(const engine::BatchRecord& b, bool history);

// The user operation of an asynchronous operation (async, nrOfInstances, `changes`).
UserOperation batch_operation(const char* type, const char* entity_type, size_t items,
                              std::vector<PropertyChange> changes);

}  // namespace dpc::http
