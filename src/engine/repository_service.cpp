// RepositoryService::deploy: parse and validate first, then store everything in one
// transaction (duplicate filtering, version assignment under per-key locks, inserts).
#include <algorithm>
#include <set>

#include <spdlog/spdlog.h>

#include "dpc/bpmn/parser.h"
#include "dpc/core/strings.h"
#include "dpc/core/user_operation.h"
#include "dpc/core/time_format.h"
#include "dpc/dmn/model_parser.h"
#include "dpc/engine/executable_check.h"
#include "dpc/engine/repository.h"

#include "form_repository.h"
#include "timer_start.h"

namespace dpc::engine {

namespace {

// A process found in one of the deployment's BPMN resources.
struct ParsedProcess {
  std::shared_ptr<const bpmn::ProcessDefinition> model;
  std::string resource_name;
  std::string category;
};

// The decisions of one DMN resource.
struct ParsedDecisions {
  std::shared_ptr<const dmn::Model> model;
  std::string resource_name;
};

// The problem report of a DMN resource that does not parse (the DMN parser gives one message).
bpmn::ProblemReport dmn_report(const Error& e) {
  bpmn::ProblemReport report;
  bpmn::Problem p;
  p.message = "Unable to transform DMN resource: " + e.message;
  report.errors.push_back(std::move(p));
  return report;
}

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

// Versions and inserts the decisions of the deployed DMN resources (keys locked in order).
Status store_decisions(RepositoryTransaction& tx, const std::vector<const DeploymentResource*>& to_deploy,
                       const std::map<std::string, ParsedDecisions>& parsed,
                       const DeploymentRecord& d, std::vector<DecisionDefinitionRecord>& out) {
  std::vector<std::pair<const dmn::Decision*, const ParsedDecisions*>> decisions;
  for (const auto* r : to_deploy) {
    auto it = parsed.find(r->name);
    if (it == parsed.end()) continue;
    for (const auto& dec : it->second.model->decisions) decisions.emplace_back(&dec, &it->second);
  }
  std::sort(decisions.begin(), decisions.end(),
            [](const auto& a, const auto& b) { return a.first->id < b.first->id; });
  for (const auto& [dec, file] : decisions) {
    auto latest_version = tx.lock_latest_decision_version(dec->id, d.tenant_id);
    if (!latest_version) return latest_version.error();
    DecisionDefinitionRecord rec;
    rec.key = dec->id;
    rec.version = *latest_version + 1;
    rec.id = rec.key + ":" + std::to_string(rec.version) + ":" + new_uuid();
    rec.name = dec->name;
    rec.version_tag = dec->version_tag;
    rec.history_ttl_days = dec->history_time_to_live_days;
    rec.category = file->model->ns;
    rec.resource_name = file->resource_name;
    rec.deployment_id = d.id;
    rec.tenant_id = d.tenant_id;
    rec.deploy_time = d.deploy_time;
    out.push_back(std::move(rec));
  }
  if (out.empty()) return {};
  return tx.insert_decisions(out);
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

  auto form_ids = read_forms(form_reader_, request.resources);
  if (!form_ids) return form_ids.error();

  // Parse every BPMN resource before touching the database.
  std::map<std::string, bpmn::ProblemReport> reports;
  std::map<std::string, std::vector<ParsedProcess>> processes_by_resource;
  bool failed = false;
  std::map<std::string, ParsedDecisions> decisions_by_resource;
  for (const auto& r : request.resources) {
    if (is_dmn_resource(r.name)) {
      auto model = dmn::parse_model(r.bytes);
      if (!model) {
        failed = true;
        reports[r.name] = dmn_report(model.error());
      } else {
        decisions_by_resource[r.name] = {*model, r.name};
      }
      continue;
    }
    if (!is_bpmn_resource(r.name)) continue;
    bpmn::ParseResult parsed = bpmn::parse_bpmn(r.bytes);
    // Logged as Camunda 7 logs its parse warnings (an unreachable element, no historyTimeToLive...).
    for (const auto& w : parsed.report.warnings) spdlog::warn("deploying {}: {} (line {})", r.name, w.message, w.line);
    if (parsed.ok()) {
      // What parses but this engine cannot run fails the deployment too; what it accepts
      // but ignores for now is logged.
      for (const auto& p : parsed.definitions->processes) {
        bpmn::ProblemReport engine = check_executable(*p);
        for (auto& w : engine.warnings) {
          spdlog::warn("deploying {}: {} (line {})", r.name, w.message, w.line);
          parsed.report.warnings.push_back(std::move(w));
        }
        for (auto& e : engine.errors) parsed.report.errors.push_back(std::move(e));
      }
      if (!parsed.report.errors.empty()) parsed.definitions = nullptr;
    }
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
  std::set<std::string> decision_keys;
  for (const auto& [resource, parsed] : decisions_by_resource) {
    for (const auto& dec : parsed.model->decisions) {
      if (!decision_keys.insert(dec.id).second) {
        return Error::invalid("The deployment contains decisions with the same key '" + dec.id +
                              "' (id attribute), this is not allowed", "ProcessEngineException");
      }
    }
  }
  std::map<std::string, std::string> hashes;
  for (const auto& r : request.resources) hashes[r.name] = sha256_hex(r.bytes);

  DeploymentResult result;
  size_t stored_resources = 0;
  std::vector<std::pair<std::string, std::shared_ptr<const bpmn::ProcessDefinition>>> models;
  // Camunda's Create entry of the deployment, written by the store with the insert (only
  // when something is deployed: a filtered duplicate logs nothing).
  UserOperation op;
  op.type = "Create";
  op.entity_type = "Deployment";
  op.category = kCategoryOperator;
  op.changes = {{"duplicateFilterEnabled", std::nullopt, filtering ? "true" : "false"}};
  if (filtering) op.changes.push_back({"deployChangedOnly", std::nullopt, request.deploy_changed_only ? "true" : "false"});
  UserOperationScope logged(std::move(op));
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
      // The new latest version's timer start events replace the previous version's.
      auto timers = start_timer_jobs(*p->model, def, d.deploy_time);
      if (!timers) return timers.error();
      if (auto st = tx.replace_start_timers(def.key, def.tenant_id, *timers); !st) return st;
    }
    stored_resources = resources.size();
    if (UserOperation* pending = pending_user_operation()) pending->context.deployment_id = d.id;
    if (auto st = tx.insert(d, resources, result.definitions); !st) return st;
    if (auto st = store_forms(tx, to_deploy, *form_ids, d); !st) return st;
    return store_decisions(tx, to_deploy, decisions_by_resource, d, result.decisions);
  });
  if (!stored) return stored.error();
  for (auto& [id, model] : models) remember(id, std::move(model));
  if (!result.decisions.empty()) {
    std::unique_lock lock(cache_mu_);
    for (const auto& dec : result.decisions) {
      auto it = decisions_by_resource.find(dec.resource_name);
      if (it != decisions_by_resource.end()) {
        dmn_models_.emplace(dec.deployment_id + "/" + dec.resource_name, it->second.model);
      }
    }
    ++decisions_generation_;
  }
  if (result.created) {
    changed();  // a new latest version for its keys
    spdlog::info("deployed {} ('{}'): {} resource(s), {} process definition(s)",
                 result.deployment.id, result.deployment.name, stored_resources,
                 result.definitions.size());
    if (!result.decisions.empty()) {
      spdlog::info("deployed {}: {} decision definition(s)", result.deployment.id,
                   result.decisions.size());
    }
  }
  return result;
}

}  // namespace dpc::engine
