// /engine-rest/job: list, count, get, retries, due date, execute, stacktrace. See job_routes.h.
#include "dpc/http/handlers/job_routes.h"

#include <nlohmann/json.hpp>

#include "dpc/core/strings.h"
#include "dpc/core/time_format.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "dpc/http/instance_authorization.h"
#include "operation_log.h"
#include "instance_query.h"
#include "read_dto.h"

namespace dpc::http {

using nlohmann::json;

namespace {

json nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// A batch job's batch: item jobs' handler configuration is "<batch id>:<item>", the monitor's
// the batch id; other jobs have none.
std::string batch_of(const engine::JobRecord& j) {
  if (j.type == "batch") return j.handler_config.substr(0, j.handler_config.find(':'));
  if (j.type == "batch-monitor") return j.handler_config;
  return "";
}

json job_dto(const engine::JobView& v) {
  const engine::JobRecord& j = v.job;
  const std::string batch = batch_of(j);
  // An async continuation that never failed has no due date in Camunda.
  bool no_due = j.type == "message" && j.due <= j.created && j.exception_message.empty();
  return {{"id", j.id},
          {"jobDefinitionId", batch.empty() ? json(nullptr) : json(batch + (j.type == "batch" ? "-batch" : "-monitor"))},
          {"dueDate", no_due ? json(nullptr) : json(format_date_time(j.due))},
          {"processInstanceId", nullable(j.process_instance_id)},
          {"executionId", nullable(j.execution_id)},
          {"processDefinitionId", nullable(j.process_definition_id)},
          {"processDefinitionKey", nullable(j.process_definition_key)},
          {"retries", j.retries},
          {"exceptionMessage", nullable(j.exception_message)},
          {"failedActivityId", nullable(j.failed_activity_id)},
          {"suspended", v.suspended},
          {"priority", j.priority},
          {"tenantId", nullable(j.tenant_id)},
          {"createTime", format_date_time(j.created)},
          {"batchId", nullable(batch)}};
}

}  // namespace

// "lt_2016-01-23T14:42:45.000+0200,gt_..." → (operator, millis) pairs.
static Status date_conditions(const Params& p, const char* name,
                       std::vector<std::pair<std::string, engine::Millis>>& out) {
  auto text = p.text(name);
  if (!text) return {};
  for (auto part : split(*text, ',')) {
    std::string item(trim(part));
    auto us = item.find('_');
    std::string op = us == std::string::npos ? "" : item.substr(0, us);
    if (op != "lt" && op != "gt" && op != "lteq" && op != "gteq" && op != "eq") {
      return Error::invalid(std::string("Invalid ") + name + " comparator specification: " + item);
    }
    auto t = parse_date_time(item.substr(us + 1));
    if (!t) return Error::invalid(std::string("Invalid ") + name + " date: " + item.substr(us + 1));
    out.emplace_back(op, *t);
  }
  return {};
}

Result<engine::JobQuery> job_query(const Params& p, engine::Millis now) {
  engine::JobQuery q;
  q.now = now;
  q.job_id = p.text("jobId");
  q.job_ids = p.list("jobIds");
  q.process_instance_id = p.text("processInstanceId");
  q.process_instance_ids = p.list("processInstanceIds");
  q.execution_id = p.text("executionId");
  q.process_definition_id = p.text("processDefinitionId");
  q.process_definition_key = p.text("processDefinitionKey");
  q.activity_id = p.text("activityId");
  q.exception_message = p.text("exceptionMessage");
  q.job_definition_id = p.text("jobDefinitionId");
  if (auto st = read::flags(p, {{"withRetriesLeft", &q.with_retries_left},
                                {"noRetriesLeft", &q.no_retries_left},
                                {"executable", &q.executable},
                                {"timers", &q.timers},
                                {"messages", &q.messages},
                                {"withException", &q.with_exception},
                                {"active", &q.active},
                                {"suspended", &q.suspended}});
      !st) {
    return st.error();
  }
  if (q.timers && q.messages) {
    return Error::invalid("Parameter timers cannot be used together with parameter messages.");
  }
  auto low = p.integer("priorityHigherThanOrEquals");
  if (!low) return low.error();
  q.priority_at_least = *low;
  auto high = p.integer("priorityLowerThanOrEquals");
  if (!high) return high.error();
  q.priority_at_most = *high;
  if (auto st = date_conditions(p, "dueDates", q.due_dates); !st) return st.error();
  if (auto st = date_conditions(p, "createTimes", q.create_times); !st) return st.error();
  auto sorts = read::sorting(p, {"jobId", "executionId", "processInstanceId", "processDefinitionId",
                                 "processDefinitionKey", "jobPriority", "jobRetries", "jobDueDate",
                                 "tenantId"});
  if (!sorts) return sorts.error();
  q.sorting = std::move(*sorts);
  return q;
}

namespace {

// The job must exist (404 in Camunda's words otherwise) and the caller may `access` it
// (instance_authorization.h; 403 otherwise).
Result<engine::JobView> existing(JobApi& api, const Request& req, const std::string& id,
                                 const InstancePermission& access) {
  if (!req.principal) return Error::unauthorized("Authentication required");
  auto j = api.queries.job(id);
  if (!j) return j;
  Status st =
      authorize_instance_of(req, j->job.process_instance_id, j->job.process_definition_key, access);
  if (!st) return st.error();
  return j;
}

}  // namespace

void add_job_routes(Router& router, JobApi api) {
  read::add_list_resource<engine::JobQuery>(
      router, "/engine-rest/job",
      {[api](const Params& p, const json*) { return job_query(p, api.commands.now()); },
       [api](const auto& q) { return read::json_list(api.queries.jobs(q), job_dto); },
       [api](const auto& q) { return api.queries.count_jobs(q); }},
      true, read::instance_rule());

  router.add(Method::kGet, "/engine-rest/job/{id}", [api](Request& req) mutable {
    auto j = existing(api, req, req.path_param("id"), kReadInstance);
    if (!j) return error_response(j.error());
    return json_ok(job_dto(*j));
  });

  router.add(Method::kGet, "/engine-rest/job/{id}/stacktrace", [api](Request& req) mutable {
    auto j = existing(api, req, req.path_param("id"), kReadInstance);
    if (!j) return error_response(j.error());
    if (j->job.exception_stacktrace.empty() && j->job.exception_message.empty()) {
      return error_response(Error::not_found("Job with id " + j->job.id + " has no exception stacktrace"));
    }
    std::string text = j->job.exception_stacktrace.empty() ? j->job.exception_message
                                                          : j->job.exception_stacktrace;
    return Response{200, "text/plain", std::move(text), {}, nullptr};
  });

  router.add(Method::kPut, "/engine-rest/job/{id}/retries", [api](Request& req) mutable {
    if (auto j = existing(api, req, req.path_param("id"), kUpdateInstance); !j) {
      return error_response(j.error());
    }
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    if (!body->contains("retries") || !(*body)["retries"].is_number_integer() ||
        (*body)["retries"].get<long long>() < 0) {
      return error_response(Error::invalid("The number of job retries must be a non-negative Integer, but 'retries' has been provided."));
    }
    // The due date is read before anything changes: a refused request changes nothing.
    std::optional<engine::Millis> due;
    if (body->contains("dueDate") && (*body)["dueDate"].is_string()) {
      due = parse_date_time((*body)["dueDate"].get<std::string>());
      if (!due) return error_response(Error::invalid("dueDate is not a date"));
    }
    const std::string id = req.path_param("id");
    UserOperationScope logged(retries_operation("SetJobRetries", "Job", (*body)["retries"].get<long long>()));
    Status st = api.commands.set_retries(id, static_cast<int>((*body)["retries"].get<long long>()), due);
    return st ? Response::no_content() : error_response(st.error());
  });

  router.add(Method::kPut, "/engine-rest/job/{id}/duedate", [api](Request& req) mutable {
    if (auto j = existing(api, req, req.path_param("id"), kUpdateInstance); !j) {
      return error_response(j.error());
    }
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    std::optional<engine::Millis> due;  // none: now, on the engine's clock
    if (body->contains("duedate") && !(*body)["duedate"].is_null()) {
      if (!(*body)["duedate"].is_string()) return error_response(Error::invalid("duedate must be a date"));
      auto parsed = parse_date_time((*body)["duedate"].get<std::string>());
      if (!parsed) return error_response(Error::invalid("duedate is not a date: " + (*body)["duedate"].get<std::string>()));
      due = *parsed;
    }
    Status st = api.commands.set_due_date(req.path_param("id"), due);
    return st ? Response::no_content() : error_response(st.error());
  });

  router.add(Method::kPost, "/engine-rest/job/{id}/execute", [api](Request& req) mutable {
    const std::string id = req.path_param("id");
    auto j = existing(api, req, id, kUpdateInstance);
    if (!j) return error_response(j.error());
    if (j->suspended) {
      return error_response(Error::invalid("Job with id " + id + " is suspended: activate its process "
                                           "instance or definition first"));
    }
    auto ran = api.commands.execute_on_demand(id);
    if (ran) return Response::no_content();
    Error e = ran.error();
    if (e.kind != ErrorKind::kNotFound) e.kind = ErrorKind::kInternal;
    return error_response(e);
  });
}

}  // namespace dpc::http
