// Routes that prove the server is alive: /engine-rest/engine, /engine-rest/version, /health.
#pragma once

#include <functional>

#include "dpc/http/router.h"
#include "dpc/store/database.h"

namespace dpc::app {

// `health` is called on each GET /health (from worker threads; must be thread-safe).
void add_system_routes(http::Router& router, std::function<store::Health()> health);

}  // namespace dpc::app
