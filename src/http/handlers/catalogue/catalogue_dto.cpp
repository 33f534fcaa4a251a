// Catalogue JSON shapes and authorization checks (see catalogue_dto.h).
#include "catalogue_dto.h"

#include "dpc/catalogue/templates.h"
#include "dpc/http/authorize.h"
#include "dpc/identity/catalogue_resource.h"

namespace dpc::http::catalogue_dto {

using nlohmann::json;

namespace {
json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(); }
}  // namespace

json item(const catalogue::Item& i) {
  json j = {{"key", i.key}, {"version", i.version}, {"lifecycleStatus", i.lifecycle_status}};
  if (i.kind == catalogue::kProduct) j["type"] = i.type_key;
  for (const auto& [k, v] : i.body.items()) j[k] = v;
  if (i.kind == catalogue::kTemplate) j["variables"] = catalogue::template_variables(i.body.value("content", json::object()));
  if (i.kind == catalogue::kProduct || i.kind == catalogue::kPromotion) {
    j["validFor"] = {{"startDateTime", opt(i.valid_from)}, {"endDateTime", opt(i.valid_to)}};
  }
  j["createdBy"] = i.created_by;
  j["createdAt"] = i.created_at;
  j["updatedBy"] = i.updated_by;
  j["updatedAt"] = i.updated_at;
  j["submittedBy"] = opt(i.submitted_by);
  j["submittedAt"] = opt(i.submitted_at);
  j["publishedBy"] = opt(i.published_by);
  j["publishedAt"] = opt(i.published_at);
  return j;
}

json audit(const catalogue::AuditEntry& a) {
  return {{"id", a.id}, {"at", a.at}, {"userId", a.user_id}, {"kind", a.kind}, {"key", a.key},
          {"version", a.version ? json(*a.version) : json()}, {"action", a.action}, {"detail", a.detail}};
}

json asset(const catalogue::Asset& a) {
  json j = {{"sha256", a.sha256}, {"contentType", a.content_type}, {"size", a.size},
            {"fileName", a.file_name.empty() ? json() : json(a.file_name)}, {"createdBy", a.created_by},
            {"createdAt", a.created_at}, {"href", "/cdn/" + a.sha256}};
  return j;
}

Status may_read(const Request& r) { return authorize(r, identity::kCatalogueResource, "*", identity::perm::kRead); }
Status may_create(const Request& r) { return authorize(r, identity::kCatalogueResource, "*", identity::perm::kCreate); }
Status may_update(const Request& r) { return authorize(r, identity::kCatalogueResource, "*", identity::perm::kUpdate); }

std::string user_of(const Request& r) { return r.principal ? r.principal->user_id : ""; }

}  // namespace dpc::http::catalogue_dto
