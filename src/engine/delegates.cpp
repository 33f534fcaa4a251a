// `execution` and `task` for scripts (JavaScript host objects) and for listener expressions
// (JUEL objects): one implementation of each method, two adapters.
#include <algorithm>
#include <cctype>
#include <span>

#include <nlohmann/json.hpp>

#include "dpc/core/strings.h"
#include "javascript.h"
#include "scripts.h"
#include "value_conversion.h"

namespace dpc::engine {

namespace {

using Args = std::vector<TypedValue>;

// What a method gives back: a plain value converts without spelling out js::HostValue.
struct Reply : Result<js::HostValue> {
  Reply(TypedValue v) : Result<js::HostValue>(js::HostValue(std::move(v))) {}  // NOLINT
  Reply(js::HostValue v) : Result<js::HostValue>(std::move(v)) {}               // NOLINT
  Reply(Error e) : Result<js::HostValue>(std::move(e)) {}                       // NOLINT
};

Result<std::string> text_arg(const Args& args, size_t i, const std::string& method) {
  if (args.size() <= i || args[i].type != ValueType::kString) {
    return Error::invalid(method + ": argument " + std::to_string(i + 1) + " must be a string");
  }
  return args[i].text;
}

TypedValue value_arg(const Args& args, size_t i) { return i < args.size() ? args[i] : TypedValue::null(); }

js::HostValue optional_value(const std::optional<TypedValue>& v) { return v ? *v : TypedValue::null(); }

// Camunda's removeVariable: removes it from the nearest scope that defines it.
void remove_variable(InstanceRun& run, const std::string& execution_id, const std::string& name) {
  for (std::string scope = execution_id; !scope.empty();) {
    if (run.remove_variable_local(scope, name)) return;
    const ExecutionRecord* e = run.executions().find(scope);
    if (!e) return;
    scope = e->parent_id;
  }
}

const std::vector<std::string>& execution_methods() {
  static const std::vector<std::string> kMethods = {
      "getVariable", "getVariableLocal", "setVariable", "setVariableLocal", "hasVariable",
      "hasVariableLocal", "removeVariable", "removeVariableLocal", "getVariables", "getVariablesLocal",
      "getVariableNames", "getProcessInstanceId", "getId", "getActivityId", "getCurrentActivityId",
      "getCurrentActivityName", "getActivityInstanceId", "getBusinessKey", "getProcessBusinessKey",
      "getProcessDefinitionId", "getParentId", "getEventName", "getTenantId"};
  return kMethods;
}

Reply call_execution(const DelegateScope& s, const std::string& method, const Args& args) {
  InstanceRun& run = *s.run;
  const std::string& id = s.execution_id;
  const ExecutionRecord* e = run.executions().find(id);
  if (method == "getVariable") {
    auto name = text_arg(args, 0, method);
    if (!name) return name.error();
    return optional_value(run.get_variable(id, *name));
  }
  if (method == "getVariableLocal" || method == "hasVariableLocal") {
    auto name = text_arg(args, 0, method);
    if (!name) return name.error();
    auto local = run.local_variables(id);
    auto it = local.find(*name);
    if (method == "hasVariableLocal") return TypedValue::boolean_value(it != local.end());
    return it == local.end() ? TypedValue::null() : it->second;
  }
  if (method == "hasVariable") {
    auto name = text_arg(args, 0, method);
    if (!name) return name.error();
    return TypedValue::boolean_value(run.get_variable(id, *name).has_value());
  }
  if (method == "setVariable" || method == "setVariableLocal") {
    auto name = text_arg(args, 0, method);
    if (!name) return name.error();
    if (method == "setVariable") {
      run.set_variable(id, *name, value_arg(args, 1));
    } else {
      run.set_variable_local(id, *name, value_arg(args, 1));
    }
    return js::HostValue();
  }
  if (method == "removeVariable" || method == "removeVariableLocal") {
    auto name = text_arg(args, 0, method);
    if (!name) return name.error();
    if (method == "removeVariable") {
      remove_variable(run, id, *name);
    } else {
      run.remove_variable_local(id, *name);
    }
    return js::HostValue();
  }
  if (method == "getVariables" || method == "getVariablesLocal") {
    js::HostValue v;
    v.map = method == "getVariables" ? run.visible_variables(id) : run.local_variables(id);
    return v;
  }
  if (method == "getVariableNames") {
    auto names = nlohmann::json::array();
    for (const auto& [name, value] : run.visible_variables(id)) names.push_back(name);
    return TypedValue::json(names.dump());
  }
  if (method == "getProcessInstanceId") return TypedValue::string(run.instance().id);
  if (method == "getId") return TypedValue::string(id);
  if (method == "getActivityId" || method == "getCurrentActivityId") {
    return e && !e->activity_id.empty() ? TypedValue::string(e->activity_id) : TypedValue::null();
  }
  if (method == "getCurrentActivityName") {
    const bpmn::Element* el = e ? run.model().find(e->activity_id) : nullptr;
    return el && !el->name.empty() ? TypedValue::string(el->name) : TypedValue::null();
  }
  if (method == "getActivityInstanceId") {
    return e ? TypedValue::string(e->activity_instance_id) : TypedValue::null();
  }
  if (method == "getBusinessKey" || method == "getProcessBusinessKey") {
    const auto& key = run.instance().business_key;
    return key.empty() ? TypedValue::null() : TypedValue::string(key);
  }
  if (method == "getProcessDefinitionId") return TypedValue::string(run.instance().definition_id);
  if (method == "getParentId") {
    return e && !e->parent_id.empty() ? TypedValue::string(e->parent_id) : TypedValue::null();
  }
  if (method == "getEventName") return s.event.empty() ? TypedValue::null() : TypedValue::string(s.event);
  if (method == "getTenantId") {
    const auto& t = run.instance().tenant_id;
    return t.empty() ? TypedValue::null() : TypedValue::string(t);
  }
  return Error::invalid("execution." + method + " is not supported by dpc");
}

const std::vector<std::string>& task_methods() {
  static const std::vector<std::string> kMethods = {
      "getId", "getName", "setName", "getDescription", "setDescription", "getAssignee", "setAssignee",
      "getOwner", "setOwner", "getPriority", "setPriority", "getDueDate", "setDueDate",
      "getFollowUpDate", "setFollowUpDate", "addCandidateUser", "addCandidateGroup",
      "deleteCandidateUser", "deleteCandidateGroup", "getTaskDefinitionKey", "getEventName",
      "getExecution", "getExecutionId", "getProcessInstanceId", "getProcessDefinitionId",
      "getVariable", "getVariableLocal", "setVariable", "setVariableLocal", "hasVariable",
      "getVariables", "getVariablesLocal", "removeVariable", "getTenantId", "getCreateTime"};
  return kMethods;
}

std::optional<Millis> date_arg(const TypedValue& v) {
  if (v.type == ValueType::kDate || v.type == ValueType::kLong || v.type == ValueType::kInteger) return v.integer;
  return std::nullopt;
}

Reply call_task(const DelegateScope& s, const std::string& method, const Args& args) {
  InstanceRun& run = *s.run;
  const TaskRecord* t = run.tasks().find(s.task_id);
  if (!t) return Error::invalid("task " + s.task_id + " is gone");
  auto text = [](const std::string& v) { return v.empty() ? TypedValue::null() : TypedValue::string(v); };
  if (method == "getId") return TypedValue::string(t->id);
  if (method == "getName") return text(t->name);
  if (method == "getDescription") return text(t->description);
  if (method == "getAssignee") return text(t->assignee);
  if (method == "getOwner") return text(t->owner);
  if (method == "getPriority") return TypedValue::long_value(t->priority, ValueType::kInteger);
  if (method == "getDueDate") return t->due ? TypedValue::date(*t->due) : TypedValue::null();
  if (method == "getFollowUpDate") return t->follow_up ? TypedValue::date(*t->follow_up) : TypedValue::null();
  if (method == "getCreateTime") return TypedValue::date(t->created);
  if (method == "getTaskDefinitionKey") return TypedValue::string(t->task_definition_key);
  if (method == "getEventName") return s.event.empty() ? TypedValue::null() : TypedValue::string(s.event);
  if (method == "getExecutionId") return TypedValue::string(t->execution_id);
  if (method == "getProcessInstanceId") return TypedValue::string(t->process_instance_id);
  if (method == "getProcessDefinitionId") return TypedValue::string(t->process_definition_id);
  if (method == "getTenantId") return text(t->tenant_id);
  if (method == "getExecution") {
    js::HostValue v;
    v.object = "execution";
    return v;
  }
  // Task variables: task-local first, then up the execution's scope chain.
  if (method == "getVariable" || method == "getVariableLocal" || method == "hasVariable") {
    auto name = text_arg(args, 0, method);
    if (!name) return name.error();
    auto local = run.local_variables(t->execution_id, t->id);
    auto it = local.find(*name);
    std::optional<TypedValue> v;
    if (it != local.end()) v = it->second;
    if (!v && method != "getVariableLocal") v = run.get_variable(t->execution_id, *name);
    if (method == "hasVariable") return TypedValue::boolean_value(v.has_value());
    return optional_value(v);
  }
  if (method == "getVariables" || method == "getVariablesLocal") {
    js::HostValue v;
    v.map = run.local_variables(t->execution_id, t->id);
    if (method == "getVariables") v.map->merge(run.visible_variables(t->execution_id));
    return v;
  }
  if (method == "setVariable" || method == "setVariableLocal" || method == "removeVariable") {
    auto name = text_arg(args, 0, method);
    if (!name) return name.error();
    bool task_local = method == "setVariableLocal" || run.local_variables(t->execution_id, t->id).count(*name);
    if (method == "removeVariable") {
      remove_variable(run, t->execution_id, *name);
    } else if (task_local) {
      run.set_variable_local(t->execution_id, *name, value_arg(args, 1), t->id);
    } else {
      run.set_variable(t->execution_id, *name, value_arg(args, 1));
    }
    return js::HostValue();
  }
  // Setters change the task row (and its history).
  TaskRecord* m = run.modify_task(t->id);
  if (method == "setName" || method == "setDescription" || method == "setAssignee" || method == "setOwner" ||
      method == "addCandidateUser" || method == "addCandidateGroup" || method == "deleteCandidateUser" ||
      method == "deleteCandidateGroup") {
    TypedValue v = value_arg(args, 0);
    if (!v.is_null() && v.type != ValueType::kString) return Error::invalid("task." + method + ": expects a string");
    const std::string& arg = v.text;
    if (method == "setName") m->name = arg;
    if (method == "setDescription") m->description = arg;
    if (method == "setAssignee") m->assignee = arg;
    if (method == "setOwner") m->owner = arg;
    auto add = [&](std::vector<std::string>& list) {
      if (!arg.empty() && std::find(list.begin(), list.end(), arg) == list.end()) list.push_back(arg);
    };
    auto del = [&](std::vector<std::string>& list) { std::erase(list, arg); };
    if (method == "addCandidateUser") add(m->candidate_users);
    if (method == "addCandidateGroup") add(m->candidate_groups);
    if (method == "deleteCandidateUser") del(m->candidate_users);
    if (method == "deleteCandidateGroup") del(m->candidate_groups);
  } else if (method == "setPriority") {
    TypedValue v = value_arg(args, 0);
    if (v.type != ValueType::kInteger && v.type != ValueType::kLong) {
      return Error::invalid("task.setPriority: expects an integer");
    }
    m->priority = static_cast<int>(v.integer);
  } else if (method == "setDueDate" || method == "setFollowUpDate") {
    TypedValue v = value_arg(args, 0);
    auto d = date_arg(v);
    if (!d && !v.is_null()) return Error::invalid("task." + method + ": expects a Date");
    (method == "setDueDate" ? m->due : m->follow_up) = d;
  } else {
    return Error::invalid("task." + method + " is not supported by dpc");
  }
  m->last_updated = run.now();
  run.record_task_history_update(*m);
  return js::HostValue();
}

class ExecutionHost : public js::HostObject {
 public:
  explicit ExecutionHost(const DelegateScope& s) : s_(s) {}
  std::vector<std::string> methods() const override { return execution_methods(); }
  Result<js::HostValue> call(const std::string& m, const Args& args) override { return call_execution(s_, m, args); }

