// The /decision-definition resource: list, count, get (by id, by key, by key and tenant),
// XML and evaluation.
#include "dpc/http/handlers/decision_routes.h"

#include <memory>

#include "dpc/engine/decision_service.h"
#include "dpc/http/authorize.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "dpc/http/variable_json.h"

namespace dpc::http {

using nlohmann::json;
using engine::RepositoryService;
using identity::Resource;
namespace perm = identity::perm;

namespace {

constexpr const char* kBase = "/engine-rest/decision-definition";

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

Result<engine::DecisionDefinitionQuery> read_query(const Request& req) {
  Params p = Params::from_query(req);
  engine::DecisionDefinitionQuery q;
  q.id = p.text("decisionDefinitionId");
  q.ids = p.list("decisionDefinitionIdIn");
  q.key = p.text("key");
  q.key_like = p.text("keyLike");
  q.name = p.text("name");
  q.name_like = p.text("nameLike");
  q.deployment_id = p.text("deploymentId");
  q.resource_name = p.text("resourceName");
  q.category = p.text("category");
  q.version_tag = p.text("versionTag");
  q.tenant_ids = p.list("tenantIdIn");
  auto version = p.integer("version");
  if (!version) return version.error();
  if (*version) q.version = static_cast<int>(**version);
  for (auto [name, target] : {std::pair{"latestVersion", &q.latest_version},
                              std::pair{"withoutTenantId", &q.without_tenant_id},
                              std::pair{"includeDecisionDefinitionsWithoutTenantId",
                                        &q.include_without_tenant_id}}) {
    auto f = p.flag(name);
    if (!f) return f.error();
    *target = *f;
  }
  auto sorting = p.sorting({"category", "key", "id", "name", "version", "deploymentId",
                            "deployTime", "tenantId", "versionTag"});
  if (!sorting) return sorting.error();
  for (const auto& s : *sorting) q.sorting.push_back({s.by, s.descending});
  auto paging = p.paging();
  if (!paging) return paging.error();
  q.page = {paging->first, paging->second};
  VisibilityRule rule;
  rule.definition_resource = Resource::kDecisionDefinition;  // READ on the decision key
  auto visible = visibility(req, rule);
  if (!visible) return visible.error();
  q.visibility = std::move(*visible);
  return q;
}

// Evaluation handlers get the repository (to find the decision) and the engine's decision
// service (which evaluates it and records the evaluation).
struct Deps {
  RepositoryService& repo;
  std::shared_ptr<engine::DecisionService> decisions;
};

Response list(RepositoryService& repo, Request& req) {
  auto q = read_query(req);
  if (!q) return error_response(q.error());
  auto found = repo.decision_definitions(*q);
  if (!found) return error_response(found.error());
  json out = json::array();
  for (const auto& d : *found) out.push_back(decision_definition_dto(d));
  return json_ok(out);
}

Response count(RepositoryService& repo, Request& req) {
  auto q = read_query(req);
  if (!q) return error_response(q.error());
  auto n = repo.count_decision_definitions(*q);
  if (!n) return error_response(n.error());
  return json_ok({{"count", *n}});
}

// The decision a path names: {id}, or the latest of {key} (for {tenantId}, if given).
Result<engine::DecisionDefinitionRecord> addressed(RepositoryService& repo, const Request& req) {
  auto id = req.path_params.find("id");
  if (id != req.path_params.end()) return repo.decision_definition(id->second);
  engine::DecisionLookup l;
  l.key = req.path_param("key");
  auto tenant = req.path_params.find("tenantId");
  if (tenant != req.path_params.end()) l.tenant_id = tenant->second;
  return repo.find_decision_definition(l);
}

// The addressed decision when the caller holds `permission` on its key.
Result<engine::DecisionDefinitionRecord> addressed(RepositoryService& repo, const Request& req,
                                                   int64_t permission) {
  auto d = addressed(repo, req);
  if (!d) return d;
  if (auto st = authorize(req, Resource::kDecisionDefinition, d->key, permission); !st) {
    return st.error();
  }
  return d;
}

Response get(RepositoryService& repo, Request& req) {
  auto d = addressed(repo, req, perm::kRead);
  if (!d) return error_response(d.error());
  return json_ok(decision_definition_dto(*d));
}

Response xml(RepositoryService& repo, Request& req) {
  auto d = addressed(repo, req, perm::kRead);
  if (!d) return error_response(d.error());
  auto text = repo.decision_xml(d->id);
  if (!text) return error_response(text.error());
  return json_ok({{"id", d->id}, {"dmnXml", *text}});
}

Response evaluate(const Deps& deps, Request& req) {
  RepositoryService& repo = deps.repo;
  VariableMap variables;
  if (!req.body.empty()) {
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    if (body->contains("variables") && !(*body)["variables"].is_null()) {
      auto vars = variables_from_json((*body)["variables"], "variables");
      if (!vars) return error_response(vars.error());
      variables = std::move(*vars);
    }
  }
  auto d = addressed(repo, req, perm::kCreateInstance);
  if (!d) return error_response(d.error());
  auto result = deps.decisions->evaluate(*d, variables);
  if (!result) return error_response(result.error());
  json out = json::array();
  for (const auto& rule : *result) {
    json entries = json::object();
    for (const auto& [name, value] : rule) entries[name] = variable_to_json(value);
    out.push_back(std::move(entries));
  }
  return json_ok(out);
}

}  // namespace

json decision_definition_dto(const engine::DecisionDefinitionRecord& d) {
  return {{"id", d.id},
          {"key", d.key},
          {"category", text_or_null(d.category)},
          {"name", text_or_null(d.name)},
          {"version", d.version},
          {"resource", d.resource_name},
          {"deploymentId", d.deployment_id},
          {"tenantId", text_or_null(d.tenant_id)},
          {"decisionRequirementsDefinitionId", nullptr},
          {"decisionRequirementsDefinitionKey", nullptr},
          {"historyTimeToLive", d.history_ttl_days ? json(*d.history_ttl_days) : json(nullptr)},
          {"versionTag", text_or_null(d.version_tag)}};
}

void add_decision_routes(Router& router, RepositoryService& repo,
                         engine::DecisionHistoryStore* history) {
  // The service the evaluations share (the engine's clock; history when a store is given).
  auto decisions = std::make_shared<engine::DecisionService>(repo, history);
  auto bind = [&repo](Response (*fn)(RepositoryService&, Request&)) {
    return [&repo, fn](Request& req) { return fn(repo, req); };
  };
  const std::string base = kBase;
  router.add(Method::kGet, base, bind(&list));
  router.add(Method::kGet, base + "/count", bind(&count));
  for (const std::string& one : {base + "/{id}", base + "/key/{key}",
                                 base + "/key/{key}/tenant-id/{tenantId}"}) {
    router.add(Method::kGet, one, bind(&get));
    router.add(Method::kGet, one + "/xml", bind(&xml));
    router.add(Method::kPost, one + "/evaluate",
               [deps = Deps{repo, decisions}](Request& req) { return evaluate(deps, req); });
  }
}

}  // namespace dpc::http
