// The task query of GET/POST /engine-rest/task, shared with the filter resource (whose saved
// query is the same TaskQueryDto): reading the parameters, and the list or count of the
// tasks the caller may see (assigned, candidate, READ on the task or READ_TASK on its
// definition), filtered inside the SQL so counts and pages stay exact.
#pragma once

#include <vector>

#include "dpc/core/result.h"
#include "dpc/engine/work_queries.h"
#include "dpc/http/handlers/runtime_routes.h"
#include "dpc/http/params.h"

namespace dpc::http {

// Every filter, sort key and page of a TaskQueryDto. 400 naming the parameter when one is
// malformed (including taskVariables/processVariables: "name_op_value" in a query string,
// [{"name","operator","value"}] in JSON).
Result<engine::TaskQuery> task_query(const Params& p);

// The query with the caller's visibility applied.
Result<std::vector<engine::TaskRecord>> visible_tasks(RuntimeApi api, const Request& req,
                                                      engine::TaskQuery q);
Result<long long> count_visible_tasks(RuntimeApi api, const Request& req, engine::TaskQuery q);

}  // namespace dpc::http
