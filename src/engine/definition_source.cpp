#include "dpc/engine/definition_source.h"

namespace dpc::engine {

namespace {
std::shared_ptr<const DeployedProcess> to_process(const DeployedDefinition& d) {
  auto p = std::make_shared<DeployedProcess>();
  p->id = d.record.id;
  p->key = d.record.key;
  p->version = d.record.version;
  p->tenant_id = d.record.tenant_id;
  p->deployment_id = d.record.deployment_id;
  p->suspended = d.record.suspended;  // the current row: suspension applies at once
  p->model = d.model;
  return p;
}
}  // namespace

Result<std::shared_ptr<const DeployedProcess>> RepositoryDefinitionSource::process_by_id(
    const std::string& id) {
  auto d = repository_.deployed(id);
  if (!d) return d.error();
  return remember(*d);
}

Result<std::shared_ptr<const DeployedProcess>> RepositoryDefinitionSource::latest_process_by_key(
    const std::string& key) {
  auto d = repository_.latest_deployed(key);
  if (!d) {
    if (d.error().kind == ErrorKind::kNotFound) {
      return Error::not_found("No process definition found for key '" + key + "'");
    }
    return d.error();
  }
  return remember(*d);
}

std::shared_ptr<const DeployedProcess> RepositoryDefinitionSource::remember(
    const DeployedDefinition& d) {
  auto p = to_process(d);
  std::unique_lock lock(mu_);
  loaded_[p->id] = p;
  return p;
}

std::shared_ptr<const DeployedProcess> RepositoryDefinitionSource::cached_process(
    const std::string& id) {
  std::shared_lock lock(mu_);
  auto it = loaded_.find(id);
  return it == loaded_.end() ? nullptr : it->second;
}

}  // namespace dpc::engine
