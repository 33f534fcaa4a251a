// Scripts (script tasks, script conditions, script input/output parameters, script listeners)
// and the `execution` / `task` objects that scripts and listener expressions see: Camunda's
// DelegateExecution and DelegateTask on top of an InstanceRun.
//
// Languages: scriptFormat/language "javascript", "ecmascript", "js", "nashorn" or "graal.js",
// in any case, as Camunda 7's script engines answer to them (Duktape, javascript.h);
// "feel" (an expression over the visible variables, as Camunda's FEEL script engine) and
// "juel" (a `${...}` expression with `execution` and `task`, as Camunda's JUEL script engine).
// Anything else (groovy, python, ruby, ...) and script resources (camunda:resource) are
// refused at deployment (check_script), so a token never meets a script it cannot run.
//
// Errors: a script that throws, runs out of time or memory fails the command with the
// script's message (kInvalidArgument, type ScriptEvaluationException); nothing is stored.
#pragma once

#include <string>
#include <vector>

#include "dpc/bpmn/camunda_extensions.h"
#include "dpc/bpmn/definition.h"
#include "dpc/core/result.h"
#include "dpc/core/typed_value.h"
#include "dpc/juel/expression.h"
#include "instance_run.h"

namespace dpc::engine {

// Where a script or listener runs: the token, the user task (listeners of user tasks) and
// the listener event.
struct DelegateScope {
  InstanceRun* run = nullptr;
  std::string execution_id;
  std::string task_id;  // empty: no `task`
  std::string event;    // "start", "end", "take", "create", ...; empty outside listeners
};

// Why `script` cannot run ("" when it can): an unsupported format, a resource, or a syntax
// error (compiling fills the cache the runs use). `what` names the owner in the message.
std::string check_script(const bpmn::Script& script, const std::string& what);

// Runs a script: the variables visible from the scope are globals by name, with `execution`
// (and `task`) beside them. The result is the script's value (JavaScript: its completion
// value; FEEL: the expression's value).
Result<TypedValue> run_script(const DelegateScope& scope, const bpmn::Script& script);

// A sequence-flow condition of either type (JUEL/FEEL expression or script), as a value the
// caller checks to be a boolean.
Result<juel::Value> evaluate_condition(InstanceRun& run, const bpmn::Condition& condition,
                                       const std::string& execution_id);

// A listener's `${...}` expression with `execution` and `task` able to change variables and
// the task (execution.setVariable(...), task.setAssignee(...)).
Result<juel::Value> evaluate_with_delegates(const DelegateScope& scope, const juel::Expression& e);

}  // namespace dpc::engine

namespace dpc::engine {

// Listeners (listeners.cpp). Expression and script listeners run; class and delegateExpression
// ones are Java code and are skipped (deployment warned about them). An error of a listener
// fails the command, as an exception of a Camunda listener does.
// `owner` names the listeners' element, flow or process in error messages.
Status fire_execution_listeners(InstanceRun& run, const std::string& execution_id,
                                const std::vector<bpmn::Listener>& listeners, const std::string& event,
                                const std::string& owner);
// The task listeners of the user task `task_id` for `event` (create, assignment, complete,
// delete, timeout); `listener_id` non-empty: only the listener with that id.
Status fire_task_listeners(InstanceRun& run, const std::string& task_id, const std::string& event,
                           const std::string& listener_id = "");
// Timeout listeners that have a timer dpc schedules (timeDuration, timeDate).
bool task_timeout_supported(const bpmn::Listener& l);
// A user task was created: `assignment` (when it has an assignee) and then `create`, as Camunda
// orders them; `assignment` again when a create listener assigned it.
Status fire_task_created(InstanceRun& run, const std::string& task_id);

}  // namespace dpc::engine
