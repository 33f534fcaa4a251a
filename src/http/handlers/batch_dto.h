// Camunda's BatchDto and HistoricBatchDto (batch_routes.cpp), also for executeAsync.
#pragma once

#include <nlohmann/json.hpp>

#include "dpc/engine/batches.h"

namespace dpc::http {

// `history`: the historic shape (endTime, removalTime) instead of the runtime one
// (jobsCreated, suspended).
nlohmann::json batch_dto(const engine::BatchRecord& b, bool history);

}  // namespace dpc::http
