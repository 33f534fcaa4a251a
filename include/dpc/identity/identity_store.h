// The identity module's storage port (users, groups, memberships, credentials, failed-login
// counters, authorizations). Implemented with libpqxx in src/store/identity_store.cpp.
// Implementations are thread-safe. Stores persist and query; they decide nothing: every rule
// (who may, which password, when to lock) comes from IdentityService.
//
// Errors: database failures are kUnavailable / kInternal; a duplicate id is kConflict.
// Lookups of something missing return nullopt / false, not an error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/identity/model.h"

namespace dpc::identity {

class IdentityStore {
 public:
  virtual ~IdentityStore() = default;

  // ---- users ----
  // Inserts the user with its password hash and, in the same transaction, `authorizations`
  // (the defaults the service gives a new user). kConflict when the id exists.
  virtual Status create_user(const User& user, const std::string& password_hash,
                             const std::vector<Authorization>& authorizations) = 0;
  virtual Result<std::optional<User>> user(const std::string& id) = 0;
  virtual Result<std::vector<User>> users(const UserQuery& q) = 0;
  virtual Result<long long> count_users(const UserQuery& q) = 0;
  // Profile fields (first/last name, email) of user.id; false when there is no such user.
  virtual Result<bool> update_user(const User& user) = 0;
  // New hash; also clears the failed-login counter and the lock. False: no such user.
  virtual Result<bool> set_password_hash(const std::string& id, const std::string& hash) = 0;
  // Deletes the user, their memberships, the authorizations given to them and those on
  // their User resource. False when there was no such user.
  virtual Result<bool> delete_user(const std::string& id) = 0;

  // ---- credentials and failed logins ----
  virtual Result<std::optional<Credentials>> credentials(const std::string& id) = 0;
  // Counts one failed login at `now_ms` and locks the user when the count reaches
  // `lock_after`; returns the new state (nullopt: no such user).
  virtual Result<std::optional<Credentials>> record_failed_login(const std::string& id,
                                                                 int64_t now_ms,
                                                                 int lock_after) = 0;
  // Clears the counter and the lock. False when there is no such user.
  virtual Result<bool> clear_failed_logins(const std::string& id) = 0;

  // ---- groups and memberships ----
  // Inserts the group and `authorizations` in one transaction; kConflict when the id exists.
  virtual Status create_group(const Group& group,
                              const std::vector<Authorization>& authorizations) = 0;
  virtual Result<std::optional<Group>> group(const std::string& id) = 0;
  virtual Result<std::vector<Group>> groups(const GroupQuery& q) = 0;
  virtual Result<long long> count_groups(const GroupQuery& q) = 0;
  virtual Result<bool> update_group(const Group& group) = 0;
  // Deletes the group, its memberships, the authorizations given to it and those on its
  // Group resource. False when there was no such group.
  virtual Result<bool> delete_group(const std::string& id) = 0;
  // Adds the membership (nothing when it exists). Both must exist (the service checks).
  virtual Status add_membership(const std::string& user_id, const std::string& group_id) = 0;
  // False when there was no such membership.
  virtual Result<bool> remove_membership(const std::string& user_id, const std::string& group_id) = 0;
  // The ids of the groups `user_id` is a member of, sorted.
  virtual Result<std::vector<std::string>> group_ids_of(const std::string& user_id) = 0;

  // ---- authorizations ----
  // kConflict when one exists for the same type, user or group, resource type and id.
  virtual Status create_authorization(const Authorization& a) = 0;
  virtual Result<std::optional<Authorization>> authorization(const std::string& id) = 0;
  virtual Result<std::vector<Authorization>> authorizations(const AuthorizationQuery& q) = 0;
  virtual Result<long long> count_authorizations(const AuthorizationQuery& q) = 0;
  // Replaces every field but the id; false when there is no such authorization; kConflict
  // when the change collides with another one.
  virtual Result<bool> update_authorization(const Authorization& a) = 0;
  virtual Result<bool> delete_authorization(const std::string& id) = 0;
  // Every authorization on `resource` with resource id `resource_id` or "*" (any id when
  // `resource_id` is empty) that is global, for `user_id` or "*", or for one of `group_ids`:
  // what a decision needs.
  virtual Result<std::vector<Authorization>> authorizations_for(
      const std::string& user_id, const std::vector<std::string>& group_ids, Resource resource,
      const std::string& resource_id) = 0;
};

}  // namespace dpc::identity
