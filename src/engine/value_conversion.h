// Conversions between stored variable values (TypedValue) and expression values
// (juel::Value). Pure functions.
#pragma once

#include "dpc/core/result.h"
#include "dpc/core/typed_value.h"
#include "dpc/juel/value.h"

namespace dpc::engine {

// Json values become lists/maps so that `${order.amount}` works; Bytes, File, Object and
// Xml are seen as their serialized text.
juel::Value to_juel(const TypedValue& v);
// Lists and maps become Json; DateTime becomes Date; integers become Long unless they fit
// an Integer (Camunda's EL arithmetic yields Long; Integer keeps values that came in small).
TypedValue from_juel(const juel::Value& v);

// Evaluates a FEEL expression (Camunda 8's `=...` form, without the `=`) over the variables
// visible from an execution. Compiled once per distinct text and cached (thread-safe).
// Syntax errors are errors; FEEL evaluation problems give null, as FEEL specifies.
Result<juel::Value> evaluate_feel(const std::string& source, const VariableMap& variables);

}  // namespace dpc::engine
