// Conditional events: an intermediate conditional catch event, a conditional event after an
// event-based gateway, and conditional boundary events (interrupting or not). The condition
// is evaluated when the token starts waiting there, and again whenever variables of the
// instance change in a command (task completion with variables, message variables, REST
// variable updates, output mappings): at the end of each run of the agenda, every waiting
// token is checked against the variables changed since it started waiting.
// camunda:variableName limits the re-evaluation to changes of that variable, and
// camunda:variableEvents to these kinds of change (create, update, delete).
// Conditional start events of event subprocesses are held by their scope execution while it
// listens for its event subprocesses (event_subprocess.cpp): evaluated when the scope starts
// (arm_event_subprocesses) and after every variable change like the others. A
// non-interrupting one starts an event subprocess each time its condition holds after a
// change; an interrupting one once, since the interrupted scope listens no more.
// Simplification: any variable change of the instance counts (Camunda only looks at changes
// in the event's scope and above).
#include <set>

#include "element_behavior.h"
#include "instance_run.h"

namespace dpc::engine {

namespace {

using State = ExecutionRecord::State;
using bpmn::ElementKind;
using bpmn::EventKind;

bool is_conditional(const bpmn::Element& e) { return e.event.kind == EventKind::kConditional; }

// Whether the changes pass the event's camunda:variableName / variableEvents filters.
bool wanted(const bpmn::EventDefinition& d, const InstanceRun::VariableChanges& changed) {
  for (const auto& [name, events] : changed) {
    if (!d.variable_name.empty() && name != d.variable_name) continue;
    if (d.variable_events.empty()) return true;
    for (const auto& ev : d.variable_events) {
      if (events.count(ev)) return true;
    }
  }
  return false;
}

}  // namespace

std::vector<const bpmn::Element*> InstanceRun::conditional_events_of(const ExecutionRecord& e,
                                                                    bool event_subprocesses) const {
  std::vector<const bpmn::Element*> out;
  if (e.state != State::kWaiting && e.state != State::kScope) return out;
  if (e.state == State::kScope && event_subprocesses) {
    for (const bpmn::Element* start : event_subprocess_starts(e)) {
      if (is_conditional(*start)) out.push_back(start);
    }
  }
  const bpmn::Element* at = e.activity_id.empty() ? nullptr : model().find(e.activity_id);
  if (!at) return out;  // the process instance: its event subprocesses only
  if (e.state == State::kWaiting) {
    if (at->kind == ElementKind::kIntermediateCatchEvent && is_conditional(*at)) out.push_back(at);
    if (at->kind == ElementKind::kEventBasedGateway) {
      for (bpmn::FlowIndex fi : at->outgoing) {
        const bpmn::Element& t = element(model().flows[fi].target);
        if (is_conditional(t)) out.push_back(&t);
      }
    }
  }
  if (!is_multi_instance_inner(e, *at)) {
    for (bpmn::ElementIndex b : at->boundary_events) {
      if (is_conditional(element(b))) out.push_back(&element(b));
    }
  }
  return out;
}

Status InstanceRun::evaluate_conditions_of(const std::string& execution_id, const VariableChanges* changed) {
  const ExecutionRecord* e = executions_.find(execution_id);
  if (!e) return {};
  conditions_evaluated_at_[execution_id] = variable_updates_.size();
  // A token starting to wait: its own events; its scope's event subprocesses were evaluated
  // when the scope started (evaluate_event_subprocess_conditions).
  auto events = conditional_events_of(*e, changed != nullptr);
  return trigger_conditional_events(execution_id, events, changed);
}

Status InstanceRun::evaluate_event_subprocess_conditions(const std::string& scope_id) {
  const ExecutionRecord* scope = executions_.find(scope_id);
  if (!scope) return {};
  conditions_evaluated_at_[scope_id] = variable_updates_.size();
  std::vector<const bpmn::Element*> starts;
  for (const bpmn::Element* s : event_subprocess_starts(*scope)) {
    if (is_conditional(*s)) starts.push_back(s);
  }
  return trigger_conditional_events(scope_id, starts, nullptr);
}

Status InstanceRun::trigger_conditional_events(const std::string& execution_id,
                                               const std::vector<const bpmn::Element*>& events,
                                               const VariableChanges* changed) {
  for (const bpmn::Element* ev : events) {
    if (changed && !wanted(ev->event, *changed)) continue;
    auto v = evaluate(ev->event.condition, execution_id);
    if (!v) return v.error();
    if (!v->is_bool()) {
      return Error::invalid("condition of conditional event '" + ev->id + "' did not give a boolean");
    }
    if (!v->as_bool()) continue;
    Status st = deliver_event(execution_id, *ev, {});
    // An interrupting event subprocess started by an earlier event of the list.
    if (!st && st.error().kind == ErrorKind::kNotFound && ev->kind == ElementKind::kStartEvent) continue;
    if (!st) return st;
    // Only a non-interrupting boundary or event subprocess start event leaves the token
    // where it was.
    bool stays = (ev->kind == ElementKind::kBoundaryEvent || ev->kind == ElementKind::kStartEvent) &&
                 !ev->cancel_activity;
    if (!stays) return {};
  }
  return {};
}

Status InstanceRun::react_to_variable_changes() {
  if (ended_ || conditions_seen_ >= variable_updates_.size()) return {};
  const size_t end = variable_updates_.size();
  conditions_seen_ = end;
  bool any = false;
  for (const bpmn::Element& el : model().elements) {
    // Process-level conditional start events are for POST /condition, not for instances.
    if (is_conditional(el) && (el.kind != ElementKind::kStartEvent || el.parent != bpmn::kNone)) any = true;
  }
  if (!any) return {};
  // Each update is a create (the first write of a variable made in this command), an update,
  // or a delete.
  std::set<std::string> created_now, seen;
  for (const auto& v : variables_.changes().inserted) created_now.insert(v.id);
  std::vector<const char*> kinds;
  for (const auto& u : variable_updates_) {
    bool first = seen.insert(u.variable_id).second;
    kinds.push_back(u.deleted ? "delete" : first && created_now.count(u.variable_id) ? "create" : "update");
  }
  std::vector<std::string> waiting;
  executions_.for_each([&](const ExecutionRecord& e) {
    if (!conditional_events_of(e).empty()) waiting.push_back(e.id);
  });
  for (const auto& id : waiting) {
    // The variables changed since this token started waiting (all of this command's for a
    // token that was already waiting).
    auto it = conditions_evaluated_at_.find(id);
    size_t from = it == conditions_evaluated_at_.end() ? 0 : it->second;
    VariableChanges changed;
    for (size_t i = from; i < end; ++i) changed[variable_updates_[i].name].insert(kinds[i]);
    if (changed.empty()) continue;
    conditions_evaluated_at_[id] = end;
    if (auto st = evaluate_conditions_of(id, &changed); !st) return st;
    if (ended_) return {};
  }
  return {};
}

Status InstanceRun::variables_changed() { return run(); }

}  // namespace dpc::engine
