#include "dpc/bpmn/definition.h"

namespace dpc::bpmn {

const Element* ProcessDefinition::find(std::string_view element_id) const {
  auto it = element_index.find(std::string(element_id));
  return it == element_index.end() ? nullptr : &elements[it->second];
}

const SequenceFlow* ProcessDefinition::find_flow(std::string_view flow_id) const {
  auto it = flow_index.find(std::string(flow_id));
  return it == flow_index.end() ? nullptr : &flows[it->second];
}

std::shared_ptr<const ProcessDefinition> Definitions::find_process(std::string_view process_id) const {
  for (const auto& p : processes) {
    if (p->id == process_id) return p;
  }
  return nullptr;
}

}  // namespace dpc::bpmn
