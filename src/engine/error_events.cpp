// Error end events, and where errors and escalations are caught: the thrown code travels up
// the enclosing scopes to the first event subprocess or boundary event that catches it (see
// InstanceRun::find_catch). An error no scope catches goes to the calling instance, if any
// (call_activity_events.cpp); else the token just ends, as Camunda 7 does by default.
#include "instance_run.h"

namespace dpc::engine {

namespace {

using bpmn::Element;
using bpmn::EventKind;

const std::string& code_of(const Element& ev) {
  return ev.event.kind == EventKind::kError ? ev.event.error_code : ev.event.escalation_code;
}

// The first of `candidates` catching `code`: an exact code first, then a catch-all (no code),
// as Camunda orders the error/escalation event definitions of one scope.
const Element* pick(const std::vector<const Element*>& candidates, EventKind kind,
                    const std::string& code) {
  for (bool exact : {true, false}) {
    for (const Element* ev : candidates) {
      if (ev->event.kind != kind) continue;
      const std::string& c = code_of(*ev);
      if (exact ? (!c.empty() && c == code) : c.empty()) return ev;
    }
  }
  return nullptr;
}

}  // namespace

std::optional<InstanceRun::Catch> InstanceRun::find_catch(const std::string& from_execution,
                                                          EventKind kind, const std::string& code,
                                                          bool own_boundaries) const {
  const ExecutionRecord* cur = executions_.find(from_execution);
  if (!cur) return std::nullopt;
  // The boundary events of an activity belong to its multi-instance body, not to each inner
  // instance; the body is then one of the scopes walked below.
  auto boundaries_of = [&](const ExecutionRecord& e) {
    std::vector<const Element*> out;
    const Element* el = e.activity_id.empty() ? nullptr : model().find(e.activity_id);
    if (!el || is_multi_instance_inner(e, *el)) return out;
    for (bpmn::ElementIndex b : el->boundary_events) out.push_back(&element(b));
    return out;
  };
  if (own_boundaries) {
    if (const Element* ev = pick(boundaries_of(*cur), kind, code)) return Catch{cur->id, ev};
  }
  const ExecutionRecord* prev = cur;
  cur = cur->parent_id.empty() ? nullptr : executions_.find(cur->parent_id);
  while (cur) {
    std::vector<const Element*> candidates;
    for (const Element* start : event_subprocess_starts(*cur)) {
      // An event subprocess does not catch what is thrown inside itself.
      if (start->parent != bpmn::kNone && element(start->parent).id == prev->activity_id) continue;
      candidates.push_back(start);
    }
    for (const Element* b : boundaries_of(*cur)) candidates.push_back(b);
    // Exact codes of both kinds before catch-alls; at a tie the event subprocess (nearer).
    if (const Element* ev = pick(candidates, kind, code)) return Catch{cur->id, ev};
    prev = cur;
    cur = cur->parent_id.empty() ? nullptr : executions_.find(cur->parent_id);
  }
  return std::nullopt;
}

Status InstanceRun::deliver_catch(const Catch& c, const std::string& code,
                                  const std::string& message, const VariableMap& variables) {
  const Element& ev = *c.event;
  const bpmn::EventDefinition& d = ev.event;
  const std::string& code_variable =
      d.kind == EventKind::kError ? d.error_code_variable : d.escalation_code_variable;
  if (!code_variable.empty()) set_variable(c.execution_id, code_variable, TypedValue::string(code));
  if (d.kind == EventKind::kError && !d.error_message_variable.empty()) {
    set_variable(c.execution_id, d.error_message_variable, TypedValue::string(message));
  }
  if (ev.kind == bpmn::ElementKind::kStartEvent) {
    return trigger_event_subprocess(c.execution_id, ev, variables);  // event_subprocess.cpp
  }
  return deliver_event(c.execution_id, ev, variables);  // event_triggers.cpp
}

Status InstanceRun::throw_error(const std::string& execution_id, const Element& end_event) {
  const std::string& code = end_event.event.error_code;
  auto c = find_catch(execution_id, EventKind::kError, code, false);
  if (!c) {
    if (!instance_.super_execution_id.empty()) {
      return propagate_to_caller(execution_id, true, code, end_event.event.error_message);
    }
    leave(execution_id, {});  // uncaught: ends like a none end event
    return {};
  }
  // The end event itself completes (it threw); then the catching scope is interrupted, which
  // cancels the rest of the throwing token's scopes.
  end_activity(execution(execution_id), false);
  modify_execution(execution_id).activity_instance_id.clear();
  return deliver_catch(*c, code, end_event.event.error_message, {});
}

}  // namespace dpc::engine
