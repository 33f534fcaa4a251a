// Camunda 7's filter resource, /engine-rest/filter: saved task queries shared through Filter
// authorizations (resource type 5). Creating needs CREATE on Filter "*"; the owner may do
// everything with their filter (Camunda grants the owner ALL); otherwise READ to see it and
// list its tasks, UPDATE to change it, DELETE to remove it. A filter's list runs its saved
// query (expressions evaluated for the caller, see filter_query.h), extended by a POST body,
// under the caller's task visibility (task_list.h), in plain JSON or HAL.
#include <nlohmann/json.hpp>

#include "dpc/core/strings.h"
#include "dpc/core/time_format.h"
#include "dpc/http/authorize.h"
#include "dpc/http/handlers/tasklist_routes.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "dto.h"
#include "filter_hal.h"
#include "filter_query.h"
#include "task_list.h"

namespace dpc::http {

using nlohmann::json;
using identity::Resource;
namespace perm = identity::perm;

namespace {

json filter_dto(const engine::TaskFilter& f) {
  return {{"id", f.id}, {"resourceType", f.resource_type}, {"name", f.name},
          {"owner", text_or_null(f.owner)},
          {"query", json::parse(f.query_json, nullptr, false)},
          {"properties", json::parse(f.properties_json, nullptr, false)}};
}

Error missing(const std::string& id) { return Error::not_found("Filter with id " + id + " does not exist."); }

// The filter `id` when the caller may do `permission` on it (the owner may do all).
Result<engine::TaskFilter> filter_for(TasklistApi api, const Request& req, const std::string& id,
                                      int64_t permission) {
  if (!req.principal) return Error::unauthorized("Authentication required");
  auto f = api.filters.get(id);
  if (!f) return f.error();
  if (!*f) return missing(id);
  if ((*f)->owner.empty() || (*f)->owner != req.principal->user_id) {
    if (Status st = authorize(req, Resource::kFilter, id, permission); !st) return st.error();
  }
  return std::move(**f);
}

// The filter's task query for this caller: expressions evaluated, `extension` laid over it.
Result<engine::TaskQuery> query_of(const Request& req, const engine::TaskFilter& f,
                                   const json& extension) {
  json saved = json::parse(f.query_json, nullptr, false);
  if (!saved.is_object()) return Error::internal("filter " + f.id + " holds a query that is not an object");
  auto extended = extend_query(saved, extension);
  if (!extended) return extended.error();
  FilterCaller caller{req.principal ? req.principal->user_id : "",
                      req.principal ? req.principal->groups : std::vector<std::string>{}, now_millis()};
  auto resolved = resolve_expressions(*extended, caller);
  if (!resolved) return resolved.error();
  return task_query(Params::from_json(*resolved));
}

Result<long long> item_count(TasklistApi api, const Request& req, const engine::TaskFilter& f) {
  auto q = query_of(req, f, json::object());
  if (!q) return q.error();
  return count_visible_tasks(api.runtime, req, std::move(*q));
}

// Body of create/update: resourceType (create only; "Task"), name, owner, query, properties.
Result<engine::TaskFilter> filter_from(const Request& req, const json& body, engine::TaskFilter f) {
  auto type = string_field(body, "resourceType");
  if (!type) return type.error();
  if (*type) f.resource_type = **type;
  if (f.resource_type != "Task") {
    return Error::invalid("Unsupported resource type '" + f.resource_type + "': dpc filters are of resourceType Task");
  }
  auto name = string_field(body, "name");
  if (!name) return name.error();
  if (!*name || (*name)->empty()) return Error::invalid("Filter name must not be null or empty.");
  if ((*name)->size() > 255) return Error::invalid("Filter name is longer than 255 characters.");
  f.name = **name;
  auto owner = string_field(body, "owner");
  if (!owner) return owner.error();
  f.owner = owner->value_or("");
  json query = body.value("query", json::object());
  if (query.is_null()) query = json::object();
  if (!query.is_object()) return Error::invalid("query must be a JSON object");
  json properties = body.value("properties", json::object());
  if (properties.is_null()) properties = json::object();
  if (!properties.is_object()) return Error::invalid("properties must be a JSON object");
  // The saved query must be usable: its expressions compile and evaluate, its values parse.
  FilterCaller caller{req.principal ? req.principal->user_id : "",
                      req.principal ? req.principal->groups : std::vector<std::string>{}, now_millis()};
  auto resolved = resolve_expressions(query, caller);
  if (!resolved) return resolved.error();
  if (auto q = task_query(Params::from_json(*resolved)); !q) {
    return Error::invalid("query: " + q.error().message);
  }
  f.query_json = query.dump();
  f.properties_json = properties.dump();
  return f;
}

bool wants_hal(const Request& req) {
  return req.header("accept").find("application/hal+json") != std::string_view::npos;
}

Result<bool> item_count_param(const Request& req) {
  auto v = query_bool(req, "itemCount");
  if (!v) return v.error();
  return v->value_or(false);
}

std::vector<std::string> hal_variable_names(const engine::TaskFilter& f) {
  std::vector<std::string> out;
  json props = json::parse(f.properties_json, nullptr, false);
  if (!props.is_object() || !props.contains("variables") || !props["variables"].is_array()) return out;
  for (const auto& v : props["variables"]) {
    if (v.is_object() && v.contains("name") && v["name"].is_string()) out.push_back(v["name"].get<std::string>());
  }
  return out;
}

// GET/POST /filter/{id}/list, /count and /singleResult.
enum class Answer { kList, kCount, kSingle };

Response run_filter(TasklistApi api, Request& req, Answer answer, bool post) {
  auto f = filter_for(api, req, req.path_param("id"), perm::kRead);
  if (!f) return error_response(f.error());
  json extension = json::object();
  if (post) {
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    extension = std::move(*body);
  }
  auto q = query_of(req, *f, extension);
  if (!q) return error_response(q.error());
  auto paging = query_paging(req);
  if (!paging) return error_response(paging.error());
  if (answer == Answer::kCount) {
    auto n = count_visible_tasks(api.runtime, req, std::move(*q));
    return n ? json_ok({{"count", *n}}) : error_response(n.error());
  }
  engine::TaskQuery page = *q;
  page.page = {paging->first_result, answer == Answer::kSingle ? 2 : paging->max_results};
  auto tasks = visible_tasks(api.runtime, req, std::move(page));
  if (!tasks) return error_response(tasks.error());
  if (answer == Answer::kSingle) {
    if (tasks->size() > 1) {
      return error_response(Error::invalid("Filter query returns more than one result"));
    }
    if (tasks->empty()) return Response::no_content();
  }
  if (wants_hal(req)) {
    long long count = static_cast<long long>(tasks->size());
    if (answer == Answer::kList) {
      auto n = count_visible_tasks(api.runtime, req, std::move(*q));
      if (!n) return error_response(n.error());
      count = *n;
    }
    json hal = hal_task_list(api, req, *tasks, count, hal_variable_names(*f));
    if (answer == Answer::kSingle) hal = hal["_embedded"]["task"][0];
    Response r = json_ok(hal);
    r.content_type = "application/hal+json";
    return r;
  }
  if (answer == Answer::kSingle) return json_ok(task_dto(tasks->front()));
  json out = json::array();
  for (const auto& t : *tasks) out.push_back(task_dto(t));
  return json_ok(out);
}

Result<engine::TaskFilterQuery> filter_query(const Request& req) {
  engine::TaskFilterQuery q;
  Params p = Params::from_query(req);
  q.id = p.text("filterId");
  q.resource_type = p.text("resourceType");
  q.name = p.text("name");
  q.name_like = p.text("nameLike");
  q.owner = p.text("owner");
  auto sorting = p.sorting({"filterId", "firstResult", "resourceType", "name", "owner"});
  if (!sorting) return sorting.error();
  for (const auto& s : *sorting) q.sorting.push_back({s.by, s.descending});
  auto paging = p.paging();
  if (!paging) return paging.error();
  q.page = {paging->first, paging->second};
  if (!req.principal) return Error::unauthorized("Authentication required");
  if (!req.principal->admin) {
    if (!req.identity) return Error::unauthorized("Authentication required");
    auto ids = req.identity->allowed_ids(*req.principal, Resource::kFilter, perm::kRead);
    if (!ids) return ids.error();
    q.unrestricted = false;
    q.owner_of_readable = req.principal->user_id;
    q.readable = engine::IdFilter{ids->all, ids->only, ids->except};
  }
  return q;
}

}  // namespace

void add_filter_routes(Router& router, TasklistApi api) {
  router.add(Method::kGet, "/engine-rest/filter", [api](Request& req) {
    auto q = filter_query(req);
    if (!q) return error_response(q.error());
    auto with_count = item_count_param(req);
    if (!with_count) return error_response(with_count.error());
    auto filters = api.filters.find(*q);
    if (!filters) return error_response(filters.error());
    json out = json::array();
    for (const auto& f : *filters) {
      json dto = filter_dto(f);
      if (*with_count) {
        auto n = item_count(api, req, f);
        if (!n) return error_response(n.error());
        dto["itemCount"] = *n;
      }
      out.push_back(std::move(dto));
    }
    return json_ok(out);
  });
  router.add(Method::kGet, "/engine-rest/filter/count", [api](Request& req) {
    auto q = filter_query(req);
    if (!q) return error_response(q.error());
    auto n = api.filters.count(*q);
    return n ? json_ok({{"count", *n}}) : error_response(n.error());
  });
  router.add(Method::kPost, "/engine-rest/filter/create", [api](Request& req) {
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    if (Status st = authorize(req, Resource::kFilter, "*", perm::kCreate); !st) return error_response(st.error());
    auto f = filter_from(req, *body, engine::TaskFilter{});
    if (!f) return error_response(f.error());
    f->id = new_uuid();
    if (Status st = api.filters.create(*f); !st) return error_response(st.error());
    return json_ok(filter_dto(*f));
  });
  router.add(Method::kGet, "/engine-rest/filter/{id}", [api](Request& req) {
    auto with_count = item_count_param(req);
    if (!with_count) return error_response(with_count.error());
    auto f = filter_for(api, req, req.path_param("id"), perm::kRead);
    if (!f) return error_response(f.error());
    json dto = filter_dto(*f);
    if (*with_count) {
      auto n = item_count(api, req, *f);
      if (!n) return error_response(n.error());
      dto["itemCount"] = *n;
    }
    return json_ok(dto);
  });
  router.add(Method::kPut, "/engine-rest/filter/{id}", [api](Request& req) {
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    auto f = filter_for(api, req, req.path_param("id"), perm::kUpdate);
    if (!f) return error_response(f.error());
    auto type = string_field(*body, "resourceType");
    if (type && *type && **type != f->resource_type) {
      return error_response(Error::invalid("The resource type of a filter cannot be changed"));
    }
    auto changed = filter_from(req, *body, *f);
    if (!changed) return error_response(changed.error());
    Status st = api.filters.update(*changed);
    return st ? Response::no_content() : error_response(st.error());
  });
  router.add(Method::kDelete, "/engine-rest/filter/{id}", [api](Request& req) {
    auto f = filter_for(api, req, req.path_param("id"), perm::kDelete);
    if (!f) return error_response(f.error());
    Status st = api.filters.remove(f->id);
    return st ? Response::no_content() : error_response(st.error());
  });
  for (auto [suffix, answer] : {std::pair{"/list", Answer::kList}, std::pair{"/count", Answer::kCount},
                                std::pair{"/singleResult", Answer::kSingle}}) {
    std::string path = std::string("/engine-rest/filter/{id}") + suffix;
    router.add(Method::kGet, path, [api, answer](Request& req) { return run_filter(api, req, answer, false); });
    router.add(Method::kPost, path, [api, answer](Request& req) { return run_filter(api, req, answer, true); });
  }
}

}  // namespace dpc::http
