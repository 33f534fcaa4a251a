// Internal: reads the forms of user tasks and start events: camunda:formData (generated
// forms: formField, validation constraints, enum values) and, for start events, the form
// key and formRef attributes. The one place where BPMN forms are parsed.
#pragma once

#include <optional>
#include <string_view>

#include "dpc/bpmn/form_config.h"
#include "parse_context.h"

namespace dpc::bpmn::detail {

// extensionElements/camunda:formData of `node`; nullopt when there is none. Problems (unknown
// type, missing id, a non-numeric length or bound, duplicate field ids) are recorded in ctx.
std::optional<FormData> read_form_data(ParseContext& ctx, pugi::xml_node node, std::string_view element_id);

// The form of a process-level start event; nullopt when it declares none.
std::optional<StartFormConfig> read_start_form(ParseContext& ctx, pugi::xml_node node,
                                               std::string_view element_id);

}  // namespace dpc::bpmn::detail
