// Users, groups, memberships, credentials and authorizations: Camunda 7's identity service
// and authorization service in one. Thread-safe: one instance per node, shared by every
// request thread. Storage is reached through IdentityStore (implemented in src/store).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/identity/identity_store.h"
#include "dpc/identity/model.h"
#include "dpc/identity/password_policy.h"

namespace dpc::identity {

struct IdentityOptions {
  // How long a verified credential (a keyed hash of user id and password, never the
  // password) stays trusted on this node, so argon2id runs once per credential per window.
  std::chrono::seconds credential_cache_ttl{60};
  // Failed logins per user: after `delay_after` failures each further attempt must wait a
  // growing delay (refused without checking meanwhile); after `lock_after` the user is locked
  // until an admin unlocks them (/user/{id}/unlock).
  int delay_after = 3;
  int lock_after = 10;
  // The wait after failure number delay_after + k is login_delay_base * 2^k, at most
  // login_delay_max (Camunda's loginDelayBase 3 s, factor 2, max 60 s).
  std::chrono::milliseconds login_delay_base{2000};
  std::chrono::milliseconds login_delay_max{60000};
  // Most verified credentials kept on this node (oldest dropped first when full).
  size_t credential_cache_size = 10000;
};

// argon2id cost of new password hashes (libsodium crypto_pwhash_str): OWASP's recommended
// minimum for argon2id (m = 19 MiB, t = 2, p = 1). Each login check costs one such hash
// (tens of milliseconds of one core), which the credential cache pays once per TTL.
inline constexpr unsigned long long kPasswordOpsLimit = 2;
inline constexpr size_t kPasswordMemLimit = 19 * 1024 * 1024;

// GET /identity/groups: the groups of a user and the users of those groups.
struct GroupInfo {
  std::vector<Group> groups;
  std::vector<User> group_users;
};

class IdentityService {
 public:
  explicit IdentityService(IdentityStore& store, IdentityOptions options = {});
  ~IdentityService();
  IdentityService(const IdentityService&) = delete;
  IdentityService& operator=(const IdentityService&) = delete;

  // --- authentication --------------------------------------------------------------------
  // Checks a user id and password (HTTP Basic, the login form, /identity/verify). Any failure
  // (unknown user, wrong password, locked, throttled) is Error::unauthorized with one and the
  // same message, so the answer never tells whether the user exists.
  Result<Principal> authenticate(std::string_view user_id, std::string_view password);
  // The principal of an existing user with their groups (for sessions); not found = error.
  Result<Principal> principal(std::string_view user_id);

  // --- authorization ---------------------------------------------------------------------
  // Camunda's rules: admin group may do everything; revoke beats grant, user beats group,
  // a specific resource id beats "*", global ("*" user) applies last.
  bool is_authorized(const Principal& who, Resource resource, std::string_view resource_id,
                     int64_t permission) const;
  // is_authorized, or Error::forbidden in Camunda's wording ("The user with id 'x' does not
  // have 'READ' permission on resource 'y' of type 'ProcessDefinition'.").
  Result<void> require(const Principal& who, Resource resource, std::string_view resource_id,
                       int64_t permission) const;
  // Every resource id of `resource` on which `who` holds `permission` (for list filters that
  // the stores apply inside SQL).
  Result<IdSet> allowed_ids(const Principal& who, Resource resource, int64_t permission) const;

  // --- management -------------------------------------------------------------------------
  // Every call is made on behalf of `caller` and checked against their authorizations
  // (Camunda's: CREATE/UPDATE/DELETE/READ on User, Group, GroupMembership (resource id: the
  // group), Authorization; unlock needs camunda-admin): Error::forbidden otherwise. Bad input
  // (an id outside [A-Za-z0-9_.@-] or longer than 128, a password over kMaxPasswordBytes or
  // against the policy, an authorization without user or group) is Error::invalid naming
  // the field; something missing is Error::not_found; a duplicate is Error::conflict.

  // A new user gets ALL on their own User resource (Camunda's DefaultAuthorizationProvider).
  Status create_user(const Principal& caller, const User& profile, std::string_view password);
  Result<User> user(const Principal& caller, const std::string& id);
  // Lists: admins see all; others only what they may READ (filtered in the store's SQL).
  Result<std::vector<User>> users(const Principal& caller, UserQuery q);
  Result<long long> count_users(const Principal& caller, UserQuery q);
  // Updates first/last name and email of user `id` (profile.id, when set, must be `id`).
  Status update_profile(const Principal& caller, const std::string& id, const User& profile);
  // Camunda's rule: the caller's own current password must be given (caller_password).
  Status update_password(const Principal& caller, const std::string& id,
                         std::string_view password, std::string_view caller_password);
  Status delete_user(const Principal& caller, const std::string& id);
  // Clears the lock and the failed-login counter.
  Status unlock_user(const Principal& caller, const std::string& id);

  // A new group's members get READ on it (Camunda's DefaultAuthorizationProvider).
  Status create_group(const Principal& caller, const Group& group);
  Result<Group> group(const Principal& caller, const std::string& id);
  Result<std::vector<Group>> groups(const Principal& caller, GroupQuery q);
  Result<long long> count_groups(const Principal& caller, GroupQuery q);
  Status update_group(const Principal& caller, const std::string& id, const Group& group);
  Status delete_group(const Principal& caller, const std::string& id);
  Status add_member(const Principal& caller, const std::string& group_id, const std::string& user_id);
  Status remove_member(const Principal& caller, const std::string& group_id, const std::string& user_id);
  // For the caller themselves (or an admin): the user's groups and their members.
  Result<GroupInfo> group_info(const Principal& caller, const std::string& user_id);

  // `a.permissions` as stored (see set_named_permissions); `a.id` is ignored and assigned.
  Result<Authorization> create_authorization(const Principal& caller, Authorization a);
  Result<Authorization> authorization(const Principal& caller, const std::string& id);
  Result<std::vector<Authorization>> authorizations(const Principal& caller, AuthorizationQuery q);
  Result<long long> count_authorizations(const Principal& caller, AuthorizationQuery q);
  // Replaces type, user/group, resource and permissions of authorization `id`.
  Status update_authorization(const Principal& caller, const std::string& id, Authorization a);
  Status delete_authorization(const Principal& caller, const std::string& id);

  // Creates a user, the groups that are missing and the memberships, as an administrator
  // (no caller): `dpc admin create-user`. The password policy applies.
  // `enforce_policy` false only for `--demo` (demo/demo, as Camunda Run has it).
  Status provision_user(const User& profile, std::string_view password,
                        const std::vector<std::string>& group_ids, bool enforce_policy = true);

 private:
  Status create_user(const Principal& caller, const User& profile, std::string_view password,
                     bool enforce_policy);
  Result<bool> check(const Principal& who, Resource resource, std::string_view resource_id,
                     int64_t permission) const;
  Status verify_password(const std::string& user_id, std::string_view password);
  Result<Principal> load_principal(const std::string& user_id);
  std::optional<Reader> reader_of(const Principal& caller) const;
  Status check_new_password(std::string_view password, const User& profile) const;

  IdentityStore& store_;
  IdentityOptions options_;
  struct Cache;
  std::unique_ptr<Cache> cache_;
};

// Checks an id of a user or group: 1 to 128 characters of [A-Za-z0-9_.@-]; the error
// names `field`.
Status check_id(std::string_view id, std::string_view field);

}  // namespace dpc::identity
