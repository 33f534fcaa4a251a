// Authorization for handlers, in Camunda 7's terms: a check before a change or a read of one
// resource, and the list visibility that the stores apply inside their SQL. Both use the
// request's principal and identity service (set by the authentication guard): a request
// without a principal is refused (401), a missing permission is 403 AuthorizationException.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "dpc/core/result.h"
#include "dpc/engine/visibility.h"
#include "dpc/http/message.h"
#include "dpc/identity/model.h"

namespace dpc::http {

// OK when the caller holds `permission` on `resource`/`resource_id` (or is an admin).
Status authorize(const Request& r, identity::Resource resource, std::string_view resource_id,
                 int64_t permission);
// OK when the caller holds at least one of the (resource, id, permission) alternatives
// (e.g. READ on the process instance or READ_INSTANCE on its definition key); the 403 names
// the first.
struct Alternative {
  identity::Resource resource;
  std::string_view resource_id;
  int64_t permission;
};
Status authorize_any(const Request& r, std::initializer_list<Alternative> alternatives);

// What the caller may see of a list whose rows belong to process definitions by key:
// `definitions` = keys with `definition_permission` on ProcessDefinition; `instances` =
// ids with `instance_permission` on `instance_resource` (ProcessInstance or
// HistoricProcessInstance), when given; `tasks` = ids with READ on Task, for task lists.
struct VisibilityRule {
  int64_t definition_permission = identity::perm::kRead;
  std::optional<identity::Resource> instance_resource;
  int64_t instance_permission = identity::perm::kRead;
  bool tasks = false;
  identity::Resource definition_resource = identity::Resource::kProcessDefinition;
};
Result<engine::Visibility> visibility(const Request& r, const VisibilityRule& rule);

}  // namespace dpc::http