 private:
  const DelegateScope& s_;
};

class TaskHost : public js::HostObject {
 public:
  explicit TaskHost(const DelegateScope& s) : s_(s) {}
  std::vector<std::string> methods() const override { return task_methods(); }
  Result<js::HostValue> call(const std::string& m, const Args& args) override { return call_task(s_, m, args); }

 private:
  const DelegateScope& s_;
};

// JUEL: the same methods, with JUEL values; getVariables gives a map.
class JuelDelegate : public juel::Object {
 public:
  JuelDelegate(DelegateScope s, bool task) : s_(std::move(s)), task_(task) {}
  std::string type_name() const override { return task_ ? "DelegateTask" : "DelegateExecution"; }
  Result<juel::Value> property(std::string_view name) const override {
    if (name.empty()) return Error::invalid("no property");
    std::string getter = "get" + std::string(1, static_cast<char>(std::toupper(name[0]))) + std::string(name.substr(1));
    return call(getter, {});
  }
  Result<juel::Value> call(std::string_view method, std::span<const juel::Value> args) const override {
    Args converted;
    for (const auto& a : args) converted.push_back(from_juel(a));
    auto r = task_ ? call_task(s_, std::string(method), converted) : call_execution(s_, std::string(method), converted);
    if (!r) return r.error();
    if (!r->object.empty()) return juel::Value(std::make_shared<const JuelDelegate>(s_, false));
    if (r->map) {
      juel::Value::Map m;
      for (const auto& [k, v] : *r->map) m.emplace(k, to_juel(v));
      return juel::Value(std::move(m));
    }
    return to_juel(r->value);
  }

