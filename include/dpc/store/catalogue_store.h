// PostgreSQL implementation of the catalogue's store port (tables catalogue_item,
// catalogue_asset, catalogue_audit; migration 0017).
#pragma once

#include <memory>

#include "dpc/catalogue/catalogue_store.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the returned store.
std::unique_ptr<catalogue::CatalogueStore> make_catalogue_store(Database& db);

}  // namespace dpc::store
