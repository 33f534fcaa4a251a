// Shared pieces of the identity REST resources (identity_routes.h). Private to the http module.
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dpc/http/params.h"
#include "dpc/http/router.h"
#include "dpc/identity/identity_service.h"

namespace dpc::http::identity_rest {

// Who is asking, or nullptr when the request carries no principal.
const identity::Principal* caller(const Request& req);

// A handler that runs only with a principal (401 otherwise).
using CallerHandler = std::function<Response(Request&, const identity::Principal&)>;
Handler with_caller(CallerHandler handler);

// A handler of a JSON object body, run only with a principal (401 without; 400/415 for a
// body that is not a JSON object).
using BodyHandler = std::function<Response(Request&, const identity::Principal&, const nlohmann::json&)>;
Handler with_body(BodyHandler handler);

// 204, or the error.
Response done(const Status& st);

// The JSON object body (400 when it is something else).
Result<nlohmann::json> object_body(const Request& req);
// An optional string member: missing or null = nullopt; another type is a 400 naming it.
Result<std::optional<std::string>> text_member(const nlohmann::json& object, const char* name);

// GET `path` (a page of DTOs) and GET `path`/count for one list query type `Q`: `parse`
// reads the filters and sorting from the query string; paging is added here.
template <typename Q, typename T>
struct ListRoutes {
  std::function<Result<Q>(const Params&)> parse;
  std::function<Result<std::vector<T>>(const identity::Principal&, const Q&)> list;
  std::function<Result<long long>(const identity::Principal&, const Q&)> count;
  std::function<nlohmann::json(const T&)> dto;
};

template <typename Q, typename T>
void add_list_routes(Router& router, const std::string& path, ListRoutes<Q, T> r) {
  router.add(Method::kGet, path, with_caller([r](Request& req, const identity::Principal& who) {
    Params p = Params::from_query(req);
    auto q = r.parse(p);
    if (!q) return error_response(q.error());
    auto paging = p.paging();
    if (!paging) return error_response(paging.error());
    q->page.first_result = paging->first;
    q->page.max_results = paging->second;
    auto rows = r.list(who, *q);
    if (!rows) return error_response(rows.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& row : *rows) out.push_back(r.dto(row));
    return json_ok(out);
  }));
  router.add(Method::kGet, path + "/count", with_caller([r](Request& req, const identity::Principal& who) {
    auto q = r.parse(Params::from_query(req));
    if (!q) return error_response(q.error());
    auto n = r.count(who, *q);
    if (!n) return error_response(n.error());
    return json_ok({{"count", *n}});
  }));
}

// sortBy/sortOrder checked against `allowed`, as identity sort keys.
Result<std::vector<identity::Sort>> sorting(const Params& p, std::initializer_list<const char*> allowed);

// The authorization resource.
void add_authorization_routes(Router& router, identity::IdentityService& identity);

}  // namespace dpc::http::identity_rest