 private:
  DelegateScope s_;
  bool task_;
};

class DelegateContext : public juel::Context {
 public:
  explicit DelegateContext(const DelegateScope& s) : s_(s) {}
  std::optional<juel::Value> variable(std::string_view name) const override {
    if (name == "execution") return juel::Value(std::make_shared<const JuelDelegate>(s_, false));
    if (name == "task" && !s_.task_id.empty()) return juel::Value(std::make_shared<const JuelDelegate>(s_, true));
    if (!s_.task_id.empty()) {
      auto local = s_.run->local_variables(s_.execution_id, s_.task_id);
      if (auto it = local.find(std::string(name)); it != local.end()) return to_juel(it->second);
    }
    auto v = s_.run->get_variable(s_.execution_id, std::string(name));
    if (!v) return std::nullopt;
    return to_juel(*v);
  }
  std::int64_t now_millis() const override { return s_.run->now(); }

 private:
  const DelegateScope& s_;
};

}  // namespace

Result<juel::Value> evaluate_with_delegates(const DelegateScope& scope, const juel::Expression& e) {
  if (e.is_feel()) return scope.run->evaluate(e, scope.execution_id);
  DelegateContext ctx(scope);
  auto v = e.evaluate(ctx);
  if (!v) return Error::invalid("Unable to evaluate '" + e.source() + "': " + v.error().message);
  return v;
}

// The JavaScript run of run_script (scripts.cpp): globals and host objects for the scope.
Result<TypedValue> run_javascript(const DelegateScope& scope, const std::string& source) {
  auto program = js::compile(source);
  if (!program) return program.error();
  js::Environment env;
  env.time_limit = js::default_time_limit();
  env.globals = scope.run->visible_variables(scope.execution_id);
  ExecutionHost execution(scope);
  TaskHost task(scope);
  env.objects.emplace_back("execution", &execution);
  if (!scope.task_id.empty()) {
    const TaskRecord* t = scope.run->tasks().find(scope.task_id);
    if (t) {
      for (auto& [name, value] : scope.run->local_variables(t->execution_id, t->id)) env.globals[name] = value;
    }
    env.objects.emplace_back("task", &task);
  }
  for (const auto& [name, host] : env.objects) env.globals.erase(name);
  return js::run(**program, env);
}

}  // namespace dpc::engine
