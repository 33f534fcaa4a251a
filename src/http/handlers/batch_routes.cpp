// Batches and migration over REST (batch_routes.h). Each operation resolves its items (ids
// given, or a query) when the batch is created, checks the caller's permission on every item
// as the single call would (403 for the whole request otherwise, nothing created), and hands
// them to the BatchService; the job executors of all nodes do the rest.
#include "dpc/http/handlers/batch_routes.h"

#include <set>

#include <nlohmann/json.hpp>

#include "dpc/core/time_format.h"
#include "dpc/core/user_operation.h"
#include "dpc/engine/instance_migration.h"
#include "dpc/http/authorize.h"
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

json nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json date_or_null(const std::optional<engine::Millis>& t) { return t ? json(format_date_time(*t)) : json(nullptr); }

}  // namespace

// The job definition ids are the batch's own (dpc has no job definitions).
json batch_dto(const engine::BatchRecord& b, bool history) {
  json j = {{"id", b.id},
            {"type", b.type},
            {"totalJobs", b.total_jobs},
            {"batchJobsPerSeed", b.total_jobs},
            {"invocationsPerBatchJob", b.invocations_per_job},
            {"seedJobDefinitionId", b.id + "-seed"},
            {"monitorJobDefinitionId", b.id + "-monitor"},
            {"batchJobDefinitionId", b.id + "-batch"},
            {"tenantId", nullable(b.tenant_id)},
            {"createUserId", nullable(b.create_user_id)},
            {"startTime", format_date_time(b.start_time)},
            {"executionStartTime", date_or_null(b.execution_start_time)}};
  if (history) {
    j["endTime"] = date_or_null(b.end_time);
    j["removalTime"] = nullptr;
  } else {
    j["jobsCreated"] = b.total_jobs;
    j["suspended"] = b.suspended;
  }
  return j;
}

namespace {

json statistics_dto(const engine::BatchStatistics& s) {
  json j = batch_dto(s.batch, false);
  j["remainingJobs"] = s.remaining;
  j["completedJobs"] = s.completed;
  j["failedJobs"] = s.failed;
  return j;
}

Result<engine::BatchQuery> batch_query(const Request& req, bool history) {
  Params p = Params::from_query(req);
  engine::BatchQuery q;
  q.history = history;
  q.id = p.text("batchId");
  q.type = p.text("type");
  q.created_by = p.text("createdBy");
  auto suspended = p.boolean("suspended");
  if (!suspended) return suspended.error();
  q.suspended = *suspended;
  auto completed = p.boolean("completed");
  if (!completed) return completed.error();
  q.completed = *completed;
  if (auto sort = p.text("sortBy")) {
    static const std::map<std::string, std::string> columns = {
        {"batchId", "id"}, {"tenantId", "tenant_id"}, {"startTime", "start_time"}, {"endTime", "end_time"}};
    auto it = columns.find(*sort);
    if (it == columns.end() || (!history && (*sort == "startTime" || *sort == "endTime"))) {
      return Error::invalid("Cannot set query parameter 'sortBy' to value '" + *sort + "'");
    }
    std::string order = p.text("sortOrder").value_or("asc");
    if (order != "asc" && order != "desc") {
      return Error::invalid("Cannot set query parameter 'sortOrder' to value '" + order + "'");
    }
    q.sorting.push_back({it->second, order == "desc"});
  }
  for (auto [name, out] : {std::pair{"firstResult", &q.page.first_result}, std::pair{"maxResults", &q.page.max_results}}) {
    auto v = p.integer(name);
    if (!v) return v.error();
    if (*v) {
      if (**v < 0) return Error::invalid(std::string(name) + " must not be negative");
      *out = **v;
    }
  }
  return q;
}

Status may_read(const Request& req, bool history) {
  return authorize(req, Resource::kBatch, "*", history ? perm::kReadHistory : perm::kRead);
}

// The strings of an optional array field; kInvalidArgument naming it when it is no such array.
Result<std::vector<std::string>> id_list(const json& body, const char* field) {
  std::vector<std::string> out;
  if (!body.contains(field) || body[field].is_null()) return out;
  if (!body[field].is_array()) return Error::invalid(std::string(field) + " must be an array of ids");
  for (const auto& v : body[field]) {
    if (!v.is_string()) return Error::invalid(std::string(field) + " must be an array of ids");
    out.push_back(v.get<std::string>());
  }
  return out;
}

// An optional query object; kInvalidArgument naming it when it is no object.
Result<const json*> query_object(const json& body, const char* field) {
  if (!body.contains(field) || body[field].is_null()) return static_cast<const json*>(nullptr);
  if (!body[field].is_object()) return Error::invalid(std::string(field) + " must be a JSON object");
  return &body[field];
}

// Ids given plus the instances a processInstanceQuery finds, without duplicates, in order.
Result<std::vector<std::string>> instances_of(BatchApi& api, const json& body, const char* ids_field) {
  auto ids = id_list(body, ids_field);
  if (!ids) return ids.error();
  auto query = query_object(body, "processInstanceQuery");
  if (!query) return query.error();
  if (*query) {
    auto q = instance_query(Params::from_json(**query), *query);
    if (!q) return Error::invalid("processInstanceQuery: " + q.error().message);
    auto found = api.instances.process_instances(*q);
    if (!found) return found.error();
    for (const auto& p : *found) ids->push_back(p.id);
  }
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (auto& id : *ids) {
    if (seen.insert(id).second) out.push_back(std::move(id));
  }
  return out;
}

Result<int> retries_field(const json& body) {
  if (!body.contains("retries") || !body["retries"].is_number_integer() || body["retries"].get<long long>() < 0 ||
      body["retries"].get<long long>() > 1000000) {
    return Error::invalid("retries must be a non-negative integer");
  }
  return body["retries"].get<int>();
}

Result<bool> flag_field(const json& body, const char* field, bool fallback) {
  if (!body.contains(field) || body[field].is_null()) return fallback;
  if (!body[field].is_boolean()) return Error::invalid(std::string(field) + " must be true or false");
  return body[field].get<bool>();
}

std::string user_of(const Request& req) { return req.principal ? req.principal->user_id : std::string(); }

}  // namespace

