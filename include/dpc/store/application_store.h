// PostgreSQL implementation of the market's ApplicationStore port (table form_application,
// migration 0021).
#pragma once

#include <memory>

#include "dpc/market/application_store.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the returned store.
std::unique_ptr<market::ApplicationStore> make_application_store(Database& db);

}  // namespace dpc::store
