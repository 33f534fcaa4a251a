// The /process-definition resource's repository part: list, count, get (by id, by key,
// by key and tenant), XML, delete and suspension. Starting instances is the runtime's.
#include <nlohmann/json.hpp>

#include "dpc/http/authorize.h"
#include "dpc/http/handlers/repository_routes.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "repository_dto.h"

namespace dpc::http {

using nlohmann::json;
using engine::RepositoryService;
using identity::Resource;
namespace perm = identity::perm;

namespace {

constexpr const char* kBase = "/engine-rest/process-definition";

// The query, or nullopt when its filters contradict each other (no definition can match).
Result<std::optional<engine::ProcessDefinitionQuery>> read_query(const Request& req) {
  using Optional = std::optional<engine::ProcessDefinitionQuery>;
  Params p = Params::from_query(req);
  engine::ProcessDefinitionQuery q;
  q.id = p.text("processDefinitionId");
  q.ids = p.list("processDefinitionIdIn");
  q.key = p.text("key");
  q.keys = p.list("keysIn");
  q.key_like = p.text("keyLike");
  q.name = p.text("name");
  q.name_like = p.text("nameLike");
  q.deployment_id = p.text("deploymentId");
  q.resource_name = p.text("resourceName");
  q.resource_name_like = p.text("resourceNameLike");
  q.category = p.text("category");
  q.category_like = p.text("categoryLike");
  q.version_tag = p.text("versionTag");
  q.version_tag_like = p.text("versionTagLike");
  q.tenant_ids = p.list("tenantIdIn");
  auto version = p.integer("version");
  if (!version) return version.error();
  if (*version) q.version = static_cast<int>(**version);

  bool suspended = false, active = false, startable = false, not_startable = false;
  for (auto [name, target] : {std::pair{"latestVersion", &q.latest_version},
                              std::pair{"suspended", &suspended},
                              std::pair{"active", &active},
                              std::pair{"startableInTasklist", &startable},
                              std::pair{"notStartableInTasklist", &not_startable},
                              std::pair{"withoutTenantId", &q.without_tenant_id},
                              std::pair{"includeProcessDefinitionsWithoutTenantId",
                                        &q.include_without_tenant_id},
                              std::pair{"withoutVersionTag", &q.without_version_tag}}) {
    auto f = p.flag(name);
    if (!f) return f.error();
    *target = *f;
  }
  if ((suspended && active) || (startable && not_startable)) return Optional{};
  if (suspended || active) q.suspended = suspended;
  if (startable || not_startable) q.startable_in_tasklist = startable;

  auto after = p.date("deployedAfter");
  if (!after) return after.error();
  q.deployed_after = *after;
  auto at = p.date("deployedAt");
  if (!at) return at.error();
  q.deployed_at = *at;
  auto sorting = p.sorting({"category", "key", "id", "name", "version", "deploymentId",
                            "deployTime", "tenantId", "versionTag"});
  if (!sorting) return sorting.error();
  for (const auto& s : *sorting) q.sorting.push_back({s.by, s.descending});
  auto paging = p.paging();
  if (!paging) return paging.error();
  q.page = {paging->first, paging->second};
  auto visible = visibility(req, {});  // READ on the key
  if (!visible) return visible.error();
  q.visibility = std::move(*visible);
  return Optional{std::move(q)};
}

Response list(RepositoryService& repo, Request& req) {
  auto q = read_query(req);
  if (!q) return error_response(q.error());
  json out = json::array();
  if (!*q) return json_ok(out);
  auto found = repo.definitions(**q);
  if (!found) return error_response(found.error());
  for (const auto& d : *found) out.push_back(process_definition_dto(d));
  return json_ok(out);
}

Response count(RepositoryService& repo, Request& req) {
  auto q = read_query(req);
  if (!q) return error_response(q.error());
  if (!*q) return json_ok({{"count", 0}});
  auto n = repo.count_definitions(**q);
  if (!n) return error_response(n.error());
  return json_ok({{"count", *n}});
}

// The definition a path names: {id}, or the latest of {key} (for {tenantId}, if given).
Result<engine::ProcessDefinitionRecord> addressed(RepositoryService& repo, const Request& req) {
  auto id = req.path_params.find("id");
  if (id != req.path_params.end()) return repo.definition(id->second);
  auto tenant = req.path_params.find("tenantId");
  return repo.latest_definition(req.path_param("key"),
                                tenant == req.path_params.end() ? std::string() : tenant->second);
}

// The addressed definition when the caller holds `permission` on its key.
Result<engine::ProcessDefinitionRecord> addressed(RepositoryService& repo, const Request& req,
                                                  int64_t permission) {
  auto d = addressed(repo, req);
  if (!d) return d;
  if (auto st = authorize(req, Resource::kProcessDefinition, d->key, permission); !st) return st.error();
  return d;
}

Response get(RepositoryService& repo, Request& req) {
  auto d = addressed(repo, req, perm::kRead);
  if (!d) return error_response(d.error());
  return json_ok(process_definition_dto(*d));
}

Response xml(RepositoryService& repo, Request& req) {
  auto d = addressed(repo, req, perm::kRead);
  if (!d) return error_response(d.error());
  auto text = repo.definition_xml(d->id);
  if (!text) return error_response(text.error());
  return json_ok({{"id", d->id}, {"bpmn20Xml", *text}});
}

Response remove(RepositoryService& repo, Request& req) {
  auto cascade = query_bool(req, "cascade");
  if (!cascade) return error_response(cascade.error());
  // An unknown id is the repository's 404; a known one needs DELETE on its key, and with
  // cascade also DELETE on every instance or DELETE_INSTANCE on the key.
  if (auto d = repo.definition(req.path_param("id")); d) {
    Status st = authorize(req, Resource::kProcessDefinition, d->key, perm::kDelete);
    if (st && cascade->value_or(false)) {
      st = authorize_any(req, {{Resource::kProcessInstance, "*", perm::kDelete},
                               {Resource::kProcessDefinition, d->key, perm::kDeleteInstance}});
    }
    if (!st) return error_response(st.error());
  }
  if (auto st = repo.delete_definition(req.path_param("id"), cascade->value_or(false)); !st) {
    return error_response(st.error());
  }
  return Response::no_content();
}

// {"suspended": bool, "includeProcessInstances": bool, "executionDate": null} (+ key).
struct SuspensionBody {
  bool suspended = false;
  bool include_instances = false;
  std::string key;
};

Result<SuspensionBody> read_suspension(const Request& req) {
  auto body = json_body(req);
  if (!body) return body.error();
  if (!body->contains("suspended") || !(*body)["suspended"].is_boolean()) {
    return Error::invalid("Property 'suspended' must be true or false");
  }
  SuspensionBody out;
  out.suspended = (*body)["suspended"].get<bool>();
  if (body->contains("includeProcessInstances") && !(*body)["includeProcessInstances"].is_null()) {
    if (!(*body)["includeProcessInstances"].is_boolean()) {
      return Error::invalid("Property 'includeProcessInstances' must be true or false");
    }
    out.include_instances = (*body)["includeProcessInstances"].get<bool>();
  }
  if (body->contains("executionDate") && !(*body)["executionDate"].is_null()) {
    return Error::invalid("Property 'executionDate' (delayed suspension) is not supported by dpc yet");
  }
  if (body->contains("processDefinitionKey") && (*body)["processDefinitionKey"].is_string()) {
    out.key = (*body)["processDefinitionKey"].get<std::string>();
  }
  return out;
}

// UPDATE on the key; with the instances, also UPDATE on every instance or UPDATE_INSTANCE.
Status authorize_suspension(const Request& req, const std::string& key, bool include_instances) {
  if (auto st = authorize(req, Resource::kProcessDefinition, key, perm::kUpdate); !st) return st;
  if (!include_instances) return {};
  return authorize_any(req, {{Resource::kProcessInstance, "*", perm::kUpdate},
                             {Resource::kProcessDefinition, key, perm::kUpdateInstance}});
}

Response suspend(RepositoryService& repo, Request& req) {
  auto body = read_suspension(req);
  if (!body) return error_response(body.error());
  auto d = addressed(repo, req);
  if (!d) return error_response(d.error());
  if (auto st = authorize_suspension(req, d->key, body->include_instances); !st) {
    return error_response(st.error());
  }
  if (auto st = repo.set_definition_suspended(d->id, body->suspended, body->include_instances); !st) {
    return error_response(st.error());
  }
  return Response::no_content();
}

// PUT /process-definition/suspended: every version of processDefinitionKey.
Response suspend_by_key(RepositoryService& repo, Request& req) {
  auto body = read_suspension(req);
  if (!body) return error_response(body.error());
  if (body->key.empty()) {
    return error_response(Error::invalid("Property 'processDefinitionKey' must be set"));
  }
  if (auto st = authorize_suspension(req, body->key, body->include_instances); !st) {
    return error_response(st.error());
  }
  if (auto st = repo.set_key_suspended(body->key, body->suspended, body->include_instances); !st) {
    return error_response(st.error());
  }
  return Response::no_content();
}

}  // namespace

void add_process_definition_routes(Router& router, RepositoryService& repo) {
  auto bind = [&repo](Response (*fn)(RepositoryService&, Request&)) {
    return [&repo, fn](Request& req) { return fn(repo, req); };
  };
  const std::string base = kBase;
  router.add(Method::kGet, base, bind(&list));
  router.add(Method::kGet, base + "/count", bind(&count));
  router.add(Method::kPut, base + "/suspended", bind(&suspend_by_key));
  for (const std::string& one : {base + "/{id}", base + "/key/{key}",
                                 base + "/key/{key}/tenant-id/{tenantId}"}) {
    router.add(Method::kGet, one, bind(&get));
    router.add(Method::kGet, one + "/xml", bind(&xml));
    router.add(Method::kPut, one + "/suspended", bind(&suspend));
  }
  router.add(Method::kDelete, base + "/{id}", bind(&remove));
}

}  // namespace dpc::http
