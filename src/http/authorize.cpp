#include "dpc/http/authorize.h"

#include "dpc/identity/identity_service.h"

namespace dpc::http {

namespace {

Status no_principal() { return Error::unauthorized("Authentication required"); }

engine::IdFilter to_filter(identity::IdSet s) {
  return engine::IdFilter{s.all, std::move(s.only), std::move(s.except)};
}

}  // namespace

Status authorize(const Request& r, identity::Resource resource, std::string_view resource_id,
                 int64_t permission) {
  if (!r.principal || !r.identity) return no_principal();
  if (r.principal->admin) return {};
  return r.identity->require(*r.principal, resource, resource_id, permission);
}

Status authorize_any(const Request& r, std::initializer_list<Alternative> alternatives) {
  if (!r.principal || !r.identity) return no_principal();
  if (r.principal->admin) return {};
  for (const auto& a : alternatives) {
    if (r.identity->is_authorized(*r.principal, a.resource, a.resource_id, a.permission)) return {};
  }
  const auto& first = *alternatives.begin();
  return r.identity->require(*r.principal, first.resource, first.resource_id, first.permission);
}

Result<engine::Visibility> visibility(const Request& r, const VisibilityRule& rule) {
  if (!r.principal || !r.identity) return no_principal().error();
  if (r.principal->admin) return engine::Visibility::everything();
  engine::Visibility v;
  v.unrestricted = false;
  v.user_id = r.principal->user_id;
  v.groups = r.principal->groups;
  auto defs = r.identity->allowed_ids(*r.principal, rule.definition_resource, rule.definition_permission);
  if (!defs) return defs.error();
  v.definitions = to_filter(std::move(*defs));
  if (rule.instance_resource) {
    auto inst = r.identity->allowed_ids(*r.principal, *rule.instance_resource, rule.instance_permission);
    if (!inst) return inst.error();
    v.instances = to_filter(std::move(*inst));
  }
  if (rule.tasks) {
    auto tasks = r.identity->allowed_ids(*r.principal, identity::Resource::kTask, identity::perm::kRead);
    if (!tasks) return tasks.error();
    v.tasks = to_filter(std::move(*tasks));
  }
  return v;
}

}  // namespace dpc::http
