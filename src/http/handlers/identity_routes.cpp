// /engine-rest/user, /group and /identity. See identity_routes.h.
#include "dpc/http/handlers/identity_routes.h"

#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "dpc/identity/password_policy.h"
#include "identity_handlers.h"

namespace dpc::http {

using nlohmann::json;
using namespace identity_rest;
namespace id = dpc::identity;

namespace identity_rest {

const id::Principal* caller(const Request& req) { return req.principal.get(); }

Handler with_caller(CallerHandler handler) {
  return [handler = std::move(handler)](Request& req) {
    const id::Principal* who = caller(req);
    if (!who) return error_response(Error::unauthorized("Authentication required"));
    return handler(req, *who);
  };
}

Handler with_body(BodyHandler handler) {
  return with_caller([handler = std::move(handler)](Request& req, const id::Principal& who) {
    auto body = object_body(req);
    if (!body) return error_response(body.error());
    return handler(req, who, *body);
  });
}

Response done(const Status& st) { return st ? Response::no_content() : error_response(st.error()); }

Result<json> object_body(const Request& req) {
  auto body = json_body(req);
  if (!body) return body.error();
  if (!body->is_object()) return Error::invalid("request body must be a JSON object");
  return body;
}

Result<std::optional<std::string>> text_member(const json& object, const char* name) {
  if (!object.is_object() || !object.contains(name) || object[name].is_null()) {
    return std::optional<std::string>{};
  }
  if (!object[name].is_string()) return Error::invalid(std::string(name) + " must be a string");
  return std::optional<std::string>{object[name].get<std::string>()};
}

Result<std::vector<id::Sort>> sorting(const Params& p, std::initializer_list<const char*> allowed) {
  auto sorts = p.sorting(allowed);
  if (!sorts) return sorts.error();
  std::vector<id::Sort> out;
  for (const auto& s : *sorts) out.push_back({s.by, s.descending});
  return out;
}

}  // namespace identity_rest

namespace {

json user_dto(const id::User& u) {
  return {{"id", u.id}, {"firstName", u.first_name}, {"lastName", u.last_name}, {"email", u.email}};
}

json group_dto(const id::Group& g) { return {{"id", g.id}, {"name", g.name}, {"type", g.type}}; }

// Reads the named string members of `object` into the targets ("" when missing).
Status read_texts(const json& object, std::initializer_list<std::pair<const char*, std::string*>> targets) {
  for (const auto& [name, target] : targets) {
    auto v = text_member(object, name);
    if (!v) return v.error();
    *target = v->value_or("");
  }
  return {};
}

Result<id::User> profile_of(const json& object) {
  id::User u;
  if (auto st = read_texts(object, {{"id", &u.id}, {"firstName", &u.first_name},
                                    {"lastName", &u.last_name}, {"email", &u.email}});
      !st) {
    return st.error();
  }
  return u;
}

Result<id::Group> group_of(const json& object) {
  id::Group g;
  if (auto st = read_texts(object, {{"id", &g.id}, {"name", &g.name}, {"type", &g.type}}); !st) {
    return st.error();
  }
  return g;
}

Result<id::UserQuery> user_query(const Params& p) {
  id::UserQuery q;
  q.id = p.text("id");
  q.id_in = p.list("idIn");
  q.first_name = p.text("firstName");
  q.first_name_like = p.text("firstNameLike");
  q.last_name = p.text("lastName");
  q.last_name_like = p.text("lastNameLike");
  q.email = p.text("email");
  q.email_like = p.text("emailLike");
  q.member_of_group = p.text("memberOfGroup");
  auto sorts = sorting(p, {"userId", "firstName", "lastName", "email"});
  if (!sorts) return sorts.error();
  q.sorting = std::move(*sorts);
  return q;
}

Result<id::GroupQuery> group_query(const Params& p) {
  id::GroupQuery q;
  q.id = p.text("id");
  q.id_in = p.list("idIn");
  q.name = p.text("name");
  q.name_like = p.text("nameLike");
  q.type = p.text("type");
  q.member = p.text("member");
  auto sorts = sorting(p, {"id", "name", "type"});
  if (!sorts) return sorts.error();
  q.sorting = std::move(*sorts);
  return q;
}

json policy_dto(const id::PolicyResult& result, bool with_valid) {
  json rules = json::array();
  for (const auto& r : result.rules) {
    json rule = {{"placeholder", r.placeholder},
                 {"parameter", r.parameter.empty() ? json(nullptr) : json(r.parameter)}};
    if (with_valid) rule["valid"] = r.valid;
    rules.push_back(std::move(rule));
  }
  json out = {{"rules", rules}};
  if (with_valid) out["valid"] = result.valid;
  return out;
}

void add_user_routes(Router& router, id::IdentityService& identity) {
  add_list_routes<id::UserQuery, id::User>(
      router, "/engine-rest/user",
      {user_query,
       [&identity](const id::Principal& who, const id::UserQuery& q) { return identity.users(who, q); },
       [&identity](const id::Principal& who, const id::UserQuery& q) { return identity.count_users(who, q); },
       user_dto});

  router.add(Method::kPost, "/engine-rest/user/create",
             with_body([&identity](Request&, const id::Principal& who, const json& body) {
               auto profile = profile_of(body.value("profile", json::object()));
               if (!profile) return error_response(profile.error());
               auto password = text_member(body.value("credentials", json::object()), "password");
               if (!password) return error_response(password.error());
               return done(identity.create_user(who, *profile, password->value_or("")));
             }));

  router.add(Method::kGet, "/engine-rest/user/{id}/profile",
             with_caller([&identity](Request& req, const id::Principal& who) {
               auto u = identity.user(who, req.path_param("id"));
               if (!u) return error_response(u.error());
               return json_ok(user_dto(*u));
             }));

  router.add(Method::kPut, "/engine-rest/user/{id}/profile",
             with_body([&identity](Request& req, const id::Principal& who, const json& body) {
               auto profile = profile_of(body);
               if (!profile) return error_response(profile.error());
               return done(identity.update_profile(who, req.path_param("id"), *profile));
             }));

  router.add(Method::kPut, "/engine-rest/user/{id}/credentials",
             with_body([&identity](Request& req, const id::Principal& who, const json& body) {
               auto password = text_member(body, "password");
               if (!password) return error_response(password.error());
               auto mine = text_member(body, "authenticatedUserPassword");
               if (!mine) return error_response(mine.error());
               return done(identity.update_password(who, req.path_param("id"), password->value_or(""),
                                                    mine->value_or("")));
             }));

  router.add(Method::kDelete, "/engine-rest/user/{id}",
             with_caller([&identity](Request& req, const id::Principal& who) {
               return done(identity.delete_user(who, req.path_param("id")));
             }));

  router.add(Method::kPost, "/engine-rest/user/{id}/unlock",
             with_caller([&identity](Request& req, const id::Principal& who) {
               return done(identity.unlock_user(who, req.path_param("id")));
             }));
}

void add_group_routes(Router& router, id::IdentityService& identity) {
  add_list_routes<id::GroupQuery, id::Group>(
      router, "/engine-rest/group",
      {group_query,
       [&identity](const id::Principal& who, const id::GroupQuery& q) { return identity.groups(who, q); },
       [&identity](const id::Principal& who, const id::GroupQuery& q) { return identity.count_groups(who, q); },
       group_dto});

  router.add(Method::kPost, "/engine-rest/group/create",
             with_body([&identity](Request&, const id::Principal& who, const json& body) {
               auto group = group_of(body);
               if (!group) return error_response(group.error());
               return done(identity.create_group(who, *group));
             }));

  router.add(Method::kGet, "/engine-rest/group/{id}",
             with_caller([&identity](Request& req, const id::Principal& who) {
               auto g = identity.group(who, req.path_param("id"));
               if (!g) return error_response(g.error());
               return json_ok(group_dto(*g));
             }));

  router.add(Method::kPut, "/engine-rest/group/{id}",
             with_body([&identity](Request& req, const id::Principal& who, const json& body) {
               auto group = group_of(body);
               if (!group) return error_response(group.error());
               return done(identity.update_group(who, req.path_param("id"), *group));
             }));

  router.add(Method::kDelete, "/engine-rest/group/{id}",
             with_caller([&identity](Request& req, const id::Principal& who) {
               return done(identity.delete_group(who, req.path_param("id")));
             }));

  router.add(Method::kPut, "/engine-rest/group/{id}/members/{userId}",
             with_caller([&identity](Request& req, const id::Principal& who) {
               return done(identity.add_member(who, req.path_param("id"), req.path_param("userId")));
             }));

  router.add(Method::kDelete, "/engine-rest/group/{id}/members/{userId}",
             with_caller([&identity](Request& req, const id::Principal& who) {
               return done(identity.remove_member(who, req.path_param("id"), req.path_param("userId")));
             }));
}

void add_identity_info_routes(Router& router, id::IdentityService& identity) {
  router.add(Method::kGet, "/engine-rest/identity/groups",
             with_caller([&identity](Request& req, const id::Principal& who) {
               const std::string* user_id = req.query_param("userId");
               if (!user_id || user_id->empty()) {
                 return error_response(Error::invalid("No user id was supplied"));
               }
               auto info = identity.group_info(who, *user_id);
               if (!info) return error_response(info.error());
               json groups = json::array(), users = json::array();
               for (const auto& g : info->groups) groups.push_back({{"id", g.id}, {"name", g.name}});
               for (const auto& u : info->group_users) {
                 std::string display = u.first_name.empty() && u.last_name.empty()
                                           ? u.id
                                           : u.first_name + (u.last_name.empty() ? "" : " " + u.last_name);
                 users.push_back({{"id", u.id}, {"firstName", u.first_name},
                                  {"lastName", u.last_name}, {"displayName", display}});
               }
               return json_ok({{"groups", groups}, {"groupUsers", users}});
             }));

  router.add(Method::kPost, "/engine-rest/identity/verify",
             with_body([&identity](Request&, const id::Principal&, const json& body) {
               auto user = text_member(body, "username");
               if (!user) return error_response(user.error());
               auto password = text_member(body, "password");
               if (!password) return error_response(password.error());
               if (!*user || !*password) {
                 return error_response(Error::invalid("Username and password are required"));
               }
               auto who = identity.authenticate(**user, **password);
               if (!who && who.error().kind != ErrorKind::kUnauthorized) return error_response(who.error());
               return json_ok({{"authenticatedUser", **user}, {"authenticated", who.ok()}});
             }));

  router.add(Method::kGet, "/engine-rest/identity/password-policy",
             with_caller([](Request&, const id::Principal&) {
               id::PolicyResult rules;
               rules.rules = id::password_rules();
               return json_ok(policy_dto(rules, false));
             }));

  router.add(Method::kPost, "/engine-rest/identity/password-policy",
             with_body([](Request&, const id::Principal&, const json& body) {
               auto password = text_member(body, "password");
               if (!password) return error_response(password.error());
               if (!*password) return error_response(Error::invalid("password is missing"));
               if ((*password)->size() > id::kMaxPasswordBytes) {
                 return error_response(Error::invalid("password is longer than " +
                                                      std::to_string(id::kMaxPasswordBytes) + " bytes"));
               }
               auto profile = profile_of(body.value("profile", json::object()));
               if (!profile) return error_response(profile.error());
               return json_ok(policy_dto(id::check_password(**password, *profile), true));
             }));
}

}  // namespace

void add_identity_routes(Router& router, id::IdentityService& identity) {
  add_user_routes(router, identity);
  add_group_routes(router, identity);
  add_identity_info_routes(router, identity);
  add_authorization_routes(router, identity);
}

}  // namespace dpc::http
