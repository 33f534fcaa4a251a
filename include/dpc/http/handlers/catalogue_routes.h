// The product catalogue's REST face (dpc's own, under /api/catalogue), its asset CDN and the
// TMF620 read face. Resource type 100 "Catalogue": READ to read, CREATE to create an item or
// upload an asset, UPDATE to change, submit, reject, publish and retire (publishing also
// needs another user than the submitter). The shapes are listed in src/catalogue/README.md.
//   /api/catalogue/product-types, /dictionaries          list, create, latest, new version
//   /api/catalogue/products, /promotions                 versions with the TMF620 lifecycle
//   /api/catalogue/offers                                offers for a customer
//   /api/catalogue/assets, /cdn/{sha256}[/{name}]        content-addressed assets
//   /api/catalogue/audit                                 the audit trail
//   /tmf-api/productCatalogManagement/v4/...             TMF620 reads
#pragma once

#include "dpc/catalogue/catalogue_service.h"
#include "dpc/http/router.h"

namespace dpc::http {

// `service` must outlive the router.
void add_catalogue_routes(Router& router, catalogue::CatalogueService& service);

}  // namespace dpc::http
