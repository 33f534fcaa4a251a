// Escalation throw and end events. The escalation code travels up the enclosing scopes to the
// first event subprocess or boundary event that catches it (find_catch, error_events.cpp).
// An interrupting catch cancels the scope it belongs to, the throwing token with it; a
// non-interrupting one starts beside it and the throwing token goes on. An escalation no
// scope catches goes to the calling instance, if any (call_activity_events.cpp); else it
// has no effect (Camunda 7) and the token goes on.
#include "instance_run.h"

namespace dpc::engine {

namespace {

// The throwing token goes on: a throw event completes, an end event ends its token.
Status go_on(InstanceRun& run, const std::string& execution_id, const bpmn::Element& event) {
  if (event.kind == bpmn::ElementKind::kEndEvent) {
    run.leave(execution_id, {});
    return {};
  }
  return run.complete_element(execution_id);
}

}  // namespace

Status InstanceRun::throw_escalation(const std::string& execution_id, const bpmn::Element& event) {
  const std::string& code = event.event.escalation_code;
  auto c = find_catch(execution_id, bpmn::EventKind::kEscalation, code, false);
  if (!c) {
    if (!instance_.super_execution_id.empty()) return propagate_to_caller(execution_id, false, code, "");
    return go_on(*this, execution_id, event);
  }
  if (c->event->cancel_activity) {
    // The throw event itself completes (it threw); the catch then cancels its token.
    end_activity(execution(execution_id), false);
    modify_execution(execution_id).activity_instance_id.clear();
    return deliver_catch(*c, code, "", {});
  }
  if (auto st = deliver_catch(*c, code, "", {}); !st) return st;
  return go_on(*this, execution_id, event);
}

}  // namespace dpc::engine
