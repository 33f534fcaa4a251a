// A product type's feature schema (a tree of groups and features, as data) and the checks
// of a product's feature values against it. Pure functions, thread-safe.
//
// Schema: {"groups": [{"key", "labels": {"pl","en"}, "features": [...], "groups": [...]}],
//          "features": [...]}
// Feature: {"key", "labels", "type", "required", "min", "max", "pattern", "currencies",
//           "dictionary", "multiple", "columns" (table: features of a row), "default"}
// Types: decimal, integer, text, localizedText, boolean, date, money ({"amount","currency"}),
// percentage, range ({"min","max"}), dictionary (a code; with "multiple" a list of codes),
// asset (a sha256), table (a list of rows).
// Values mirror the groups: {"interest": {"rate": 7.5}} for feature rate in group interest;
// errors name the path as "features.interest.rate" (rows: "features.fees.table[2].amount").
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>

#include "dpc/catalogue/model.h"
#include "dpc/core/result.h"

namespace dpc::catalogue {

// The codes of a dictionary's latest version, or nullopt when there is no such dictionary.
using DictionaryLookup = std::function<std::optional<std::set<std::string>>(const std::string& code)>;
// True when an asset with this sha256 is stored.
using AssetLookup = std::function<bool(const std::string& sha256)>;

// Checks a schema: keys (letters, digits, _; unique per level), known types, sane constraints,
// dictionaries that exist, defaults that pass their own feature. Errors name "schema.<path>".
Status check_schema(const Json& schema, const DictionaryLookup& dictionaries);

// Checks `values` against `schema` (required features, types, constraints, dictionary codes,
// assets) and returns the values with defaults filled in. Unknown keys are errors too.
Result<Json> check_features(const Json& schema, const Json& values, const DictionaryLookup& dictionaries,
                            const AssetLookup& assets);

}  // namespace dpc::catalogue
