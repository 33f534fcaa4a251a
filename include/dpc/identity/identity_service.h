// Users, groups, memberships, credentials and authorizations: Camunda 7's identity service
// and authorization service in one. Thread-safe: one instance per node, shared by every
// request thread. Storage is reached through IdentityStore (implemented in src/store).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/identity/identity_store.h"
#include "dpc/identity/model.h"

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

  // The rest of the service (users, groups, memberships, passwords and their policy,
  // unlock, authorizations CRUD) is declared below by the identity implementation.
  IdentityStore& store() { return store_; }

 private:
  IdentityStore& store_;
  IdentityOptions options_;
  struct Cache;
  std::unique_ptr<Cache> cache_;
};

}  // namespace dpc::identity
