// Internal: reads Camunda extension attributes and <extensionElements> content that many
// element kinds share (async, input/output, listeners, fields, properties, in/out mappings).
#pragma once

#include <string_view>
#include <vector>

#include "dpc/bpmn/activity_config.h"
#include "dpc/bpmn/camunda_extensions.h"
#include "parse_context.h"

namespace dpc::bpmn::detail {

class ExtensionReader {
 public:
  explicit ExtensionReader(ParseContext& ctx) : ctx_(ctx), xml_(ctx.xml()) {}

  AsyncConfig async(pugi::xml_node node, std::string_view id);
  // extensionElements/camunda:inputOutput of `node`.
  InputOutput input_output(pugi::xml_node node, std::string_view id);
  // A camunda:inputOutput element itself (also used inside camunda:connector).
  InputOutput io_block(pugi::xml_node io, std::string_view id);
  std::vector<Listener> execution_listeners(pugi::xml_node node, std::string_view id);
  std::vector<Listener> task_listeners(pugi::xml_node node, std::string_view id);
  // camunda:field children of `parent` (a listener) or of parent's extensionElements.
  std::vector<FieldInjection> fields(pugi::xml_node parent, std::string_view id);
  std::vector<Property> properties(pugi::xml_node node);
  // camunda:in or camunda:out of a call activity.
  std::vector<VariableMapping> mappings(pugi::xml_node node, std::string_view which, std::string_view id);
  Script script(pugi::xml_node script_node);

 private:
  ParameterValue parameter_value(pugi::xml_node node, std::string_view id);
  ParameterValue parameter_value_item(pugi::xml_node item, std::string_view id);
  Listener listener(pugi::xml_node node, std::string_view id, bool task);

  ParseContext& ctx_;
  const XmlReader& xml_;
};

}  // namespace dpc::bpmn::detail
