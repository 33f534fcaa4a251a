// POST /engine-rest/signal: broadcasts a signal (RuntimeService::broadcast_signal).
#include <nlohmann/json.hpp>

#include "dpc/http/handlers/runtime_routes.h"
#include "dpc/http/instance_authorization.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "dpc/http/variable_json.h"

namespace dpc::http {

using nlohmann::json;

void add_signal_routes(Router& router, RuntimeApi api) {
  router.add(Method::kPost, "/engine-rest/signal", [api](Request& req) {
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    if (!body->contains("name") || !(*body)["name"].is_string() ||
        (*body)["name"].get<std::string>().empty()) {
      return error_response(Error::invalid("No signal name given"));
    }
    if (body->contains("executionId") && !(*body)["executionId"].is_null()) {
      return error_response(Error::invalid(
          "executionId is not supported by this version of dpc yet; signals are broadcast"));
    }
    auto vars = variables_from_json(body->value("variables", json(nullptr)), "variables");
    if (!vars) return error_response(vars.error());
    auto st = api.runtime.broadcast_signal((*body)["name"].get<std::string>(), *vars, target_check(req));
    if (!st) return error_response(st.error());
    return Response::no_content();
  });
}

}  // namespace dpc::http
