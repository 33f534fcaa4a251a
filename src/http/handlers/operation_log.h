// User operation log descriptions made by handlers that change a store directly (no engine
// command in between): see dpc/core/user_operation.h. The store adds the ids of the row it
// changes and writes the entry in its transaction.
#pragma once

#include <string>

#include "dpc/core/user_operation.h"

namespace dpc::http {

// SetJobRetries / SetExternalTaskRetries: property "retries" (its old value from the store).
inline UserOperation retries_operation(const char* type, const char* entity_type, long long retries) {
  UserOperation op;
  op.type = type;
  op.entity_type = entity_type;
  op.category = kCategoryOperator;
  op.changes = {{"retries", std::nullopt, std::to_string(retries)}};
  return op;
}

}  // namespace dpc::http
