// Internal: reads the kind-specific settings of activities (user task, service-like tasks,
// script task, call activity, receive task) and multi-instance markers into an Element.
#pragma once

#include "dpc/bpmn/definition.h"
#include "extension_reader.h"
#include "parse_context.h"

namespace dpc::bpmn::detail {

class ActivityReader {
 public:
  explicit ActivityReader(ParseContext& ctx) : ctx_(ctx), xml_(ctx.xml()), ext_(ctx) {}

  // Fills the kind-specific part of `e` (already carrying id, kind and event definition).
  void read(pugi::xml_node node, Element& e);

  // Checks camunda:formRefBinding / formRefVersion of a user task or start event.
  void form_ref_checks(pugi::xml_node node, const std::string& binding, const std::string& version,
                       const std::string& id);

 private:
  UserTaskConfig user_task(pugi::xml_node node, const Element& e);
  // `required`: whether an implementation is mandatory (false for message throw events).
  ServiceConfig service(pugi::xml_node node, const Element& e, bool required);
  // Message intermediate throw and end events: a ServiceConfig when they name an
  // implementation (on the messageEventDefinition or the event itself).
  void message_throw(pugi::xml_node node, Element& e);
  bool has_implementation(pugi::xml_node node) const;
  ScriptConfig script(pugi::xml_node node, const Element& e);
  CallActivityConfig call_activity(pugi::xml_node node, const Element& e);
  void receive_task(pugi::xml_node node, Element& e);
  void multi_instance(pugi::xml_node node, Element& e);

  juel::Expression attr(pugi::xml_node node, const char* camunda_attr, const Element& e);

  ParseContext& ctx_;
  const XmlReader& xml_;
  ExtensionReader ext_;
};

}  // namespace dpc::bpmn::detail
