// camunda:formData -> form-js schema (see generated_form.h).
#include "dpc/forms/generated_form.h"

#include <cstdlib>

namespace dpc::forms {

using nlohmann::json;

namespace {

json number_or_text(const std::string& s) {
  char* end = nullptr;
  long long i = std::strtoll(s.c_str(), &end, 10);
  if (!s.empty() && end && *end == '\0') return i;
  double d = std::strtod(s.c_str(), &end);
  if (!s.empty() && end && *end == '\0') return d;
  return s;
}

json component(const bpmn::FormField& f) {
  json c = {{"id", "Field_" + f.id}, {"key", f.id}, {"label", f.label.empty() ? f.id : f.label}};
  json validate = json::object();
  if (f.type == "long") {
    c["type"] = "number";
    c["decimalDigits"] = 0;
  } else if (f.type == "boolean") {
    c["type"] = "checkbox";
  } else if (f.type == "date") {
    c["type"] = "datetime";
    c["subtype"] = "date";
    c["dateLabel"] = c["label"];
  } else if (f.type == "enum") {
    c["type"] = "select";
    json values = json::array();
    for (const auto& v : f.values) values.push_back({{"label", v.name.empty() ? v.id : v.name}, {"value", v.id}});
    c["values"] = values;
  } else {
    c["type"] = "textfield";
  }
  for (const auto& k : f.constraints) {
    if (k.name == "required") validate["required"] = true;
    else if (k.name == "readonly") c["readonly"] = true;
    else if (k.name == "minlength") validate["minLength"] = number_or_text(k.config);
    else if (k.name == "maxlength") validate["maxLength"] = number_or_text(k.config);
    else if (k.name == "min") validate["min"] = number_or_text(k.config);
    else if (k.name == "max") validate["max"] = number_or_text(k.config);
  }
  if (!validate.empty()) c["validate"] = validate;
  const std::string& d = f.default_value;
  if (!d.empty() && d.find("${") == std::string::npos && d.find("#{") == std::string::npos) {
    if (f.type == "long") c["defaultValue"] = number_or_text(d);
    else if (f.type == "boolean") c["defaultValue"] = d == "true";
    else c["defaultValue"] = d;
  }
  return c;
}

}  // namespace

json generated_schema(const bpmn::FormData& data, const std::string& form_id) {
  json components = json::array();
  for (const auto& f : data.fields) components.push_back(component(f));
  return {{"id", form_id}, {"type", "default"}, {"schemaVersion", 16},
          {"exporter", {{"name", "dpc"}, {"version", "1"}}}, {"components", components}};
}

}  // namespace dpc::forms
