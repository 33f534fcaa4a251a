// The behaviour table: one entry per element kind (see element_behavior.h).
#include <array>
#include <sstream>

#include "dpc/core/strings.h"
#include "element_behavior.h"
#include "scripts.h"
#include "value_conversion.h"

namespace dpc::engine {

namespace {

using bpmn::Element;
using bpmn::ElementKind;

Status pass_through(InstanceRun& run, const std::string& id, const Element&) {
  return run.complete_element(id);
}

Status end_event(InstanceRun& run, const std::string& id, const Element& el) {
  switch (el.event.kind) {
    case bpmn::EventKind::kNone:
      run.leave(id, {});
      return {};
    case bpmn::EventKind::kTerminate:
      run.terminate_scope(id);
      return {};
    case bpmn::EventKind::kSignal:
      return signal_end_event(run, id, el);  // event_triggers.cpp
    case bpmn::EventKind::kError:
      return run.throw_error(id, el);  // error_events.cpp
    case bpmn::EventKind::kEscalation:
      return run.throw_escalation(id, el);  // escalation_events.cpp
    case bpmn::EventKind::kCompensate:
      return run.throw_compensation(id, el);  // compensation.cpp
    case bpmn::EventKind::kCancel:
      return run.cancel_transaction(id, el);  // compensation.cpp
    case bpmn::EventKind::kMessage:
      // Like a service task; completing it (at once, or when its external task completes)
      // finds no outgoing flow and so ends the token like a none end event.
      return message_throw_event(run, id, el);
    default:
      return Error::invalid("end event '" + el.id + "' with a " +
                            std::string(bpmn::to_string(el.event.kind)) +
                            " definition cannot be executed by this version of dpc yet");
  }
}

// A string, or a list of strings, or comma-separated text → names.
std::vector<std::string> names_of(const juel::Value& v) {
  std::vector<std::string> out;
  if (v.is_list()) {
    for (const auto& e : v.as_list()) {
      if (!e.is_null()) out.push_back(e.to_string());
    }
    return out;
  }
  if (v.is_null()) return out;
  const std::string text = v.to_string();  // split() gives views into it
  for (auto part : split(text, ',')) {
    auto t = trim(part);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

Result<std::optional<Millis>> date_of(InstanceRun& run, const juel::Expression& e,
                                      const std::string& id) {
  if (e.source().empty()) return std::optional<Millis>{};
  auto v = run.evaluate(e, id);
  if (!v) return v.error();
  if (v->is_date()) return std::optional<Millis>{v->as_date().millis};
  if (v->is_date_time()) return std::optional<Millis>{v->as_date_time().millis};
  if (v->is_null()) return std::optional<Millis>{};
  return Error::invalid("date expression '" + e.source() + "' did not give a date");
}

Status user_task(InstanceRun& run, const std::string& id, const Element& el) {
  const auto& cfg = *el.user_task;
  const ExecutionRecord& e = run.execution(id);
  TaskRecord t;
  t.id = run.new_id();
  t.name = el.name;
  t.description = el.documentation;
  t.process_instance_id = run.instance().id;
  t.execution_id = id;
  t.process_definition_id = run.process().id;
  t.process_definition_key = run.process().key;
  t.task_definition_key = el.id;
  t.activity_instance_id = e.activity_instance_id;
  t.business_key = run.instance().business_key;
  t.tenant_id = run.instance().tenant_id;
  t.created = t.last_updated = run.now();
  auto text = [&](const juel::Expression& x) -> Result<std::string> {
    if (x.source().empty()) return std::string();
    auto v = run.evaluate(x, id);
    if (!v) return v.error();
    return v->is_null() ? std::string() : v->to_string();
  };
  if (!cfg.name.source().empty()) {
    auto name = text(cfg.name);
    if (!name) return name.error();
    t.name = *name;
  }
  auto assignee = text(cfg.assignee);
  if (!assignee) return assignee.error();
  t.assignee = *assignee;
  std::pair<const juel::Expression*, std::vector<std::string>*> candidates[] = {
      {&cfg.candidate_users, &t.candidate_users}, {&cfg.candidate_groups, &t.candidate_groups}};
  for (auto [expr, out] : candidates) {
    if (expr->source().empty()) continue;
    auto v = run.evaluate(*expr, id);
    if (!v) return v.error();
    *out = names_of(*v);
  }
  auto due = date_of(run, cfg.due_date, id);
  if (!due) return due.error();
  t.due = *due;
  auto follow_up = date_of(run, cfg.follow_up_date, id);
  if (!follow_up) return follow_up.error();
  t.follow_up = *follow_up;
  if (!cfg.priority.source().empty()) {
    auto p = run.evaluate(cfg.priority, id);
    if (!p) return p.error();
    auto n = p->is_number() ? std::optional<long long>(static_cast<long long>(p->as_number()))
                            : parse_int(p->to_string());
    if (!n) return Error::invalid("priority of user task '" + el.id + "' is not a number");
    t.priority = static_cast<int>(*n);
  }
  auto form_key = text(cfg.form_key);
  if (!form_key) return form_key.error();
  t.form_key = *form_key;
  auto form_ref = text(cfg.form_ref);
  if (!form_ref) return form_ref.error();
  t.camunda_form_ref = *form_ref;
  std::string task_id = run.create_task(std::move(t)).id;
  run.wait(id);
  return fire_task_created(run, task_id);  // task listeners (listeners.cpp)
}

Status create_external(InstanceRun& run, const std::string& id, const Element& el,
                       std::string topic) {
  const ExecutionRecord& e = run.execution(id);
  ExternalTaskRecord t;
  t.id = run.new_id();
  t.topic = std::move(topic);
  t.process_instance_id = run.instance().id;
  t.execution_id = id;
  t.activity_id = el.id;
  t.activity_instance_id = e.activity_instance_id;
  t.process_definition_id = run.process().id;
  t.process_definition_key = run.process().key;
  t.business_key = run.instance().business_key;
  t.tenant_id = run.instance().tenant_id;
  t.created = run.now();
  if (el.service && el.service->task_priority) {
    auto p = run.evaluate(*el.service->task_priority, id);
    if (!p) return p.error();
    if (p->is_number()) t.priority = static_cast<std::int64_t>(p->as_number());
  }
  run.create_external_task(std::move(t));
  run.wait(id);
  return {};
}

Status service_task(InstanceRun& run, const std::string& id, const Element& el) {
  using Impl = bpmn::ServiceConfig::Implementation;
  if (!el.service) return run.complete_element(id);  // a send task without implementation
  const auto& s = *el.service;
  switch (s.implementation) {
    case Impl::kNone: return run.complete_element(id);
    case Impl::kExpression: {
      // With the full DelegateExecution, so ${execution.setVariable(...)} works (delegates.cpp).
      auto v = evaluate_with_delegates({&run, id, "", ""}, s.expression);
      if (!v) return v.error();
      if (!s.result_variable.empty()) run.set_variable(id, s.result_variable, from_juel(*v));
      return run.complete_element(id);
    }
    case Impl::kExternal: {
      auto topic = run.evaluate(s.topic, id);
      if (!topic) return topic.error();
      return create_external(run, id, el, topic->to_string());
    }
    // Java delegates cannot run here: a worker in any language serves them as external
    // tasks whose topic is the class name or the expression text.
    case Impl::kClass: return create_external(run, id, el, s.class_name);
    case Impl::kDelegateExpression: return create_external(run, id, el, s.expression.source());
    case Impl::kDecision: return business_rule_task(run, id, el);
    case Impl::kConnector: break;
  }
  return Error::invalid(std::string(bpmn::to_string(el.kind)) + " '" + el.id +
                        "': this implementation (connector) cannot be executed by "
                        "this version of dpc yet");
}

Status receive_task(InstanceRun& run, const std::string& id, const Element&) {
  run.wait(id);
  return {};
}

Status exclusive_gateway(InstanceRun& run, const std::string& id, const Element& el) {
  for (bpmn::FlowIndex fi : el.outgoing) {
    const auto& f = run.model().flows[fi];
    if (f.is_default) continue;
    if (!f.condition) {
      run.leave(id, {fi});
      return {};
    }
    auto v = evaluate_condition(run, *f.condition, id);  // scripts.cpp
    if (!v) return v.error();
    if (!v->is_bool()) {
      return Error::invalid("condition of sequence flow '" + f.id + "' did not give a boolean");
    }
    if (v->as_bool()) {
      run.leave(id, {fi});
      return {};
    }
  }
  return run.leave_by_default(id, el);
}

Status parallel_gateway(InstanceRun& run, const std::string& id, const Element& el) {
  if (el.incoming.size() > 1) return run.join(id, false);
  run.leave(id, std::vector<bpmn::FlowIndex>(el.outgoing.begin(), el.outgoing.end()));
  return {};
}

Status inclusive_gateway(InstanceRun& run, const std::string& id, const Element& el) {
  if (el.incoming.size() > 1) return run.join(id, true);
  return run.complete_element(id);
}

Status sub_process(InstanceRun& run, const std::string& id, const Element& el) {
  if (el.triggered_by_event) {
    return Error::invalid("event subprocess '" + el.id + "' cannot be entered by a flow");
  }
  return run.enter_subprocess(id);
}

std::array<ElementBehavior, 20> make_table() {
  std::array<ElementBehavior, 20> t{};
  auto set = [&](ElementKind k, auto fn) { t[static_cast<size_t>(k)].on_activate = fn; };
  set(ElementKind::kStartEvent, start_event);
  set(ElementKind::kEndEvent, end_event);
  set(ElementKind::kIntermediateThrowEvent, throw_event);
  set(ElementKind::kTask, pass_through);
  set(ElementKind::kManualTask, pass_through);
  set(ElementKind::kUserTask, user_task);
  set(ElementKind::kServiceTask, service_task);
  set(ElementKind::kSendTask, service_task);
  set(ElementKind::kBusinessRuleTask, service_task);
  set(ElementKind::kScriptTask, script_task);
  set(ElementKind::kReceiveTask, receive_task);
  set(ElementKind::kSubProcess, sub_process);
  set(ElementKind::kTransaction, sub_process);  // a subprocess; cancel events: compensation.cpp
  set(ElementKind::kEventBasedGateway, event_based_gateway);  // event_gateway.cpp
  set(ElementKind::kCallActivity, call_activity);
  set(ElementKind::kBoundaryEvent, pass_through);  // reached only when triggered
  set(ElementKind::kIntermediateCatchEvent, catch_event);
  set(ElementKind::kExclusiveGateway, exclusive_gateway);
  set(ElementKind::kParallelGateway, parallel_gateway);
  set(ElementKind::kInclusiveGateway, inclusive_gateway);
  return t;
}

}  // namespace

// Camunda builds a message throw/end event with an implementation like a service task and
// one without as a none event; the parser attaches a ServiceConfig only in the first case.
Status message_throw_event(InstanceRun& run, const std::string& id, const Element& el) {
  if (!el.service) return run.complete_element(id);
  return service_task(run, id, el);
}

const ElementBehavior& behavior_for(bpmn::ElementKind kind) {
  static const auto kTable = make_table();
  return kTable[static_cast<size_t>(kind)];
}

}  // namespace dpc::engine
