// The parts of the catalogue's routes, each in its own file; add_catalogue_routes adds them all.
#pragma once

#include "dpc/catalogue/catalogue_service.h"
#include "dpc/http/router.h"

namespace dpc::http {

void add_catalogue_item_routes(Router& router, catalogue::CatalogueService& service);
void add_catalogue_offer_routes(Router& router, catalogue::CatalogueService& service);
void add_catalogue_asset_routes(Router& router, catalogue::CatalogueService& service);
void add_catalogue_template_routes(Router& router, catalogue::CatalogueService& service);
void add_tmf620_routes(Router& router, catalogue::CatalogueService& service);

}  // namespace dpc::http
