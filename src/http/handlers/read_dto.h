// Shared pieces of the read-only REST resources (read_routes.h): Camunda DTO renderings of
// the history, incident, activity-tree and statistics records, and the registration of a
// list resource with its /count and POST twins. Private to the http module.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

#include "dpc/engine/history_queries.h"
#include "dpc/http/authorize.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "dpc/http/router.h"

namespace dpc::http::read {

// ---- DTOs (Camunda's field names; empty strings become null) ----
nlohmann::json activity_instance_tree_dto(const engine::ActivityInstanceNode& node);
nlohmann::json historic_process_instance_dto(const engine::HistoricProcessInstance& h);
nlohmann::json historic_activity_instance_dto(const engine::ActivityInstanceRecord& a);
nlohmann::json historic_task_dto(const engine::HistoricTaskRecord& h);
nlohmann::json historic_variable_dto(const engine::HistoricVariableInstance& h, bool deserialize);
nlohmann::json incident_dto(const engine::IncidentRecord& i);
nlohmann::json definition_statistics_dto(const engine::DefinitionStatistics& s);
nlohmann::json activity_statistics_dto(const engine::ActivityStatistics& s);

// The raw bytes of a Bytes or File value (File: its mimetype, charset and file name);
// 400 for any other type.
Response variable_data_response(const TypedValue& v, const std::string& name);

// ---- parameter helpers ----

// sortBy/sortOrder (or the JSON `sorting` array) checked against `allowed`.
Result<std::vector<engine::SortKey>> sorting(const Params& p, std::initializer_list<const char*> allowed);
// Reads each named boolean flag (true/false, 400 otherwise) into its target.
Status flags(const Params& p, std::initializer_list<std::pair<const char*, bool*>> targets);
// Reads each named Camunda date into its target.
Status dates(const Params& p, std::initializer_list<std::pair<const char*, std::optional<engine::Millis>*>> targets);

// A list resource: `parse` reads filters and sorting (body is the JSON object of a POST,
// nullptr for GET); paging always comes from the query string, as in Camunda.
template <typename Q>
struct ListResource {
  std::function<Result<Q>(const Params&, const nlohmann::json* body)> parse;
  std::function<Result<nlohmann::json>(const Q&)> list;
  std::function<Result<long long>(const Q&)> count;
};

// Registers GET `path` and GET `path`/count, and with `with_post` their POST twins. With
// `visible`, the query's `visibility` is the caller's under that rule (authorize.h).
template <typename Q>
void add_list_resource(Router& router, const std::string& path, ListResource<Q> r, bool with_post,
                       std::optional<VisibilityRule> visible = std::nullopt) {
  auto run = [r, visible](Request& req, bool post, bool count) -> Response {
    std::optional<nlohmann::json> body;
    if (post) {
      auto parsed = json_body(req);
      if (!parsed) return error_response(parsed.error());
      if (!parsed->is_object()) return error_response(Error::invalid("request body must be a JSON object"));
      body = std::move(*parsed);
    }
    Params p = post ? Params::from_json(*body) : Params::from_query(req);
    auto q = r.parse(p, post ? &*body : nullptr);
    if (!q) return error_response(q.error());
    if constexpr (requires { q->visibility = engine::Visibility{}; }) {
      if (visible) {
        auto v = visibility(req, *visible);
        if (!v) return error_response(v.error());
        q->visibility = std::move(*v);
      }
    }
    if (count) {
      auto n = r.count(*q);
      if (!n) return error_response(n.error());
      return json_ok({{"count", *n}});
    }
    auto paging = Params::from_query(req).paging();
    if (!paging) return error_response(paging.error());
    q->page.first_result = paging->first;
    q->page.max_results = paging->second;
    auto out = r.list(*q);
    if (!out) return error_response(out.error());
    return json_ok(*out);
  };
  router.add(Method::kGet, path, [run](Request& req) { return run(req, false, false); });
  router.add(Method::kGet, path + "/count", [run](Request& req) { return run(req, false, true); });
  if (!with_post) return;
  router.add(Method::kPost, path, [run](Request& req) { return run(req, true, false); });
  router.add(Method::kPost, path + "/count", [run](Request& req) { return run(req, true, true); });
}

// The list rules of Camunda 7: running instances and incidents by READ on the instance or
// READ_INSTANCE on the key; history by READ on the historic instance or READ_HISTORY.
inline VisibilityRule instance_rule() {
  return {.definition_permission = identity::perm::kReadInstance,
          .instance_resource = identity::Resource::kProcessInstance,
          .instance_permission = identity::perm::kRead};
}
inline VisibilityRule history_rule() {
  return {.definition_permission = identity::perm::kReadHistory,
          .instance_resource = identity::Resource::kHistoricProcessInstance,
          .instance_permission = identity::perm::kRead};
}

// Renders each record of a successful query with `dto`.
template <typename T, typename F>
Result<nlohmann::json> json_list(Result<std::vector<T>> rows, F&& dto) {
  if (!rows) return rows.error();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : *rows) out.push_back(dto(row));
  return out;
}

}  // namespace dpc::http::read
