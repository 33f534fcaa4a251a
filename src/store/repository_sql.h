// SQL for the repository tables, private to the store module: column lists, row readers and
// the WHERE/ORDER BY/LIMIT builders of the deployment and process-definition queries. Every
// value goes in as a $n parameter; sort columns come from a fixed map.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "dpc/engine/repository.h"
#include "sql_conditions.h"

namespace dpc::store {

inline constexpr const char* kDeploymentColumns = "id, name, source, tenant_id, deploy_time";
inline constexpr const char* kDefinitionColumns =
    "id, key, version, name, category, description, resource_name, deployment_id, version_tag, "
    "history_ttl, startable_in_tasklist, suspended, tenant_id, deploy_time";

inline constexpr const char* kDecisionColumns =
    "id, key, version, name, category, resource_name, deployment_id, version_tag, history_ttl, "
    "tenant_id, deploy_time";

engine::DecisionDefinitionRecord read_decision(const pqxx::row& r);
engine::DeploymentRecord read_deployment(const pqxx::row& r);
engine::ProcessDefinitionRecord read_definition(const pqxx::row& r);

// "SELECT <columns> FROM deployment WHERE ... ORDER BY ... LIMIT ..." (or a count).
SqlQuery deployment_select(const engine::DeploymentQuery& q, bool count);
SqlQuery definition_select(const engine::ProcessDefinitionQuery& q, bool count);
SqlQuery decision_select(const engine::DecisionDefinitionQuery& q, bool count);

// NULL for "", for nullable text columns.
inline const char* nullable(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

}  // namespace dpc::store
