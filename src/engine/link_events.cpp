// Link events: an intermediate link throw event continues its token at the link catch event
// with the same name in the same scope (a "go to" within one process level). The catch event
// itself passes through (event_triggers.cpp).
#include "instance_run.h"

namespace dpc::engine {

Status InstanceRun::follow_link(const std::string& execution_id, const bpmn::Element& throw_event) {
  for (const bpmn::Element& e : model().elements) {
    if (e.kind != bpmn::ElementKind::kIntermediateCatchEvent || e.event.kind != bpmn::EventKind::kLink) continue;
    if (e.parent != throw_event.parent || e.event.link_name != throw_event.event.link_name) continue;
    end_activity(execution(execution_id), false);
    agenda_.push_back({execution_id, e.index, ""});
    return {};
  }
  return Error::invalid("link throw event '" + throw_event.id + "' names link '" + throw_event.event.link_name +
                        "', which no link catch event of its scope catches");
}

}  // namespace dpc::engine
