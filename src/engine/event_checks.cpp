// Deploy-time rules for the events whose meaning depends on other elements: compensation
// (boundary event → handler association, throw/end events, activityRef), transactions
// (cancel end and cancel boundary events), link events (a throw needs exactly one catch of
// its name in its scope), event-based gateways (the events after them that dpc runs) and
// conditional events (camunda:variableEvents names only create, update, delete).
// Part of check_executable (executable_check.cpp).
#include "event_checks.h"

namespace dpc::engine {

namespace {

using bpmn::Element;
using bpmn::ElementKind;
using bpmn::EventKind;

const Element* cancel_boundary_of(const bpmn::ProcessDefinition& p, const Element& host) {
  for (bpmn::ElementIndex b : host.boundary_events) {
    if (p.elements[b].event.kind == EventKind::kCancel) return &p.elements[b];
  }
  return nullptr;
}

bool is_compensation_event_subprocess(const bpmn::ProcessDefinition& p, const Element& esp) {
  if (!esp.triggered_by_event) return false;
  for (bpmn::ElementIndex c : esp.children) {
    if (p.elements[c].kind == ElementKind::kStartEvent && p.elements[c].event.kind == EventKind::kCompensate) return true;
  }
  return false;
}

std::string check_compensation_boundary(const bpmn::ProcessDefinition& p, const Element& e) {
  if (e.compensation_handler == bpmn::kNone) {
    return "compensation boundary event '" + e.id +
           "' has no association to a compensation handler (an activity with isForCompensation=\"true\")";
  }
  const Element& h = p.elements[e.compensation_handler];
  if (!h.is_for_compensation) {
    return "activity '" + h.id + "' is associated with compensation boundary event '" + e.id +
           "' but is not marked isForCompensation=\"true\"";
  }
  if (!h.outgoing.empty() || !h.incoming.empty()) {
    return "compensation handler '" + h.id + "' must not have incoming or outgoing sequence flows";
  }
  if (!e.outgoing.empty()) return "compensation boundary event '" + e.id + "' must not have outgoing sequence flows";
  if (e.attached_to != bpmn::kNone && h.parent != p.elements[e.attached_to].parent) {
    return "compensation handler '" + h.id + "' must be in the same scope as the activity '" +
           p.elements[e.attached_to].id + "' it compensates";
  }
  return "";
}

std::string check_compensation_throw(const bpmn::ProcessDefinition& p, const Element& e) {
  if (!e.event.wait_for_completion) {
    return "compensation event '" + e.id + "' with waitForCompletion=\"false\" cannot be executed by this version of dpc yet";
  }
  if (e.event.activity_ref.empty()) return "";
  const Element* ref = p.find(e.event.activity_ref);
  // Inside a compensation event subprocess, the activities of its subprocess are in scope.
  bpmn::ElementIndex scope = e.parent;
  if (scope != bpmn::kNone && is_compensation_event_subprocess(p, p.elements[scope]) && ref &&
      ref->parent == p.elements[scope].parent) {
    scope = ref->parent;
  }
  if (!ref || !bpmn::is_activity(ref->kind) || ref->parent != scope) {
    return "compensation event '" + e.id + "' names activityRef '" + e.event.activity_ref +
           "', which is no activity in its scope";
  }
  return "";
}

// The event subprocess whose start event is a compensation start event (compensation.cpp)
// lives in an embedded subprocess and replaces the handlers of the activities inside it; a
// process-level one could never run, and a subprocess with its own compensation boundary
// event, or several of them, would leave it ambiguous which compensation runs.
std::string check_compensation_start(const bpmn::ProcessDefinition& p, const Element& e) {
  const Element& esp = p.elements[e.parent];
  if (!esp.triggered_by_event) return "compensation start event '" + e.id + "' must start an event subprocess";
  if (esp.parent == bpmn::kNone || p.elements[esp.parent].kind != ElementKind::kSubProcess ||
      p.elements[esp.parent].triggered_by_event) {
    return "compensation event subprocess '" + esp.id + "' must be inside an embedded subprocess";
  }
  const Element& host = p.elements[esp.parent];
  if (host.multi_instance) {
    return "compensation event subprocess '" + esp.id + "' in multi-instance subprocess '" + host.id +
           "' cannot be executed by this version of dpc yet";
  }
  for (bpmn::ElementIndex b : host.boundary_events) {
    if (p.elements[b].event.kind == EventKind::kCompensate) {
      return "subprocess '" + host.id + "' has both compensation boundary event '" + p.elements[b].id +
             "' and compensation event subprocess '" + esp.id + "'";
    }
  }
  for (bpmn::ElementIndex c : host.children) {
    const Element& other = p.elements[c];
    if (c == esp.index || !other.triggered_by_event) continue;
    for (bpmn::ElementIndex s : other.children) {
      if (p.elements[s].kind == ElementKind::kStartEvent && p.elements[s].event.kind == EventKind::kCompensate) {
        return "subprocess '" + host.id + "' has more than one compensation event subprocess";
      }
    }
  }
  return "";
}

std::string check_link_throw(const bpmn::ProcessDefinition& p, const Element& e) {
  int catches = 0;
  for (const Element& c : p.elements) {
    if (c.kind == ElementKind::kIntermediateCatchEvent && c.event.kind == EventKind::kLink &&
        c.parent == e.parent && c.event.link_name == e.event.link_name)
      ++catches;
  }
  if (catches == 1) return "";
  return "link throw event '" + e.id + "' names link '" + e.event.link_name + "', which " +
         (catches == 0 ? "no link catch event of its scope catches" : "several link catch events of its scope catch");
}

// Why `e` cannot run in `p`, or "".
std::string why(const bpmn::ProcessDefinition& p, const Element& e) {
  const EventKind k = e.event.kind;
  if (k == EventKind::kConditional) {
    for (const auto& ev : e.event.variable_events) {
      if (ev != "create" && ev != "update" && ev != "delete") {
        return "conditional event '" + e.id + "': camunda:variableEvents holds '" + ev +
               "'; the variable events are create, update and delete";
      }
    }
  }
  switch (e.kind) {
    case ElementKind::kStartEvent:
      if (k == EventKind::kCompensate && e.parent != bpmn::kNone) return check_compensation_start(p, e);
      return "";
    case ElementKind::kBoundaryEvent:
      if (k == EventKind::kCompensate) return check_compensation_boundary(p, e);
      if (k == EventKind::kCancel && (e.attached_to == bpmn::kNone || p.elements[e.attached_to].kind != ElementKind::kTransaction)) {
        return "cancel boundary event '" + e.id + "' must be attached to a transaction";
      }
      return "";
    case ElementKind::kIntermediateThrowEvent:
      if (k == EventKind::kCompensate) return check_compensation_throw(p, e);
      if (k == EventKind::kLink) return check_link_throw(p, e);
      return "";
    case ElementKind::kEndEvent:
      if (k == EventKind::kCompensate) return check_compensation_throw(p, e);
      if (k == EventKind::kCancel) {
        if (e.parent == bpmn::kNone || p.elements[e.parent].kind != ElementKind::kTransaction) {
          return "cancel end event '" + e.id + "' must be directly inside a transaction";
        }
        if (!cancel_boundary_of(p, p.elements[e.parent])) {
          return "transaction '" + p.elements[e.parent].id + "' of cancel end event '" + e.id +
                 "' has no cancel boundary event";
        }
      }
      return "";
    case ElementKind::kEventBasedGateway:
      for (bpmn::FlowIndex fi : e.outgoing) {
        const Element& t = p.elements[p.flows[fi].target];
        if (t.kind == ElementKind::kIntermediateCatchEvent && t.event.kind != EventKind::kMessage &&
            t.event.kind != EventKind::kSignal && t.event.kind != EventKind::kTimer &&
            t.event.kind != EventKind::kConditional) {
          return "event-based gateway '" + e.id + "' leads to '" + t.id + "', a " +
                 std::string(bpmn::to_string(t.event.kind)) +
                 " catch event, which cannot follow an event-based gateway in this version of dpc yet";
        }
        if (t.async.before) {
          return "'" + t.id + "' follows event-based gateway '" + e.id +
                 "': camunda:asyncBefore on it cannot be executed by this version of dpc yet";
        }
      }
      return "";
    default: return "";
  }
}

}  // namespace

void check_events(const bpmn::ProcessDefinition& process, bpmn::ProblemReport& report) {
  for (const Element& e : process.elements) {
    std::string message = why(process, e);
    if (message.empty()) continue;
    report.errors.push_back(bpmn::element_problem(e.id, e.position.line, e.position.column, std::move(message)));
  }
}

}  // namespace dpc::engine
