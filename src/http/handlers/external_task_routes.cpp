// The external task resource: /engine-rest/external-task... including fetchAndLock with
// long polling (asyncResponseTimeout), which answers as soon as a matching task appears.
#include <chrono>

#include <nlohmann/json.hpp>

#include "dpc/core/metrics.h"
#include "dpc/http/handlers/runtime_routes.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "dpc/http/variable_json.h"
#include "dto.h"
#include "dpc/http/instance_authorization.h"
#include "operation_log.h"
#include "read_dto.h"

namespace dpc::http {

using nlohmann::json;

namespace {

constexpr long long kMaxAsyncResponseTimeout = 1800000;  // 30 minutes, Camunda's limit

Result<std::vector<engine::FetchTopic>> fetch_topics(const json& body) {
  std::vector<engine::FetchTopic> topics;
  if (!body.contains("topics") || body["topics"].is_null()) return topics;
  if (!body["topics"].is_array()) return Error::invalid("topics must be an array");
  for (const auto& t : body["topics"]) {
    if (!t.is_object() || !t.contains("topicName") || !t["topicName"].is_string()) {
      return Error::invalid("each topic needs a topicName");
    }
    engine::FetchTopic ft;
    ft.name = t["topicName"].get<std::string>();
    if (!t.contains("lockDuration") || !t["lockDuration"].is_number_integer() ||
        t["lockDuration"].get<long long>() <= 0) {
      return Error::invalid("lockDuration of topic '" + ft.name + "' must be a positive number");
    }
    ft.lock_duration = t["lockDuration"].get<long long>();
    if (t.contains("variables") && t["variables"].is_array()) {
      ft.all_variables = false;
      for (const auto& v : t["variables"]) {
        if (v.is_string()) ft.variables.push_back(v.get<std::string>());
      }
    }
    auto local = bool_field(t, "localVariables");
    if (!local) return local.error();
    ft.local_variables = local->value_or(false);
    if (t.contains("businessKey") && t["businessKey"].is_string()) {
      ft.business_key = t["businessKey"].get<std::string>();
    }
    if (t.contains("processDefinitionKey") && t["processDefinitionKey"].is_string()) {
      ft.process_definition_key = t["processDefinitionKey"].get<std::string>();
    }
    topics.push_back(std::move(ft));
  }
  return topics;
}

Response fetch_and_lock(RuntimeApi api, Request& req) {
  auto body = json_body(req);
  if (!body) return error_response(body.error());
  if (!body->contains("workerId") || !(*body)["workerId"].is_string()) {
    return error_response(Error::invalid("workerId is required"));
  }
  if (!body->contains("maxTasks") || !(*body)["maxTasks"].is_number_integer() ||
      (*body)["maxTasks"].get<long long>() < 0) {
    return error_response(Error::invalid("maxTasks is required and must be a non-negative integer"));
  }
  std::string worker = (*body)["workerId"].get<std::string>();
  int max_tasks = static_cast<int>(std::min<long long>((*body)["maxTasks"].get<long long>(), 10000));
  auto use_priority = bool_field(*body, "usePriority");
  if (!use_priority) return error_response(use_priority.error());
  long long timeout = 0;
  if (body->contains("asyncResponseTimeout") && !(*body)["asyncResponseTimeout"].is_null()) {
    if (!(*body)["asyncResponseTimeout"].is_number_integer()) {
      return error_response(Error::invalid("asyncResponseTimeout must be a number of milliseconds"));
    }
    timeout = (*body)["asyncResponseTimeout"].get<long long>();
    if (timeout < 0 || timeout > kMaxAsyncResponseTimeout) {
      return error_response(Error::invalid(
          "The asynchronous response timeout cannot be set to a value greater than " +
          std::to_string(kMaxAsyncResponseTimeout) + " milliseconds"));
    }
  }
  auto topics = fetch_topics(*body);
  if (!topics) return error_response(topics.error());
  // Only tasks of definitions whose instances the caller may read and update (Camunda:
  // READ_INSTANCE and UPDATE_INSTANCE); the others are not fetched, no 403.
  VisibilityRule rule;
  rule.definition_permission = identity::perm::kReadInstance;
  auto readable = visibility(req, rule);
  if (!readable) return error_response(readable.error());
  rule.definition_permission = identity::perm::kUpdateInstance;
  auto updatable = visibility(req, rule);
  if (!updatable) return error_response(updatable.error());
  // (An unrestricted visibility, an administrator's, leaves its filters empty.)
  const engine::IdFilter definitions =
      readable->unrestricted ? engine::IdFilter::everything()
                             : intersection(readable->definitions, updatable->definitions);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout);
  while (true) {
    // Read the generation first: a task created after this read wakes the wait below.
    auto seen = api.notifier.generation();
    auto locked = api.work.fetch_and_lock(worker, *topics, max_tasks, use_priority->value_or(false),
                                          api.runtime.now(), definitions);
    if (!locked) return error_response(locked.error());
    if (!locked->empty()) metrics::node().external_tasks_locked.add(locked->size());
    if (!locked->empty() || timeout == 0 || std::chrono::steady_clock::now() >= deadline) {
      json out = json::array();
      for (const auto& lt : *locked) {
        json dto = external_task_dto(lt.task);
        dto["variables"] = variables_to_json(lt.variables, false);
        dto["errorDetails"] = text_or_null(lt.task.error_details);
        dto.erase("suspended");
        out.push_back(dto);
      }
      return json_ok(out);
    }
    // Wake on new work from any node; re-check at least every second as a safety net.
    auto next = std::min(deadline, std::chrono::steady_clock::now() + std::chrono::seconds(1));
    api.notifier.wait_for_change(seen, next);
  }
}

Result<engine::ExternalTaskQuery> external_query(const Params& p) {
  engine::ExternalTaskQuery q;
  q.id = p.text("externalTaskId");
  q.topic = p.text("topicName");
  q.worker_id = p.text("workerId");
  q.process_instance_id = p.text("processInstanceId");
  q.process_definition_id = p.text("processDefinitionId");
  q.activity_id = p.text("activityId");
  q.execution_id = p.text("executionId");
  std::pair<const char*, std::optional<bool>*> flags[] = {
      {"locked", &q.locked}, {"notLocked", &q.not_locked}, {"withRetriesLeft", &q.with_retries_left},
      {"noRetriesLeft", &q.no_retries_left}, {"suspended", &q.suspended}};
  for (auto [name, out] : flags) {
    auto b = p.boolean(name);
    if (!b) return b.error();
    *out = *b;
  }
  auto sorting = p.sorting({"id", "lockExpirationTime", "processInstanceId", "processDefinitionId",
                            "processDefinitionKey", "tenantId", "taskPriority", "createTime"});
  if (!sorting) return sorting.error();
  for (const auto& s : *sorting) q.sorting.push_back({s.by, s.descending});
  auto paging = p.paging();
  if (!paging) return paging.error();
  q.page = {paging->first, paging->second};
  return q;
}

// A list or count of the external tasks whose instances the caller may read (READ on the
// instance or READ_INSTANCE on its definition), filtered inside the query.
Response list(RuntimeApi api, const Request& req, const Params& p, bool count) {
  auto q = external_query(p);
  if (!q) return error_response(q.error());
  auto visible = visibility(req, read::instance_rule());
  if (!visible) return error_response(visible.error());
  q->visibility = std::move(*visible);
  if (count) {
    auto n = api.work.count_external_tasks(*q);
    return n ? json_ok({{"count", *n}}) : error_response(n.error());
  }
  auto tasks = api.work.find_external_tasks(*q);
  if (!tasks) return error_response(tasks.error());
  json out = json::array();
  for (const auto& t : *tasks) out.push_back(external_task_dto(t));
  return json_ok(out);
}

// The external task of the request's {id} when the caller may `access` it (instance_authorization.h):
// 404 when there is none, 403 otherwise.
Result<engine::ExternalTaskRecord> external_task_for(RuntimeApi api, const Request& req,
                                                     const InstancePermission& access) {
  const std::string& id = req.path_param("id");
  if (!req.principal) return Error::unauthorized("Authentication required");
  auto t = api.work.external_task(id);
  if (!t) return t.error();
  if (!*t) return Error::not_found("External task with id " + id + " does not exist");
  Status st =
      authorize_instance_of(req, (*t)->process_instance_id, (*t)->process_definition_key, access);
  if (!st) return st.error();
  return std::move(**t);
}

// Changes (complete, failure, bpmnError, lock, retries) need UPDATE access.
Status updatable(RuntimeApi api, const Request& req) {
  auto t = external_task_for(api, req, kUpdateInstance);
  if (!t) return t.error();
  return {};
}

Result<std::string> worker_of(const json& body) {
  if (!body.contains("workerId") || !body["workerId"].is_string()) {
    return Error::invalid("workerId is required");
  }
  return body["workerId"].get<std::string>();
}

}  // namespace

