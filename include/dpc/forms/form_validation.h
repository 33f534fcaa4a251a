// Server-side validation of a form submission against the form it came from (a deployed
// form-js schema, or the schema generated from camunda:formData). Pure functions over JSON
// values; thread-safe.
//
// Rules (the contract's "rule" names): required, min, max, minLength, maxLength, pattern,
// email, phone, pesel, iban, phonePL (identity_checks.h), option (a value not among the
// field's static options), type (a number field
// given text, a checkbox given a non-boolean, a date that is not YYYY-MM-DD, ...).
// A field hidden by its conditional.hide FEEL expression (evaluated against the current
// variables overlaid with the submitted ones) is not checked and not stored; a readonly or
// disabled field is not taken from the submission either.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dpc/forms/form_schema.h"

namespace dpc::forms {

struct FieldError {
  std::string field;
  std::string rule;
  std::string message;
  nlohmann::json params = nlohmann::json::object();
};

struct ValidationOutcome {
  std::vector<FieldError> errors;
  // Submitted names that must not be stored (hidden, readonly or disabled fields).
  std::set<std::string> dropped;
  bool ok() const { return errors.empty(); }
};

// `submitted` and `current` are JSON objects of plain values (name -> value), not Camunda's
// typed variable format. A required field missing from the submission is satisfied by a
// current value (a task form need not resend what the process already holds); every other
// rule checks submitted values only.
ValidationOutcome validate_submission(const FormSchema& form, const nlohmann::json& submitted,
                                      const nlohmann::json& current);

// The contract's 400 body: {"type":"FormValidationException","message":"N fields are
// invalid","code":0,"fieldErrors":[...]}.
nlohmann::json validation_exception(const std::vector<FieldError>& errors);

// The whole of `text` as a number ("12.5", "1e3"), else nothing (form-js may send numbers as
// text; public pages read them from query strings).
std::optional<double> parse_number(const std::string& text);

}  // namespace dpc::forms
