// Variables in scopes, and expression evaluation as seen from an execution.
#include <span>

#include "dpc/core/authenticated_user.h"
#include "instance_run.h"
#include "value_conversion.h"

namespace dpc::engine {

namespace {

// `execution` in expressions: getVariable, setVariable, ids and the business key.
class ExecutionObject : public juel::Object {
 public:
  ExecutionObject(const InstanceRun& run, std::string execution_id)
      : run_(run), execution_id_(std::move(execution_id)) {}
  std::string type_name() const override { return "DelegateExecution"; }
  Result<juel::Value> property(std::string_view name) const override {
    if (name == "processInstanceId") return juel::Value(run_.instance().id);
    if (name == "processBusinessKey" || name == "businessKey") {
      return juel::Value(run_.instance().business_key);
    }
    if (name == "processDefinitionId") return juel::Value(run_.instance().definition_id);
    if (name == "id") return juel::Value(execution_id_);
    if (name == "currentActivityId" || name == "activityId") {
      return juel::Value(run_.execution(execution_id_).activity_id);
    }
    return Error::invalid("execution has no property '" + std::string(name) + "'");
  }
  Result<juel::Value> call(std::string_view method, std::span<const juel::Value> args) const override {
    if ((method == "getVariable" || method == "getVariableLocal") && args.size() == 1 &&
        args[0].is_string()) {
      auto v = run_.get_variable(execution_id_, args[0].as_string());
      return v ? to_juel(*v) : juel::Value();
    }
    if (method == "hasVariable" && args.size() == 1 && args[0].is_string()) {
      return juel::Value(run_.get_variable(execution_id_, args[0].as_string()).has_value());
    }
    if (method == "getProcessInstanceId" && args.empty()) return juel::Value(run_.instance().id);
    if (method == "getBusinessKey" || method == "getProcessBusinessKey") {
      return juel::Value(run_.instance().business_key);
    }
    if (method == "getId" && args.empty()) return juel::Value(execution_id_);
    if (method == "getCurrentActivityId" && args.empty()) {
      return juel::Value(run_.execution(execution_id_).activity_id);
    }
    return Error::invalid("execution." + std::string(method) + " is not supported with " +
                          std::to_string(args.size()) + " argument(s)");
  }

 private:
  const InstanceRun& run_;
  std::string execution_id_;
};

class TaskObject : public juel::Object {
 public:
  explicit TaskObject(TaskRecord task) : task_(std::move(task)) {}
  std::string type_name() const override { return "DelegateTask"; }
  Result<juel::Value> property(std::string_view name) const override {
    if (name == "id") return juel::Value(task_.id);
    if (name == "name") return juel::Value(task_.name);
    if (name == "assignee") return juel::Value(task_.assignee);
    if (name == "taskDefinitionKey") return juel::Value(task_.task_definition_key);
    return Error::invalid("task has no property '" + std::string(name) + "'");
  }
  Result<juel::Value> call(std::string_view method, std::span<const juel::Value> args) const override {
    if (method == "getId") return juel::Value(task_.id);
    if (method == "getName") return juel::Value(task_.name);
    if (method == "getAssignee") return juel::Value(task_.assignee);
    if (method == "getTaskDefinitionKey") return juel::Value(task_.task_definition_key);
    return Error::invalid("task." + std::string(method) + " is not supported with " +
                          std::to_string(args.size()) + " argument(s)");
  }

 private:
  TaskRecord task_;
};

class ExecutionContext : public juel::Context {
 public:
  ExecutionContext(const InstanceRun& run, std::string execution_id, const TaskRecord* task)
      : run_(run), execution_id_(std::move(execution_id)), task_(task) {}
  std::optional<juel::Value> variable(std::string_view name) const override {
    if (name == "execution") {
      return juel::Value(std::make_shared<const ExecutionObject>(run_, execution_id_));
    }
    if (name == "task" && task_) return juel::Value(std::make_shared<const TaskObject>(*task_));
    auto v = run_.get_variable(execution_id_, std::string(name));
    if (!v) return std::nullopt;
    return to_juel(*v);
  }
  std::int64_t now_millis() const override { return run_.now(); }

