// Messages and signals inside one instance: the subscriptions an execution holds (derived
// from where it rests), delivering a message or signal to a catch event, receive task or
// boundary event, starting at a message/signal start event, and the signal throw and end
// events. The commands that find subscriptions across instances are in
// message_correlation.cpp and signal_broadcast.cpp.
#include <algorithm>

#include "element_behavior.h"
#include "instance_run.h"

namespace dpc::engine {

namespace {

using State = ExecutionRecord::State;
using bpmn::ElementKind;
using bpmn::EventKind;

bool is_message_or_signal(EventKind k) { return k == EventKind::kMessage || k == EventKind::kSignal; }

}  // namespace

std::vector<EventSubscriptionRecord> InstanceRun::subscriptions_of(const ExecutionRecord& e) const {
  std::vector<EventSubscriptionRecord> out;
  if (e.state != State::kWaiting && e.state != State::kScope) return out;
  const bpmn::Element* at = e.activity_id.empty() ? nullptr : model().find(e.activity_id);
  if (!at && !e.parent_id.empty()) return out;
  auto add = [&](const bpmn::Element& ev, const char* kind, const juel::Expression& name) {
    std::string text = name.source();
    if (!name.is_literal()) {
      auto v = evaluate(name, e.id);
      if (v && !v->is_null()) text = v->to_string();
    }
    if (text.empty()) return;
    EventSubscriptionRecord s;
    s.id = e.id + ":" + ev.id;
    s.kind = kind;
    s.event_name = std::move(text);
    s.process_instance_id = instance_.id;
    s.execution_id = e.id;
    s.activity_id = ev.id;
    s.definition_id = process_->id;
    s.created = now();
    out.push_back(std::move(s));
  };
  // A scope listens for the message/signal start events of its event subprocesses.
  for (const bpmn::Element* start : event_subprocess_starts(e)) {
    if (!is_message_or_signal(start->event.kind)) continue;
    add(*start, start->event.kind == EventKind::kMessage ? "message" : "signal", start->event.name);
  }
  if (!at) return out;  // the process instance
  if (e.state == State::kWaiting) {
    if (at->kind == ElementKind::kIntermediateCatchEvent && is_message_or_signal(at->event.kind)) {
      add(*at, at->event.kind == EventKind::kMessage ? "message" : "signal", at->event.name);
    } else if (at->kind == ElementKind::kReceiveTask) {
      add(*at, "message", at->message_name);
    } else if (at->kind == ElementKind::kEventBasedGateway) {
      // The gateway's token holds the subscriptions of the events after it (event_gateway.cpp).
      for (bpmn::FlowIndex fi : at->outgoing) {
        const bpmn::Element& t = element(model().flows[fi].target);
        if (t.kind == ElementKind::kReceiveTask) add(t, "message", t.message_name);
        else if (is_message_or_signal(t.event.kind)) add(t, t.event.kind == EventKind::kMessage ? "message" : "signal", t.event.name);
      }
    }
  }
  for (bpmn::ElementIndex b : at->boundary_events) {
    const bpmn::Element& ev = element(b);
    if (!is_message_or_signal(ev.event.kind)) continue;
    add(ev, ev.event.kind == EventKind::kMessage ? "message" : "signal", ev.event.name);
  }
  return out;
}

void InstanceRun::add_subscription_changes(ChangeSet& c) const {
  c.signals = thrown_signals_;
  if (ended_) return;  // the store drops every runtime row of the instance
  for (const auto& id : c.executions.deleted) c.subscriptions.cleared_executions.push_back(id);
  for (const auto& e : c.executions.updated) {
    c.subscriptions.cleared_executions.push_back(e.id);
    for (auto& s : subscriptions_of(e)) c.subscriptions.inserted.push_back(std::move(s));
  }
  for (const auto& e : c.executions.inserted) {
    for (auto& s : subscriptions_of(e)) c.subscriptions.inserted.push_back(std::move(s));
  }
}

Status InstanceRun::deliver_event(const std::string& execution_id, const bpmn::Element& ev,
                                  const VariableMap& variables) {
  const ExecutionRecord* e = executions_.find(execution_id);
  auto gone = [&] {
    return Error::not_found("execution " + execution_id + " is not waiting for '" + ev.id + "'");
  };
  if (!e) return gone();
  if (ev.kind == ElementKind::kStartEvent) {
    return trigger_event_subprocess(execution_id, ev, variables);  // event_subprocess.cpp
  }
  if (ev.kind == ElementKind::kBoundaryEvent) {
    if (ev.attached_to == bpmn::kNone || e->activity_id != element(ev.attached_to).id ||
        (e->state != State::kWaiting && e->state != State::kScope)) {
      return gone();
    }
    for (const auto& [name, value] : variables) set_variable(execution_id, name, value);
    if (!ev.cancel_activity) {
      // Non-interrupting: the host stays (and keeps its subscription); a new token starts
      // at the boundary event.
      add_token(e->parent_id, ev.index);
      return {};
    }
    // Interrupting: the host (its task, external task, inner tokens) is cancelled and its
    // token continues from the boundary event.
    interrupt_host(execution_id, ev.index);
    return {};
  }
  if (waits_at_event_gateway_for(*e, ev)) {
    if (auto st = pass_event_gateway(execution_id, ev); !st) return st;  // event_gateway.cpp: this event wins
  } else if (e->activity_id != ev.id || e->state != State::kWaiting) {
    return gone();
  }
  for (const auto& [name, value] : variables) set_variable(execution_id, name, value);
  modify_execution(execution_id).state = State::kActive;
  return complete_element(execution_id);
}

Status InstanceRun::trigger_event(const std::string& execution_id, const std::string& event_id,
                                  const VariableMap& variables) {
  const bpmn::Element* ev = model().find(event_id);
  if (!ev) return Error::not_found("no element '" + event_id + "' in " + process_->id);
  if (auto st = deliver_event(execution_id, *ev, variables); !st) return st;
  return run();
}

Status InstanceRun::start_at(bpmn::ElementIndex start_event, const VariableMap& variables) {
  for (const auto& [name, value] : variables) set_variable_local(instance_.id, name, value);
  instance_.start_activity_id = element(start_event).id;
  add_token(instance_.id, start_event);
  if (auto st = arm_event_subprocesses(instance_.id); !st) return st;  // event_subprocess.cpp
  return run();
}

Status InstanceRun::throw_signal(const std::string& execution_id, const std::string& name) {
  // Collect first: delivering changes the executions.
  std::vector<std::pair<std::string, std::string>> targets;  // execution, event element
  executions_.for_each([&](const ExecutionRecord& e) {
    if (e.id == execution_id) return;
    for (const auto& s : subscriptions_of(e)) {
      if (s.kind == "signal" && s.event_name == name) targets.emplace_back(e.id, s.activity_id);
    }
  });
  for (const auto& [exec, event_id] : targets) {
    const bpmn::Element* ev = model().find(event_id);
    if (!ev || !executions_.find(exec)) continue;  // cancelled by an earlier delivery
    Status st = deliver_event(exec, *ev, {});
    if (!st && st.error().kind != ErrorKind::kNotFound) return st;
  }
  thrown_signals_.push_back({name, instance_.id, {}});
  return {};
}

namespace {

Result<std::string> signal_name(InstanceRun& run, const std::string& id, const bpmn::Element& el) {
  if (el.event.name.is_literal()) return el.event.name.source();
  auto v = run.evaluate(el.event.name, id);
  if (!v) return v.error();
  return v->to_string();
}

}  // namespace

Status start_event(InstanceRun& run, const std::string& id, const bpmn::Element& el) {
  switch (el.event.kind) {
    case EventKind::kNone:
    case EventKind::kMessage:
    case EventKind::kSignal:
    case EventKind::kTimer:
    case EventKind::kError:       // event subprocess starts (event_subprocess.cpp)
    case EventKind::kEscalation:
    case EventKind::kConditional:  // event subprocess starts (conditional_events.cpp)
    case EventKind::kCompensate:  // compensation event subprocess starts (compensation.cpp)
      return run.complete_element(id);
    default:
      return Error::invalid("start event '" + el.id + "' with a " +
                            std::string(bpmn::to_string(el.event.kind)) +
                            " definition cannot be executed by this version of dpc yet");
  }
}

Status catch_event(InstanceRun& run, const std::string& id, const bpmn::Element& el) {
  if (is_message_or_signal(el.event.kind)) {
    run.wait(id);  // its subscription is written with the execution
    return {};
  }
  if (el.event.kind == EventKind::kLink) return run.complete_element(id);  // link_events.cpp
  if (el.event.kind == EventKind::kConditional) {
    run.wait(id);
    return run.evaluate_conditions_of(id);  // conditional_events.cpp: may hold already
  }
  return intermediate_catch_event(run, id, el);
}

Status throw_event(InstanceRun& run, const std::string& id, const bpmn::Element& el) {
  if (el.event.kind == EventKind::kSignal) {
    auto name = signal_name(run, id, el);
    if (!name) return name.error();
    if (auto st = run.throw_signal(id, *name); !st) return st;
    if (!run.executions().find(id)) return {};  // cancelled by its own signal
    return run.complete_element(id);
  }
  if (el.event.kind == EventKind::kEscalation) return run.throw_escalation(id, el);
  if (el.event.kind == EventKind::kLink) return run.follow_link(id, el);             // link_events.cpp
  if (el.event.kind == EventKind::kCompensate) return run.throw_compensation(id, el);  // compensation.cpp
  // A message throw event runs its implementation like a service task; without one it is a
  // none event, as in Camunda (element_behaviors.cpp).
  if (el.event.kind == EventKind::kMessage) return message_throw_event(run, id, el);
  if (el.event.kind != EventKind::kNone) {
    return Error::invalid("intermediate throw event '" + el.id + "' with a " +
                          std::string(bpmn::to_string(el.event.kind)) +
                          " definition cannot be executed by this version of dpc yet");
  }
  return run.complete_element(id);
}

Status signal_end_event(InstanceRun& run, const std::string& id, const bpmn::Element& el) {
  auto name = signal_name(run, id, el);
  if (!name) return name.error();
  if (auto st = run.throw_signal(id, *name); !st) return st;
  if (!run.executions().find(id)) return {};
  run.leave(id, {});
  return {};
}

}  // namespace dpc::engine
