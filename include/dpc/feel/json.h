// Conversion between FEEL values and JSON (nlohmann::json). Numbers keep their decimal
// text; temporal values become strings in FEEL's literal form. Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "dpc/feel/value.h"

namespace dpc::feel {

Value from_json(const nlohmann::json& j);
nlohmann::json to_json(const Value& v);

}  // namespace dpc::feel
