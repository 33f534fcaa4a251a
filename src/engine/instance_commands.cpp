// The commands that resume a waiting instance, and the ChangeSet that records a command.
#include "instance_run.h"
#include "scripts.h"

namespace dpc::engine {

using State = ExecutionRecord::State;

Status InstanceRun::complete_task(const std::string& task_id, const VariableMap& variables,
                                  const VariableMap& local_variables) {
  const TaskRecord* task = tasks_.find(task_id);
  if (!task) return Error::not_found("Cannot find task with id " + task_id);
  std::string execution_id = task->execution_id;
  for (const auto& [name, value] : local_variables) {
    set_variable_local(execution_id, name, value);
  }
  for (const auto& [name, value] : variables) set_variable(execution_id, name, value);
  if (auto st = fire_task_listeners(*this, task_id, "complete"); !st) return st;  // listeners.cpp
  task = tasks_.find(task_id);
  if (!task) return {};  // a complete listener ended the task
  tasks_history_updated_[task_id] = {*task, now(), "completed"};
  tasks_.erase(task_id);
  // Task-local variables end with the task.
  std::vector<std::string> task_vars;
  variables_.for_each([&](const VariableRecord& v) {
    if (v.task_id == task_id) task_vars.push_back(v.id);
  });
  for (const auto& id : task_vars) variables_.erase(id);
  if (auto st = complete_element(execution_id); !st) return st;
  return run();
}

Status InstanceRun::complete_external_task(const std::string& id, const VariableMap& variables,
                                           const VariableMap& local_variables) {
  const ExternalTaskRecord* task = external_tasks_.find(id);
  if (!task) return Error::not_found("External task with id " + id + " does not exist");
  std::string execution_id = task->execution_id;
  for (const auto& [name, value] : local_variables) {
    set_variable_local(execution_id, name, value);
  }
  for (const auto& [name, value] : variables) set_variable(execution_id, name, value);
  external_tasks_.erase(id);
  if (auto st = complete_element(execution_id); !st) return st;
  return run();
}

Status InstanceRun::external_task_bpmn_error(const std::string& id, const std::string& error_code,
                                             const std::string& message,
                                             const VariableMap& variables) {
  const ExternalTaskRecord* task = external_tasks_.find(id);
  if (!task) return Error::not_found("External task with id " + id + " does not exist");
  std::string execution_id = task->execution_id;
  // Caught by the task's own error boundary event, or an enclosing event subprocess or
  // boundary event (error_events.cpp).
  auto c = find_catch(execution_id, bpmn::EventKind::kError, error_code, true);
  if (!c) {
    if (!instance_.super_execution_id.empty()) {
      for (const auto& [name, value] : variables) set_variable(execution_id, name, value);
      return propagate_to_caller(execution_id, true, error_code, message);  // call_activity_events.cpp
    }
    return unhandled_bpmn_error(id, error_code, message);
  }
  for (const auto& [name, value] : variables) set_variable(execution_id, name, value);
  if (auto st = deliver_catch(*c, error_code, message, {}); !st) return st;
  return run();
}

Status InstanceRun::unhandled_bpmn_error(const std::string& id, const std::string& error_code,
                                         const std::string& message) {
  ExternalTaskRecord* t = external_tasks_.modify(id);
  if (!t) return {};
  t->retries = 0;
  t->error_message = "Unhandled BPMN error " + error_code + (message.empty() ? "" : ": " + message);
  t->lock_expiration.reset();
  work().raise_incident("failedExternalTask", id, instance_.id, t->execution_id, t->activity_id,
                        process_->id, t->error_message);
  return {};
}

WorkRules InstanceRun::work() {
  return WorkRules({jobs_, external_tasks_, incidents_, incidents_resolved_}, now(),
                   [this](const std::string& activity_id, const char* event) {
                     const bpmn::Element* el = model().find(activity_id);
                     events_.push_back({instance_.id, process_->key, process_->version, activity_id,
                                        el ? std::string(bpmn::to_string(el->kind)) : std::string(),
                                        event, instance_.business_key, now()});
                   });
}

Status InstanceRun::trigger_receive_task(const std::string& execution_id,
                                         const VariableMap& variables) {
  const ExecutionRecord* e = executions_.find(execution_id);
  if (!e || e->state != State::kWaiting) {
    return Error::not_found("execution " + execution_id + " is not waiting for a message");
  }
  if (const bpmn::Element* at = model().find(e->activity_id); at && at->kind == bpmn::ElementKind::kEventBasedGateway) {
    // Completing the gateway itself would take every path after it (event_gateway.cpp).
    return Error::invalid("execution " + execution_id + " waits at event-based gateway '" + at->id +
                          "': it continues only when one of the events after it arrives");
  }
  for (const auto& [name, value] : variables) set_variable(execution_id, name, value);
  if (auto st = complete_element(execution_id); !st) return st;
  return run();
}

void InstanceRun::set_suspended(bool suspended) {
  instance_.suspended = suspended;
  instance_dirty_ = true;
  std::vector<std::string> ids;
  tasks_.for_each([&](const TaskRecord& t) { ids.push_back(t.id); });
  for (const auto& id : ids) tasks_.modify(id)->suspended = suspended;
  ids.clear();
  external_tasks_.for_each([&](const ExternalTaskRecord& t) { ids.push_back(t.id); });
  for (const auto& id : ids) external_tasks_.modify(id)->suspended = suspended;
}

ChangeSet InstanceRun::changes() const {
  ChangeSet c;
  if (is_new_) {
    c.instance_inserted = instance_;
  } else if (instance_dirty_ || ended_) {
    c.instance_updated = instance_;
  }
  c.instance_ended = ended_;
  c.executions = executions_.changes();
  c.tasks = tasks_.changes();
  c.external_tasks = external_tasks_.changes();
  c.variables = variables_.changes();
  c.incidents = incidents_.changes();
  c.incidents_resolved = incidents_resolved_;
  c.jobs = jobs_.changes();
  c.activities_inserted = activities_new_;
  c.activities_ended = activities_ended_;
  c.tasks_history_inserted = tasks_history_inserted_;
  for (const auto& [id, h] : tasks_history_updated_) {
    bool new_now = false;
    for (auto& ins : c.tasks_history_inserted) {
      if (ins.task.id == id) {
        ins = h;  // created and finished in the same command
        new_now = true;
      }
    }
    if (!new_now) c.tasks_history_updated.push_back(h);
  }
  c.variable_updates = variable_updates_;
  c.events = events_;
  c.decision_instances = decision_instances_;
  c.calls = call_requests_;
  c.canceled_call_executions = canceled_calls_;
  c.skip_custom_listeners = skip_custom_listeners_;
  c.propagated = propagated_;  // call_activity_events.cpp
  if (ended_ && !instance_.super_execution_id.empty()) c.final_variables = final_variables_;
  add_subscription_changes(c);  // event_triggers.cpp
  c.compensations = compensations_.changes();  // compensation.cpp
  return c;
}

}  // namespace dpc::engine
