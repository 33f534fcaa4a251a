// Script languages, deploy-time checks, script runs, script conditions and the script task.
#include "scripts.h"

#include "dpc/core/strings.h"
#include "dpc/feel/feel.h"
#include "element_behavior.h"
#include "javascript.h"
#include "value_conversion.h"

namespace dpc::engine {

Result<TypedValue> run_javascript(const DelegateScope& scope, const std::string& source);  // delegates.cpp

namespace {

enum class Language { kJavaScript, kFeel, kJuel, kOther };

Language language_of(const std::string& format) {
  std::string f = to_lower(trim(format));
  // Camunda 7 asks the JSR-223 manager for an engine by this name; Nashorn and GraalJS answer
  // to these (case aside), and a model may name either engine itself.
  for (const char* js : {"javascript", "ecmascript", "js", "application/javascript", "text/javascript",
                         "application/ecmascript", "text/ecmascript", "nashorn", "graal.js", "graal-js",
                         "graaljs"}) {
    if (f == js) return Language::kJavaScript;
  }
  if (f == "feel") return Language::kFeel;
  if (f == "juel") return Language::kJuel;  // Camunda ships a JUEL script engine too
  return Language::kOther;
}

}  // namespace

std::string check_script(const bpmn::Script& script, const std::string& what) {
  if (!script.resource.empty()) {
    return "script resource '" + script.resource + "' of " + what +
           " cannot be executed by this version of dpc yet (write the script inline)";
  }
  switch (language_of(script.format)) {
    case Language::kJavaScript: {
      auto p = js::compile(script.text);
      return p ? "" : "script of " + what + " does not compile: " + p.error().message;
    }
    case Language::kFeel: {
      auto e = feel::Expression::compile(script.text);
      return e ? "" : "FEEL script of " + what + " does not parse: " + e.error().message;
    }
    case Language::kJuel: {
      auto e = juel::Expression::compile(script.text);
      return e ? "" : "JUEL script of " + what + " does not parse: " + e.error().message;
    }
    case Language::kOther: break;
  }
  return "script format '" + script.format + "' of " + what +
         " is not supported: dpc runs javascript (also named ecmascript, js, nashorn or graal.js, in any case), feel and juel scripts";
}

Result<TypedValue> run_script(const DelegateScope& scope, const bpmn::Script& script) {
  switch (language_of(script.format)) {
    case Language::kJavaScript: return run_javascript(scope, script.text);
    case Language::kFeel: {
      VariableMap vars = scope.run->visible_variables(scope.execution_id);
      if (!scope.task_id.empty()) {
        for (auto& [name, value] : scope.run->local_variables(scope.execution_id, scope.task_id)) {
          vars[name] = value;
        }
      }
      auto v = evaluate_feel(script.text, vars);
      if (!v) return v.error();
      return from_juel(*v);
    }
    case Language::kJuel: {
      auto e = juel::Expression::compile(script.text);
      if (!e) return e.error();
      auto v = evaluate_with_delegates(scope, *e);
      if (!v) return v.error();
      return from_juel(*v);
    }
    case Language::kOther: break;
  }
  // Refused at deployment (check_script); reached only by a model deployed before that check.
  return Error::invalid("script format '" + script.format + "' is not supported", "ScriptEvaluationException");
}

Result<juel::Value> evaluate_condition(InstanceRun& run, const bpmn::Condition& condition,
                                       const std::string& execution_id) {
  if (condition.type == bpmn::Condition::Type::kExpression) {
    return run.evaluate(condition.expression, execution_id);
  }
  auto v = run_script({&run, execution_id, "", ""}, condition.script);
  if (!v) return Error::invalid("Unable to evaluate condition script: " + v.error().message, "ScriptEvaluationException");
  return to_juel(*v);
}

Status script_task(InstanceRun& run, const std::string& id, const bpmn::Element& el) {
  const bpmn::ScriptConfig& cfg = *el.script;
  auto result = run_script({&run, id, "", ""}, cfg.script);
  if (!result) {
    return Error::invalid("Unable to evaluate script while executing activity '" + el.id +
                              "' in the process definition with id '" + run.process().id + "': " +
                              result.error().message,
                          "ScriptEvaluationException");
  }
  if (!cfg.result_variable.empty()) run.set_variable(id, cfg.result_variable, std::move(*result));
  return run.complete_element(id);
}

}  // namespace dpc::engine
