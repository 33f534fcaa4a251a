// The --demo catalogue: bpmn-samples/catalogue/demo-catalogue.json loaded into an empty
// catalogue (dictionaries, product types, products and promotions), every product and promotion
// prepared by one demo user and published by another (maker-checker holds for the demo too),
// valid from the start of this year; the spring promotion for the coming spring. Demo users
// anna (maker) and maria (checker) join the catalogue-editors group, which may open the console.
#pragma once

#include <string>

#include "dpc/catalogue/catalogue_service.h"
#include "dpc/identity/identity_service.h"

namespace dpc::app {

// Never fatal: problems are logged. Does nothing when a product exists already.
void load_catalogue_demo(catalogue::CatalogueService& catalogue, identity::IdentityService& identity,
                         const std::string& samples_dir);

}  // namespace dpc::app