// The user operation log entry of an asynchronous operation, as Camunda writes it when the
// batch is created: async, nrOfInstances and the operation's own properties.
UserOperation batch_operation(const char* type, const char* entity_type, size_t items,
                              std::vector<PropertyChange> changes) {
  UserOperation op;
  op.type = type;
  op.entity_type = entity_type;
  op.category = kCategoryOperator;
  op.changes = std::move(changes);
  op.changes.push_back({"nrOfInstances", std::nullopt, std::to_string(items)});
  op.changes.push_back({"async", std::nullopt, "true"});
  return op;
}

namespace {

// The operation type and entity of each batch type (Camunda's names).
UserOperation operation_of(const char* type, size_t items, const json& config) {
  const std::string t = type;
  if (t == engine::kBatchDeletion) {
    std::optional<std::string> reason;
    if (config["deleteReason"].is_string()) reason = config["deleteReason"].get<std::string>();
    return batch_operation("Delete", "ProcessInstance", items, {{"deleteReason", std::nullopt, reason}});
  }
  if (t == engine::kBatchSuspension) {
    bool s = config.value("suspended", false);
    return batch_operation(s ? "Suspend" : "Activate", "ProcessInstance", items,
                           {{"suspensionState", std::nullopt, s ? "suspended" : "active"}});
  }
  if (t == engine::kBatchJobRetries || t == engine::kBatchExternalTaskRetries) {
    bool job = t == engine::kBatchJobRetries;
    return batch_operation(job ? "SetJobRetries" : "SetExternalTaskRetries", job ? "Job" : "ExternalTask", items,
                           {{"retries", std::nullopt, std::to_string(config.value("retries", 0))}});
  }
  return batch_operation("Migrate", "ProcessInstance", items, {});
}

// Checks CREATE on Batch and `item_check` for every item, then creates the batch.
template <typename Check>
Response start(BatchApi& api, const Request& req, const char* type, const std::vector<std::string>& items,
               const json& configuration, const char* empty_message, Check&& item_check) {
  if (auto st = authorize(req, Resource::kBatch, "*", perm::kCreate); !st) return error_response(st.error());
  if (items.empty()) return error_response(Error::invalid(empty_message));
  for (const auto& id : items) {
    if (auto st = item_check(id); !st) return error_response(st.error());
  }
  UserOperationScope log(operation_of(type, items.size(), configuration));
  auto b = api.batches.create(type, items, configuration.dump(), user_of(req));
  if (!b) return error_response(b.error());
  return json_ok(batch_dto(*b, false));
}

Response with_body(const Request& req, const std::function<Response(const json&)>& f) {
  auto body = json_body(req);
  if (!body) return error_response(body.error());
  if (!body->is_object()) return error_response(Error::invalid("The request body must be a JSON object"));
  return f(*body);
}

void add_batch_resource(Router& router, BatchApi api) {
  auto list = [api](bool history, bool stats) {
    return [api, history, stats](Request& req) mutable {
      if (auto st = may_read(req, history); !st) return error_response(st.error());
      auto q = batch_query(req, history);
      if (!q) return error_response(q.error());
      auto rows = api.batches.store().batches(*q);
      if (!rows) return error_response(rows.error());
      json out = json::array();
      for (const auto& s : *rows) out.push_back(stats ? statistics_dto(s) : batch_dto(s.batch, history));
      return json_ok(out);
    };
  };
  auto count = [api](bool history) {
    return [api, history](Request& req) mutable {
      if (auto st = may_read(req, history); !st) return error_response(st.error());
      auto q = batch_query(req, history);
      if (!q) return error_response(q.error());
      auto n = api.batches.store().count(*q);
      if (!n) return error_response(n.error());
      return json_ok(json{{"count", *n}});
    };
  };
  router.add(Method::kGet, "/engine-rest/batch", list(false, false));
  router.add(Method::kGet, "/engine-rest/batch/count", count(false));
  router.add(Method::kGet, "/engine-rest/batch/statistics", list(false, true));
  router.add(Method::kGet, "/engine-rest/batch/statistics/count", count(false));
  router.add(Method::kGet, "/engine-rest/history/batch", list(true, false));
  router.add(Method::kGet, "/engine-rest/history/batch/count", count(true));

  auto one = [api](bool history) {
    return [api, history](Request& req) mutable {
      const auto& id = req.path_param("id");
      if (auto st = authorize(req, Resource::kBatch, id, history ? perm::kReadHistory : perm::kRead); !st) {
        return error_response(st.error());
      }
      auto b = api.batches.store().batch(id);
      if (!b) return error_response(b.error());
      if (!*b || (!history && (*b)->end_time)) {
        return error_response(Error::not_found("Batch for id '" + id + "' cannot be found", "InvalidRequestException"));
      }
      return json_ok(batch_dto(**b, history));
    };
  };
  router.add(Method::kGet, "/engine-rest/batch/{id}", one(false));
  router.add(Method::kGet, "/engine-rest/history/batch/{id}", one(true));

  router.add(Method::kDelete, "/engine-rest/batch/{id}", [api](Request& req) mutable {
    const auto& id = req.path_param("id");
    if (auto st = authorize(req, Resource::kBatch, id, perm::kDelete); !st) return error_response(st.error());
    auto cascade = Params::from_query(req).boolean("cascade");
    if (!cascade) return error_response(cascade.error());
    if (auto st = api.batches.store().remove(id, cascade->value_or(false), api.batches.now()); !st) {
      return error_response(st.error());
    }
    return Response::no_content();
  });

  router.add(Method::kPut, "/engine-rest/batch/{id}/suspended", [api](Request& req) mutable {
    const auto& id = req.path_param("id");
    if (auto st = authorize(req, Resource::kBatch, id, perm::kUpdate); !st) return error_response(st.error());
    return with_body(req, [&](const json& body) {
      if (!body.contains("suspended") || !body["suspended"].is_boolean()) {
        return error_response(Error::invalid("suspended must be true or false"));
      }
      if (auto st = api.batches.store().set_suspended(id, body["suspended"].get<bool>()); !st) {
        return error_response(st.error());
      }
      return Response::no_content();
    });
  });
}

void add_operations(Router& router, BatchApi api) {
  router.add(Method::kPost, "/engine-rest/process-instance/delete", [api](Request& req) mutable {
    return with_body(req, [&](const json& body) {
      auto items = instances_of(api, body, "processInstanceIds");
      if (!items) return error_response(items.error());
      auto skip = flag_field(body, "skipCustomListeners", false);
      if (!skip) return error_response(skip.error());
      if (body.contains("deleteReason") && !body["deleteReason"].is_null() && !body["deleteReason"].is_string()) {
        return error_response(Error::invalid("deleteReason must be a string"));
      }
      json config = {{"deleteReason", body.value("deleteReason", json(nullptr))}, {"skipCustomListeners", *skip}};
      return start(api, req, engine::kBatchDeletion, *items, config,
                   "processInstanceIds is empty: give processInstanceIds or a processInstanceQuery that finds instances",
                   [&](const std::string& id) { return authorize_instance(req, &api.instances, id, kDeleteInstance); });
    });
  });

  router.add(Method::kPost, "/engine-rest/process-instance/suspended-async", [api](Request& req) mutable {
    return with_body(req, [&](const json& body) {
      if (!body.contains("suspended") || !body["suspended"].is_boolean()) {
        return error_response(Error::invalid("suspended must be true or false"));
      }
      auto items = instances_of(api, body, "processInstanceIds");
      if (!items) return error_response(items.error());
      json config = {{"suspended", body["suspended"].get<bool>()}};
      return start(api, req, engine::kBatchSuspension, *items, config,
                   "processInstanceIds is empty: give processInstanceIds or a processInstanceQuery that finds instances",
                   [&](const std::string& id) { return authorize_instance(req, &api.instances, id, kUpdateInstance); });
    });
  });

  // Jobs: by id, by jobQuery, or (job-retries) all jobs of instances.
  auto job_retries = [api](bool of_instances) {
    return [api, of_instances](Request& req) mutable {
      return with_body(req, [&](const json& body) {
        auto retries = retries_field(body);
        if (!retries) return error_response(retries.error());
        std::vector<std::string> job_ids;
        std::vector<engine::JobQuery> queries;
        bool instances_given = false;
        if (of_instances) {
          auto instances = instances_of(api, body, "processInstances");
          if (!instances) return error_response(instances.error());
          instances_given = !instances->empty();
          if (!instances->empty()) {
            engine::JobQuery q;
            q.process_instance_ids = *instances;
            queries.push_back(q);
          }
        } else {
          auto ids = id_list(body, "jobIds");
          if (!ids) return error_response(ids.error());
          job_ids = *ids;
          auto query = query_object(body, "jobQuery");
          if (!query) return error_response(query.error());
          if (*query) {
            auto q = job_query(Params::from_json(**query), api.batches.now());
            if (!q) return error_response(Error::invalid("jobQuery: " + q.error().message));
            queries.push_back(*q);
          }
        }
        std::map<std::string, std::pair<std::string, std::string>> owners;  // job → instance, key
        for (auto& q : queries) {
          auto found = api.jobs.jobs(q);
          if (!found) return error_response(found.error());
          for (const auto& v : *found) {
            job_ids.push_back(v.job.id);
            owners[v.job.id] = {v.job.process_instance_id, v.job.process_definition_key};
          }
        }
        std::set<std::string> seen;
        std::vector<std::string> items;
        for (auto& id : job_ids) {
          if (seen.insert(id).second) items.push_back(id);
        }
        return start(api, req, engine::kBatchJobRetries, items, json{{"retries", *retries}},
                     !of_instances ? "jobIds is empty: give jobIds or a jobQuery that finds jobs"
                     : instances_given ? "processInstances: the instances given have no jobs"
                                       : "processInstances is empty: give processInstances or a processInstanceQuery",
                     [&](const std::string& id) -> Status {
                       auto it = owners.find(id);
                       if (it == owners.end()) {
                         auto j = api.jobs.job(id);
                         if (!j) return {};  // an unknown job fails as its batch job, as Camunda
                         it = owners.emplace(id, std::pair{j->job.process_instance_id, j->job.process_definition_key}).first;
                       }
                       return authorize_instance_of(req, it->second.first, it->second.second, kUpdateInstance);
                     });
      });
    };
  };
  router.add(Method::kPost, "/engine-rest/job/retries", job_retries(false));
  router.add(Method::kPost, "/engine-rest/process-instance/job-retries", job_retries(true));

  router.add(Method::kPost, "/engine-rest/external-task/retries-async", [api](Request& req) mutable {
    return with_body(req, [&](const json& body) {
      auto retries = retries_field(body);
      if (!retries) return error_response(retries.error());
      auto ids = id_list(body, "externalTaskIds");
      if (!ids) return error_response(ids.error());
      auto instances = instances_of(api, body, "processInstanceIds");
      if (!instances) return error_response(instances.error());
      if (body.contains("externalTaskQuery") && !body["externalTaskQuery"].is_null()) {
        return error_response(Error::invalid("externalTaskQuery is not supported by dpc yet: give externalTaskIds or processInstanceIds"));
      }
      std::map<std::string, std::pair<std::string, std::string>> owners;
      for (const auto& pid : *instances) {
        engine::ExternalTaskQuery q;
        q.process_instance_id = pid;
        auto found = api.work.find_external_tasks(q);
        if (!found) return error_response(found.error());
        for (const auto& t : *found) {
          ids->push_back(t.id);
          owners[t.id] = {t.process_instance_id, t.process_definition_key};
        }
      }
      std::set<std::string> seen;
      std::vector<std::string> items;
      for (auto& id : *ids) {
        if (seen.insert(id).second) items.push_back(id);
      }
      return start(api, req, engine::kBatchExternalTaskRetries, items, json{{"retries", *retries}},
                   "externalTaskIds is empty: give externalTaskIds or processInstanceIds",
                   [&](const std::string& id) -> Status {
                     auto it = owners.find(id);
                     if (it == owners.end()) {
                       auto t = api.work.external_task(id);
                       if (!t || !*t) return {};
                       it = owners.emplace(id, std::pair{(*t)->process_instance_id, (*t)->process_definition_key}).first;
                     }
                     return authorize_instance_of(req, it->second.first, it->second.second, kUpdateInstance);
                   });
    });
  });
}

}  // namespace

void add_migration_routes(Router& router, BatchApi api);  // migration_routes.cpp

void add_batch_routes(Router& router, BatchApi api) {
  add_batch_resource(router, api);
  add_operations(router, api);
  add_migration_routes(router, api);
}

}  // namespace dpc::http
