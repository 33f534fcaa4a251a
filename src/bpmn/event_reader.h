// Internal: reads the event definition of a start, end, intermediate or boundary event,
// resolves the referenced message/signal/error/escalation, and checks that the event kind is
// allowed in that position (the Camunda 7 coverage table).
#pragma once

#include "dpc/bpmn/definition.h"
#include "parse_context.h"

namespace dpc::bpmn::detail {

class EventReader {
 public:
  explicit EventReader(ParseContext& ctx) : ctx_(ctx), xml_(ctx.xml()) {}

  // `in_event_subprocess` / `in_subprocess`: where a start event sits.
  EventDefinition read(pugi::xml_node node, const Element& element, bool in_event_subprocess, bool in_subprocess);

 private:
  void read_definition(pugi::xml_node def, const Element& element, EventDefinition& out);
  bool allowed(const Element& element, EventKind kind, bool in_event_subprocess, bool in_subprocess) const;

  ParseContext& ctx_;
  const XmlReader& xml_;
};

}  // namespace dpc::bpmn::detail
