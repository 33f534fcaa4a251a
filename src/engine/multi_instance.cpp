// Multi-instance activities (parallel and sequential) on tasks and embedded subprocesses.
//
// Shape (as Camunda's): the token arriving at a multi-instance activity A becomes the
// multi-instance body, a scope execution resting at A whose history activity instance is
// "A#multiInstanceBody" (type multiInstanceBody). It holds the local variables
// nrOfInstances, nrOfActiveInstances and nrOfCompletedInstances (Integer). Each inner
// instance is a child execution of the body at A with local loopCounter (Integer) and the
// element variable; it runs A's own behaviour (a task, or a subprocess scope) and shows in
// history as A. Parallel: all inner instances start at once; sequential: one after another.
// When an inner instance completes (complete_element), the counters are updated, the
// completionCondition is evaluated as seen from that instance, and the body completes when
// the condition holds (the other instances are canceled) or every instance is done; then the
// body's token leaves A by its outgoing flows.
//
// The collection (camunda:collection) is a ${...} expression or the name of a variable; it
// must give a list (a Json array counts). It is evaluated again for each sequential instance,
// as Camunda does.
#include "dpc/core/strings.h"
#include "instance_run.h"
#include "value_conversion.h"

namespace dpc::engine {

using State = ExecutionRecord::State;

namespace {

TypedValue integer(std::int64_t i) { return TypedValue::long_value(i, ValueType::kInteger); }

std::int64_t int_of(const std::optional<TypedValue>& v) { return v ? v->integer : 0; }

}  // namespace

bool InstanceRun::is_multi_instance_inner(const ExecutionRecord& e, const bpmn::Element& el) const {
  if (!el.multi_instance) return false;
  const ExecutionRecord* parent = executions_.find(e.parent_id);
  return parent && parent->activity_id == el.id && parent->state == State::kScope;
}

Result<std::vector<juel::Value>> InstanceRun::multi_instance_items(const std::string& body_id,
                                                                  const bpmn::Element& el) {
  const auto& mi = *el.multi_instance;
  std::vector<juel::Value> items;
  if (mi.collection) {
    juel::Value v;
    if (mi.collection->is_literal()) {
      auto var = get_variable(body_id, mi.collection->source());
      if (!var) {
        return Error::invalid("multi-instance '" + el.id + "': no variable '" +
                              mi.collection->source() + "' for the collection");
      }
      v = to_juel(*var);
    } else {
      auto r = evaluate(*mi.collection, body_id);
      if (!r) return r.error();
      v = *r;
    }
    if (!v.is_list()) {
      return Error::invalid("multi-instance '" + el.id + "': the collection '" +
                            mi.collection->source() + "' is not a list");
    }
    items = v.as_list();
    return items;
  }
  auto r = evaluate(*mi.cardinality, body_id);
  if (!r) return r.error();
  std::optional<long long> n;
  if (r->is_number()) n = static_cast<long long>(r->as_number());
  else if (r->is_string()) n = parse_int(r->as_string());
  if (!n || *n < 0) {
    return Error::invalid("multi-instance '" + el.id + "': loopCardinality '" +
                          mi.cardinality->source() + "' is not a non-negative number");
  }
  items.resize(static_cast<size_t>(*n));
  return items;
}

Status InstanceRun::start_multi_instance(const std::string& body_id, const bpmn::Element& el) {
  // The body's activity instance.
  ExecutionRecord& body = modify_execution(body_id);
  body.activity_id = el.id;
  body.state = State::kScope;
  std::string body_activity = el.id + "#multiInstanceBody";
  body.activity_instance_id = body_activity + ":" + new_id();
  ActivityInstanceRecord a;
  a.id = body.activity_instance_id;
  const ExecutionRecord* parent = executions_.find(body.parent_id);
  a.parent_activity_instance_id = parent ? parent->activity_instance_id : instance_.id;
  a.activity_id = body_activity;
  a.activity_name = el.name;
  a.activity_type = "multiInstanceBody";
  a.process_instance_id = instance_.id;
  a.process_definition_id = process_->id;
  a.process_definition_key = process_->key;
  a.execution_id = body_id;
  a.start_time = now();
  activity_index_[a.id] = activities_new_.size();
  activities_new_.push_back(a);

  auto items = multi_instance_items(body_id, el);
  if (!items) return items.error();
  auto n = static_cast<std::int64_t>(items->size());
  bool sequential = el.multi_instance->sequential;
  set_variable_local(body_id, "nrOfInstances", integer(n));
  set_variable_local(body_id, "nrOfCompletedInstances", integer(0));
  set_variable_local(body_id, "nrOfActiveInstances", integer(sequential ? std::min<std::int64_t>(n, 1) : n));
  if (n == 0) {  // nothing to do: the body completes at once
    erase_scope_variables(body_id);
    modify_execution(body_id).state = State::kActive;
    return complete_element(body_id);
  }
  for (std::int64_t i = 0; i < (sequential ? 1 : n); ++i) {
    start_multi_instance_inner(body_id, el, i, (*items)[static_cast<size_t>(i)]);
  }
  // Boundary events belong to the body (an interrupting one cancels every inner instance).
  if (!el.boundary_events.empty()) return schedule_boundary_timers(body_id, el);
  return {};
}

void InstanceRun::start_multi_instance_inner(const std::string& body_id, const bpmn::Element& el,
                                             std::int64_t loop_counter, const juel::Value& item) {
  const std::string inner_id = add_execution(body_id).id;
  set_variable_local(inner_id, "loopCounter", integer(loop_counter));
  if (!el.multi_instance->element_variable.empty()) {
    set_variable_local(inner_id, el.multi_instance->element_variable, from_juel(item));
  }
  agenda_.push_back({inner_id, el.index, ""});
}

Status InstanceRun::multi_instance_inner_completed(const std::string& inner_id) {
  const ExecutionRecord& inner = execution(inner_id);
  const std::string body_id = inner.parent_id;
  const bpmn::Element& el = *model().find(inner.activity_id);
  const auto& mi = *el.multi_instance;
  std::int64_t total = int_of(get_variable(body_id, "nrOfInstances"));
  std::int64_t completed = int_of(get_variable(body_id, "nrOfCompletedInstances")) + 1;
  std::int64_t active = int_of(get_variable(body_id, "nrOfActiveInstances")) - 1;
  set_variable_local(body_id, "nrOfCompletedInstances", integer(completed));
  set_variable_local(body_id, "nrOfActiveInstances", integer(active));
  bool done = completed >= total;
  if (!done && mi.completion_condition) {
    auto v = evaluate(*mi.completion_condition, inner_id);
    if (!v) return v.error();
    if (!v->is_bool()) {
      return Error::invalid("completionCondition of '" + el.id + "' did not give a boolean");
    }
    done = v->as_bool();
  }
  end_activity(inner, false);
  erase_scope_variables(inner_id);
  executions_.erase(inner_id);
  if (done) {
    for (const ExecutionRecord* c : children_of(body_id)) {
      std::string id = c->id;
      erase_scope_variables(id);
      cancel_execution_tree(id, "completion condition");
    }
    erase_scope_variables(body_id);
    modify_execution(body_id).state = State::kActive;
    return complete_element(body_id);
  }
  if (mi.sequential) {
    auto items = multi_instance_items(body_id, el);
    if (!items) return items.error();
    if (static_cast<size_t>(completed) >= items->size()) {
      return Error::invalid("multi-instance '" + el.id + "': the collection shrank while it ran");
    }
    set_variable_local(body_id, "nrOfActiveInstances", integer(1));
    start_multi_instance_inner(body_id, el, completed, (*items)[static_cast<size_t>(completed)]);
  }
  return {};
}

}  // namespace dpc::engine
