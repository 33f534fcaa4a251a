// camunda:inputOutput on activities (tasks and subprocesses). Camunda semantics: an activity
// with input/output parameters has a local variable scope — here its execution (the token
// resting in a task, or the scope execution of a subprocess).
// - Inputs are evaluated as seen from the token when it arrives (the parent's variables) and
//   become local variables of the activity's execution.
// - Outputs are evaluated as seen from the activity when it completes and are set, from the
//   parent scope, as setVariable does (where defined up the chain, else on the instance).
// - Then the activity's local variables end with it, so inputs never leak to the parent.
// Parameter values: text (a string), ${...} expressions, lists and maps (nested), empty
// (null), scripts (camunda:script, scripts.cpp: their value).
#include "instance_run.h"
#include "scripts.h"
#include "value_conversion.h"

namespace dpc::engine {

namespace {

Result<juel::Value> parameter_value(InstanceRun& run, const bpmn::ParameterValue& p,
                                    const std::string& execution_id) {
  using Kind = bpmn::ParameterValue::Kind;
  switch (p.kind) {
    case Kind::kNull: return juel::Value();
    case Kind::kExpression: return run.evaluate(p.expression, execution_id);
    case Kind::kList: {
      juel::Value::List out;
      for (const auto& item : p.list) {
        auto v = parameter_value(run, item, execution_id);
        if (!v) return v.error();
        out.push_back(std::move(*v));
      }
      return juel::Value(std::move(out));
    }
    case Kind::kMap: {
      juel::Value::Map out;
      for (const auto& [key, item] : p.map) {
        auto v = parameter_value(run, item, execution_id);
        if (!v) return v.error();
        out.insert_or_assign(key, std::move(*v));
      }
      return juel::Value(std::move(out));
    }
    case Kind::kScript: {
      auto v = run_script({&run, execution_id, "", ""}, p.script);
      if (!v) return v.error();
      return to_juel(*v);
    }
  }
  return juel::Value();
}

}  // namespace

Status InstanceRun::apply_input_mappings(const std::string& execution_id, const bpmn::Element& el) {
  // In document order, as in Camunda: a later input sees the earlier ones.
  for (const auto& p : el.input_output.inputs) {
    auto v = parameter_value(*this, p.value, execution_id);
    if (!v) return Error::invalid("input parameter '" + p.name + "' of '" + el.id + "': " + v.error().message);
    set_variable_local(execution_id, p.name, from_juel(*v));
  }
  return {};
}

Status InstanceRun::apply_output_mappings(const std::string& execution_id, const bpmn::Element& el) {
  if (el.input_output.empty()) return {};
  std::vector<std::pair<std::string, TypedValue>> outputs;
  for (const auto& p : el.input_output.outputs) {
    auto v = parameter_value(*this, p.value, execution_id);
    if (!v) return Error::invalid("output parameter '" + p.name + "' of '" + el.id + "': " + v.error().message);
    outputs.emplace_back(p.name, from_juel(*v));
  }
  // The activity's local scope ends, unless a compensation event subprocess may still need it
  // (compensation.cpp).
  if (!compensation_event_subprocess(model(), el)) erase_scope_variables(execution_id);
  std::string parent = execution(execution_id).parent_id;
  for (auto& [name, value] : outputs) set_variable(parent, name, std::move(value));
  return {};
}

void InstanceRun::erase_scope_variables(const std::string& scope_id) {
  std::vector<std::string> ids;
  variables_.for_each([&](const VariableRecord& v) {
    if (v.scope_id == scope_id && v.task_id.empty()) ids.push_back(v.id);
  });
  for (const auto& id : ids) variables_.erase(id);
}

}  // namespace dpc::engine
