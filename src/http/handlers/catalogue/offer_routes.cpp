// POST /api/catalogue/offers: the offers a customer may get ({"customer", "channel",
// "language", "date", "amount", "term", "product"}; see dpc/catalogue/offers.h for the answer);
// POST /api/catalogue/feel/check {"expression"} → {"valid", "error"} for the console's editor.
#include <nlohmann/json.hpp>

#include "catalogue_dto.h"
#include "catalogue_parts.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"

namespace dpc::http {

using nlohmann::json;
namespace cat = dpc::catalogue;

void add_catalogue_offer_routes(Router& router, cat::CatalogueService& s) {
  router.add(Method::kPost, "/api/catalogue/offers", [&s](Request& r) -> Response {
    if (auto st = catalogue_dto::may_read(r); !st) return error_response(st.error());
    auto body = json_body(r);
    if (!body) return error_response(body.error());
    auto request = cat::read_offer_request(*body, cat::today());
    if (!request) return error_response(request.error());
    auto answer = s.offers(*request);
    if (!answer) return error_response(answer.error());
    return json_ok(*answer);
  });
  router.add(Method::kPost, "/api/catalogue/feel/check", [](Request& r) -> Response {
    if (auto st = catalogue_dto::may_read(r); !st) return error_response(st.error());
    auto body = json_body(r);
    if (!body) return error_response(body.error());
    auto expr = string_field(*body, "expression");
    if (!expr) return error_response(expr.error());
    if (!*expr) return error_response(Error::invalid("expression: is required"));
    auto st = cat::check_feel(**expr, "expression");
    return json_ok({{"valid", st.ok()}, {"error", st.ok() ? json() : json(st.error().message)}});
  });
}

}  // namespace dpc::http
