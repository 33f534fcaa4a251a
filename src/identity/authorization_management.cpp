// Authorizations on behalf of a caller (Camunda's AuthorizationService): checks, validation.
#include "dpc/core/strings.h"
#include "dpc/identity/authorization_rules.h"
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
// logAuthorizationOperation: permissionBits, permissions, type, resource, resourceId and the
// userId or groupId, each with its value before (updates) and after. A deletion logs the
// deleted values as new values, as Camunda does.
UserOperation authorization_operation(const char* type, const Authorization* before,
                                      const Authorization& after) {
  auto names = [](const Authorization& a) {
    // Stored revokes hold the complement of the revoked bits.
    int64_t bits = a.type == AuthType::kRevoke ? (~a.permissions & perm::kAll) : a.permissions;
    std::string out;
    for (const auto& n : permission_names(bits)) out += (out.empty() ? "" : ", ") + n;
    return out;
  };
  auto text = [](const std::string& s) -> std::optional<std::string> {
    if (s.empty()) return std::nullopt;
    return s;
  };
  auto from = [&](auto&& field) -> std::optional<std::string> {
    if (!before) return std::nullopt;
    return field(*before);
  };
  auto bits = [](const Authorization& a) -> std::optional<std::string> { return std::to_string(a.permissions); };
  auto perms = [&](const Authorization& a) -> std::optional<std::string> { return names(a); };
  auto kind = [](const Authorization& a) -> std::optional<std::string> {
    return std::to_string(static_cast<int>(a.type));
  };
  auto resource = [](const Authorization& a) -> std::optional<std::string> {
    return std::string(resource_name(a.resource));
  };
  auto resource_id = [](const Authorization& a) -> std::optional<std::string> { return a.resource_id; };
  auto user = [&](const Authorization& a) { return text(a.user_id); };
  auto group = [&](const Authorization& a) { return text(a.group_id); };
  std::vector<PropertyChange> changes = {
      {"permissionBits", from(bits), bits(after)},
      {"permissions", from(perms), perms(after)},
      {"type", from(kind), kind(after)},
      {"resource", from(resource), resource(after)},
      {"resourceId", from(resource_id), resource_id(after)},
  };
  if (user(after) || from(user)) changes.push_back({"userId", from(user), user(after)});
  if (group(after) || from(group)) changes.push_back({"groupId", from(group), group(after)});
  return admin_operation(type, "Authorization", std::move(changes));
}

}  // namespace

Result<Authorization> IdentityService::create_authorization(const Principal& caller, Authorization a) {
  if (auto st = require(caller, Resource::kAuthorization, "*", perm::kCreate); !st) return st.error();
  if (auto st = check_authorization(a); !st) return st.error();
  a.id = new_uuid();
  UserOperationScope logged(authorization_operation("Create", nullptr, a));
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
  UserOperationScope logged(authorization_operation("Update", &**before, a));
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
  UserOperationScope logged(authorization_operation("Delete", nullptr, **before));
  auto deleted = store_.delete_authorization(id);
  if (!deleted) return deleted.error();
  if (!*deleted) return no_authorization(id);
  return {};
}

}  // namespace dpc::identity
