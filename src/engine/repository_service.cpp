// RepositoryService::deploy: parse and validate first, then store everything in one
// transaction (duplicate filtering, version assignment under per-key locks, inserts).
#include <algorithm>
#include <set>

#include <spdlog/spdlog.h>

#include "dpc/bpmn/parser.h"
#include "dpc/core/strings.h"
#include "dpc/core/time_format.h"
#include "dpc/engine/repository.h"

namespace dpc::engine {

namespace {

// A process found in one of the deployment's BPMN resources.
struct ParsedProcess {
  std::shared_ptr<const bpmn::ProcessDefinition> model;
  std::string resource_name;
  std::string category;
};

// Camunda's ParseException message for all failed resources together.
Error combined_parse_error(const std::map<std::string, bpmn::ProblemReport>& failed) {
  static const std::string kPrefix = "ENGINE-09005 Could not parse BPMN process. Errors: ";
  std::string message = kPrefix;
  for (const auto& [name, report] : failed) {
    if (report.errors.empty()) continue;
    std::string one = bpmn::to_parse_exception(name, report).message;
    message += one.compare(0, kPrefix.size(), kPrefix) == 0 ? one.substr(kPrefix.size()) : one;
  }
  return Error::invalid(std::move(message), "ParseException");
}

}  // namespace

RepositoryService::RepositoryService(RepositoryStore& store, Clock clock)
    : store_(store), clock_(clock ? std::move(clock) : Clock(&now_millis)) {}

Result<DeploymentResult> RepositoryService::deploy(const DeploymentRequest& request,
                                                   DeploymentProblems* problems) {
  if (request.resources.empty()) {
    return Error::invalid("Deployment must contain at least one resource");
  }
  std::set<std::string> names;
  for (const auto& r : request.resources) {
    if (r.name.empty()) return Error::invalid("Deployment resource without a name");
    if (!names.insert(r.name).second) {
      return Error::invalid("Deployment contains the resource '" + r.name + "' twice");
    }
  }
  const bool filtering = request.enable_duplicate_filtering || request.deploy_changed_only;
  if (filtering && request.name.empty()) {
    return Error::invalid("Duplicate filtering needs a deployment name (deployment-name)");
  }

  // Parse every BPMN resource before touching the database.
  std::map<std::string, bpmn::ProblemReport> reports;
  std::map<std::string, std::vector<ParsedProcess>> processes_by_resource;
  bool failed = false;
  for (const auto& r : request.resources) {
    if (!is_bpmn_resource(r.name)) continue;
    bpmn::ParseResult parsed = bpmn::parse_bpmn(r.bytes);
    if (!parsed.ok()) failed = true;
    if (!parsed.report.errors.empty() || !parsed.report.warnings.empty()) {
      reports[r.name] = parsed.report;
    }
    if (!parsed.ok()) continue;
    for (const auto& p : parsed.definitions->processes) {
      processes_by_resource[r.name].push_back({p, r.name, parsed.definitions->target_namespace});
    }
  }
  if (failed) {
    std::map<std::string, bpmn::ProblemReport> failed_reports;
    for (const auto& [name, report] : reports) {
      if (!report.errors.empty()) failed_reports[name] = report;
    }
    Error error = combined_parse_error(failed_reports);
    if (problems) *problems = {error, failed_reports};
    return error;
  }
  std::set<std::string> keys;
  for (const auto& [resource, list] : processes_by_resource) {
    for (const auto& p : list) {
      if (!keys.insert(p.model->id).second) {
        return Error::invalid("The deployment contains definitions with the same key '" +
                              p.model->id + "' (id attribute), this is not allowed",
                              "ProcessEngineException");
      }
    }
  }
  std::map<std::string, std::string> hashes;
  for (const auto& r : request.resources) hashes[r.name] = sha256_hex(r.bytes);

  DeploymentResult result;
  size_t stored_resources = 0;
  std::vector<std::pair<std::string, std::shared_ptr<const bpmn::ProcessDefinition>>> models;
  Status stored = store_.in_transaction([&](RepositoryTransaction& tx) -> Status {
    result = {};
    models.clear();
    std::vector<const DeploymentResource*> to_deploy;
    for (const auto& r : request.resources) to_deploy.push_back(&r);
    if (filtering) {
      if (auto st = tx.lock_deployment_name(request.name); !st) return st;
      auto latest = tx.latest_resource_hashes(request.name, request.source, request.tenant_id);
      if (!latest) return latest.error();
      std::vector<const DeploymentResource*> changed;
      for (const auto* r : to_deploy) {
        auto it = latest->find(r->name);
        if (it == latest->end() || it->second != hashes[r->name]) changed.push_back(r);
      }
      if (changed.empty()) {
        auto existing = tx.latest_deployment(request.name, request.source, request.tenant_id);
        if (!existing) return existing.error();
        if (*existing) {
          result.deployment = **existing;
          result.created = false;
          return {};
        }
      }
      if (request.deploy_changed_only) to_deploy = changed;
    }

    DeploymentRecord& d = result.deployment;
    d.id = new_uuid();
    d.name = request.name;
    d.source = request.source;
    d.tenant_id = request.tenant_id;
    d.deploy_time = clock_();
    std::vector<ResourceRecord> resources;
    std::vector<const ParsedProcess*> processes;
    for (const auto* r : to_deploy) {
      resources.push_back({new_uuid(), d.id, r->name, hashes[r->name], r->bytes});
      auto it = processes_by_resource.find(r->name);
      if (it == processes_by_resource.end()) continue;
      for (const auto& p : it->second) processes.push_back(&p);
    }
    // Keys are locked in one order so that concurrent deployments cannot deadlock.
    std::sort(processes.begin(), processes.end(),
              [](const ParsedProcess* a, const ParsedProcess* b) { return a->model->id < b->model->id; });
    for (const ParsedProcess* p : processes) {
      auto latest_version = tx.lock_latest_version(p->model->id, request.tenant_id);
      if (!latest_version) return latest_version.error();
      ProcessDefinitionRecord def;
      def.key = p->model->id;
      def.version = *latest_version + 1;
      def.id = def.key + ":" + std::to_string(def.version) + ":" + new_uuid();
      def.name = p->model->name;
      def.category = p->category;
      def.description = p->model->documentation;
      def.resource_name = p->resource_name;
      def.deployment_id = d.id;
      def.version_tag = p->model->version_tag;
      def.history_ttl_days = p->model->history_time_to_live_days;
      def.startable_in_tasklist = p->model->startable_in_tasklist;
      def.tenant_id = request.tenant_id;
      def.deploy_time = d.deploy_time;
      result.definitions.push_back(def);
      models.emplace_back(def.id, p->model);
    }
    stored_resources = resources.size();
    return tx.insert(d, resources, result.definitions);
  });
  if (!stored) return stored.error();
  for (auto& [id, model] : models) remember(id, std::move(model));
  if (result.created) {
    spdlog::info("deployed {} ('{}'): {} resource(s), {} process definition(s)",
                 result.deployment.id, result.deployment.name, stored_resources,
                 result.definitions.size());
  }
  return result;
}

}  // namespace dpc::engine
