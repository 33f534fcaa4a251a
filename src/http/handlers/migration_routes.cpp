// /engine-rest/migration: generate, validate, execute and executeAsync (batch_routes.h), in
// Camunda 7's shapes: plans with instructions, MigrationPlanValidationException and
// MigratingProcessInstanceValidationException carrying their validationReport.
#include <set>
#include <variant>

#include <nlohmann/json.hpp>

#include "dpc/engine/instance_migration.h"
#include "dpc/http/authorize.h"
#include "dpc/http/handlers/batch_routes.h"
#include "dpc/http/instance_authorization.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "batch_dto.h"
#include "instance_query.h"

namespace dpc::http {

using nlohmann::json;
using identity::Resource;
namespace perm = identity::perm;

namespace {

json instruction_dto(const engine::MigrationInstruction& i) {
  return {{"sourceActivityIds", i.source_activity_ids},
          {"targetActivityIds", i.target_activity_ids},
          {"updateEventTrigger", i.update_event_trigger}};
}

json plan_report_dto(const engine::MigrationPlanReport& r) {
  json reports = json::array();
  for (const auto& i : r.instruction_reports) {
    reports.push_back({{"instruction", instruction_dto(i.instruction)}, {"failures", i.failures}});
  }
  return {{"instructionReports", reports}, {"variableReports", json::object()}};
}

json instance_report_dto(const engine::MigrationInstanceReport& r) {
  json activities = json::array();
  for (const auto& a : r.activity_reports) {
    activities.push_back({{"migrationInstruction", a.instruction ? instruction_dto(*a.instruction) : json(nullptr)},
                          {"activityInstanceId", a.activity_instance_id},
                          {"failures", a.failures},
                          {"sourceScopeId", a.source_scope_id}});
  }
  return {{"processInstanceId", r.process_instance_id},
          {"failures", r.failures},
          {"activityInstanceValidationReports", activities},
          {"transitionInstanceValidationReports", json::array()}};
}

Response report_error(const char* type, const std::string& message, json report) {
  return json_ok(json{{"type", type}, {"message", message}, {"code", 400}, {"validationReport", std::move(report)}}, 400);
}

Status may_migrate(const Request& req, const engine::MigrationPlan& plan) {
  for (const auto& id : {plan.source_definition_id, plan.target_definition_id}) {
    if (auto st = authorize(req, Resource::kProcessDefinition, definition_key_of_id(id), perm::kMigrateInstance); !st) {
      return st;
    }
  }
  return {};
}

Result<json> object_body(const Request& req) {
  auto body = json_body(req);
  if (!body) return body.error();
  if (!body->is_object()) return Error::invalid("The request body must be a JSON object");
  return *body;
}

// The plan of an execute request, valid, or the response to send.
std::variant<engine::MigrationPlan, Response> valid_plan(BatchApi& api, const Request& req, const json& body) {
  if (!body.contains("migrationPlan") || !body["migrationPlan"].is_object()) {
    return error_response(Error::invalid("migrationPlan must be a JSON object"));
  }
  auto plan = engine::migration_plan_from_json(body["migrationPlan"].dump());
  if (!plan) return error_response(Error::invalid("migrationPlan." + plan.error().message));
  if (auto st = may_migrate(req, *plan); !st) return error_response(st.error());
  auto report = api.batches.migration().validate(*plan);
  if (!report) return error_response(report.error());
  if (!report->valid()) {
    return report_error("MigrationPlanValidationException",
                        "Migration plan is not valid: " + report->instruction_reports[0].failures.at(0),
                        plan_report_dto(*report));
  }
  return *plan;
}

// processInstanceIds plus what processInstanceQuery finds, without duplicates.
Result<std::vector<std::string>> instances_of(BatchApi& api, const json& body) {
  std::vector<std::string> ids;
  if (body.contains("processInstanceIds") && !body["processInstanceIds"].is_null()) {
    if (!body["processInstanceIds"].is_array()) return Error::invalid("processInstanceIds must be an array of ids");
    for (const auto& v : body["processInstanceIds"]) {
      if (!v.is_string()) return Error::invalid("processInstanceIds must be an array of ids");
      ids.push_back(v.get<std::string>());
    }
  }
  if (body.contains("processInstanceQuery") && !body["processInstanceQuery"].is_null()) {
    const json& qj = body["processInstanceQuery"];
    if (!qj.is_object()) return Error::invalid("processInstanceQuery must be a JSON object");
    auto q = instance_query(Params::from_json(qj), &qj);
    if (!q) return Error::invalid("processInstanceQuery: " + q.error().message);
    auto found = api.instances.process_instances(*q);
    if (!found) return found.error();
    for (const auto& p : *found) ids.push_back(p.id);
  }
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (auto& id : ids) {
    if (seen.insert(id).second) out.push_back(std::move(id));
  }
  if (out.empty()) return Error::invalid("processInstanceIds is empty: give processInstanceIds or a processInstanceQuery that finds instances");
  return out;
}

}  // namespace

void add_migration_routes(Router& router, BatchApi api) {
  router.add(Method::kPost, "/engine-rest/migration/generate", [api](Request& req) mutable {
    auto body = object_body(req);
    if (!body) return error_response(body.error());
    std::string ids[2];
    const char* fields[2] = {"sourceProcessDefinitionId", "targetProcessDefinitionId"};
    for (int i = 0; i < 2; ++i) {
      if (!body->contains(fields[i]) || !(*body)[fields[i]].is_string() || (*body)[fields[i]].get<std::string>().empty()) {
        return error_response(Error::invalid(std::string(fields[i]) + " must be a non-empty string"));
      }
      ids[i] = (*body)[fields[i]].get<std::string>();
      if (auto st = authorize(req, Resource::kProcessDefinition, definition_key_of_id(ids[i]), perm::kRead); !st) {
        return error_response(st.error());
      }
    }
    bool update = false;
    if (body->contains("updateEventTriggers") && !(*body)["updateEventTriggers"].is_null()) {
      if (!(*body)["updateEventTriggers"].is_boolean()) {
        return error_response(Error::invalid("updateEventTriggers must be true or false"));
      }
      update = (*body)["updateEventTriggers"].get<bool>();
    }
    auto plan = api.batches.migration().generate(ids[0], ids[1], update);
    if (!plan) return error_response(plan.error());
    return json_ok(json::parse(engine::migration_plan_to_json(*plan)));
  });

  router.add(Method::kPost, "/engine-rest/migration/validate", [api](Request& req) mutable {
    auto body = object_body(req);
    if (!body) return error_response(body.error());
    auto plan = engine::migration_plan_from_json(body->dump());
    if (!plan) return error_response(plan.error());
    for (const auto& id : {plan->source_definition_id, plan->target_definition_id}) {
      if (auto st = authorize(req, Resource::kProcessDefinition, definition_key_of_id(id), perm::kRead); !st) {
        return error_response(st.error());
      }
    }
    auto report = api.batches.migration().validate(*plan);
    if (!report) return error_response(report.error());
    return json_ok(plan_report_dto(*report));
  });

  router.add(Method::kPost, "/engine-rest/migration/execute", [api](Request& req) mutable {
    auto body = object_body(req);
    if (!body) return error_response(body.error());
    auto plan = valid_plan(api, req, *body);
    if (auto* r = std::get_if<Response>(&plan)) return std::move(*r);
    const auto& p = std::get<engine::MigrationPlan>(plan);
    auto ids = instances_of(api, *body);
    if (!ids) return error_response(ids.error());
    // Every instance is checked before the first one moves (Camunda migrates all or none).
    for (const auto& id : *ids) {
      auto report = api.batches.migration().validate_instance(id, p);
      if (!report) return error_response(report.error());
      if (!report->valid()) {
        return report_error("MigratingProcessInstanceValidationException",
                            "Cannot migrate process instance '" + id + "'", instance_report_dto(*report));
      }
    }
    UserOperation op = batch_operation("Migrate", "ProcessInstance", ids->size(),
                                       {{"processDefinitionId", p.source_definition_id, p.target_definition_id}});
    op.changes.back().new_value = "false";  // async
    UserOperationScope log(std::move(op));
    for (const auto& id : *ids) {
      if (auto st = api.batches.migration().migrate(id, p); !st) return error_response(st.error());
    }
    return Response::no_content();
  });

  router.add(Method::kPost, "/engine-rest/migration/executeAsync", [api](Request& req) mutable {
    auto body = object_body(req);
    if (!body) return error_response(body.error());
    auto plan = valid_plan(api, req, *body);
    if (auto* r = std::get_if<Response>(&plan)) return std::move(*r);
    auto ids = instances_of(api, *body);
    if (!ids) return error_response(ids.error());
    if (auto st = authorize(req, Resource::kBatch, "*", perm::kCreate); !st) return error_response(st.error());
    json config = {{"migrationPlan", json::parse(engine::migration_plan_to_json(std::get<engine::MigrationPlan>(plan)))}};
    const auto& mp = std::get<engine::MigrationPlan>(plan);
    UserOperationScope log(batch_operation("Migrate", "ProcessInstance", ids->size(),
                                           {{"processDefinitionId", mp.source_definition_id, mp.target_definition_id}}));
    auto b = api.batches.create(engine::kBatchMigration, *ids, config.dump(), req.principal ? req.principal->user_id : "");
    if (!b) return error_response(b.error());
    return json_ok(batch_dto(*b, false));
  });

  // dpc's own dry run for the Cockpit's migration screen: which of the instances a valid plan
  // would move cannot be moved, and why (Camunda's MigratingProcessInstanceValidationReport per
  // instance), without changing any. At most kChecked instances are looked at; the answer says
  // how many were.
  router.add(Method::kPost, "/api/migration/instance-reports", [api](Request& req) mutable {
    constexpr size_t kChecked = 2000, kReported = 100;
    auto body = object_body(req);
    if (!body) return error_response(body.error());
    auto plan = valid_plan(api, req, *body);
    if (auto* r = std::get_if<Response>(&plan)) return std::move(*r);
    auto ids = instances_of(api, *body);
    if (!ids) return error_response(ids.error());
    json reports = json::array();
    size_t checked = 0, invalid = 0;
    for (const auto& id : *ids) {
      if (checked == kChecked) break;
      auto report = api.batches.migration().validate_instance(id, std::get<engine::MigrationPlan>(plan));
      if (!report && report.error().kind == ErrorKind::kNotFound) continue;  // it ended meanwhile
      if (!report) return error_response(report.error());
      ++checked;
      if (report->valid()) continue;
      ++invalid;
      if (reports.size() < kReported) reports.push_back(instance_report_dto(*report));
    }
    return json_ok(json{{"total", ids->size()}, {"checked", checked}, {"invalid", invalid}, {"reports", reports}});
  });
}

}  // namespace dpc::http
