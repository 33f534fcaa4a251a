#include "dpc/engine/executable_check.h"

#include <string>

#include "element_behavior.h"

namespace dpc::engine {

namespace {

using bpmn::Element;
using bpmn::ElementKind;
using bpmn::EventKind;

std::string describe(const Element& e) {
  return std::string(bpmn::to_string(e.kind)) + " '" + e.id + "'";
}

std::string event_kind(const Element& e) { return std::string(bpmn::to_string(e.event.kind)); }

bpmn::Problem problem(const std::string& id, const bpmn::Position& at, std::string message) {
  bpmn::Problem p;
  p.message = std::move(message);
  p.line = at.line;
  p.column = at.column;
  p.main_element_id = id;
  p.element_ids = {id};
  return p;
}

// Why the engine cannot run `e`, or "" when it can.
std::string unsupported(const Element& e) {
  const std::string later = " cannot be executed by this version of dpc yet";
  if (e.kind == ElementKind::kSubProcess && e.triggered_by_event) return "event subprocess '" + e.id + "'" + later;
  if (!behavior_for(e.kind).on_activate) return describe(e) + later;
  if (e.multi_instance) return "multi-instance on " + describe(e) + later;
  switch (e.kind) {
    case ElementKind::kStartEvent:
    case ElementKind::kIntermediateThrowEvent:
      if (e.event.kind != EventKind::kNone) return describe(e) + " with a " + event_kind(e) + " definition" + later;
      break;
    case ElementKind::kIntermediateCatchEvent:
      if (e.event.kind != EventKind::kTimer) return describe(e) + " with a " + event_kind(e) + " definition" + later;
      [[fallthrough]];
    case ElementKind::kBoundaryEvent:
      if (e.event.kind == EventKind::kTimer && e.event.timer &&
          e.event.timer->type == bpmn::TimerDefinition::Type::kCycle) {
        return describe(e) + " with a timeCycle" + later;
      }
      break;
    case ElementKind::kEndEvent:
      if (e.event.kind != EventKind::kNone && e.event.kind != EventKind::kTerminate) {
        return describe(e) + " with a " + event_kind(e) + " definition" + later;
      }
      break;
    default: break;
  }
  if (e.service && e.service->implementation == bpmn::ServiceConfig::Implementation::kConnector) {
    return "connector '" + e.service->connector_id + "' of " + describe(e) + later;
  }
  return "";
}

// What is accepted but has no effect yet.
std::vector<std::string> ignored(const Element& e) {
  std::vector<std::string> out;
  if (e.kind == ElementKind::kBoundaryEvent && e.event.kind != EventKind::kError &&
      e.event.kind != EventKind::kTimer) {
    out.push_back(describe(e) + " with a " + event_kind(e) + " definition never fires in this version of dpc");
  }
  if (!e.execution_listeners.empty()) out.push_back("execution listeners of " + describe(e) + " are ignored");
  if (e.user_task && !e.user_task->task_listeners.empty()) out.push_back("task listeners of " + describe(e) + " are ignored");
  if (e.async.before || e.async.after) {
    out.push_back("asynchronous continuation of " + describe(e) + " runs synchronously in this version of dpc");
  }
  return out;
}

}  // namespace

bpmn::ProblemReport check_executable(const bpmn::ProcessDefinition& process) {
  bpmn::ProblemReport report;
  for (const Element& e : process.elements) {
    if (std::string why = unsupported(e); !why.empty()) report.errors.push_back(problem(e.id, e.position, why));
    for (auto& w : ignored(e)) report.warnings.push_back(problem(e.id, e.position, std::move(w)));
  }
  for (const bpmn::SequenceFlow& f : process.flows) {
    if (f.condition && f.condition->type == bpmn::Condition::Type::kScript) {
      report.errors.push_back(problem(
          f.id, f.position, "script condition of sequence flow '" + f.id + "' cannot be executed by this version of dpc yet"));
    }
  }
  return report;
}

}  // namespace dpc::engine
