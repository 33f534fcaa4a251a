// /api/catalogue items: product types and dictionaries (a new version on every PUT), products,
// promotions and communication templates (versions with the TMF620 lifecycle, maker-checker),
// compare, audit trail.
// Lists answer {"items", "count", "firstResult", "maxResults"} so a console pages in one call.
#include <nlohmann/json.hpp>

#include "catalogue_dto.h"
#include "catalogue_parts.h"
#include "dpc/http/handlers/catalogue_routes.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"

namespace dpc::http {

using nlohmann::json;
namespace cat = dpc::catalogue;

namespace {

struct Kind {
  const char* segment;  // in the path
  const char* kind;     // in the store
  bool lifecycle;       // products and promotions
};
const Kind kKinds[] = {{"product-types", cat::kProductType, false},
                       {"dictionaries", cat::kDictionary, false},
                       {"products", cat::kProduct, true},
                       {"promotions", cat::kPromotion, true},
                       {"templates", cat::kTemplate, true}};

Response fail(const Error& e) { return error_response(e); }

Result<int> version_param(const Request& r, const std::string& name = "version") {
  const std::string& v = r.path_param(name);
  try {
    size_t used = 0;
    int n = std::stoi(v, &used);
    if (used == v.size() && n > 0) return n;
  } catch (const std::exception&) {
  }
  return Error::invalid(name + ": must be a positive integer, not '" + v + "'");
}

Result<int> version_query(const Request& r, const char* name) {
  auto v = query_int(r, name);
  if (!v) return v.error();
  if (!*v || **v < 1) return Error::invalid(std::string(name) + ": is required (a version number)");
  return static_cast<int>(**v);
}

Response list(const Request& r, cat::CatalogueService& s, const Kind& k) {
  if (auto st = catalogue_dto::may_read(r); !st) return fail(st.error());
  if (auto st = check_query_text(r); !st) return fail(st.error());
  auto paging = query_paging(r);
  if (!paging) return fail(paging.error());
  cat::ItemQuery q;
  q.kind = k.kind;
  auto text = [&](const char* name) -> std::optional<std::string> {
    const std::string* v = r.query_param(name);
    return v && !v->empty() ? std::optional(*v) : std::nullopt;
  };
  q.key = text("key");
  q.key_like = text("keyLike");
  q.lifecycle_status = text("lifecycleStatus");
  q.type_key = text(std::string(k.kind) == cat::kTemplate ? "channel" : "type");
  q.name_like = text("nameLike");
  q.valid_at = text("validAt");
  auto all = query_bool(r, "allVersions");
  if (!all) return fail(all.error());
  q.latest_only = !all->value_or(false);
  q.first_result = paging->first_result;
  q.max_results = paging->max_results;
  auto items = s.store().find(q);
  if (!items) return fail(items.error());
  auto count = s.store().count(q);
  if (!count) return fail(count.error());
  json out = json::array();
  for (const auto& i : *items) out.push_back(catalogue_dto::item(i));
  return json_ok({{"items", out}, {"count", *count}, {"firstResult", q.first_result},
                  {"maxResults", q.max_results < 0 ? json() : json(q.max_results)}});
}

Response one(const Request& r, cat::CatalogueService& s, const Kind& k, std::optional<int> version) {
  if (auto st = catalogue_dto::may_read(r); !st) return fail(st.error());
  const std::string& key = r.path_param("key");
  auto item = s.store().get(k.kind, key, version);
  if (!item) return fail(item.error());
  if (!item->has_value()) {
    return fail(Error::not_found("no " + std::string(k.kind) + " " + key +
                                 (version ? " version " + std::to_string(*version) : std::string())));
  }
  json out = catalogue_dto::item(**item);
  if (!version) {
    auto all = s.store().versions(k.kind, key);
    if (!all) return fail(all.error());
    json versions = json::array();
    for (const auto& v : *all) versions.push_back({{"version", v.version}, {"lifecycleStatus", v.lifecycle_status}});
    out["versions"] = versions;
  }
  return json_ok(out);
}

Response versions(const Request& r, cat::CatalogueService& s, const Kind& k) {
  if (auto st = catalogue_dto::may_read(r); !st) return fail(st.error());
  auto all = s.store().versions(k.kind, r.path_param("key"));
  if (!all) return fail(all.error());
  if (all->empty()) return fail(Error::not_found("no " + std::string(k.kind) + " " + r.path_param("key")));
  json out = json::array();
  for (const auto& v : *all) out.push_back(catalogue_dto::item(v));
  return json_ok(out);
}

Response audit(const Request& r, cat::CatalogueService& s, const std::string& kind, const std::string& key) {
  if (auto st = catalogue_dto::may_read(r); !st) return fail(st.error());
  auto paging = query_paging(r);
  if (!paging) return fail(paging.error());
  auto entries = s.store().audit(kind, key, paging->first_result, paging->max_results);
  if (!entries) return fail(entries.error());
  json out = json::array();
  for (const auto& e : *entries) out.push_back(catalogue_dto::audit(e));
  return json_ok(out);
}

void add_kind(Router& router, cat::CatalogueService& s, const Kind& k) {
  const std::string base = std::string("/api/catalogue/") + k.segment;
  router.add(Method::kGet, base, [&s, k](Request& r) { return list(r, s, k); });
  router.add(Method::kGet, base + "/{key}", [&s, k](Request& r) -> Response {
    auto v = query_int(r, "version");
    if (!v) return fail(v.error());
    return one(r, s, k, *v ? std::optional<int>(static_cast<int>(**v)) : std::nullopt);
  });
  router.add(Method::kGet, base + "/{key}/versions", [&s, k](Request& r) { return versions(r, s, k); });
  router.add(Method::kGet, base + "/{key}/audit", [&s, k](Request& r) { return audit(r, s, k.kind, r.path_param("key")); });
  if (!k.lifecycle) {
    // Create (body with "key") and new versions (PUT): Active at once.
    router.add(Method::kPost, base, [&s, k](Request& r) -> Response {
      if (auto st = catalogue_dto::may_create(r); !st) return fail(st.error());
      auto body = json_body(r);
      if (!body) return fail(body.error());
      if (!body->contains("key") || !(*body)["key"].is_string()) return fail(Error::invalid("key: is required"));
      std::string key = (*body)["key"].get<std::string>();
      auto exists = s.store().get(k.kind, key, std::nullopt);
      if (!exists) return fail(exists.error());
      if (exists->has_value()) return fail(Error::conflict(std::string(k.kind) + " " + key + " exists; PUT a new version"));
      auto item = std::string(k.kind) == cat::kProductType ? s.put_type(catalogue_dto::user_of(r), key, *body)
                                                           : s.put_dictionary(catalogue_dto::user_of(r), key, *body);
      if (!item) return fail(item.error());
      return json_ok(catalogue_dto::item(*item), 201);
    });
    router.add(Method::kPut, base + "/{key}", [&s, k](Request& r) -> Response {
      if (auto st = catalogue_dto::may_update(r); !st) return fail(st.error());
      auto body = json_body(r);
      if (!body) return fail(body.error());
      const std::string& key = r.path_param("key");
      if (body->contains("key") && (*body)["key"] != key) return fail(Error::invalid("key: does not match the path"));
      auto item = std::string(k.kind) == cat::kProductType ? s.put_type(catalogue_dto::user_of(r), key, *body)
                                                           : s.put_dictionary(catalogue_dto::user_of(r), key, *body);
      if (!item) return fail(item.error());
      return json_ok(catalogue_dto::item(*item));
    });
    return;
  }
  router.add(Method::kPost, base, [&s, k](Request& r) -> Response {
    if (auto st = catalogue_dto::may_create(r); !st) return fail(st.error());
    auto body = json_body(r);
    if (!body) return fail(body.error());
    auto item = s.create(catalogue_dto::user_of(r), k.kind, *body);
    if (!item) return fail(item.error());
    return json_ok(catalogue_dto::item(*item), 201);
  });
  router.add(Method::kPost, base + "/{key}/versions", [&s, k](Request& r) -> Response {
    if (auto st = catalogue_dto::may_update(r); !st) return fail(st.error());
    auto body = json_body(r);
    if (!body) return fail(body.error());
    auto item = s.new_version(catalogue_dto::user_of(r), k.kind, r.path_param("key"), *body);
    if (!item) return fail(item.error());
    return json_ok(catalogue_dto::item(*item), 201);
  });
  router.add(Method::kGet, base + "/{key}/versions/{version}", [&s, k](Request& r) -> Response {
    auto v = version_param(r);
    if (!v) return fail(v.error());
    return one(r, s, k, *v);
  });
  router.add(Method::kPut, base + "/{key}/versions/{version}", [&s, k](Request& r) -> Response {
    if (auto st = catalogue_dto::may_update(r); !st) return fail(st.error());
    auto v = version_param(r);
    if (!v) return fail(v.error());
    auto body = json_body(r);
    if (!body) return fail(body.error());
    if (body->contains("key") && (*body)["key"] != r.path_param("key")) return fail(Error::invalid("key: does not match the path"));
    auto item = s.update(catalogue_dto::user_of(r), k.kind, r.path_param("key"), *v, *body);
    if (!item) return fail(item.error());
    return json_ok(catalogue_dto::item(*item));
  });
  router.add(Method::kPost, base + "/{key}/versions/{version}/{action}", [&s, k](Request& r) -> Response {
    if (auto st = catalogue_dto::may_update(r); !st) return fail(st.error());
    auto v = version_param(r);
    if (!v) return fail(v.error());
    auto action = cat::action_from_name(r.path_param("action"));
    if (!action) return fail(action.error());
    auto body = json_body(r);
    if (!body) return fail(body.error());
    auto comment = string_field(*body, "comment");
    if (!comment) return fail(comment.error());
    auto item = s.transition(catalogue_dto::user_of(r), k.kind, r.path_param("key"), *v, *action,
                             comment->value_or(""));
    if (!item) return fail(item.error());
    return json_ok(catalogue_dto::item(*item));
  });
  router.add(Method::kGet, base + "/{key}/compare", [&s, k](Request& r) -> Response {
    if (auto st = catalogue_dto::may_read(r); !st) return fail(st.error());
    auto from = version_query(r, "from");
    if (!from) return fail(from.error());
    auto to = version_query(r, "to");
    if (!to) return fail(to.error());
    auto diff = s.compare(k.kind, r.path_param("key"), *from, *to);
    if (!diff) return fail(diff.error());
    return json_ok(*diff);
  });
}

}  // namespace

void add_catalogue_item_routes(Router& router, cat::CatalogueService& service) {
  for (const auto& k : kKinds) add_kind(router, service, k);
  router.add(Method::kGet, "/api/catalogue/audit", [&service](Request& r) -> Response {
    const std::string* kind = r.query_param("kind");
    const std::string* key = r.query_param("key");
    return audit(r, service, kind ? *kind : "", key ? *key : "");
  });
}

void add_catalogue_routes(Router& router, cat::CatalogueService& service) {
  add_catalogue_item_routes(router, service);
  add_catalogue_offer_routes(router, service);
  add_catalogue_asset_routes(router, service);
  add_catalogue_template_routes(router, service);
  add_tmf620_routes(router, service);
}

}  // namespace dpc::http
