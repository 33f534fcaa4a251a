#include "instance_run.h"

#include <algorithm>
#include <set>

#include "dpc/core/authenticated_user.h"
#include "dpc/core/strings.h"
#include "element_behavior.h"
#include "scripts.h"

namespace dpc::engine {

using State = ExecutionRecord::State;

InstanceRun::InstanceRun(std::shared_ptr<const DeployedProcess> process, ClockFn clock)
    : process_(std::move(process)), clock_(std::move(clock)) {}

std::string InstanceRun::new_id() const { return new_uuid(); }

VariableMap InstanceRun::result_variables() const {
  return ended_ ? final_variables_ : visible_variables(instance_.id);
}

void InstanceRun::create(std::string business_key) {
  is_new_ = true;
  instance_.id = new_id();
  instance_.definition_id = process_->id;
  instance_.definition_key = process_->key;
  instance_.definition_version = process_->version;
  instance_.tenant_id = process_->tenant_id;
  instance_.business_key = std::move(business_key);
  instance_.start_time = now();
  ExecutionRecord root;
  root.id = instance_.id;
  root.process_instance_id = instance_.id;
  root.activity_instance_id = instance_.id;
  root.state = State::kScope;
  executions_.insert(root);
}

void InstanceRun::load(InstanceSnapshot s) {
  instance_ = std::move(s.instance);
  for (auto& r : s.executions) executions_.load(std::move(r));
  for (auto& r : s.tasks) tasks_.load(std::move(r));
  for (auto& r : s.external_tasks) external_tasks_.load(std::move(r));
  for (auto& r : s.variables) variables_.load(std::move(r));
  for (auto& r : s.incidents) incidents_.load(std::move(r));
  for (auto& r : s.jobs) jobs_.load(std::move(r));
  for (auto& r : s.compensations) compensations_.load(std::move(r));
}

const ExecutionRecord& InstanceRun::execution(const std::string& id) const {
  return *executions_.find(id);
}
ExecutionRecord& InstanceRun::add_execution(const std::string& parent_id) {
  ExecutionRecord e;
  e.id = new_id();
  e.process_instance_id = instance_.id;
  e.parent_id = parent_id;
  e.state = State::kActive;
  return executions_.insert(std::move(e));
}

void InstanceRun::add_token(const std::string& parent_id, bpmn::ElementIndex element) {
  std::string id = add_execution(parent_id).id;
  agenda_.push_back({id, element, ""});
}

ExecutionRecord& InstanceRun::modify_execution(const std::string& id) {
  return *executions_.modify(id);
}
TaskRecord* InstanceRun::modify_task(const std::string& id) { return tasks_.modify(id); }
ExternalTaskRecord* InstanceRun::modify_external_task(const std::string& id) {
  return external_tasks_.modify(id);
}

Status InstanceRun::start(const VariableMap& variables) {
  const auto& m = model();
  if (m.initial == bpmn::kNone) {
    return Error::invalid("process '" + process_->key + "' has no none start event to start at");
  }
  for (const auto& [name, value] : variables) set_variable_local(instance_.id, name, value);
  // camunda:initiator: the authenticated user who started it (none for timers, messages
  // from the job executor, or a start without credentials), as Camunda records it.
  if (const auto& initiator = element(m.initial).initiator; !initiator.empty()) {
    const AuthenticatedUser* user = authenticated_user();
    set_variable_local(instance_.id, initiator,
                       user ? TypedValue::string(user->id) : TypedValue::null());
  }
  instance_.start_activity_id = element(m.initial).id;
  add_token(instance_.id, m.initial);
  if (auto st = arm_event_subprocesses(instance_.id); !st) return st;  // event_subprocess.cpp
  return run();
}

Status InstanceRun::run() {
  if (is_new_ && !process_start_listeners_fired_) {
    // The process's start listeners, before its first element (listeners.cpp).
    process_start_listeners_fired_ = true;
    if (auto st = fire_execution_listeners(*this, instance_.id, model().execution_listeners, "start",
                                           "process '" + process_->key + "'");
        !st) {
      return st;
    }
  }
  for (int round = 0;; ++round) {
    while (!agenda_.empty()) {
      Step step = std::move(agenda_.front());
      agenda_.pop_front();
      if (!executions_.find(step.execution_id)) continue;  // ended meanwhile (terminate)
      if (auto st = activate(step); !st) return st;
      if (pending_error_) return *pending_error_;
    }
    // Variables changed: conditional events may now hold (conditional_events.cpp).
    if (round >= 100) return Error::invalid("conditional events keep triggering each other (100 rounds)");
    if (auto st = react_to_variable_changes(); !st) return st;
    if (pending_error_) return *pending_error_;  // e.g. an end listener of the last element
    if (agenda_.empty()) return {};
  }
}

void InstanceRun::begin_activity(ExecutionRecord& e, const bpmn::Element& el) {
  e.activity_id = el.id;
  e.activity_instance_id = el.id + ":" + new_id();
  ActivityInstanceRecord a;
  a.id = e.activity_instance_id;
  const ExecutionRecord* parent = executions_.find(e.parent_id);
  a.parent_activity_instance_id = parent ? parent->activity_instance_id : instance_.id;
  a.activity_id = el.id;
  a.activity_name = el.name;
  a.activity_type = std::string(bpmn::to_string(el.kind));
  a.process_instance_id = instance_.id;
  a.process_definition_id = process_->id;
  a.process_definition_key = process_->key;
  a.execution_id = e.id;
  a.start_time = now();
  activity_index_[a.id] = activities_new_.size();
  activities_new_.push_back(a);
  emit(e, el, "start");
}

void InstanceRun::end_activity(const ExecutionRecord& e, bool canceled) {
  if (e.activity_instance_id.empty() || e.activity_instance_id == instance_.id) return;
  delete_jobs_of(e.id);  // its timers (and boundary timers) end with the activity
  if (canceled) drop_compensations_of(e.id);  // a cancelled scope is never compensated
  Millis t = now();
  auto it = activity_index_.find(e.activity_instance_id);
  const bpmn::Element* el = model().find(e.activity_id);
  if (canceled && el && (el->multi_instance || !el->input_output.empty())) {
    erase_scope_variables(e.id);  // its local scope (io_mapping.cpp, multi_instance.cpp) ends
  }
  if (el && !el->execution_listeners.empty() && (!el->multi_instance || is_multi_instance_inner(e, *el))) {
    // End listeners (listeners.cpp), also when the activity is canceled, as in Camunda.
    auto st = fire_execution_listeners(*this, e.id, el->execution_listeners, "end", describe_for_listeners(*el));
    if (!st && !pending_error_) pending_error_ = st.error();
  }
  if (canceled && el && el->call_activity && e.state == State::kWaiting) {
    canceled_calls_.push_back(e.id);  // its called instance is canceled too (CallActivityStore)
  }
  if (it != activity_index_.end()) {
    activities_new_[it->second].end_time = t;
    activities_new_[it->second].canceled = canceled;
  } else {
    ActivityInstanceRecord a;
    a.id = e.activity_instance_id;
    a.end_time = t;
    a.canceled = canceled;
    activities_ended_.push_back(a);
  }
  if (el) emit(e, *el, canceled ? "cancel" : "end");
}

std::string InstanceRun::describe_for_listeners(const bpmn::Element& el) {
  return std::string(bpmn::to_string(el.kind)) + " '" + el.id + "'";
}

void InstanceRun::emit(const ExecutionRecord&, const bpmn::Element& el, const char* event) {
  events_.push_back({instance_.id, process_->key, process_->version, el.id,
                     std::string(bpmn::to_string(el.kind)), event, instance_.business_key,
                     now()});
}

void InstanceRun::emit_flow_taken(const bpmn::SequenceFlow& flow) {
  // One more entry in the command's engine_event row: no row or round trip of its own.
  events_.push_back({instance_.id, process_->key, process_->version, flow.id, "sequenceFlow",
                     "take", instance_.business_key, now()});
}

Status InstanceRun::activate(const Step& step) {
  const bpmn::Element& el = element(step.element);
  if (!step.async_done) {
    // On a multi-instance activity camunda:asyncBefore is the body's; each inner instance's
    // is on multiInstanceLoopCharacteristics (as in Camunda).
    const bool inner = el.multi_instance && is_multi_instance_inner(execution(step.execution_id), el);
    if (inner ? el.multi_instance->async.before : el.async.before) return wait_async_before(step, el);
  }
  ExecutionRecord& e = modify_execution(step.execution_id);
  e.state = State::kActive;
  e.incoming_flow_id = step.flow_id;
  if (el.multi_instance && !is_multi_instance_inner(e, el)) {
    return start_multi_instance(step.execution_id, el);  // multi_instance.cpp
  }
  begin_activity(e, el);
  if (!step.skip_io_mappings) {
    if (auto st = apply_input_mappings(step.execution_id, el); !st) return st;  // io_mapping.cpp
  }
  if (!el.execution_listeners.empty()) {
    if (auto st = fire_execution_listeners(*this, step.execution_id, el.execution_listeners, "start",
                                           describe_for_listeners(el));
        !st) {
      return st;
    }
  }
  const ElementBehavior& b = behavior_for(el.kind);
  if (!b.on_activate) {
    return Error::invalid("element '" + el.id + "' of kind " +
                          std::string(bpmn::to_string(el.kind)) +
                          " cannot be executed by this version of dpc yet");
  }
  if (auto st = b.on_activate(*this, step.execution_id, el); !st) return st;
  if (!el.boundary_events.empty()) {
    // The token rests in the activity (or in it as a subprocess scope): arm its timers.
    const ExecutionRecord* now_at = executions_.find(step.execution_id);
    if (now_at && now_at->activity_id == el.id && !is_multi_instance_inner(*now_at, el) &&
        (now_at->state == State::kWaiting || now_at->state == State::kScope)) {
      return schedule_boundary_timers(step.execution_id, el);
    }
  }
  return {};
}

void InstanceRun::leave(const std::string& execution_id, const std::vector<bpmn::FlowIndex>& flows) {
  if (leave_async_after(execution_id, flows)) return;  // a job takes the flows
  const ExecutionRecord& e = execution(execution_id);
  end_activity(e, false);
  if (flows.empty()) {
    end_token(execution_id);
    return;
  }
  // The first flow keeps this token; every further flow gets a new sibling token.
  for (size_t i = 0; i < flows.size(); ++i) {
    const bpmn::SequenceFlow& f = model().flows[flows[i]];
    std::string id = execution_id;
    if (i > 0) {
      id = add_execution(execution(execution_id).parent_id).id;
    }
    if (!f.listeners.empty()) {  // `take` listeners (listeners.cpp)
      auto st = fire_execution_listeners(*this, id, f.listeners, "take", "sequence flow '" + f.id + "'");
      if (!st && !pending_error_) pending_error_ = st.error();
    }
    emit_flow_taken(f);
    agenda_.push_back({id, f.target, f.id});
  }
}

Status InstanceRun::leave_by_default(const std::string& execution_id, const bpmn::Element& el) {
  if (el.default_flow != bpmn::kNone) {
    leave(execution_id, {el.default_flow});
  } else if (el.outgoing.empty()) {
    leave(execution_id, {});
  } else {
    return Error::invalid("ENGINE-02004 No outgoing sequence flow for the element with id '" +
                          el.id + "' could be selected for continuing the process.");
  }
  return {};
}

Status InstanceRun::complete_element(const std::string& execution_id) {
  const ExecutionRecord& e = execution(execution_id);
  const bpmn::Element& el = *model().find(e.activity_id);
  if (!el.multi_instance || is_multi_instance_inner(e, el)) {
    if (auto st = apply_output_mappings(execution_id, el); !st) return st;
    record_compensation(execution_id, el);  // compensation.cpp
    if (el.multi_instance) return multi_instance_inner_completed(execution_id);
  }
  // Activities: conditional outgoing flows are taken when true; default when none is.
  std::vector<bpmn::FlowIndex> taken;
  for (bpmn::FlowIndex fi : el.outgoing) {
    const auto& f = model().flows[fi];
    if (f.is_default) continue;
    if (!f.condition) {
      taken.push_back(fi);
      continue;
    }
    auto v = evaluate_condition(*this, *f.condition, execution_id);  // scripts.cpp
    if (!v) return v.error();
    if (!v->is_bool()) {
      return Error::invalid("condition of sequence flow '" + f.id + "' did not give a boolean");
    }
    if (v->as_bool()) taken.push_back(fi);
  }
  if (taken.empty()) return leave_by_default(execution_id, el);
  leave(execution_id, taken);
  return {};
}

std::vector<const ExecutionRecord*> InstanceRun::children_of(const std::string& scope_id) const {
  return executions_.select([&](const ExecutionRecord& r) { return r.parent_id == scope_id; });
}

std::string InstanceRun::scope_of(const std::string& execution_id) const {
  const ExecutionRecord* e = executions_.find(execution_id);
  return e ? e->parent_id : instance_.id;
}

void InstanceRun::end_token(const std::string& execution_id) {
  std::string scope = execution(execution_id).parent_id;
  if (scope == instance_.id) instance_.end_activity_id = execution(execution_id).activity_id;
  executions_.erase(execution_id);
  scope_child_ended(scope);
}

void InstanceRun::scope_child_ended(const std::string& scope_id) {
  auto children = children_of(scope_id);
  if (children.empty()) {
    if (scope_id == instance_.id) {
      finish_instance(instance_.end_activity_id, "COMPLETED");
      return;
    }
    // A subprocess whose last token ended: the subprocess completes.
    ExecutionRecord& scope = modify_execution(scope_id);
    scope.state = State::kActive;
    if (compensation_finished(scope_id)) return;  // compensation.cpp: a cancel end event
    if (auto st = complete_element(scope_id); !st) pending_error_ = st.error();
    return;
  }
  // Inclusive joins waiting in this scope may now be able to fire.
  for (const ExecutionRecord* c : children) {
    if (c->state != State::kJoining) continue;
    const bpmn::Element* el = model().find(c->activity_id);
    if (el && el->kind == bpmn::ElementKind::kInclusiveGateway) {
      std::string id = c->id;
      if (auto st = join(id, true); !st) pending_error_ = st.error();
      return;
    }
  }
}

void InstanceRun::finish_instance(const std::string& end_activity_id, const std::string& state) {
  if (ended_) return;
  // Also when the instance is cancelled (deleted, modified away): Camunda fires the process
  // end listeners then too (unless skipCustomListeners).
  if (!model().execution_listeners.empty()) {  // listeners.cpp
    auto st = fire_execution_listeners(*this, instance_.id, model().execution_listeners, "end",
                                       "process '" + process_->key + "'");
    if (!st && !pending_error_) pending_error_ = st.error();
  }
  ended_ = true;
  instance_dirty_ = true;
  instance_.state = state;
  instance_.end_time = now();
  instance_.end_activity_id = end_activity_id;
  final_variables_ = visible_variables(instance_.id);
  // The instance is over: its runtime rows go.
  std::vector<std::string> ids;
  executions_.for_each([&](const ExecutionRecord& r) { ids.push_back(r.id); });
  for (const auto& id : ids) executions_.erase(id);
  std::vector<std::string> var_ids;
  variables_.for_each([&](const VariableRecord& r) { var_ids.push_back(r.id); });
  for (const auto& id : var_ids) variables_.erase(id);
  std::vector<std::string> job_ids;
  jobs_.for_each([&](const JobRecord& r) { job_ids.push_back(r.id); });
  for (const auto& id : job_ids) jobs_.erase(id);
  agenda_.clear();
}

void InstanceRun::cancel_execution_tree(const std::string& execution_id, const std::string& reason) {
  for (const ExecutionRecord* c : children_of(execution_id)) {
    cancel_execution_tree(c->id, reason);
  }
  const ExecutionRecord* e = executions_.find(execution_id);
  if (!e) return;
  cancel_work_of(execution_id, reason);
  end_activity(*e, true);
  if (execution_id != instance_.id) executions_.erase(execution_id);
}

void InstanceRun::cancel_work_of(const std::string& execution_id, const std::string& reason) {
  for (const TaskRecord* t : tasks_.select([&](const TaskRecord& t) {
         return t.execution_id == execution_id;
       })) {
    if (auto st = fire_task_listeners(*this, t->id, "delete"); !st && !pending_error_) pending_error_ = st.error();
    tasks_history_updated_[t->id] = HistoricTaskRecord{*t, now(), reason};
    std::string id = t->id;
    tasks_.erase(id);
  }
  for (const ExternalTaskRecord* t : external_tasks_.select([&](const ExternalTaskRecord& t) {
         return t.execution_id == execution_id;
       })) {
    std::string id = t->id;
    external_tasks_.erase(id);
  }
}

void InstanceRun::interrupt_host(const std::string& execution_id, bpmn::ElementIndex boundary_event) {
  for (const ExecutionRecord* c : children_of(execution_id)) cancel_execution_tree(c->id, "deleted");
  cancel_work_of(execution_id, "deleted");
  end_activity(execution(execution_id), true);
  modify_execution(execution_id).state = State::kActive;
  agenda_.push_back({execution_id, boundary_event, ""});
}

void InstanceRun::terminate_scope(const std::string& execution_id) {
  const ExecutionRecord& token = execution(execution_id);
  std::string scope = token.parent_id;
  std::string end_id = token.activity_id;
  end_activity(token, false);
  executions_.erase(execution_id);
  for (const ExecutionRecord* c : children_of(scope)) cancel_execution_tree(c->id, "terminated");
  if (scope == instance_.id) {
    finish_instance(end_id, "COMPLETED");
  } else {
    scope_child_ended(scope);
  }
}

Status InstanceRun::cancel(const std::string& reason) {
  for (const ExecutionRecord* c : children_of(instance_.id)) cancel_execution_tree(c->id, reason);
  instance_.delete_reason = reason;
  finish_instance("", "EXTERNALLY_TERMINATED");
  if (pending_error_) return *pending_error_;
  return {};
}

const bpmn::Element* InstanceRun::start_event_in(bpmn::ElementIndex scope) const {
  for (bpmn::ElementIndex c : element(scope).children) {
    const auto& el = element(c);
    if (el.kind == bpmn::ElementKind::kStartEvent && el.event.kind == bpmn::EventKind::kNone &&
        el.incoming.empty()) {
      return &el;
    }
  }
  return nullptr;
}

Status InstanceRun::enter_subprocess(const std::string& execution_id) {
  ExecutionRecord& scope = modify_execution(execution_id);
  const bpmn::Element& sub = *model().find(scope.activity_id);
  const bpmn::Element* start = start_event_in(sub.index);
  if (!start) return Error::invalid("subprocess '" + sub.id + "' has no none start event");
  scope.state = State::kScope;
  add_token(scope.id, start->index);
  return arm_event_subprocesses(execution_id);  // event_subprocess.cpp
}

bool InstanceRun::can_reach(bpmn::ElementIndex from, bpmn::ElementIndex to) const {
  std::vector<bool> seen(model().elements.size(), false);
  std::vector<bpmn::ElementIndex> stack{from};
  while (!stack.empty()) {
    auto i = stack.back();
    stack.pop_back();
    if (seen[i]) continue;
    seen[i] = true;
    for (bpmn::FlowIndex f : element(i).outgoing) {
      auto t = model().flows[f].target;
      if (t == to) return true;
      stack.push_back(t);
    }
  }
  return false;
}

Status InstanceRun::join(const std::string& execution_id, bool inclusive) {
  const ExecutionRecord& me = execution(execution_id);
  const bpmn::Element& gw = *model().find(me.activity_id);
  std::string scope = me.parent_id;
  modify_execution(execution_id).state = State::kJoining;
  auto siblings = children_of(scope);
  std::vector<std::string> joined;
  std::set<std::string> flows;
  for (const ExecutionRecord* s : siblings) {
    if (s->state == State::kJoining && s->activity_id == gw.id) {
      joined.push_back(s->id);
      flows.insert(s->incoming_flow_id);
    }
  }
  bool fire;
  if (!inclusive) {
    fire = joined.size() >= gw.incoming.size();
  } else {
    // Fires when no other token of the scope can still arrive here.
    fire = true;
    for (const ExecutionRecord* s : siblings) {
      if (s->state == State::kJoining && s->activity_id == gw.id) continue;
      const bpmn::Element* at = model().find(s->activity_id);
      if (!at || at->index == gw.index || can_reach(at->index, gw.index)) {
        fire = false;
        break;
      }
    }
  }
  if (!fire) return {};
  // Merge: the first joined token continues, the others end here.
  std::string survivor = joined.front();
  size_t needed = inclusive ? joined.size() : gw.incoming.size();
  for (size_t i = 0; i < joined.size() && i < needed; ++i) {
    if (joined[i] == survivor) continue;
    end_activity(execution(joined[i]), false);
    executions_.erase(joined[i]);
  }
  modify_execution(survivor).state = State::kActive;
  if (gw.kind == bpmn::ElementKind::kParallelGateway) {
    std::vector<bpmn::FlowIndex> all(gw.outgoing.begin(), gw.outgoing.end());
    leave(survivor, all);
    return {};
  }
  return complete_element(survivor);
}

TaskRecord& InstanceRun::create_task(TaskRecord task) {
  TaskRecord& t = tasks_.insert(std::move(task));
  tasks_history_inserted_.push_back({t, std::nullopt, ""});
  auto it = activity_index_.find(t.activity_instance_id);
  if (it != activity_index_.end()) {
    activities_new_[it->second].task_id = t.id;
    activities_new_[it->second].assignee = t.assignee;
  }
  return t;
}

ExternalTaskRecord& InstanceRun::create_external_task(ExternalTaskRecord task) {
  return external_tasks_.insert(std::move(task));
}

void InstanceRun::record_task_history_update(const TaskRecord& task) {
  tasks_history_updated_[task.id] = {task, std::nullopt, ""};
  // A task listener may assign the task in the command that created it (listeners.cpp).
  auto it = activity_index_.find(task.activity_instance_id);
  if (it != activity_index_.end()) activities_new_[it->second].assignee = task.assignee;
}

}  // namespace dpc::engine
