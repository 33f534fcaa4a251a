// Generated forms: a camunda:formData block turned into a form-js schema, so the browser
// renders every form with form-js and the server validates every submission the same way.
// Pure functions; thread-safe.
//
// Mapping: string -> textfield (minlength/maxlength -> minLength/maxLength), long -> number
// with no decimal digits (min/max), boolean -> checkbox, date -> datetime with subtype date,
// enum -> select whose values are the camunda:values; required -> validate.required,
// readonly -> readonly; label and defaultValue are carried (a ${...} default is left out).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "dpc/bpmn/form_config.h"

namespace dpc::forms {

// `form_id` becomes the schema's "id" (e.g. "generated:review_application").
nlohmann::json generated_schema(const bpmn::FormData& data, const std::string& form_id);

}  // namespace dpc::forms
