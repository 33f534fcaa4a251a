// Forms of user tasks and start events: Camunda Forms references (camunda:formRef with its
// binding, camunda:formKey) and generated forms (camunda:formData / camunda:formField).
// Plain immutable data produced by the parser; the forms module turns a FormData into a
// form-js schema, and the HTTP layer resolves references against the repository.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dpc::bpmn {

// camunda:value of an enum form field.
struct FormFieldValue {
  std::string id;
  std::string name;
};

// camunda:constraint: required, readonly, minlength, maxlength, min, max (config holds the
// number for the last four; the parser checks it is one).
struct FormFieldConstraint {
  std::string name;
  std::string config;
};

// camunda:formField. `type` is one of string, long, boolean, date, enum (checked at parse).
struct FormField {
  std::string id;
  std::string label;
  std::string type;
  std::string default_value;  // text as written; may hold ${...} (carried, not evaluated)
  std::string date_pattern;   // date fields: camunda:datePattern, if given
  std::vector<FormFieldValue> values;
  std::vector<FormFieldConstraint> constraints;
};

struct FormData {
  std::string business_key;  // start forms: the field that becomes the business key
  std::vector<FormField> fields;
};

// The form of a process-level start event (user tasks carry theirs in UserTaskConfig, as
// compiled expressions, because the engine evaluates them per task).
struct StartFormConfig {
  std::string form_key;
  std::string form_ref;
  std::string form_ref_binding = "latest";  // latest | deployment | version
  std::string form_ref_version;
  std::optional<FormData> form_data;
};

}  // namespace dpc::bpmn
