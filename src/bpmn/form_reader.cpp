#include "form_reader.h"

#include <cstdlib>
#include <set>
#include <span>

namespace dpc::bpmn::detail {

namespace {

constexpr std::string_view kTypes[] = {"string", "long", "boolean", "date", "enum"};
constexpr std::string_view kConstraints[] = {"required", "readonly", "minlength", "maxlength", "min", "max"};

bool one_of(std::string_view v, std::span<const std::string_view> list) {
  for (auto x : list) {
    if (x == v) return true;
  }
  return false;
}

bool is_number(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end && *end == '\0';
}

FormField read_field(ParseContext& ctx, pugi::xml_node f, std::string_view element_id) {
  const XmlReader& xml = ctx.xml();
  FormField field;
  field.id = f.attribute("id").value();
  field.label = f.attribute("label").value();
  field.type = f.attribute("type").value();
  field.default_value = f.attribute("defaultValue").value();
  field.date_pattern = f.attribute("datePattern").value();
  if (field.id.empty()) ctx.error("A camunda:formField of '" + std::string(element_id) + "' has no id", f, element_id);
  if (field.type.empty()) field.type = "string";
  if (!one_of(field.type, kTypes)) {
    ctx.error("camunda:formField '" + field.id + "' of '" + std::string(element_id) + "' has type '" +
                  field.type + "'; supported: string, long, boolean, date, enum",
              f, element_id);
  }
  for (pugi::xml_node v : xml.camunda_children(f, "value")) {
    field.values.push_back({v.attribute("id").value(), v.attribute("name").value()});
  }
  if (field.type == "enum" && field.values.empty()) {
    ctx.error("enum camunda:formField '" + field.id + "' of '" + std::string(element_id) + "' has no camunda:value", f, element_id);
  }
  for (pugi::xml_node validation : xml.camunda_children(f, "validation")) {
    for (pugi::xml_node c : xml.camunda_children(validation, "constraint")) {
      FormFieldConstraint constraint{c.attribute("name").value(), c.attribute("config").value()};
      if (!one_of(constraint.name, kConstraints)) {
        ctx.error("camunda:constraint '" + constraint.name + "' of form field '" + field.id +
                      "' is not supported (required, readonly, minlength, maxlength, min, max)",
                  c, element_id);
      } else if (constraint.name != "required" && constraint.name != "readonly" &&
                 !is_number(constraint.config)) {
        ctx.error("camunda:constraint '" + constraint.name + "' of form field '" + field.id +
                      "' needs a number in config, not '" + constraint.config + "'",
                  c, element_id);
      }
      field.constraints.push_back(std::move(constraint));
    }
  }
  return field;
}

}  // namespace

std::optional<FormData> read_form_data(ParseContext& ctx, pugi::xml_node node, std::string_view element_id) {
  auto blocks = ctx.xml().extensions(node, "formData");
  if (blocks.empty()) return std::nullopt;
  FormData data;
  std::set<std::string> ids;
  for (pugi::xml_node block : blocks) {
    if (data.business_key.empty()) data.business_key = block.attribute("businessKey").value();
    for (pugi::xml_node f : ctx.xml().camunda_children(block, "formField")) {
      FormField field = read_field(ctx, f, element_id);
      if (!field.id.empty() && !ids.insert(field.id).second) {
        ctx.error("camunda:formField id '" + field.id + "' is used twice in '" + std::string(element_id) + "'", f, element_id);
      }
      data.fields.push_back(std::move(field));
    }
  }
  return data;
}

std::optional<StartFormConfig> read_start_form(ParseContext& ctx, pugi::xml_node node,
                                               std::string_view element_id) {
  const XmlReader& xml = ctx.xml();
  StartFormConfig form;
  form.form_key = xml.camunda(node, "formKey");
  form.form_ref = xml.camunda(node, "formRef");
  form.form_ref_binding = xml.camunda(node, "formRefBinding", "latest");
  form.form_ref_version = xml.camunda(node, "formRefVersion");
  form.form_data = read_form_data(ctx, node, element_id);
  if (form.form_key.empty() && form.form_ref.empty() && !form.form_data) return std::nullopt;
  return form;
}

}  // namespace dpc::bpmn::detail
