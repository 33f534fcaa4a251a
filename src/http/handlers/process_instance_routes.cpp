// Starting instances (/process-definition/.../start; submit-form is form_routes.cpp), deleting them, and
// changing their variables (/process-instance/{id}/variables...).
#include <nlohmann/json.hpp>

#include "dpc/http/handlers/runtime_routes.h"
#include "dpc/http/instance_authorization.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "dpc/http/variable_json.h"
#include "dto.h"
#include "instance_start.h"

namespace dpc::http {

using nlohmann::json;

namespace {

// The refusal of a change to instance `id`, if any (instance_authorization.h).
std::optional<Response> refused(RuntimeApi api, const Request& req, const InstancePermission& permission) {
  if (auto st = authorize_instance(req, api.instances, req.path_param("id"), permission); !st) {
    return error_response(st.error());
  }
  return std::nullopt;
}

}  // namespace

Response start_instance(RuntimeApi api, Request& req, bool by_key, const StartCheck& check) {
  const std::string key = by_key ? req.path_param("key") : definition_key_of_id(req.path_param("id"));
  if (auto st = authorize_start(req, key); !st) return error_response(st.error());
  auto body = json_body(req);
  if (!body) return error_response(body.error());
  auto vars = variables_from_json(body->value("variables", json(nullptr)), "variables");
  if (!vars) return error_response(vars.error());
  if (check) {
    if (auto refused = check(*body, *vars)) return std::move(*refused);
  }
  auto business_key = string_field(*body, "businessKey");
  if (!business_key) return error_response(business_key.error());
  auto with_vars_field = bool_field(*body, "withVariablesInReturn");
  if (!with_vars_field) return error_response(with_vars_field.error());
  bool with_vars = with_vars_field->value_or(false);
  // Answered when the start is committed, possibly from the group commit's writer thread
  // (RuntimeService::start_by_key_then): this thread goes back to its connections meanwhile.
  auto answer = std::make_shared<Deferred>();
  auto done = [answer, with_vars](Result<engine::StartedInstance> started) {
    if (!started) return answer->complete(error_response(started.error()));
    Response r;
    try {
      json dto = process_instance_dto(started->instance, started->ended);
      dto["links"] = json::array({{{"method", "GET"},
                                   {"href", "/process-instance/" + started->instance.id},
                                   {"rel", "self"}}});
      if (with_vars) dto["variables"] = variables_to_json(started->variables);
      r = json_ok(dto);
    } catch (const std::exception& e) {  // off the request thread: nobody else would answer
      r = error_response(Error::internal(std::string("answering a start: ") + e.what()));
    }
    answer->complete(std::move(r));
  };
  if (by_key) {
    api.runtime.start_by_key_then(req.path_param("key"), business_key->value_or(""), *vars, with_vars, done);
  } else {
    api.runtime.start_by_id_then(req.path_param("id"), business_key->value_or(""), *vars, with_vars, done);
  }
  return Response::later(answer);
}

void add_process_instance_routes(Router& router, RuntimeApi api) {
  router.add(Method::kPost, "/engine-rest/process-definition/{id}/start",
             [api](Request& req) { return start_instance(api, req, false); });
  router.add(Method::kPost, "/engine-rest/process-definition/key/{key}/start",
             [api](Request& req) { return start_instance(api, req, true); });

  router.add(Method::kDelete, "/engine-rest/process-instance/{id}", [api](Request& req) {
    if (auto no = refused(api, req, kDeleteInstance)) return *no;
    auto fail_if_missing = query_bool(req, "failIfNotExists");
    if (!fail_if_missing) return error_response(fail_if_missing.error());
    auto skip_listeners = query_bool(req, "skipCustomListeners");
    if (!skip_listeners) return error_response(skip_listeners.error());
    const std::string* reason = req.query_param("deleteReason");
    Status st = api.runtime.delete_instance(req.path_param("id"), reason ? *reason : "",
                                            skip_listeners->value_or(false));
    if (!st) {
      if (st.error().kind == ErrorKind::kNotFound && !fail_if_missing->value_or(true)) {
        return Response::no_content();
      }
      return error_response(st.error());
    }
    return Response::no_content();
  });

  router.add(Method::kPut, "/engine-rest/process-instance/{id}/suspended", [api](Request& req) {
    if (auto no = refused(api, req, kUpdateInstance)) return *no;
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    if (!body->contains("suspended") || !(*body)["suspended"].is_boolean()) {
      return error_response(Error::invalid("suspended is required and must be true or false"));
    }
    Status st = api.runtime.set_instance_suspended(req.path_param("id"), (*body)["suspended"].get<bool>());
    return st ? Response::no_content() : error_response(st.error());
  });

  router.add(Method::kPost, "/engine-rest/process-instance/{id}/variables", [api](Request& req) {
    if (auto no = refused(api, req, kUpdateInstance)) return *no;
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    auto mods = variables_from_json(body->value("modifications", json(nullptr)), "modifications");
    if (!mods) return error_response(mods.error());
    std::vector<std::string> deletions;
    if (body->contains("deletions") && !(*body)["deletions"].is_null()) {
      if (!(*body)["deletions"].is_array()) {
        return error_response(Error::invalid("deletions must be an array of names"));
      }
      for (const auto& d : (*body)["deletions"]) {
        if (!d.is_string()) return error_response(Error::invalid("deletions must be an array of names"));
        deletions.push_back(d.get<std::string>());
      }
    }
    Status st = api.runtime.modify_variables(req.path_param("id"), *mods, deletions);
    return st ? Response::no_content() : error_response(st.error());
  });

  router.add(Method::kPut, "/engine-rest/process-instance/{id}/variables/{name}",
             [api](Request& req) {
               if (auto no = refused(api, req, kUpdateInstance)) return *no;
               auto body = json_body(req);
               if (!body) return error_response(body.error());
               auto v = variable_from_json(req.path_param("name"), *body);
               if (!v) return error_response(v.error());
               Status st = api.runtime.modify_variables(req.path_param("id"),
                                                        {{req.path_param("name"), *v}}, {});
               return st ? Response::no_content() : error_response(st.error());
             });

  router.add(Method::kDelete, "/engine-rest/process-instance/{id}/variables/{name}",
             [api](Request& req) {
               if (auto no = refused(api, req, kUpdateInstance)) return *no;
               Status st = api.runtime.modify_variables(req.path_param("id"), {},
                                                        {req.path_param("name")});
               return st ? Response::no_content() : error_response(st.error());
             });
}

}  // namespace dpc::http