void add_external_task_routes(Router& router, RuntimeApi api) {
  router.add(Method::kPost, "/engine-rest/external-task/fetchAndLock",
             [api](Request& req) { return fetch_and_lock(api, req); });
  router.add(Method::kGet, "/engine-rest/external-task",
             [api](Request& req) { return list(api, req, Params::from_query(req), false); });
  router.add(Method::kGet, "/engine-rest/external-task/count",
             [api](Request& req) { return list(api, req, Params::from_query(req), true); });
  for (auto [path, count] : {std::pair{"/engine-rest/external-task", false},
                             std::pair{"/engine-rest/external-task/count", true}}) {
    router.add(Method::kPost, path, [api, count](Request& req) {
      auto body = json_body(req);
      if (!body) return error_response(body.error());
      return list(api, req, Params::from_json(*body), count);
    });
  }
  router.add(Method::kGet, "/engine-rest/external-task/{id}", [api](Request& req) {
    auto t = external_task_for(api, req, kReadInstance);
    if (!t) return error_response(t.error());
    return json_ok(external_task_dto(*t));
  });
  router.add(Method::kGet, "/engine-rest/external-task/{id}/errorDetails", [api](Request& req) {
    auto t = external_task_for(api, req, kReadInstance);
    if (!t) return error_response(t.error());
    return Response{200, "text/plain", t->error_details, {}, nullptr};
  });
  router.add(Method::kPost, "/engine-rest/external-task/{id}/complete", [api](Request& req) {
    if (Status st = updatable(api, req); !st) return error_response(st.error());
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    auto worker = worker_of(*body);
    if (!worker) return error_response(worker.error());
    auto vars = variables_from_json(body->value("variables", json(nullptr)), "variables");
    if (!vars) return error_response(vars.error());
    auto local = variables_from_json(body->value("localVariables", json(nullptr)), "localVariables");
    if (!local) return error_response(local.error());
    Status st = api.runtime.complete_external_task(req.path_param("id"), *worker, *vars, *local);
    return st ? Response::no_content() : error_response(st.error());
  });
  router.add(Method::kPost, "/engine-rest/external-task/{id}/failure", [api](Request& req) {
    if (Status st = updatable(api, req); !st) return error_response(st.error());
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    auto worker = worker_of(*body);
    if (!worker) return error_response(worker.error());
    if (!body->contains("retries") || !(*body)["retries"].is_number_integer() ||
        (*body)["retries"].get<long long>() < 0) {
      return error_response(Error::invalid("retries is required and must not be negative"));
    }
    engine::ExternalTaskFailure failure;
    failure.worker_id = *worker;
    failure.retries = static_cast<int>((*body)["retries"].get<long long>());
    if (body->contains("retryTimeout") && (*body)["retryTimeout"].is_number_integer()) {
      failure.retry_timeout = (*body)["retryTimeout"].get<long long>();
    }
    if (body->contains("errorMessage") && (*body)["errorMessage"].is_string()) {
      failure.message = (*body)["errorMessage"].get<std::string>();
    }
    if (body->contains("errorDetails") && (*body)["errorDetails"].is_string()) {
      failure.details = (*body)["errorDetails"].get<std::string>();
    }
    Status st = api.runtime.fail_external_task(req.path_param("id"), failure);
    return st ? Response::no_content() : error_response(st.error());
  });
  router.add(Method::kPost, "/engine-rest/external-task/{id}/bpmnError", [api](Request& req) {
    if (Status st = updatable(api, req); !st) return error_response(st.error());
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    auto worker = worker_of(*body);
    if (!worker) return error_response(worker.error());
    if (!body->contains("errorCode") || !(*body)["errorCode"].is_string()) {
      return error_response(Error::invalid("errorCode is required"));
    }
    auto vars = variables_from_json(body->value("variables", json(nullptr)), "variables");
    if (!vars) return error_response(vars.error());
    std::string message = body->contains("errorMessage") && (*body)["errorMessage"].is_string()
                              ? (*body)["errorMessage"].get<std::string>() : "";
    Status st = api.runtime.external_task_bpmn_error(req.path_param("id"), *worker,
                                                     (*body)["errorCode"].get<std::string>(),
                                                     message, *vars);
    return st ? Response::no_content() : error_response(st.error());
  });
  router.add(Method::kPost, "/engine-rest/external-task/{id}/extendLock", [api](Request& req) {
    if (Status st = updatable(api, req); !st) return error_response(st.error());
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    auto worker = worker_of(*body);
    if (!worker) return error_response(worker.error());
    if (!body->contains("newDuration") || !(*body)["newDuration"].is_number_integer() ||
        (*body)["newDuration"].get<long long>() <= 0) {
      return error_response(Error::invalid("newDuration must be a positive number of milliseconds"));
    }
    Status st = api.runtime.extend_external_task_lock(req.path_param("id"), *worker,
                                                      (*body)["newDuration"].get<long long>());
    return st ? Response::no_content() : error_response(st.error());
  });
  router.add(Method::kPost, "/engine-rest/external-task/{id}/unlock", [api](Request& req) {
    if (Status st = updatable(api, req); !st) return error_response(st.error());
    Status st = api.runtime.unlock_external_task(req.path_param("id"));
    return st ? Response::no_content() : error_response(st.error());
  });
  router.add(Method::kPut, "/engine-rest/external-task/{id}/retries", [api](Request& req) {
    if (Status st = updatable(api, req); !st) return error_response(st.error());
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    if (!body->contains("retries") || !(*body)["retries"].is_number_integer() ||
        (*body)["retries"].get<long long>() < 0) {
      return error_response(Error::invalid("retries is required and must not be negative"));
    }
    UserOperationScope logged(
        retries_operation("SetExternalTaskRetries", "ExternalTask", (*body)["retries"].get<long long>()));
    Status st = api.runtime.set_external_task_retries(
        req.path_param("id"), static_cast<int>((*body)["retries"].get<long long>()));
    return st ? Response::no_content() : error_response(st.error());
  });
}

}  // namespace dpc::http
