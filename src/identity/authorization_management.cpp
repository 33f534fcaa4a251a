// Authorizations on behalf of a caller (Camunda's AuthorizationService): checks, validation.
#include "dpc/core/strings.h"
#include "dpc/identity/identity_service.h"

#include "admin_operation.h"

namespace dpc::identity {

namespace {

Error no_authorization(const std::string& id) {
  return Error::not_found("Authorization with id " + id + " does not exist.");
}

// Camunda's rules for the fields of an authorization; fills the defaults ("*").
Status check_authorization(Authorization& a) {
  if (a.type != AuthType::kGlobal && a.type != AuthType::kGrant && a.type != AuthType::kRevoke) {
    return Error::invalid("type must be 0 (global), 1 (grant) or 2 (revoke)");
  }
  if (a.type == AuthType::kGlobal) {
    if (!a.group_id.empty()) return Error::invalid("groupId cannot be used for a global authorization");
    if (a.user_id.empty()) a.user_id = "*";
    if (a.user_id != "*") return Error::invalid("userId of a global authorization must be '*'");
  } else {
    if (a.user_id.empty() == a.group_id.empty()) {
      return Error::invalid("Authorization must either have a 'userId' or a 'groupId'.");
    }
    if (!a.user_id.empty() && a.user_id != "*") {
      if (auto st = check_id(a.user_id, "userId"); !st) return st;
    }
    if (!a.group_id.empty()) {
      if (auto st = check_id(a.group_id, "groupId"); !st) return st;
    }
  }
  if (a.resource_id.empty()) a.resource_id = "*";
  if (a.resource_id.size() > 256) return Error::invalid("resourceId is longer than 256 characters");
  if (a.permissions < 0 || a.permissions > perm::kAll) return Error::invalid("permissions out of range");
  return {};
}

// The user operation log entries of an authorization change, as Camunda's
// (permissionBits, type, resource, resourceId, userId, groupId), each with its value before
// and after (absent on create / delete).
UserOperation authorization_operation(const char* type, const Authorization* before,
                                      const Authorization* after) {
  struct Field {
    const char* name;
    std::optional<std::string> (*of)(const Authorization&);
  };
  static const Field fields[] = {
      {"permissionBits", [](const Authorization& a) -> std::optional<std::string> { return std::to_string(a.permissions); }},
      {"type", [](const Authorization& a) -> std::optional<std::string> { return std::to_string(static_cast<int>(a.type)); }},
      {"resource", [](const Authorization& a) -> std::optional<std::string> { return std::to_string(static_cast<int>(a.resource)); }},
      {"resourceId", [](const Authorization& a) -> std::optional<std::string> { return a.resource_id; }},
      {"userId", [](const Authorization& a) -> std::optional<std::string> {
         return a.user_id.empty() ? std::nullopt : std::optional<std::string>(a.user_id); }},
      {"groupId", [](const Authorization& a) -> std::optional<std::string> {
         return a.group_id.empty() ? std::nullopt : std::optional<std::string>(a.group_id); }},
  };
  std::vector<PropertyChange> changes;
  for (const auto& f : fields) {
    PropertyChange c{f.name, before ? f.of(*before) : std::nullopt, after ? f.of(*after) : std::nullopt};
    if (c.org_value || c.new_value) changes.push_back(std::move(c));
  }
  return admin_operation(type, "Authorization", std::move(changes));
}

}  // namespace

Result<Authorization> IdentityService::create_authorization(const Principal& caller, Authorization a) {
  if (auto st = require(caller, Resource::kAuthorization, "*", perm::kCreate); !st) return st.error();
  if (auto st = check_authorization(a); !st) return st.error();
  a.id = new_uuid();
  UserOperationScope logged(authorization_operation("Create", nullptr, &a));
  if (auto st = store_.create_authorization(a); !st) return st.error();
  return a;
}

Result<Authorization> IdentityService::authorization(const Principal& caller, const std::string& id) {
  if (auto st = require(caller, Resource::kAuthorization, id, perm::kRead); !st) return st.error();
  auto a = store_.authorization(id);
  if (!a) return a.error();
  if (!*a) return no_authorization(id);
  return std::move(**a);
}

Result<std::vector<Authorization>> IdentityService::authorizations(const Principal& caller,
                                                                   AuthorizationQuery q) {
  q.visible_to = reader_of(caller);
  return store_.authorizations(q);
}

Result<long long> IdentityService::count_authorizations(const Principal& caller, AuthorizationQuery q) {
  q.visible_to = reader_of(caller);
  return store_.count_authorizations(q);
}

Status IdentityService::update_authorization(const Principal& caller, const std::string& id,
                                             Authorization a) {
  if (auto st = require(caller, Resource::kAuthorization, id, perm::kUpdate); !st) return st;
  if (auto st = check_authorization(a); !st) return st;
  a.id = id;
  auto before = store_.authorization(id);
  if (!before) return before.error();
  if (!*before) return no_authorization(id);
  UserOperationScope logged(authorization_operation("Update", &**before, &a));
  auto changed = store_.update_authorization(a);
  if (!changed) return changed.error();
  if (!*changed) return no_authorization(id);
  return {};
}

Status IdentityService::delete_authorization(const Principal& caller, const std::string& id) {
  if (auto st = require(caller, Resource::kAuthorization, id, perm::kDelete); !st) return st;
  auto before = store_.authorization(id);
  if (!before) return before.error();
  if (!*before) return no_authorization(id);
  UserOperationScope logged(authorization_operation("Delete", &**before, nullptr));
  auto deleted = store_.delete_authorization(id);
  if (!deleted) return deleted.error();
  if (!*deleted) return no_authorization(id);
  return {};
}

}  // namespace dpc::identity
