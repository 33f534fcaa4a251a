#include "dpc/app/system_routes.h"

#include <nlohmann/json.hpp>

#include "dpc/core/version.h"

namespace dpc::app {

using nlohmann::json;

void add_system_routes(http::Router& router, std::function<store::Health()> health) {
  router.add(http::Method::kGet, "/engine-rest/engine", [](http::Request&) {
    return http::Response::json(200, json::array({{{"name", "default"}}}).dump());
  });
  router.add(http::Method::kGet, "/engine-rest/version", [](http::Request&) {
    return http::Response::json(200, json{{"version", kCamundaApiVersion}}.dump());
  });
  router.add(http::Method::kGet, "/health", [health](http::Request&) {
    store::Health h = health();
    json db = {{"status", h.database_up ? "UP" : "DOWN"}};
    if (!h.database_error.empty()) db["error"] = h.database_error;
    json body = {
        {"status", h.healthy() ? "UP" : "DOWN"},
        {"version", version()},
        {"database", db},
        {"migrations", {{"applied", h.migrations_applied}, {"expected", h.migrations_expected}}},
    };
    return http::Response::json(h.healthy() ? 200 : 503, body.dump());
  });
}

}  // namespace dpc::app
