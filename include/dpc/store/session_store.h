// PostgreSQL implementation of identity::SessionStore (table dpc_session, migration 0012).
// Thread-safe: each call takes a pooled connection.
#pragma once

#include <memory>

#include "dpc/identity/session_service.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the returned store.
std::unique_ptr<identity::SessionStore> make_session_store(Database& db);

}  // namespace dpc::store
