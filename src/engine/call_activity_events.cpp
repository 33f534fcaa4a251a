// BPMN errors and escalations crossing call activities. A called instance that does not catch
// one itself (error_events.cpp, escalation_events.cpp) leaves the throwing token waiting and
// records a PropagatedEvent; CallActivityStore then offers it to the calling instance: the
// call activity's own boundary events first, then the caller's enclosing scopes (event
// subprocesses, boundary events), then the caller's caller. An interrupting catch cancels the
// call activity and with it the called instance; otherwise the throwing token resumes: an
// uncaught error ends it like a none end event, an escalation goes on, an external task's
// uncaught error becomes an incident.
#include "instance_run.h"

namespace dpc::engine {

using State = ExecutionRecord::State;

Status InstanceRun::propagate_to_caller(const std::string& execution_id, bool error,
                                        const std::string& code, const std::string& message) {
  PropagatedEvent p;
  p.process_instance_id = instance_.id;
  p.execution_id = execution_id;
  p.super_process_instance_id = instance_.super_process_instance_id;
  p.super_execution_id = instance_.super_execution_id;
  p.error = error;
  p.code = code;
  p.message = message;
  propagated_.push_back(std::move(p));
  const bpmn::Element* el = model().find(execution(execution_id).activity_id);
  if (el && bpmn::is_event(el->kind)) {
    // The throw or end event has thrown: it completes now, whatever the caller does.
    end_activity(execution(execution_id), false);
    modify_execution(execution_id).activity_instance_id.clear();
  }
  wait(execution_id);  // resumed by resume_propagated unless the caller interrupts the call
  return {};
}

Result<InstanceRun::CallerCatch> InstanceRun::called_instance_threw(
    const std::string& call_execution_id, const PropagatedEvent& p) {
  const ExecutionRecord* e = executions_.find(call_execution_id);
  if (!e || e->state != State::kWaiting) return CallerCatch::kUncaught;  // the call is over
  auto kind = p.error ? bpmn::EventKind::kError : bpmn::EventKind::kEscalation;
  auto c = find_catch(call_execution_id, kind, p.code, true);
  if (!c) return CallerCatch::kUncaught;
  const bool interrupting = c->event->cancel_activity;
  if (auto st = deliver_catch(*c, p.code, p.message, {}); !st) return st.error();
  if (auto st = run(); !st) return st.error();
  return interrupting ? CallerCatch::kInterrupted : CallerCatch::kContinued;
}

Status InstanceRun::resume_propagated(const PropagatedEvent& p) {
  const ExecutionRecord* e = executions_.find(p.execution_id);
  if (!e || e->state != State::kWaiting) return {};
  const bpmn::Element* el = model().find(e->activity_id);
  if (!el) return {};
  if (el->kind == bpmn::ElementKind::kEndEvent) {
    leave(p.execution_id, {});
  } else if (el->kind == bpmn::ElementKind::kIntermediateThrowEvent) {
    modify_execution(p.execution_id).state = State::kActive;
    if (auto st = complete_element(p.execution_id); !st) return st;
  } else {
    // An external task's BPMN error: it waits with an incident, as without a caller.
    const ExternalTaskRecord* t = nullptr;
    external_tasks_.for_each([&](const ExternalTaskRecord& x) {
      if (x.execution_id == p.execution_id) t = &x;
    });
    if (!t) return {};
    return unhandled_bpmn_error(t->id, p.code, p.message);
  }
  return run();
}

}  // namespace dpc::engine
