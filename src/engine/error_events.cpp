// Error end events: the error travels up the enclosing scopes to the first error boundary
// event that catches its code (see InstanceRun::throw_error).
#include "instance_run.h"

namespace dpc::engine {

namespace {

// The error boundary event of `host` catching `code`: an exact match wins over a catch-all.
const bpmn::Element* catching_boundary(const InstanceRun& run, const bpmn::Element& host,
                                       const std::string& code) {
  const bpmn::Element* any = nullptr;
  for (bpmn::ElementIndex b : host.boundary_events) {
    const bpmn::Element& el = run.model().elements[b];
    if (el.event.kind != bpmn::EventKind::kError) continue;
    if (el.event.error_code == code) return &el;
    if (el.event.error_code.empty() && !any) any = &el;
  }
  return any;
}

}  // namespace

Status InstanceRun::throw_error(const std::string& execution_id, const bpmn::Element& end_event) {
  const std::string& code = end_event.event.error_code;
  // Walk up the scope executions: each enclosing subprocess is a scope whose activity is the
  // subprocess element.
  std::string scope = execution(execution_id).parent_id;
  while (!scope.empty() && scope != instance_.id) {
    const ExecutionRecord* s = executions_.find(scope);
    if (!s) break;
    const bpmn::Element* host = model().find(s->activity_id);
    if (host) {
      if (const bpmn::Element* boundary = catching_boundary(*this, *host, code)) {
        if (!boundary->event.error_code_variable.empty()) {
          set_variable(scope, boundary->event.error_code_variable, TypedValue::string(code));
        }
        if (!boundary->event.error_message_variable.empty()) {
          set_variable(scope, boundary->event.error_message_variable,
                       TypedValue::string(end_event.event.error_message));
        }
        // The end event itself completes (it threw); then the scope is interrupted.
        end_activity(execution(execution_id), false);
        modify_execution(execution_id).activity_instance_id.clear();
        return deliver_event(scope, *boundary, {});
      }
    }
    scope = s->parent_id;
  }
  leave(execution_id, {});  // uncaught: ends like a none end event
  return {};
}

}  // namespace dpc::engine
