// EL 2.2 type coercions (spec section 1.23), as JUEL applies them to operands.
// Pure functions, thread-safe. Failures are values with Camunda/JUEL-like messages.
#pragma once

#include <string>

#include "dpc/core/result.h"
#include "dpc/juel/value.h"

namespace dpc::juel {

// null/"" → false; Boolean → itself; String → "true" (any case) is true, else false;
// anything else → error "Cannot coerce from <type> to Boolean".
Result<bool> coerce_to_boolean(const Value& v);

// null/"" → 0 (Long); Long/Double → itself; String → Long or Double by its spelling;
// anything else (incl. Boolean) → error.
Result<Value> coerce_to_number(const Value& v);

// String.valueOf (null → "").
std::string coerce_to_string(const Value& v);

// EL `==` with coercions: null only equals null; numbers compare numerically (Double if either
// is Double); Boolean vs anything coerces to Boolean; String vs anything coerces to String;
// otherwise structural equality.
Result<bool> el_equals(const Value& a, const Value& b);

// EL `<` family: returns <0, 0, >0. Numbers numerically, strings lexically, dates by time.
// Error when the operands cannot be compared. Callers handle null (comparison is false).
Result<int> el_compare(const Value& a, const Value& b);

}  // namespace dpc::juel
