// Camunda extension settings shared by many element kinds: async continuations, input/output
// mappings, listeners, field injections, properties, scripts. Plain immutable data produced by
// the parser; every expression in here is already compiled (juel::Expression).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dpc/juel/expression.h"

namespace dpc::bpmn {

// An inline script or a reference to a script resource (`camunda:resource`).
struct Script {
  std::string format;    // scriptFormat / language, e.g. "javascript", "groovy"
  std::string text;      // inline source; empty when resource is set
  std::string resource;  // e.g. "deployment://calc.js"
};

// camunda:asyncBefore / asyncAfter / async (legacy alias of asyncBefore) / exclusive /
// jobPriority / failedJobRetryTimeCycle.
struct AsyncConfig {
  bool before = false;
  bool after = false;
  bool exclusive = true;
  std::optional<juel::Expression> job_priority;
  std::string failed_job_retry_time_cycle;  // e.g. "R5/PT5M"; empty = engine default (3 retries)
};

// camunda:field: `stringValue`/<camunda:string> is a literal, `expression`/<camunda:expression> is an expression.
struct FieldInjection {
  std::string name;
  juel::Expression value;
};

// camunda:executionListener / camunda:taskListener.
struct Listener {
  enum class Implementation { kClass, kExpression, kDelegateExpression, kScript };
  std::string event;  // start | end | take | create | assignment | update | complete | delete | timeout
  Implementation implementation = Implementation::kClass;
  std::string class_name;
  juel::Expression expression;  // kExpression, kDelegateExpression
  Script script;                // kScript
  std::vector<FieldInjection> fields;
  std::string id;               // task listeners (required for timeout listeners)
  std::string timeout_timer;    // timeout task listeners: "duration:PT1H", "date:...", "cycle:..."
};

// The value of a camunda:inputParameter / outputParameter: null (empty element), text or an
// expression, a list, a map, or a script.
struct ParameterValue {
  enum class Kind { kNull, kExpression, kList, kMap, kScript };
  Kind kind = Kind::kNull;
  juel::Expression expression;
  std::vector<ParameterValue> list;
  std::vector<std::pair<std::string, ParameterValue>> map;  // in document order
  Script script;
};

struct IoParameter {
  std::string name;
  ParameterValue value;
};

struct InputOutput {
  std::vector<IoParameter> inputs;
  std::vector<IoParameter> outputs;
  bool empty() const { return inputs.empty() && outputs.empty(); }
};

struct Property {
  std::string name;
  std::string value;
};

}  // namespace dpc::bpmn
