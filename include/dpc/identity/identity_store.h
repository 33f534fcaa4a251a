// The identity module's storage port (users, groups, memberships, credentials, failed-login
// counters, authorizations). Implemented with libpqxx in src/store/identity_store.cpp.
// Implementations are thread-safe. Stores persist and query; they decide nothing.
#pragma once

#include "dpc/core/result.h"
#include "dpc/identity/model.h"

namespace dpc::identity {

class IdentityStore {
 public:
  virtual ~IdentityStore() = default;
  // (declared by the identity implementation)
};

}  // namespace dpc::identity
