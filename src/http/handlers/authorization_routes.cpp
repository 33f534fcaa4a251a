// /engine-rest/authorization. See identity_routes.h.
#include <nlohmann/json.hpp>

#include "dpc/http/params.h"
#include "dpc/identity/authorization_rules.h"
#include "identity_handlers.h"

namespace dpc::http::identity_rest {

using nlohmann::json;
namespace id = dpc::identity;

namespace {

json nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json authorization_dto(const id::Authorization& a) {
  return {{"id", a.id},
          {"type", static_cast<int>(a.type)},
          {"permissions", id::permission_names(id::named_permissions(a))},
          {"userId", nullable(a.user_id)},
          {"groupId", nullable(a.group_id)},
          {"resourceType", static_cast<int>(a.resource)},
          {"resourceId", a.resource_id},
          {"removalTime", nullptr},
          {"rootProcessInstanceId", nullptr}};
}

Result<id::Resource> resource_type(long long value) {
  auto r = id::resource_from_int(static_cast<int>(value));
  if (!r || value != static_cast<int>(value)) {
    return Error::invalid("resourceType " + std::to_string(value) + " is not a known resource type");
  }
  return *r;
}

// The body of create and update: {type, permissions, userId, groupId, resourceType, resourceId}.
Result<id::Authorization> authorization_of(const json& body) {
  id::Authorization a;
  if (!body.contains("type") || !body["type"].is_number_integer()) {
    return Error::invalid("type must be given as 0 (global), 1 (grant) or 2 (revoke)");
  }
  long long type = body["type"].get<long long>();
  if (type < 0 || type > 2) return Error::invalid("type must be 0 (global), 1 (grant) or 2 (revoke)");
  a.type = static_cast<id::AuthType>(type);
  if (!body.contains("resourceType") || !body["resourceType"].is_number_integer()) {
    return Error::invalid("resourceType must be given as an integer");
  }
  auto resource = resource_type(body["resourceType"].get<long long>());
  if (!resource) return resource.error();
  a.resource = *resource;
  for (auto [name, target] : {std::pair{"userId", &a.user_id}, std::pair{"groupId", &a.group_id},
                              std::pair{"resourceId", &a.resource_id}}) {
    auto v = text_member(body, name);
    if (!v) return v.error();
    *target = v->value_or(*target);
  }
  int64_t named = id::perm::kNone;
  if (body.contains("permissions") && !body["permissions"].is_null()) {
    if (!body["permissions"].is_array()) return Error::invalid("permissions must be an array of names");
    for (const auto& p : body["permissions"]) {
      auto bits = p.is_string() ? id::permission_bits(p.get<std::string>()) : std::nullopt;
      if (!bits) return Error::invalid("permissions: unknown permission " + p.dump());
      named |= *bits;
    }
  }
  id::set_named_permissions(a, named);
  return a;
}

Result<id::AuthorizationQuery> authorization_query(const Params& p) {
  id::AuthorizationQuery q;
  q.id = p.text("id");
  auto type = p.integer("type");
  if (!type) return type.error();
  if (*type) {
    if (**type < 0 || **type > 2) return Error::invalid("Cannot set query parameter 'type' to value '" + std::to_string(**type) + "'");
    q.type = static_cast<id::AuthType>(**type);
  }
  q.user_id_in = p.list("userIdIn");
  q.group_id_in = p.list("groupIdIn");
  auto resource = p.integer("resourceType");
  if (!resource) return resource.error();
  if (*resource) {
    auto r = resource_type(**resource);
    if (!r) return r.error();
    q.resource = *r;
  }
  q.resource_id = p.text("resourceId");
  auto sorts = sorting(p, {"resourceType", "resourceId"});
  if (!sorts) return sorts.error();
  q.sorting = std::move(*sorts);
  return q;
}

// GET /authorization/check: may the caller do `permissionName` on the resource?
Response check(id::IdentityService& identity, const Request& req, const id::Principal& who) {
  Params p = Params::from_query(req);
  auto name = p.text("permissionName");
  auto resource_name = p.text("resourceName");
  auto type = p.integer("resourceType");
  if (!type) return error_response(type.error());
  if (!name || !resource_name || !*type) {
    return error_response(Error::invalid("permissionName, resourceName and resourceType are required"));
  }
  auto bits = id::permission_bits(*name);
  if (!bits) return error_response(Error::invalid("permissionName: unknown permission '" + *name + "'"));
  auto resource = resource_type(**type);
  if (!resource) return error_response(resource.error());
  std::string resource_id = p.text("resourceId").value_or("*");
  bool authorized = identity.is_authorized(who, *resource, resource_id, *bits);
  return json_ok({{"permissionName", *name},
                  {"resourceName", *resource_name},
                  {"resourceId", p.text("resourceId") ? json(resource_id) : json(nullptr)},
                  {"authorized", authorized}});
}

}  // namespace

void add_authorization_routes(Router& router, id::IdentityService& identity) {
  add_list_routes<id::AuthorizationQuery, id::Authorization>(
      router, "/engine-rest/authorization",
      {authorization_query,
       [&identity](const id::Principal& who, const id::AuthorizationQuery& q) {
         return identity.authorizations(who, q);
       },
       [&identity](const id::Principal& who, const id::AuthorizationQuery& q) {
         return identity.count_authorizations(who, q);
       },
       authorization_dto});

  router.add(Method::kGet, "/engine-rest/authorization/check",
             with_caller([&identity](Request& req, const id::Principal& who) {
               return check(identity, req, who);
             }));

  router.add(Method::kPost, "/engine-rest/authorization/create",
             with_body([&identity](Request&, const id::Principal& who, const json& body) {
               auto a = authorization_of(body);
               if (!a) return error_response(a.error());
               auto created = identity.create_authorization(who, *a);
               if (!created) return error_response(created.error());
               json dto = authorization_dto(*created);
               dto["links"] = json::array({{{"method", "GET"},
                                            {"href", "/authorization/" + created->id},
                                            {"rel", "self"}}});
               return json_ok(dto);
             }));

  router.add(Method::kGet, "/engine-rest/authorization/{id}",
             with_caller([&identity](Request& req, const id::Principal& who) {
               auto a = identity.authorization(who, req.path_param("id"));
               if (!a) return error_response(a.error());
               return json_ok(authorization_dto(*a));
             }));

  router.add(Method::kPut, "/engine-rest/authorization/{id}",
             with_body([&identity](Request& req, const id::Principal& who, const json& body) {
               auto a = authorization_of(body);
               if (!a) return error_response(a.error());
               return done(identity.update_authorization(who, req.path_param("id"), *a));
             }));

  router.add(Method::kDelete, "/engine-rest/authorization/{id}",
             with_caller([&identity](Request& req, const id::Principal& who) {
               return done(identity.delete_authorization(who, req.path_param("id")));
             }));
}

}  // namespace dpc::http::identity_rest
