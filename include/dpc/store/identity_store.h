// PostgreSQL implementation of the identity module's IdentityStore port (users, groups,
// memberships, credentials, authorizations; tables from migrations/0011_identity.sql).
// Thread-safe: every call takes its own pooled connection. Database failures come back as
// kUnavailable (connection lost) or kInternal (SQL error, logged with the statement); a
// duplicate id as kConflict.
#pragma once

#include <memory>

#include "dpc/identity/identity_store.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the returned store.
std::unique_ptr<identity::IdentityStore> make_identity_store(Database& db);

}  // namespace dpc::store
