// The /deployment resource: create (multipart), list, count, get, delete, resources.
#include <nlohmann/json.hpp>

#include "dpc/core/strings.h"
#include "dpc/http/authorize.h"
#include "dpc/http/handlers/decision_routes.h"
#include "dpc/http/handlers/repository_routes.h"
#include "dpc/http/multipart.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "repository_dto.h"

namespace dpc::http {

using nlohmann::json;
using engine::RepositoryService;
using identity::Resource;
namespace perm = identity::perm;

namespace {

constexpr const char* kBase = "/engine-rest/deployment";

Result<bool> form_bool(const MultipartPart& part) {
  std::string v(trim(part.body));
  if (v == "true") return true;
  if (v == "false" || v.empty()) return false;
  return Error::invalid("Cannot set form parameter '" + part.name + "' to value '" + v +
                        "': expected true or false");
}

// The text fields and the resources of a deployment/create form (Camunda: every part that
// is not one of the named fields is a resource, named by its file name).
Result<engine::DeploymentRequest> read_deployment_form(const std::vector<MultipartPart>& parts) {
  engine::DeploymentRequest d;
  for (const auto& part : parts) {
    // Stored as text (PostgreSQL holds neither invalid UTF-8 nor NUL); resources are bytes.
    if (auto st = check_param_text("the name of form parameter '" + part.name + "'", part.name); !st) {
      return st.error();
    }
    if (auto st = check_param_text("the file name of '" + part.name + "'", part.filename); !st) {
      return st.error();
    }
    if (!part.has_filename) {
      if (auto st = check_param_text("form parameter '" + part.name + "'", part.body); !st) return st.error();
    }
    if (part.name == "deployment-name") {
      d.name = part.body;
    } else if (part.name == "deployment-source") {
      d.source = part.body;
    } else if (part.name == "tenant-id") {
      d.tenant_id = part.body;
    } else if (part.name == "enable-duplicate-filtering" || part.name == "deploy-changed-only") {
      auto b = form_bool(part);
      if (!b) return b.error();
      (part.name == "deploy-changed-only" ? d.deploy_changed_only : d.enable_duplicate_filtering) = *b;
    } else if (part.name == "deployment-activation-time") {
      if (!trim(part.body).empty()) {
        return Error::invalid("deployment-activation-time is not supported by dpc yet");
      }
    } else if (!part.has_filename || part.filename.empty()) {
      return Error::invalid("No file name found in the deployment resource described by form parameter '" +
                            part.name + "'.");
    } else {
      // The model parsers read UTF-8 only (no conversion from a declared encoding), and the
      // names and ids they find are stored as text.
      bool model = engine::is_bpmn_resource(part.filename) || engine::is_dmn_resource(part.filename);
      if (auto at = model ? invalid_utf8_at(part.body) : std::nullopt) {
        return Error::invalid("Resource '" + part.filename + "' is not valid UTF-8 (byte " +
                              std::to_string(*at) + "); models are read as UTF-8");
      }
      d.resources.push_back({part.filename, part.body});
    }
  }
  if (d.resources.empty()) {
    return Error::invalid("No deployment resources contained in the form upload.");
  }
  return d;
}

// A refusal as a response; nullopt when the caller holds `permission` on the deployment.
std::optional<Response> refused(const Request& req, const std::string& id, int64_t permission) {
  if (auto st = authorize(req, Resource::kDeployment, id, permission); !st) return error_response(st.error());
  return std::nullopt;
}

Response create(RepositoryService& repo, Request& req) {
  if (auto no = refused(req, "*", perm::kCreate)) return *no;
  auto parts = parse_multipart(req.header("content-type"), req.body);
  if (!parts) return error_response(parts.error());
  auto form = read_deployment_form(*parts);
  if (!form) return error_response(form.error());
  engine::DeploymentProblems problems;
  auto deployed = repo.deploy(*form, &problems);
  if (!deployed) {
    if (!problems.by_resource.empty()) return parse_exception_response(problems);
    return error_response(deployed.error());
  }
  json body = deployment_dto(deployed->deployment, rest_base_url(req));
  json definitions = nullptr;
  for (const auto& p : deployed->definitions) definitions[p.id] = process_definition_dto(p);
  body["deployedProcessDefinitions"] = definitions;
  body["deployedCaseDefinitions"] = nullptr;
  json decisions = nullptr;
  for (const auto& d : deployed->decisions) decisions[d.id] = decision_definition_dto(d);
  body["deployedDecisionDefinitions"] = decisions;
  body["deployedDecisionRequirementsDefinitions"] = nullptr;
  return json_ok(body);
}

Result<engine::DeploymentQuery> read_query(const Request& req) {
  Params p = Params::from_query(req);
  engine::DeploymentQuery q;
  q.id = p.text("id");
  q.name = p.text("name");
  q.name_like = p.text("nameLike");
  q.source = p.text("source");
  q.tenant_ids = p.list("tenantIdIn");
  for (auto [name, target] : {std::pair{"withoutSource", &q.without_source},
                              std::pair{"withoutTenantId", &q.without_tenant_id},
                              std::pair{"includeDeploymentsWithoutTenantId", &q.include_without_tenant_id}}) {
    auto f = p.flag(name);
    if (!f) return f.error();
    *target = *f;
  }
  auto after = p.date("after");
  if (!after) return after.error();
  q.after = *after;
  auto before = p.date("before");
  if (!before) return before.error();
  q.before = *before;
  auto sorting = p.sorting({"id", "name", "deploymentTime", "tenantId"});
  if (!sorting) return sorting.error();
  for (const auto& s : *sorting) q.sorting.push_back({s.by, s.descending});
  auto paging = p.paging();
  if (!paging) return paging.error();
  q.page = {paging->first, paging->second};
  VisibilityRule rule;
  rule.definition_resource = Resource::kDeployment;  // READ on the deployment id
  auto visible = visibility(req, rule);
  if (!visible) return visible.error();
  q.visibility = std::move(*visible);
  return q;
}

Response list(RepositoryService& repo, Request& req) {
  auto q = read_query(req);
  if (!q) return error_response(q.error());
  auto found = repo.deployments(*q);
  if (!found) return error_response(found.error());
  json out = json::array();
  std::string base = rest_base_url(req);
  for (const auto& d : *found) out.push_back(deployment_dto(d, base));
  return json_ok(out);
}

Response count(RepositoryService& repo, Request& req) {
  auto q = read_query(req);
  if (!q) return error_response(q.error());
  auto n = repo.count_deployments(*q);
  if (!n) return error_response(n.error());
  return json_ok({{"count", *n}});
}

Response get(RepositoryService& repo, Request& req) {
  if (auto no = refused(req, req.path_param("id"), perm::kRead)) return *no;
  auto d = repo.deployment(req.path_param("id"));
  if (!d) return error_response(d.error());
  return json_ok(deployment_dto(*d, rest_base_url(req)));
}

Response remove(RepositoryService& repo, Request& req) {
  auto cascade = query_bool(req, "cascade");
  if (!cascade) return error_response(cascade.error());
  if (auto no = refused(req, req.path_param("id"), perm::kDelete)) return *no;
  if (auto st = repo.delete_deployment(req.path_param("id"), cascade->value_or(false)); !st) {
    return error_response(st.error());
  }
  return Response::no_content();
}

Response resources(RepositoryService& repo, Request& req) {
  if (auto no = refused(req, req.path_param("id"), perm::kRead)) return *no;
  auto list = repo.resources(req.path_param("id"));
  if (!list) return error_response(list.error());
  json out = json::array();
  for (const auto& r : *list) out.push_back(resource_dto(r));
  return json_ok(out);
}

Response resource(RepositoryService& repo, Request& req) {
  if (auto no = refused(req, req.path_param("id"), perm::kRead)) return *no;
  auto r = repo.resource(req.path_param("id"), req.path_param("resourceId"));
  if (!r) return error_response(r.error());
  return json_ok(resource_dto(*r));
}

Response resource_data(RepositoryService& repo, Request& req) {
  if (auto no = refused(req, req.path_param("id"), perm::kRead)) return *no;
  auto r = repo.resource(req.path_param("id"), req.path_param("resourceId"));
  if (!r) return error_response(r.error());
  Response out{200, resource_media_type(r->name), std::move(r->bytes), {}};
  std::string filename = r->name.substr(r->name.find_last_of('/') + 1);
  out.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return out;
}

}  // namespace

void add_deployment_routes(Router& router, RepositoryService& repo) {
  auto bind = [&repo](Response (*fn)(RepositoryService&, Request&)) {
    return [&repo, fn](Request& req) { return fn(repo, req); };
  };
  const std::string base = kBase;
  router.add(Method::kPost, base + "/create", bind(&create));
  router.add(Method::kGet, base, bind(&list));
  router.add(Method::kGet, base + "/count", bind(&count));
  router.add(Method::kGet, base + "/{id}", bind(&get));
  router.add(Method::kDelete, base + "/{id}", bind(&remove));
  router.add(Method::kGet, base + "/{id}/resources", bind(&resources));
  router.add(Method::kGet, base + "/{id}/resources/{resourceId}", bind(&resource));
  router.add(Method::kGet, base + "/{id}/resources/{resourceId}/data", bind(&resource_data));
}

}  // namespace dpc::http
