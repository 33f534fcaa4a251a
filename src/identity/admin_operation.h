// The user operation log descriptions of identity changes (dpc/core/user_operation.h):
// Camunda's category Admin, with the ids as properties. The identity store writes them in the
// change's transaction.
#pragma once

#include <string>
#include <vector>

#include "dpc/core/user_operation.h"

namespace dpc::identity {

inline UserOperation admin_operation(const char* type, const char* entity_type,
                                     std::vector<PropertyChange> changes) {
  UserOperation op;
  op.type = type;
  op.entity_type = entity_type;
  op.category = kCategoryAdmin;
  op.changes = std::move(changes);
  return op;
}

// One property with its new value (no original value).
inline PropertyChange set_to(const char* property, const std::string& value) {
  return {property, std::nullopt, value};
}

}  // namespace dpc::identity
