// A form-js schema (Camunda Forms, the JSON of a .form file) read into the fields a
// submission is checked against. Read once (at deploy time to reject a broken form, and per
// submission), then immutable; a FormSchema may be shared between threads.
//
// What counts as a field: every component with a "key" (textfield, textarea, number,
// checkbox, radio, select, checklist, taglist, datetime, and custom ones), also inside groups.
// Layout components (text, html, image, spacer, separator, button, group itself) carry no
// value. Children of a dynamiclist are not checked (their values are lists of objects).
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dpc/core/result.h"
#include "dpc/feel/feel.h"

namespace dpc::forms {

struct SchemaField {
  std::string key;    // the variable the field reads and writes
  std::string type;   // the form-js component type
  std::string label;
  std::string subtype;          // datetime: date | time | datetime
  bool required = false;
  std::optional<double> min, max;                     // number fields
  std::optional<long long> min_length, max_length;    // text
  std::string pattern;                                // validate.pattern as written
  std::shared_ptr<const std::regex> pattern_regex;
  std::string validation_type;                        // email | phone | ""
  std::string identity_check;  // properties.validationType: pesel | iban | phonePL | email
  std::optional<int> decimal_digits;                  // number fields
  // The allowed values of radio/select/checklist/taglist given statically ("values");
  // nullopt when the options come from a variable or expression (not checked then).
  std::optional<std::vector<nlohmann::json>> options;
  // conditional.hide of the field and of every enclosing group (any true hides the field).
  std::vector<std::shared_ptr<const feel::Expression>> hide;
  bool readonly = false;   // "readonly": true (or disabled)
  std::shared_ptr<const feel::Expression> readonly_when;  // "readonly": "=<FEEL>"
};

struct FormSchema {
  std::string id;  // the form's "id" (what camunda:formRef names)
  std::vector<SchemaField> fields;
};

// Reads a schema. kInvalidArgument naming the component when the JSON is not a form-js
// schema: not an object, no string "id", "components" not a list, a component without a
// type, a bad regular expression, FEEL that does not compile, min/max not numbers.
Result<FormSchema> read_form_schema(const nlohmann::json& schema);
// The same from the bytes of a .form resource (JSON syntax errors included).
Result<FormSchema> read_form_schema(const std::string& bytes);

}  // namespace dpc::forms
