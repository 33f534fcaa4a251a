// Conversions between variable values (TypedValue) and FEEL values for decisions. Private
// to the engine. Pure functions.
#pragma once

#include <string>

#include "dpc/core/typed_value.h"
#include "dpc/feel/value.h"

namespace dpc::engine {

// Date becomes a UTC date and time; Json is parsed; Bytes/File/Object/Xml are their text.
feel::Value to_feel(const TypedValue& v);
// `type_ref` (integer, long, double, ...) types numbers; without it whole numbers are Long,
// others Double; lists and contexts become Json; dates Date.
TypedValue from_feel(const feel::Value& v, const std::string& type_ref);

}  // namespace dpc::engine
