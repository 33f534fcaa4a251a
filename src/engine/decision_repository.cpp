// RepositoryService's decision definitions: queries, lookups by binding, the DMN XML, and
// the parsed DMN models (one per deployed resource, parsed on first use and kept: a
// resource's bytes never change).
#include <mutex>

#include <spdlog/spdlog.h>

#include "dpc/dmn/model_parser.h"
#include "dpc/engine/repository.h"

namespace dpc::engine {

namespace {

Error no_decision(const std::string& what) {
  return Error::not_found("no decision definition deployed with " + what);
}

std::string lookup_text(const DecisionLookup& l) {
  std::string out = "key = '" + l.key + "'";
  if (l.binding == "version" && l.version) out += ", version = '" + std::to_string(*l.version) + "'";
  if (l.binding == "versionTag") out += ", versionTag = '" + l.version_tag + "'";
  if (l.binding == "deployment") out += ", deploymentId = '" + l.deployment_id + "'";
  if (!l.tenant_id.empty()) out += ", tenant-id = '" + l.tenant_id + "'";
  return out;
}

}  // namespace

bool is_dmn_resource(const std::string& name) {
  return name.ends_with(".dmn") || name.ends_with(".dmn11.xml");
}

Result<std::vector<DecisionDefinitionRecord>> RepositoryService::decision_definitions(
    const DecisionDefinitionQuery& q) {
  return store_.decisions(q);
}

Result<long long> RepositoryService::count_decision_definitions(const DecisionDefinitionQuery& q) {
  return store_.count_decisions(q);
}

Result<DecisionDefinitionRecord> RepositoryService::decision_definition(const std::string& id) {
  DecisionDefinitionQuery q;
  q.id = id;
  auto found = store_.decisions(q);
  if (!found) return found.error();
  if (found->empty()) return no_decision("id = '" + id + "'");
  return std::move(found->front());
}

Result<DecisionDefinitionRecord> RepositoryService::find_decision_definition(
    const DecisionLookup& l) {
  DecisionDefinitionQuery q;
  q.key = l.key;
  if (l.tenant_id.empty()) q.without_tenant_id = true;
  else q.tenant_ids = {l.tenant_id};
  if (l.binding == "version") {
    if (!l.version) return Error::invalid("decision reference '" + l.key + "' has binding version but no version");
    q.version = *l.version;
  } else if (l.binding == "versionTag") {
    q.version_tag = l.version_tag;
  } else if (l.binding == "deployment") {
    q.deployment_id = l.deployment_id;
  } else {
    q.latest_version = true;
  }
  q.sorting = {{"version", true}};
  q.page.max_results = 1;
  auto found = store_.decisions(q);
  if (!found) return found.error();
  if (found->empty()) return no_decision(lookup_text(l));
  return std::move(found->front());
}

Result<std::string> RepositoryService::decision_xml(const std::string& id) {
  auto d = decision_definition(id);
  if (!d) return d.error();
  auto resource = store_.resource_by_name(d->deployment_id, d->resource_name);
  if (!resource) return resource.error();
  if (!*resource) return Error::internal("resource " + d->resource_name + " is missing");
  return std::move((*resource)->bytes);
}

Result<DeployedDecision> RepositoryService::deployed_decision(const DecisionDefinitionRecord& record) {
  const std::string cache_key = record.deployment_id + "/" + record.resource_name;
  {
    std::shared_lock lock(cache_mu_);
    auto it = dmn_models_.find(cache_key);
    if (it != dmn_models_.end()) return DeployedDecision{record, it->second};
  }
  auto resource = store_.resource_by_name(record.deployment_id, record.resource_name);
  if (!resource) return resource.error();
  if (!*resource) return Error::internal("resource " + record.resource_name + " is missing");
  auto model = dmn::parse_model((*resource)->bytes);
  if (!model) {
    spdlog::error("stored decision definition {} no longer parses: {}", record.id, model.error().message);
    return model.error();
  }
  std::unique_lock lock(cache_mu_);
  auto [it, inserted] = dmn_models_.emplace(cache_key, *model);
  return DeployedDecision{record, it->second};
}

}  // namespace dpc::engine
