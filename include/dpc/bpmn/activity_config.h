// Per-kind settings of activities: user tasks, service-like tasks (service, send, business
// rule, intermediate/end message events), script tasks, call activities, multi-instance.
// Plain immutable data; expressions are compiled.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dpc/bpmn/camunda_extensions.h"
#include "dpc/bpmn/form_config.h"
#include "dpc/juel/expression.h"

namespace dpc::bpmn {

struct UserTaskConfig {
  juel::Expression name;              // the task's name; may hold ${...} as in Camunda
  juel::Expression assignee;
  juel::Expression candidate_users;   // csv, or an expression giving a String or a list
  juel::Expression candidate_groups;  // idem
  juel::Expression due_date;
  juel::Expression follow_up_date;
  juel::Expression priority;
  juel::Expression form_key;
  juel::Expression form_ref;          // Camunda Forms: camunda:formRef
  std::string form_ref_binding;       // latest (default) | deployment | version
  std::string form_ref_version;
  std::optional<FormData> form_data;  // camunda:formData (a generated form)
  std::vector<Listener> task_listeners;
};

// camunda:errorEventDefinition on external tasks: raise the error when the expression holds.
struct ExternalErrorMapping {
  std::string id;
  std::string error_ref;
  std::string error_code;  // resolved from error_ref
  juel::Expression expression;
};

// How a service task, send task, business rule task or message throw/end event is implemented.
struct ServiceConfig {
  enum class Implementation {
    kNone,                // only valid for message throw events (they then do nothing)
    kClass,               // camunda:class (dpc runs it as an external task, topic = class name)
    kDelegateExpression,  // camunda:delegateExpression (idem, topic = the expression text)
    kExpression,          // camunda:expression (+ resultVariable), evaluated by the engine
    kExternal,            // camunda:type="external" + camunda:topic
    kConnector,           // camunda:connector
    kDecision,            // business rule task with camunda:decisionRef
  };
  Implementation implementation = Implementation::kNone;
  std::string class_name;
  juel::Expression expression;  // kExpression, kDelegateExpression
  juel::Expression topic;       // kExternal
  std::optional<juel::Expression> task_priority;  // camunda:taskPriority (external tasks)
  std::string connector_id;
  InputOutput connector_io;
  std::vector<FieldInjection> fields;
  std::vector<ExternalErrorMapping> error_mappings;
  std::string result_variable;
  // kDecision.
  juel::Expression decision_ref;
  std::string decision_ref_binding;  // latest (default) | deployment | version | versionTag
  juel::Expression decision_ref_version;
  std::string decision_ref_version_tag;
  std::string decision_ref_tenant_id;
  std::string map_decision_result = "resultList";  // singleEntry | singleResult | collectEntries | resultList
};

struct ScriptConfig {
  Script script;
  std::string result_variable;
};

// camunda:in / camunda:out of a call activity.
struct VariableMapping {
  std::string source;
  std::optional<juel::Expression> source_expression;
  std::string target;
  bool all = false;           // variables="all"
  bool local = false;
  std::optional<juel::Expression> business_key;  // <camunda:in businessKey="${...}"/>
};

struct CallActivityConfig {
  juel::Expression called_element;
  std::string binding = "latest";  // latest | deployment | version | versionTag
  juel::Expression version;
  std::string version_tag;
  std::string tenant_id;
  std::string case_ref;            // CMMN: parsed, not executable
  std::vector<VariableMapping> inputs;
  std::vector<VariableMapping> outputs;
};

struct MultiInstanceConfig {
  bool sequential = false;
  std::optional<juel::Expression> cardinality;     // loopCardinality
  std::optional<juel::Expression> collection;      // camunda:collection or loopDataInputRef
  std::string element_variable;                    // camunda:elementVariable / inputDataItem name
  std::optional<juel::Expression> completion_condition;
  AsyncConfig async;                               // on the multi-instance body
};

}  // namespace dpc::bpmn
