// RepositoryService: reads, deletes and suspension of deployments and process definitions.
// Each call is a thin rule layer over the RepositoryStore (not-found messages as Camunda
// words them, instance handling through the optional DefinitionUsage port).
#include "dpc/core/user_operation.h"
#include "dpc/engine/repository.h"
#include "operation_log.h"

namespace dpc::engine {

namespace {

Error no_deployment(const std::string& id) {
  return Error::not_found("Deployment with id '" + id + "' does not exist");
}

Error no_definition(const std::string& id) {
  return Error::not_found("No matching definition with id " + id);
}

}  // namespace

Result<std::vector<DeploymentRecord>> RepositoryService::deployments(const DeploymentQuery& q) {
  return store_.deployments(q);
}

Result<long long> RepositoryService::count_deployments(const DeploymentQuery& q) {
  return store_.count_deployments(q);
}

Result<DeploymentRecord> RepositoryService::deployment(const std::string& id) {
  auto d = store_.deployment(id);
  if (!d) return d.error();
  if (!*d) return no_deployment(id);
  return std::move(**d);
}

Result<std::vector<ResourceRecord>> RepositoryService::resources(const std::string& deployment_id) {
  auto d = deployment(deployment_id);
  if (!d) return d.error();
  return store_.resources(deployment_id);
}

Result<ResourceRecord> RepositoryService::resource(const std::string& deployment_id,
                                                   const std::string& resource_id) {
  auto r = store_.resource(deployment_id, resource_id);
  if (!r) return r.error();
  if (!*r) {
    return Error::not_found("Deployment resource with resource id '" + resource_id +
                            "' for deployment id '" + deployment_id + "' does not exist.");
  }
  return std::move(**r);
}

namespace {

// The user operation log descriptions of the repository's changes (operation_log.h); the
// store writes them in the change's transaction.
UserOperation repository_operation(const char* type, const char* entity_type,
                                   std::vector<PropertyChange> changes) {
  return operation(type, entity_type, kCategoryOperator, std::move(changes));
}

const char* flag(bool b) { return b ? "true" : "false"; }

UserOperation definition_suspension(bool suspended, bool include_instances) {
  return repository_operation(suspended ? "SuspendProcessDefinition" : "ActivateProcessDefinition",
                              "ProcessDefinition",
                              {{"suspensionState", std::nullopt, suspended ? "suspended" : "active"},
                               {"includeProcessInstances", std::nullopt, flag(include_instances)}});
}

}  // namespace

Status RepositoryService::delete_deployment(const std::string& id, bool cascade) {
  auto d = deployment(id);
  if (!d) return d.error();
  UserOperationScope logged(repository_operation("Delete", "Deployment", {{"cascade", std::nullopt, flag(cascade)}}));
  logged.operation().context.deployment_id = id;
  ProcessDefinitionQuery q;
  q.deployment_id = id;
  auto defs = store_.definitions(q);
  if (!defs) return defs.error();
  std::vector<std::string> ids;
  for (const auto& def : *defs) ids.push_back(def.id);
  if (auto st = remove_instances(ids, cascade); !st) return st;
  auto deleted = store_.delete_deployment(id);
  if (!deleted) return deleted.error();
  forget(ids);
  changed();  // its definitions and decisions are gone: "latest" lookups must look again
  if (!*deleted) return no_deployment(id);
  return {};
}

Result<std::vector<ProcessDefinitionRecord>> RepositoryService::definitions(
    const ProcessDefinitionQuery& q) {
  return store_.definitions(q);
}

Result<long long> RepositoryService::count_definitions(const ProcessDefinitionQuery& q) {
  return store_.count_definitions(q);
}

Result<ProcessDefinitionRecord> RepositoryService::definition(const std::string& id) {
  auto d = store_.definition(id);
  if (!d) return d.error();
  if (!*d) return no_definition(id);
  return std::move(**d);
}

Result<ProcessDefinitionRecord> RepositoryService::latest_definition(const std::string& key,
                                                                     const std::string& tenant_id) {
  ProcessDefinitionQuery q;
  q.key = key;
  q.latest_version = true;
  if (tenant_id.empty()) q.without_tenant_id = true;
  else q.tenant_ids = {tenant_id};
  q.sorting = {{"version", true}};
  q.page.max_results = 1;
  auto found = store_.definitions(q);
  if (!found) return found.error();
  if (found->empty()) {
    return Error::not_found("No matching process definition with key: " + key +
                            (tenant_id.empty() ? " and no tenant-id" : " and tenant-id " + tenant_id));
  }
  return std::move(found->front());
}

Result<std::string> RepositoryService::definition_xml(const std::string& id) {
  auto def = definition(id);
  if (!def) return def.error();
  auto r = store_.resource_by_name(def->deployment_id, def->resource_name);
  if (!r) return r.error();
  if (!*r) return Error::internal("the resource of definition " + id + " is missing");
  return std::move((*r)->bytes);
}

Status RepositoryService::delete_definition(const std::string& id, bool cascade) {
  auto def = definition(id);
  if (!def) return def.error();
  UserOperationScope logged(repository_operation("Delete", "ProcessDefinition", {{"cascade", std::nullopt, flag(cascade)}}));
  logged.operation().context.process_definition_id = id;
  logged.operation().context.process_definition_key = def->key;
  logged.operation().context.deployment_id = def->deployment_id;
  if (auto st = remove_instances({id}, cascade); !st) return st;
  auto deleted = store_.delete_definition(id);
  if (!deleted) return deleted.error();
  forget({id});
  changed();
  if (!*deleted) return no_definition(id);
  return {};
}

Status RepositoryService::set_definition_suspended(const std::string& id, bool suspended,
                                                   bool include_instances) {
  auto def = definition(id);
  if (!def) return def.error();
  UserOperationScope logged(definition_suspension(suspended, include_instances));
  logged.operation().context.process_definition_id = id;
  logged.operation().context.process_definition_key = def->key;
  logged.operation().context.deployment_id = def->deployment_id;
  if (auto st = store_.set_suspended({id}, suspended); !st) return st;
  changed();  // cached latest versions carry the suspension state
  if (include_instances && usage_) return usage_->set_instances_suspended({id}, suspended);
  return {};
}

Status RepositoryService::set_key_suspended(const std::string& key, bool suspended,
                                            bool include_instances) {
  ProcessDefinitionQuery q;
  q.key = key;
  auto defs = store_.definitions(q);
  if (!defs) return defs.error();
  if (defs->empty()) {
    return Error::not_found("No matching process definition with key: " + key);
  }
  std::vector<std::string> ids;
  for (const auto& d : *defs) ids.push_back(d.id);
  UserOperationScope logged(definition_suspension(suspended, include_instances));
  logged.operation().context.process_definition_key = key;  // every version: no id
  if (auto st = store_.set_suspended(ids, suspended); !st) return st;
  changed();
  if (include_instances && usage_) return usage_->set_instances_suspended(ids, suspended);
  return {};
}

Status RepositoryService::remove_instances(const std::vector<std::string>& definition_ids,
                                           bool cascade) {
  if (!usage_ || definition_ids.empty()) return {};
  if (cascade) return usage_->delete_instances(definition_ids);
  auto running = usage_->running_instances(definition_ids);
  if (!running) return running.error();
  if (*running > 0) {
    return Error::conflict("Deletion of process definition without cascading failed: " +
                               std::to_string(*running) + " process instance(s) still running",
                           "ProcessEngineException");
  }
  return {};
}

}  // namespace dpc::engine