 private:
  const InstanceRun& run_;
  std::string execution_id_;
  const TaskRecord* task_;
};

}  // namespace

Result<juel::Value> InstanceRun::evaluate(const juel::Expression& e,
                                          const std::string& execution_id,
                                          const TaskRecord* task) const {
  if (e.is_feel()) return evaluate_feel(e.feel_body(), visible_variables(execution_id));
  ExecutionContext ctx(*this, execution_id, task);
  auto v = e.evaluate(ctx);
  if (!v) return Error::invalid("Unable to evaluate '" + e.source() + "': " + v.error().message);
  return v;
}

std::optional<TypedValue> InstanceRun::get_variable(const std::string& execution_id,
                                                    const std::string& name) const {
  for (std::string scope = execution_id; !scope.empty();) {
    const VariableRecord* found = nullptr;
    variables_.for_each([&](const VariableRecord& v) {
      if (!found && v.scope_id == scope && v.task_id.empty() && v.name == name) found = &v;
    });
    if (found) return found->value;
    const ExecutionRecord* e = executions_.find(scope);
    if (!e) break;
    scope = e->parent_id;
  }
  return std::nullopt;
}

VariableMap InstanceRun::visible_variables(const std::string& execution_id) const {
  VariableMap out;
  for (std::string scope = execution_id; !scope.empty();) {
    variables_.for_each([&](const VariableRecord& v) {
      if (v.scope_id == scope && v.task_id.empty()) out.emplace(v.name, v.value);
    });
    const ExecutionRecord* e = executions_.find(scope);
    if (!e) break;
    scope = e->parent_id;
  }
  return out;
}

VariableMap InstanceRun::local_variables(const std::string& scope_id,
                                         const std::string& task_id) const {
  VariableMap out;
  variables_.for_each([&](const VariableRecord& v) {
    if (task_id.empty() ? (v.scope_id == scope_id && v.task_id.empty()) : v.task_id == task_id) {
      out.emplace(v.name, v.value);
    }
  });
  return out;
}

void InstanceRun::set_variable(const std::string& execution_id, const std::string& name,
                               TypedValue value) {
  for (std::string scope = execution_id; !scope.empty();) {
    bool defined = false;
    variables_.for_each([&](const VariableRecord& v) {
      defined = defined || (v.scope_id == scope && v.task_id.empty() && v.name == name);
    });
    if (defined) {
      set_variable_local(scope, name, std::move(value));
      return;
    }
    const ExecutionRecord* e = executions_.find(scope);
    if (!e) break;
    scope = e->parent_id;
  }
  set_variable_local(instance_.id, name, std::move(value));
}

void InstanceRun::set_variable_local(const std::string& scope_id, const std::string& name,
                                     TypedValue value, const std::string& task_id) {
  std::string existing;
  variables_.for_each([&](const VariableRecord& v) {
    if (v.scope_id == scope_id && v.task_id == task_id && v.name == name) existing = v.id;
  });
  VariableUpdateRecord u;
  if (existing.empty()) {
    VariableRecord r;
    r.id = new_id();
    r.process_instance_id = instance_.id;
    r.scope_id = scope_id;
    r.task_id = task_id;
    r.name = name;
    r.value = value;
    variables_.insert(r);
    u.variable_id = r.id;
  } else {
    VariableRecord* r = variables_.modify(existing);
    r->value = value;
    u.variable_id = existing;
  }
  u.process_instance_id = instance_.id;
  u.process_definition_key = process_->key;
  u.scope_id = scope_id;
  u.task_id = task_id;
  const ExecutionRecord* e = executions_.find(scope_id);
  u.activity_instance_id = e ? e->activity_instance_id : instance_.id;
  u.name = name;
  u.value = std::move(value);
  u.time = now();
  u.user_id = changed_by();
  variable_updates_.push_back(std::move(u));
}

// Who changes a variable: the user the command runs for (set by the HTTP layer), none for
// the job executor. Read when the change is made: a start's rows are written later by the
// group commit's writer thread, which has no user.
std::string InstanceRun::changed_by() {
  const AuthenticatedUser* user = authenticated_user();
  return user ? user->id : std::string();
}

bool InstanceRun::remove_variable_local(const std::string& scope_id, const std::string& name) {
  std::string existing;
  variables_.for_each([&](const VariableRecord& v) {
    if (v.scope_id == scope_id && v.task_id.empty() && v.name == name) existing = v.id;
  });
  if (existing.empty()) return false;
  VariableUpdateRecord u;
  u.variable_id = existing;
  u.process_instance_id = instance_.id;
  u.process_definition_key = process_->key;
  u.scope_id = scope_id;
  u.name = name;
  u.time = now();
  u.deleted = true;
  u.user_id = changed_by();
  variable_updates_.push_back(std::move(u));
  variables_.erase(existing);
  return true;
}

}  // namespace dpc::engine
