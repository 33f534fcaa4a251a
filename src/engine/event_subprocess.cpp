// Event subprocesses (subProcess triggeredByEvent="true"), at process level and inside
// subprocesses. While its enclosing scope is active, the scope's execution listens for the
// start event: message and signal subscriptions (subscriptions_of, event_triggers.cpp) and
// timer jobs (armed here) name the scope execution and the start event; errors and
// escalations find it through find_catch (error_events.cpp); conditional starts are evaluated
// as the scope starts and after variable changes (conditional_events.cpp). They end with the
// scope.
//
// Triggered, the event subprocess runs as a child scope of that execution (an execution at
// the event subprocess, its token at the start event), so the activity instance tree shows
// it under its scope. An interrupting one first cancels everything else in the scope, and
// the scope then listens for none of its event subprocesses any more; the scope completes
// when the event subprocess does. A non-interrupting one runs beside the other tokens (a
// timeCycle starts one per firing).
#include <algorithm>

#include "instance_run.h"

namespace dpc::engine {

namespace {

using State = ExecutionRecord::State;
using bpmn::Element;

// The start event of an event subprocess (the validator ensures there is exactly one).
const Element* start_of(const bpmn::ProcessDefinition& m, const Element& esp) {
  for (bpmn::ElementIndex c : esp.children) {
    if (m.elements[c].kind == bpmn::ElementKind::kStartEvent) return &m.elements[c];
  }
  return nullptr;
}

bool is_event_subprocess_start(const bpmn::ProcessDefinition& m, const Element& ev) {
  return ev.kind == bpmn::ElementKind::kStartEvent && ev.parent != bpmn::kNone &&
         m.elements[ev.parent].triggered_by_event;
}

}  // namespace

bool InstanceRun::scope_interrupted(const ExecutionRecord& scope) const {
  for (const ExecutionRecord* c : children_of(scope.id)) {
    const Element* el = c->activity_id.empty() ? nullptr : model().find(c->activity_id);
    if (!el || !el->triggered_by_event || c->state != State::kScope) continue;
    const Element* start = start_of(model(), *el);
    if (start && start->cancel_activity) return true;
  }
  return false;
}

std::vector<const Element*> InstanceRun::event_subprocess_starts(const ExecutionRecord& scope) const {
  std::vector<const Element*> out;
  if (scope.state != State::kScope) return out;
  auto collect = [&](const Element& esp) {
    if (!esp.triggered_by_event) return;
    const Element* start = start_of(model(), esp);
    // A compensation event subprocess is never listened for: compensation of its completed
    // subprocess starts it (compensation.cpp).
    if (start && start->event.kind != bpmn::EventKind::kCompensate) out.push_back(start);
  };
  if (scope.parent_id.empty()) {  // the process instance: the process-level ones
    for (const Element& el : model().elements) {
      if (el.parent == bpmn::kNone) collect(el);
    }
  } else {
    const Element* el = scope.activity_id.empty() ? nullptr : model().find(scope.activity_id);
    // A multi-instance body is no scope of the subprocess' content; its inner instances are.
    if (!el || !bpmn::is_scope(el->kind) || (el->multi_instance && !is_multi_instance_inner(scope, *el))) {
      return out;
    }
    for (bpmn::ElementIndex c : el->children) collect(element(c));
  }
  if (!out.empty() && scope_interrupted(scope)) out.clear();
  return out;
}

Status InstanceRun::arm_event_subprocesses(const std::string& scope_id) {
  for (const Element* start : event_subprocess_starts(execution(scope_id))) {
    if (start->event.kind != bpmn::EventKind::kTimer) continue;
    if (auto st = create_timer_job(scope_id, *start); !st) return st;
  }
  // Conditional starts hold from the scope's start on (conditional_events.cpp).
  return evaluate_event_subprocess_conditions(scope_id);
}

Status InstanceRun::trigger_event_subprocess(const std::string& scope_id, const Element& start,
                                             const VariableMap& variables) {
  const ExecutionRecord* scope = executions_.find(scope_id);
  bool listening = false;
  if (scope) {
    for (const Element* s : event_subprocess_starts(*scope)) listening = listening || s == &start;
  }
  if (!listening) {
    return Error::not_found("execution " + scope_id + " does not listen for '" + start.id + "'");
  }
  const Element& esp = element(start.parent);
  for (const auto& [name, value] : variables) set_variable(scope_id, name, value);
  if (start.cancel_activity) {
    for (const ExecutionRecord* c : children_of(scope_id)) cancel_execution_tree(c->id, "deleted");
    // Its other event subprocesses stop listening: their timers go (the scope's own boundary
    // timers stay), and rewriting the scope execution rewrites its subscriptions.
    std::vector<std::string> timers;
    jobs_.for_each([&](const JobRecord& j) {
      const Element* ev = model().find(j.activity_id);
      if (j.execution_id == scope_id && ev && is_event_subprocess_start(model(), *ev)) timers.push_back(j.id);
    });
    for (const auto& id : timers) jobs_.erase(id);
    modify_execution(scope_id);
  }
  auto begun = begin_event_subprocess(scope_id, esp);
  if (!begun) return begun.error();
  const std::string sub_id = *begun;
  add_token(sub_id, start.index);
  return {};
}

Status InstanceRun::fire_event_subprocess_timer(const JobRecord& job, const Element& start) {
  const ExecutionRecord* scope = executions_.find(job.execution_id);
  if (!scope) return {};
  auto starts = event_subprocess_starts(*scope);
  if (std::find(starts.begin(), starts.end(), &start) == starts.end()) return {};  // stale job
  if (!start.cancel_activity && !job.handler_config.empty()) {
    auto step = cycle_step(job.handler_config, job.due);  // timer_cycle.cpp
    if (!step) return step.error();
    schedule_next_cycle(job, step->next, step->due);
  }
  Status st = trigger_event_subprocess(job.execution_id, start, {});
  if (!st && st.error().kind == ErrorKind::kNotFound) return {};  // the scope moved on
  if (!st) return st;
  return run();
}

Result<std::string> InstanceRun::begin_event_subprocess(const std::string& parent_id,
                                                        const bpmn::Element& esp) {
  ExecutionRecord& sub = add_execution(parent_id);
  std::string sub_id = sub.id;
  begin_activity(sub, esp);
  if (auto st = apply_input_mappings(sub_id, esp); !st) return st.error();  // io_mapping.cpp
  modify_execution(sub_id).state = State::kScope;
  if (auto st = arm_event_subprocesses(sub_id); !st) return st.error();  // nested ones
  return sub_id;
}

}  // namespace dpc::engine
