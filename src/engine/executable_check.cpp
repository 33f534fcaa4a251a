#include "dpc/engine/executable_check.h"

#include <string>

#include "dpc/core/strings.h"
#include "dpc/core/time_format.h"
#include "dpc/engine/jobs.h"
#include "element_behavior.h"
#include "event_checks.h"
#include "script_check.h"

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
  return bpmn::element_problem(id, at.line, at.column, std::move(message));
}

// Why the engine cannot run `e`, or "" when it can.
std::string unsupported(const Element& e) {
  const std::string later = " cannot be executed by this version of dpc yet";
  // Event subprocesses (event_subprocess.cpp) start only at their start event, so what would
  // act on entering the subprocess element itself is refused rather than ignored.
  if (e.kind == ElementKind::kSubProcess && e.triggered_by_event) {
    if (e.multi_instance) return "multi-instance event subprocess '" + e.id + "'" + later;
    if (e.async.before) return "camunda:asyncBefore on event subprocess '" + e.id + "'" + later;
  }
  if (!behavior_for(e.kind).on_activate) return describe(e) + later;
  if (e.call_activity && !e.call_activity->case_ref.empty()) return "CMMN case call of " + describe(e) + later;
  const bool subprocess_start = e.kind == ElementKind::kStartEvent && e.parent != bpmn::kNone;
  if (subprocess_start && e.event.kind != EventKind::kNone) {
    // The start event of an event subprocess (event_subprocess.cpp; conditional ones:
    // conditional_events.cpp; compensation ones: compensation.cpp, their placement:
    // event_checks.cpp).
    if (e.event.kind != EventKind::kMessage && e.event.kind != EventKind::kSignal &&
        e.event.kind != EventKind::kTimer && e.event.kind != EventKind::kError &&
        e.event.kind != EventKind::kEscalation && e.event.kind != EventKind::kConditional &&
        e.event.kind != EventKind::kCompensate) {
      return describe(e) + " with a " + event_kind(e) + " definition in an event subprocess" + later;
    }
    if (e.event.kind == EventKind::kError && !e.cancel_activity) {
      return "error start event '" + e.id + "' of an event subprocess must be interrupting (isInterrupting=\"false\" is not allowed)";
    }
    if (e.event.kind == EventKind::kTimer && e.event.timer && e.event.timer->value.is_literal()) {
      std::string text(trim(e.event.timer->value.source()));
      bool valid = e.event.timer->type == bpmn::TimerDefinition::Type::kCycle ? cycle_step(text, 0).ok()
                   : e.event.timer->type == bpmn::TimerDefinition::Type::kDate ? parse_date_time(text).has_value()
                                                                               : add_iso_duration(text, 0).has_value();
      if (!valid) return describe(e) + ": invalid timer definition '" + text + "'";
    }
    return "";
  }
  if (e.kind == ElementKind::kBoundaryEvent && e.event.kind == EventKind::kError && !e.cancel_activity) {
    return "error boundary event '" + e.id + "' must be interrupting (cancelActivity=\"false\" is not allowed)";
  }
  switch (e.kind) {
    case ElementKind::kStartEvent:
    case ElementKind::kIntermediateThrowEvent:
      // Message start events and signal start/throw events: event_triggers.cpp. Escalation
      // throw events: escalation_events.cpp; link and compensation throw events:
      // link_events.cpp, compensation.cpp (event_checks.cpp). Message throw events run
      // like service tasks (element_behaviors.cpp).
      if (e.event.kind != EventKind::kNone && e.event.kind != EventKind::kSignal &&
          !(e.kind == ElementKind::kIntermediateThrowEvent &&
            (e.event.kind == EventKind::kEscalation || e.event.kind == EventKind::kLink ||
             e.event.kind == EventKind::kCompensate || e.event.kind == EventKind::kMessage)) &&
          !(e.kind == ElementKind::kStartEvent && e.event.kind == EventKind::kMessage) &&
          !(e.kind == ElementKind::kStartEvent && e.event.kind == EventKind::kConditional) &&  // POST /condition
          !(e.kind == ElementKind::kStartEvent && e.event.kind == EventKind::kTimer)) {
        return describe(e) + " with a " + event_kind(e) + " definition" + later;
      }
      // Timer start events (timer_start.cpp) are scheduled at deployment: literal only.
      if (e.kind == ElementKind::kStartEvent && e.event.kind == EventKind::kTimer && e.event.timer) {
        if (!e.event.timer->value.is_literal()) return "timer start event '" + e.id + "' with an expression" + later;
        std::string text(trim(e.event.timer->value.source()));
        bool valid = e.event.timer->type == bpmn::TimerDefinition::Type::kCycle ? cycle_step(text, 0).ok()
                     : e.event.timer->type == bpmn::TimerDefinition::Type::kDate ? parse_date_time(text).has_value()
                                                                                 : add_iso_duration(text, 0).has_value();
        if (!valid) return describe(e) + ": invalid timer definition '" + text + "'";
      }
      break;
    case ElementKind::kIntermediateCatchEvent:
      if (e.event.kind != EventKind::kTimer && e.event.kind != EventKind::kMessage &&
          e.event.kind != EventKind::kSignal && e.event.kind != EventKind::kLink &&
          e.event.kind != EventKind::kConditional) {
        return describe(e) + " with a " + event_kind(e) + " definition" + later;
      }
      [[fallthrough]];
    case ElementKind::kBoundaryEvent:
      // timeCycle (ISO repeating interval or cron) runs (timer_cycle.cpp); a literal one
      // must parse.
      if (e.event.kind == EventKind::kTimer && e.event.timer &&
          e.event.timer->type == bpmn::TimerDefinition::Type::kCycle &&
          e.event.timer->value.is_literal()) {
        if (auto step = cycle_step(e.event.timer->value.source(), 0); !step) {
          return describe(e) + ": invalid timeCycle: " + step.error().message;
        }
      }
      break;
    case ElementKind::kEndEvent:
      // Message end events: a service task, then a none end event (element_behaviors.cpp).
      if (e.event.kind != EventKind::kNone && e.event.kind != EventKind::kTerminate &&
          e.event.kind != EventKind::kMessage &&
          e.event.kind != EventKind::kSignal && e.event.kind != EventKind::kError &&
          e.event.kind != EventKind::kEscalation && e.event.kind != EventKind::kCompensate &&
          e.event.kind != EventKind::kCancel) {
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
      e.event.kind != EventKind::kTimer && e.event.kind != EventKind::kMessage &&
      e.event.kind != EventKind::kSignal && e.event.kind != EventKind::kEscalation &&
      e.event.kind != EventKind::kCompensate && e.event.kind != EventKind::kCancel &&
      e.event.kind != EventKind::kConditional) {
    out.push_back(describe(e) + " with a " + event_kind(e) + " definition never fires in this version of dpc");
  }
  // Scripts and listeners: script_check.cpp.
  // Async continuations (asyncBefore/asyncAfter/async, exclusive, jobPriority,
  // failedJobRetryTimeCycle) run as jobs (async_continuation.cpp).
  return out;
}

}  // namespace

bpmn::ProblemReport check_executable(const bpmn::ProcessDefinition& process) {
  bpmn::ProblemReport report;
  for (const Element& e : process.elements) {
    if (std::string why = unsupported(e); !why.empty()) report.errors.push_back(problem(e.id, e.position, why));
    for (auto& w : ignored(e)) report.warnings.push_back(problem(e.id, e.position, std::move(w)));
  }
  check_scripts(process, report);  // scripts and listeners (script_check.cpp)
  check_events(process, report);   // compensation, transactions, links, event-based gateways
  return report;
}

}  // namespace dpc::engine
