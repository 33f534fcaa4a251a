// POST /engine-rest/message: correlates a message to receive tasks waiting for it.
#include <nlohmann/json.hpp>

#include "dpc/http/handlers/runtime_routes.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "dpc/http/variable_json.h"

namespace dpc::http {

using nlohmann::json;

void add_message_routes(Router& router, RuntimeApi api) {
  router.add(Method::kPost, "/engine-rest/message", [api](Request& req) {
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    if (!body->contains("messageName") || !(*body)["messageName"].is_string()) {
      return error_response(Error::invalid("messageName is required"));
    }
    auto text = [&](const char* field) {
      return body->contains(field) && (*body)[field].is_string() ? (*body)[field].get<std::string>()
                                                                 : std::string();
    };
    if (body->contains("correlationKeys") && !(*body)["correlationKeys"].is_null() &&
        !(*body)["correlationKeys"].empty()) {
      return error_response(Error::invalid(
          "correlationKeys are not supported by this version of dpc yet; correlate by "
          "businessKey or processInstanceId"));
    }
    auto vars = variables_from_json(body->value("processVariables", json(nullptr)), "processVariables");
    if (!vars) return error_response(vars.error());
    bool all = body->value("all", false);
    auto r = api.runtime.correlate_message((*body)["messageName"].get<std::string>(),
                                           text("businessKey"), text("processInstanceId"), *vars, all);
    if (!r) return error_response(r.error());
    if (!body->value("resultEnabled", false)) return Response::no_content();
    json out = json::array();
    for (const auto& id : *r) {
      out.push_back({{"resultType", "Execution"},
                     {"execution", {{"id", id}, {"processInstanceId", id}, {"ended", false}}},
                     {"processInstance", nullptr}});
    }
    return json_ok(out);
  });
}

}  // namespace dpc::http
