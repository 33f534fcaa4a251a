#include "dpc/http/cors.h"

#include <algorithm>

namespace dpc::http {

const std::string* Cors::listed_origin(const Request& req) const {
  if (origins_.empty()) return nullptr;
  auto it = std::find(origins_.begin(), origins_.end(), req.header("origin"));
  return it == origins_.end() ? nullptr : &*it;
}

std::optional<Response> Cors::preflight(const Request& req) const {
  if (req.method != Method::kOptions || req.header("access-control-request-method").empty() ||
      !listed_origin(req)) {
    return std::nullopt;
  }
  Response r = Response::no_content();
  r.headers = {{"Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"},
               {"Access-Control-Allow-Headers", "Authorization, Content-Type, X-XSRF-TOKEN"},
               {"Access-Control-Max-Age", "600"}};
  return r;
}

void Cors::add_headers(const Request& req, Response& r) const {
  const std::string* origin = listed_origin(req);
  if (!origin) return;
  r.headers.emplace_back("Access-Control-Allow-Origin", *origin);
  r.headers.emplace_back("Access-Control-Allow-Credentials", "true");
  r.headers.emplace_back("Vary", "Origin");
}

}  // namespace dpc::http
