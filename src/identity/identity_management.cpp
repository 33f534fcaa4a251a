// Users, groups and memberships on behalf of a caller: authorization checks (Camunda's),
// validation, default authorizations, and keeping the credential cache honest.
#include <algorithm>
#include <mutex>
#include <set>

#include "credential_cache.h"
#include "dpc/core/strings.h"
#include "dpc/identity/identity_service.h"

#include "admin_operation.h"
#include "password_hash.h"

namespace dpc::identity {

namespace {

Status check_text(const std::string& value, const char* field) {
  if (value.size() > 255) return Error::invalid(std::string(field) + " is longer than 255 characters");
  return {};
}

Status check_profile(const User& u) {
  if (auto st = check_id(u.id, "id"); !st) return st;
  if (auto st = check_text(u.first_name, "firstName"); !st) return st;
  if (auto st = check_text(u.last_name, "lastName"); !st) return st;
  return check_text(u.email, "email");
}

Status check_group(const Group& g) {
  if (auto st = check_id(g.id, "id"); !st) return st;
  if (auto st = check_text(g.name, "name"); !st) return st;
  return check_text(g.type, "type");
}

Error no_user(const std::string& id) { return Error::not_found("User with id " + id + " does not exist"); }
Error no_group(const std::string& id) { return Error::not_found("Group with id " + id + " does not exist"); }

// A Result<bool> from a store write: false = the thing was missing.
Status found_or(Result<bool> r, const Error& missing) {
  if (!r) return r.error();
  if (!*r) return missing;
  return {};
}

Authorization grant(std::string user_id, std::string group_id, Resource resource,
                    std::string resource_id, int64_t permissions) {
  Authorization a;
  a.id = new_uuid();
  a.type = AuthType::kGrant;
  a.user_id = std::move(user_id);
  a.group_id = std::move(group_id);
  a.resource = resource;
  a.resource_id = std::move(resource_id);
  a.permissions = permissions;
  return a;
}

// ---- never lock the administrators out -------------------------------------------------
// Members of camunda-admin may do everything, Admin included, so authorizations can never lock
// them out; only losing the membership can. Refused: deleting the camunda-admin group,
// removing or deleting its last member, and an administrator removing themself from it or
// deleting themself (another administrator has to do that). The check and the change run
// under one mutex, so two requests on one node cannot both remove "the other last admin";
// across nodes that race stays possible (two admins removing each other in the same
// milliseconds), which the compensating check in remove_member closes for memberships.
std::mutex admin_guard_mutex;

bool is_admin_group(std::string_view id) { return id == kAdminGroup; }

Result<long long> admin_count(IdentityStore& store) {
  UserQuery q;
  q.member_of_group = std::string(kAdminGroup);
  return store.count_users(q);
}

Result<bool> is_admin_member(IdentityStore& store, const std::string& user_id) {
  auto groups = store.group_ids_of(user_id);
  if (!groups) return groups.error();
  return std::find(groups->begin(), groups->end(), kAdminGroup) != groups->end();
}

// Whether `user_id` may stop being an administrator now (removed from camunda-admin or
// deleted) at the request of `caller`; `action` words the refusal.
Status keep_an_admin(IdentityStore& store, const Principal& caller, const std::string& user_id,
                     const std::string& action) {
  auto member = is_admin_member(store, user_id);
  if (!member) return member.error();
  if (!*member) return {};
  if (user_id == caller.user_id) {
    return Error::conflict("You cannot " + action + ": you would lock yourself out of Admin. "
                           "Another administrator (member of camunda-admin) has to do it.");
  }
  auto count = admin_count(store);
  if (!count) return count.error();
  if (*count <= 1) {
    return Error::conflict("Cannot " + action + ": '" + user_id +
                           "' is the last administrator (the only member of camunda-admin). "
                           "Make another user an administrator first.");
  }
  return {};
}

}  // namespace

Status IdentityService::create_user(const Principal& caller, const User& profile,
                                    std::string_view password) {
  return create_user(caller, profile, password, true);
}

Status IdentityService::create_user(const Principal& caller, const User& profile,
                                    std::string_view password, bool enforce_policy) {
  if (auto st = require(caller, Resource::kUser, "*", perm::kCreate); !st) return st;
  if (auto st = check_profile(profile); !st) return st;
  if (enforce_policy) {
    if (auto st = check_new_password(password, profile); !st) return st;
  }
  auto hash = hash_password(password);
  if (!hash) return hash.error();
  UserOperationScope logged(admin_operation("Create", "User", {set_to("userId", profile.id)}));
  // Camunda's DefaultAuthorizationProvider.newUser: the user may do everything to themselves.
  return store_.create_user(profile, *hash,
                            {grant(profile.id, "", Resource::kUser, profile.id, perm::kAll)});
}

Result<User> IdentityService::user(const Principal& caller, const std::string& id) {
  if (auto st = require(caller, Resource::kUser, id, perm::kRead); !st) return st.error();
  auto u = store_.user(id);
  if (!u) return u.error();
  if (!*u) return no_user(id);
  return std::move(**u);
}

Result<std::vector<User>> IdentityService::users(const Principal& caller, UserQuery q) {
  q.visible_to = reader_of(caller);
  return store_.users(q);
}

Result<long long> IdentityService::count_users(const Principal& caller, UserQuery q) {
  q.visible_to = reader_of(caller);
  return store_.count_users(q);
}

Status IdentityService::update_profile(const Principal& caller, const std::string& id,
                                       const User& profile) {
  if (auto st = require(caller, Resource::kUser, id, perm::kUpdate); !st) return st;
  User u = profile;
  if (u.id.empty()) u.id = id;
  if (u.id != id) return Error::invalid("id of the profile must be the user's id '" + id + "'");
  if (auto st = check_profile(u); !st) return st;
  UserOperationScope logged(admin_operation("Update", "User", {set_to("userId", id)}));
  return found_or(store_.update_user(u), no_user(id));
}

Status IdentityService::update_password(const Principal& caller, const std::string& id,
                                        std::string_view password, std::string_view caller_password) {
  if (auto st = require(caller, Resource::kUser, id, perm::kUpdate); !st) return st;
  if (password.size() > kMaxPasswordBytes) return check_new_password(password, {});
  if (auto st = verify_password(caller.user_id, caller_password); !st) return st;
  auto u = store_.user(id);
  if (!u) return u.error();
  if (!*u) return no_user(id);
  if (auto st = check_new_password(password, **u); !st) return st;
  auto hash = hash_password(password);
  if (!hash) return hash.error();
  UserOperationScope logged(admin_operation("Update", "User", {set_to("userId", id)}));
  auto changed = found_or(store_.set_password_hash(id, *hash), no_user(id));
  cache_->drop_user(id);
  return changed;
}

Status IdentityService::delete_user(const Principal& caller, const std::string& id) {
  if (auto st = require(caller, Resource::kUser, id, perm::kDelete); !st) return st;
  std::lock_guard guard(admin_guard_mutex);
  if (auto st = keep_an_admin(store_, caller, id, "delete the user '" + id + "'"); !st) return st;
  UserOperationScope logged(admin_operation("Delete", "User", {set_to("userId", id)}));
  auto deleted = found_or(store_.delete_user(id), no_user(id));
  cache_->drop_user(id);
  return deleted;
}

Status IdentityService::unlock_user(const Principal& caller, const std::string& id) {
  if (!caller.admin) {
    return Error::forbidden("Required admin authenticated group or user to unlock user '" + id + "'.");
  }
  UserOperationScope logged(admin_operation("Unlock", "User", {set_to("userId", id)}));
  return found_or(store_.clear_failed_logins(id), no_user(id));
}

Status IdentityService::create_group(const Principal& caller, const Group& group) {
  if (auto st = require(caller, Resource::kGroup, "*", perm::kCreate); !st) return st;
  if (auto st = check_group(group); !st) return st;
  UserOperationScope logged(admin_operation("Create", "Group", {set_to("groupId", group.id)}));
  // Camunda's DefaultAuthorizationProvider.newGroup: members may read their group.
  return store_.create_group(group, {grant("", group.id, Resource::kGroup, group.id, perm::kRead)});
}

Result<Group> IdentityService::group(const Principal& caller, const std::string& id) {
  if (auto st = require(caller, Resource::kGroup, id, perm::kRead); !st) return st.error();
  auto g = store_.group(id);
  if (!g) return g.error();
  if (!*g) return no_group(id);
  return std::move(**g);
}

Result<std::vector<Group>> IdentityService::groups(const Principal& caller, GroupQuery q) {
  q.visible_to = reader_of(caller);
  return store_.groups(q);
}

Result<long long> IdentityService::count_groups(const Principal& caller, GroupQuery q) {
  q.visible_to = reader_of(caller);
  return store_.count_groups(q);
}

Status IdentityService::update_group(const Principal& caller, const std::string& id,
                                     const Group& group) {
  if (auto st = require(caller, Resource::kGroup, id, perm::kUpdate); !st) return st;
  Group g = group;
  if (g.id.empty()) g.id = id;
  if (g.id != id) return Error::invalid("id of the group must be '" + id + "'");
  if (auto st = check_group(g); !st) return st;
  UserOperationScope logged(admin_operation("Update", "Group", {set_to("groupId", id)}));
  return found_or(store_.update_group(g), no_group(id));
}

Status IdentityService::delete_group(const Principal& caller, const std::string& id) {
  if (auto st = require(caller, Resource::kGroup, id, perm::kDelete); !st) return st;
  if (is_admin_group(id)) {
    return Error::conflict("The group camunda-admin cannot be deleted: its members are the "
                           "administrators, and without it nobody could open Admin.");
  }
  UserOperationScope logged(admin_operation("Delete", "Group", {set_to("groupId", id)}));
  auto deleted = found_or(store_.delete_group(id), no_group(id));
  cache_->drop_group(id);
  return deleted;
}

Status IdentityService::add_member(const Principal& caller, const std::string& group_id,
                                   const std::string& user_id) {
  if (auto st = require(caller, Resource::kGroupMembership, group_id, perm::kCreate); !st) return st;
  auto g = store_.group(group_id);
  if (!g) return g.error();
  if (!*g) return no_group(group_id);
  auto u = store_.user(user_id);
  if (!u) return u.error();
  if (!*u) return no_user(user_id);
  UserOperationScope logged(admin_operation(
      "Create", "Group membership", {set_to("userId", user_id), set_to("groupId", group_id)}));
  auto added = store_.add_membership(user_id, group_id);
  cache_->drop_user(user_id);
  return added;
}

Status IdentityService::remove_member(const Principal& caller, const std::string& group_id,
                                      const std::string& user_id) {
  if (auto st = require(caller, Resource::kGroupMembership, group_id, perm::kDelete); !st) return st;
  std::unique_lock guard(admin_guard_mutex, std::defer_lock);
  if (is_admin_group(group_id)) {
    guard.lock();
    if (auto st = keep_an_admin(store_, caller, user_id,
                                "remove '" + user_id + "' from camunda-admin");
        !st) {
      return st;
    }
  }
  UserOperationScope logged(admin_operation(
      "Delete", "Group membership", {set_to("userId", user_id), set_to("groupId", group_id)}));
  auto removed = store_.remove_membership(user_id, group_id);  // none: nothing to do, as Camunda
  cache_->drop_user(user_id);
  if (!removed) return removed.error();
  if (is_admin_group(group_id) && *removed) {
    // Another node may have removed the other last administrator meanwhile: put this one back.
    auto left = admin_count(store_);
    if (left && *left == 0) {
      if (auto st = store_.add_membership(user_id, group_id); !st) return st;
      return Error::conflict("Cannot remove '" + user_id + "' from camunda-admin: no "
                             "administrator would be left.");
    }
  }
  return {};
}

Result<GroupInfo> IdentityService::group_info(const Principal& caller, const std::string& user_id) {
  if (caller.user_id != user_id && !caller.admin) {
    return Error::forbidden("The user with id '" + caller.user_id +
                            "' may only ask for their own groups.");
  }
  GroupInfo info;
  GroupQuery gq;
  gq.member = user_id;
  auto groups = store_.groups(gq);
  if (!groups) return groups.error();
  info.groups = std::move(*groups);
  std::set<std::string> seen;
  for (const auto& g : info.groups) {
    UserQuery uq;
    uq.member_of_group = g.id;
    auto members = store_.users(uq);
    if (!members) return members.error();
    for (auto& u : *members) {
      if (seen.insert(u.id).second) info.group_users.push_back(std::move(u));
    }
  }
  std::sort(info.group_users.begin(), info.group_users.end(),
            [](const User& a, const User& b) { return a.id < b.id; });
  return info;
}

Status IdentityService::provision_user(const User& profile, std::string_view password,
                                       const std::vector<std::string>& group_ids, bool enforce_policy) {
  Principal system{"dpc-admin", {std::string(kAdminGroup)}, true};
  for (const auto& g : group_ids) {
    if (auto st = check_id(g, "group"); !st) return st;
  }
  if (auto st = create_user(system, profile, password, enforce_policy); !st) return st;
  for (const auto& g : group_ids) {
    auto existing = store_.group(g);
    if (!existing) return existing.error();
    if (!*existing) {
      Group group{g, g == kAdminGroup ? "camunda BPM Administrators" : g,
                  g == kAdminGroup ? "SYSTEM" : "WORKFLOW"};
      if (auto st = create_group(system, group); !st && st.error().kind != ErrorKind::kConflict) return st;
    }
    if (auto st = add_member(system, g, profile.id); !st) return st;
  }
  return {};
}

}  // namespace dpc::identity
