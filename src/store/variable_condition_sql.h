// One variable condition (engine::VariableCondition) as an SQL condition on a row `v` of the
// variable table, compared by the value's kind: shared by the process instance query and the
// task query, which wrap it in EXISTS over the variables they mean.
#pragma once

#include <string>

#include <pqxx/pqxx>

#include "dpc/engine/work_queries.h"

namespace dpc::store {

std::string variable_value_condition(pqxx::connection_base& c, const engine::VariableCondition& cond);

}  // namespace dpc::store
