// Internal: turns one executable <process> into a ProcessDefinition: flow elements of every
// scope, sequence flows, and the links between them (incoming/outgoing, default flows,
// boundary hosts). Graph-level rules are checked afterwards by validate_process().
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "activity_reader.h"
#include "dpc/bpmn/definition.h"
#include "event_reader.h"
#include "extension_reader.h"
#include "parse_context.h"

namespace dpc::bpmn::detail {

class ProcessBuilder {
 public:
  explicit ProcessBuilder(ParseContext& ctx)
      : ctx_(ctx), xml_(ctx.xml()), ext_(ctx), events_(ctx), activities_(ctx) {}

  std::shared_ptr<ProcessDefinition> build(pugi::xml_node process);

 private:
  struct PendingFlow {
    pugi::xml_node node;
    std::string source, target;
    ElementIndex scope;
  };
  struct PendingRef {
    ElementIndex element;
    std::string ref;
    pugi::xml_node node;
  };

  void read_process_attributes(pugi::xml_node node);
  void read_scope(pugi::xml_node scope, ElementIndex parent, bool event_subprocess);
  void read_element(pugi::xml_node node, ElementKind kind, ElementIndex parent, bool event_subprocess);
  void read_flow(pugi::xml_node node, ElementIndex parent);
  std::string generated_flow_id(pugi::xml_node node);
  void link();

  ParseContext& ctx_;
  const XmlReader& xml_;
  ExtensionReader ext_;
  EventReader events_;
  ActivityReader activities_;
  std::shared_ptr<ProcessDefinition> def_;
  std::vector<PendingFlow> flows_;
  std::vector<PendingRef> defaults_;
  std::vector<PendingRef> attachments_;
  std::vector<PendingFlow> associations_;  // compensation boundary event → handler
  std::unordered_set<std::string> taken_ids_;  // every id written in the process, and generated ones
};

}  // namespace dpc::bpmn::detail
