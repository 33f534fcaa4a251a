// GET /history/user-operation and the annotation of an operation, see
// user_operation_routes.h. Handlers translate: filters and DTOs here, SQL in the store.
#include "dpc/http/handlers/user_operation_routes.h"

#include <set>

#include <nlohmann/json.hpp>

#include "dpc/core/time_format.h"
#include "dto.h"
#include "read_dto.h"

namespace dpc::http {

using nlohmann::json;

namespace {

json optional_json(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

json entry_dto(const UserOperationEntry& e) {
  const OperationContext& c = e.context;
  return {{"id", e.id},
          {"deploymentId", text_or_null(c.deployment_id)},
          {"processDefinitionId", text_or_null(c.process_definition_id)},
          {"processDefinitionKey", text_or_null(c.process_definition_key)},
          {"processInstanceId", text_or_null(c.process_instance_id)},
          {"executionId", text_or_null(c.execution_id)},
          {"caseDefinitionId", nullptr},
          {"caseInstanceId", nullptr},
          {"caseExecutionId", nullptr},
          {"taskId", text_or_null(c.task_id)},
          {"jobId", text_or_null(c.job_id)},
          {"jobDefinitionId", text_or_null(c.job_definition_id)},
          {"batchId", text_or_null(c.batch_id)},
          {"userId", text_or_null(e.user_id)},
          {"timestamp", format_date_time(e.timestamp)},
          {"operationId", e.operation_id},
          {"externalTaskId", text_or_null(c.external_task_id)},
          {"operationType", e.operation_type},
          {"entityType", e.entity_type},
          {"property", optional_json(e.property)},
          {"orgValue", optional_json(e.org_value)},
          {"newValue", optional_json(e.new_value)},
          {"removalTime", nullptr},
          {"rootProcessInstanceId", text_or_null(c.process_instance_id)},
          {"category", text_or_null(e.category)},
          {"annotation", text_or_null(e.annotation)}};
}

Result<engine::UserOperationLogQuery> log_query(const Params& p, const json*) {
  engine::UserOperationLogQuery q;
  q.deployment_id = p.text("deploymentId");
  q.process_definition_id = p.text("processDefinitionId");
  q.process_definition_key = p.text("processDefinitionKey");
  q.process_instance_id = p.text("processInstanceId");
  q.execution_id = p.text("executionId");
  q.task_id = p.text("taskId");
  q.job_id = p.text("jobId");
  q.job_definition_id = p.text("jobDefinitionId");
  q.batch_id = p.text("batchId");
  q.external_task_id = p.text("externalTaskId");
  q.user_id = p.text("userId");
  q.operation_id = p.text("operationId");
  q.operation_type = p.text("operationType");
  q.entity_type = p.text("entityType");
  q.entity_type_in = p.list("entityTypeIn");
  q.category = p.text("category");
  q.category_in = p.list("categoryIn");
  q.property = p.text("property");
  if (auto st = read::dates(p, {{"afterTimestamp", &q.after_timestamp},
                                {"beforeTimestamp", &q.before_timestamp}});
      !st) {
    return st.error();
  }
  auto sorts = read::sorting(p, {"timestamp"});
  if (!sorts) return sorts.error();
  q.sorting = std::move(*sorts);
  return q;
}

// Camunda's rule for annotating: UPDATE on the category of every entry of the operation.
Status may_annotate(const Request& req, const std::vector<UserOperationEntry>& entries) {
  std::set<std::string> categories;
  for (const auto& e : entries) categories.insert(e.category);
  for (const auto& c : categories) {
    if (auto st = authorize(req, identity::Resource::kUserOperationLogCategory, c, identity::perm::kUpdate); !st) {
      return st;
    }
  }
  return {};
}

Response annotate(engine::UserOperationLogStore& log, Request& req, bool set) {
  if (!req.principal) return error_response(Error::unauthorized("Authentication required"));
  const std::string& id = req.path_param("operationId");
  std::optional<std::string> annotation;
  if (set) {
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    if (body->contains("annotation") && !(*body)["annotation"].is_null()) {
      if (!(*body)["annotation"].is_string()) return error_response(Error::invalid("annotation must be a string"));
      annotation = (*body)["annotation"].get<std::string>();
    }
  }
  auto entries = log.operation(id);
  if (!entries) return error_response(entries.error());
  if (entries->empty()) {
    return error_response(Error::invalid("operation not found: no user operation log entry has operation id " + id,
                                         "BadUserRequestException"));
  }
  if (auto st = may_annotate(req, *entries); !st) return error_response(st.error());
  auto done = log.set_annotation(id, annotation);
  if (!done) return error_response(done.error());
  return Response::no_content();
}

}  // namespace

void add_user_operation_routes(Router& router, engine::UserOperationLogStore& log) {
  engine::UserOperationLogStore* store = &log;
  read::add_list_resource<engine::UserOperationLogQuery>(
      router, "/engine-rest/history/user-operation",
      {log_query,
       [store](const engine::UserOperationLogQuery& q) { return read::json_list(store->entries(q), entry_dto); },
       [store](const engine::UserOperationLogQuery& q) { return store->count(q); }},
      false,
      VisibilityRule{.definition_permission = identity::perm::kReadHistory,
                     .instance_resource = identity::Resource::kUserOperationLogCategory,
                     .instance_permission = identity::perm::kRead});
  router.add(Method::kPut, "/engine-rest/history/user-operation/{operationId}/set-annotation",
             [store](Request& req) { return annotate(*store, req, true); });
  router.add(Method::kPut, "/engine-rest/history/user-operation/{operationId}/clear-annotation",
             [store](Request& req) { return annotate(*store, req, false); });
}

}  // namespace dpc::http
