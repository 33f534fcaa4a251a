// Communication templates beyond the item routes (item_routes.cpp serves their versions and
// lifecycle): POST /api/catalogue/templates/{key}/render {"language", "data", "version",
// "product"} renders a saved version (the Active one by default; data defaults to the
// version's sampleData); POST /api/catalogue/templates/preview {"channel", "content",
// "language", "data", "product"} renders unsaved content for the editor. READ suffices.
#include <nlohmann/json.hpp>

#include "catalogue_dto.h"
#include "catalogue_parts.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"

namespace dpc::http {

namespace cat = dpc::catalogue;

void add_catalogue_template_routes(Router& router, cat::CatalogueService& s) {
  router.add(Method::kPost, "/api/catalogue/templates/{key}/render", [&s](Request& r) -> Response {
    if (auto st = catalogue_dto::may_read(r); !st) return error_response(st.error());
    auto body = json_body(r);
    if (!body) return error_response(body.error());
    auto request = cat::read_render_request(*body);
    if (!request) return error_response(request.error());
    auto answer = s.render(r.path_param("key"), *request);
    if (!answer) return error_response(answer.error());
    return json_ok(*answer);
  });
  router.add(Method::kPost, "/api/catalogue/templates/preview", [&s](Request& r) -> Response {
    if (auto st = catalogue_dto::may_read(r); !st) return error_response(st.error());
    auto body = json_body(r);
    if (!body) return error_response(body.error());
    auto request = cat::read_render_request(*body, true);
    if (!request) return error_response(request.error());
    auto answer = s.preview(*body, *request);
    if (!answer) return error_response(answer.error());
    return json_ok(*answer);
  });
}

}  // namespace dpc::http
