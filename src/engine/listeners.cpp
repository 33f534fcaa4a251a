// camunda:executionListener and camunda:taskListener with an expression or an inline script.
#include "scripts.h"

namespace dpc::engine {

namespace {

Status run_listener(const DelegateScope& scope, const bpmn::Listener& l, const std::string& what) {
  using Impl = bpmn::Listener::Implementation;
  switch (l.implementation) {
    case Impl::kExpression: {
      auto v = evaluate_with_delegates(scope, l.expression);
      if (!v) return Error::invalid(what + " failed: " + v.error().message);
      return {};
    }
    case Impl::kScript: {
      auto v = run_script(scope, l.script);
      if (!v) return Error::invalid(what + " failed: " + v.error().message, "ScriptEvaluationException");
      return {};
    }
    case Impl::kClass:
    case Impl::kDelegateExpression: return {};  // Java delegates: ignored (a deployment warning)
  }
  return {};
}

}  // namespace

Status fire_execution_listeners(InstanceRun& run, const std::string& execution_id,
                                const std::vector<bpmn::Listener>& listeners, const std::string& event,
                                const std::string& owner) {
  if (run.skipping_custom_listeners()) return {};
  for (const bpmn::Listener& l : listeners) {
    if (l.event != event) continue;
    DelegateScope scope{&run, execution_id, "", event};
    if (auto st = run_listener(scope, l, "execution listener '" + event + "' of " + owner); !st) return st;
  }
  return {};
}

Status fire_task_listeners(InstanceRun& run, const std::string& task_id, const std::string& event,
                           const std::string& listener_id) {
  if (run.skipping_custom_listeners()) return {};
  const TaskRecord* t = run.tasks().find(task_id);
  if (!t) return {};
  const bpmn::Element* el = run.model().find(t->task_definition_key);
  if (!el || !el->user_task) return {};
  const std::string execution_id = t->execution_id;
  for (const bpmn::Listener& l : el->user_task->task_listeners) {
    if (l.event != event || (!listener_id.empty() && l.id != listener_id)) continue;
    if (!run.tasks().find(task_id)) return {};  // a listener ended it
    DelegateScope scope{&run, execution_id, task_id, event};
    if (auto st = run_listener(scope, l, "task listener '" + event + "' of user task '" + el->id + "'"); !st) {
      return st;
    }
  }
  return {};
}

Status fire_task_created(InstanceRun& run, const std::string& task_id) {
  const TaskRecord* t = run.tasks().find(task_id);
  if (!t) return {};
  std::string assignee = t->assignee;
  if (!assignee.empty()) {
    if (auto st = fire_task_listeners(run, task_id, "assignment"); !st) return st;
  }
  if (auto st = fire_task_listeners(run, task_id, "create"); !st) return st;
  t = run.tasks().find(task_id);
  if (t && !t->assignee.empty() && t->assignee != assignee) {
    if (auto st = fire_task_listeners(run, task_id, "assignment"); !st) return st;
  }
  return run.schedule_task_timeouts(task_id);  // task_timeout.cpp
}

}  // namespace dpc::engine
