// Deploy-time checks of scripts and listeners (called by check_executable): every script
// (script tasks, camunda:script parameters, script conditions, script listeners) must be in a
// language dpc runs and must compile; listeners dpc cannot run are accepted with a warning.
#include "script_check.h"

#include "scripts.h"

namespace dpc::engine {

namespace {

using bpmn::Listener;

bpmn::Problem problem(const std::string& id, const bpmn::Position& at, std::string message) {
  return bpmn::element_problem(id, at.line, at.column, std::move(message));
}

void check_parameter(const bpmn::ParameterValue& v, const std::string& what, std::vector<std::string>& errors) {
  using Kind = bpmn::ParameterValue::Kind;
  if (v.kind == Kind::kScript) {
    if (auto why = check_script(v.script, what); !why.empty()) errors.push_back(why);
  }
  for (const auto& item : v.list) check_parameter(item, what, errors);
  for (const auto& [key, item] : v.map) check_parameter(item, what, errors);
}

bool known_event(const Listener& l, bool task) {
  if (task) {
    return l.event == "create" || l.event == "assignment" || l.event == "complete" || l.event == "delete" ||
           l.event == "update" || l.event == "timeout";
  }
  return l.event == "start" || l.event == "end" || l.event == "take";
}

// Errors and warnings for the listeners of one owner.
void check_listeners(const std::vector<Listener>& listeners, bool task, const std::string& owner,
                     std::vector<std::string>& errors, std::vector<std::string>& warnings) {
  const std::string kind = task ? "task listener" : "execution listener";
  for (const Listener& l : listeners) {
    const std::string what = kind + " '" + l.event + "' of " + owner;
    if (!known_event(l, task)) {
      errors.push_back(what + ": unknown event '" + l.event + "'");
      continue;
    }
    if (l.implementation == Listener::Implementation::kClass ||
        l.implementation == Listener::Implementation::kDelegateExpression) {
      // Java code cannot run in dpc; accepted so that Camunda models deploy, as before.
      warnings.push_back(what + " (" + (l.class_name.empty() ? l.expression.source() : l.class_name) +
                         ") is a Java delegate and is ignored");
      continue;
    }
    if (l.implementation == Listener::Implementation::kScript) {
      if (auto why = check_script(l.script, what); !why.empty()) errors.push_back(why);
    }
    if (task && l.event == "timeout" && !task_timeout_supported(l)) {
      warnings.push_back(what + " never fires in this version of dpc");
    } else if (task && l.event == "update") {
      // Fired by assignee changes over REST (task_assignment.cpp); dpc has no other task updates.
      warnings.push_back(what + " fires on assignee changes (claim, unclaim, assignee) only in this version of dpc");
    }
  }
}

std::string describe(const bpmn::Element& e) { return std::string(bpmn::to_string(e.kind)) + " '" + e.id + "'"; }

}  // namespace

void check_scripts(const bpmn::ProcessDefinition& process, bpmn::ProblemReport& report) {
  auto add = [&](const std::string& id, const bpmn::Position& at, std::vector<std::string>& errors,
                 std::vector<std::string>& warnings) {
    for (auto& m : errors) report.errors.push_back(problem(id, at, std::move(m)));
    for (auto& m : warnings) report.warnings.push_back(problem(id, at, std::move(m)));
  };
  {
    std::vector<std::string> errors, warnings;
    check_listeners(process.execution_listeners, false, "process '" + process.id + "'", errors, warnings);
    add(process.id, process.position, errors, warnings);
  }
  for (const bpmn::Element& e : process.elements) {
    std::vector<std::string> errors, warnings;
    const std::string owner = describe(e);
    if (e.script) {
      if (auto why = check_script(e.script->script, owner); !why.empty()) errors.push_back(why);
    }
    for (const auto* params : {&e.input_output.inputs, &e.input_output.outputs}) {
      for (const auto& p : *params) check_parameter(p.value, "parameter '" + p.name + "' of " + owner, errors);
    }
    check_listeners(e.execution_listeners, false, owner, errors, warnings);
    if (e.user_task) check_listeners(e.user_task->task_listeners, true, owner, errors, warnings);
    add(e.id, e.position, errors, warnings);
  }
  for (const bpmn::SequenceFlow& f : process.flows) {
    std::vector<std::string> errors, warnings;
    const std::string owner = "sequence flow '" + f.id + "'";
    if (f.condition && f.condition->type == bpmn::Condition::Type::kScript) {
      if (auto why = check_script(f.condition->script, "the condition of " + owner); !why.empty()) {
        errors.push_back(why);
      }
    }
    check_listeners(f.listeners, false, owner, errors, warnings);
    add(f.id, f.position, errors, warnings);
  }
}

}  // namespace dpc::engine
