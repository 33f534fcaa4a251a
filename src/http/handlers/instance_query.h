// The process instance and job queries of the list resources, shared with the batch
// operations that take a processInstanceQuery or a jobQuery.
#pragma once

#include <nlohmann/json.hpp>

#include "dpc/engine/history_queries.h"
#include "dpc/engine/job_queries.h"
#include "dpc/http/params.h"

namespace dpc::http {

Result<engine::ProcessInstanceQuery> instance_query(const Params& p, const nlohmann::json* body);
// The job query of GET /job (job_routes.cpp), for jobQuery.
Result<engine::JobQuery> job_query(const Params& p, engine::Millis now);

}  // namespace dpc::http
