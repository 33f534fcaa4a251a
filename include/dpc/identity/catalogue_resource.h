// dpc's own authorization resource type for the product catalogue: "Catalogue", number 100
// (Camunda uses 0-21). READ to read the catalogue, CREATE to create items and upload assets,
// UPDATE to change, submit, reject, publish and retire them. Migration 0017 grants READ to
// everyone (global) and ALL to the group catalogue-editors.
// It lives beside model.h's Resource enum rather than in it because model.h is included by
// every HTTP handler (through message.h); folding it into the enum is a one-line change.
#pragma once

#include "dpc/identity/model.h"

namespace dpc::identity {

inline constexpr Resource kCatalogueResource = static_cast<Resource>(100);

}  // namespace dpc::identity
