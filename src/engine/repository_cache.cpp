// RepositoryService's memory of parsed models, for the execution engine. A definition id
// names one immutable XML, so a cached model never goes stale; it is dropped only when the
// definition is deleted. Reads take a shared lock; a miss parses outside any lock (two
// threads may parse the same model once each; the first one stored wins).
#include <mutex>

#include <spdlog/spdlog.h>

#include "dpc/bpmn/parser.h"
#include "dpc/engine/repository.h"

namespace dpc::engine {

Result<DeployedDefinition> RepositoryService::deployed(const std::string& definition_id) {
  auto def = definition(definition_id);
  if (!def) return def.error();
  auto model = model_of(*def);
  if (!model) return model.error();
  return DeployedDefinition{std::move(*def), std::move(*model)};
}

Result<DeployedDefinition> RepositoryService::latest_deployed(const std::string& key,
                                                              const std::string& tenant_id) {
  // Starting by key is the common case: remembering the answer saves a query per start.
  const std::string cache_key = tenant_id + "\n" + key;
  {
    std::shared_lock lock(cache_mu_);
    auto it = latest_.find(cache_key);
    if (it != latest_.end()) return it->second;
  }
  const std::uint64_t generation = latest_generation_.load();
  auto def = latest_definition(key, tenant_id);
  if (!def) return def.error();
  auto model = model_of(*def);
  if (!model) return model.error();
  DeployedDefinition found{std::move(*def), std::move(*model)};
  std::unique_lock lock(cache_mu_);
  if (latest_generation_.load() == generation) latest_[cache_key] = found;
  return found;
}

void RepositoryService::definitions_changed() {
  std::unique_lock lock(cache_mu_);
  ++latest_generation_;
  ++decisions_generation_;  // decisions' "latest" caches look again too
  latest_.clear();
}

void RepositoryService::changed() {
  definitions_changed();
  store_.announce_definitions_changed();
}

std::shared_ptr<const bpmn::ProcessDefinition> RepositoryService::process_definition(
    const std::string& definition_id) {
  {
    std::shared_lock lock(cache_mu_);
    auto it = models_.find(definition_id);
    if (it != models_.end()) return it->second;
  }
  auto d = deployed(definition_id);
  return d ? d->model : nullptr;
}

Result<std::shared_ptr<const bpmn::ProcessDefinition>> RepositoryService::model_of(
    const ProcessDefinitionRecord& definition) {
  {
    std::shared_lock lock(cache_mu_);
    auto it = models_.find(definition.id);
    if (it != models_.end()) return it->second;
  }
  auto resource = store_.resource_by_name(definition.deployment_id, definition.resource_name);
  if (!resource) return resource.error();
  if (!*resource) return Error::internal("resource " + definition.resource_name + " is missing");
  bpmn::ParseResult parsed = bpmn::parse_bpmn((*resource)->bytes);
  if (!parsed.ok()) {
    spdlog::error("stored process definition {} no longer parses", definition.id);
    return bpmn::to_parse_exception(definition.resource_name, parsed.report);
  }
  auto model = parsed.definitions->find_process(definition.key);
  if (!model) {
    return Error::internal("process " + definition.key + " not found in " + definition.resource_name);
  }
  remember(definition.id, model);
  // Another thread may have stored its own parse first (or dropped the entry already).
  std::shared_lock lock(cache_mu_);
  auto it = models_.find(definition.id);
  return it != models_.end() ? it->second : model;
}

void RepositoryService::remember(const std::string& definition_id,
                                 std::shared_ptr<const bpmn::ProcessDefinition> model) {
  std::unique_lock lock(cache_mu_);
  models_.emplace(definition_id, std::move(model));
}

void RepositoryService::forget(const std::vector<std::string>& definition_ids) {
  std::unique_lock lock(cache_mu_);
  for (const auto& id : definition_ids) models_.erase(id);
}

}  // namespace dpc::engine
