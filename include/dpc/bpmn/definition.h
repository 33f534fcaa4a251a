// Typed, validated, immutable process definitions: what the engine executes.
//
// Contract
// - Produced only by parse_bpmn() (parser.h) and handed out as shared_ptr<const ...>: nothing
//   changes after parsing, so one definition can be shared by every thread and instance.
// - Elements and sequence flows live in vectors and refer to each other by index
//   (ElementIndex, FlowIndex), so the engine can walk the graph without string lookups;
//   find()/find_flow() map ids to entries.
// - Elements of embedded subprocesses are in the same vector; `parent` names their scope.
// - Everything the engine needs from Camunda's extension attributes is here, already
//   compiled (juel::Expression). Diagram interchange, lanes, collaborations, data objects and
//   annotations are not represented.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dpc/bpmn/activity_config.h"
#include "dpc/bpmn/camunda_extensions.h"
#include "dpc/bpmn/element_kind.h"
#include "dpc/bpmn/event_definition.h"
#include "dpc/juel/expression.h"

namespace dpc::bpmn {

using ElementIndex = std::uint32_t;
using FlowIndex = std::uint32_t;
inline constexpr std::uint32_t kNone = UINT32_MAX;

struct Position {
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based, of the start tag's '<'
};

struct Condition {
  enum class Type { kExpression, kScript };
  Type type = Type::kExpression;
  juel::Expression expression;  // kExpression (JUEL or, with a leading '=', FEEL)
  Script script;                // kScript: language="javascript" etc.
};

struct SequenceFlow {
  std::string id;
  std::string name;
  ElementIndex source = kNone;
  ElementIndex target = kNone;
  std::optional<Condition> condition;
  bool is_default = false;  // the `default` flow of its source
  std::vector<Listener> listeners;  // execution listeners on `take`
  Position position;
};

struct Element {
  std::string id;
  std::string name;
  std::string documentation;
  ElementKind kind = ElementKind::kTask;
  ElementIndex index = kNone;
  ElementIndex parent = kNone;  // enclosing subprocess; kNone = the process itself
  Position position;
  std::vector<FlowIndex> incoming;
  std::vector<FlowIndex> outgoing;
  FlowIndex default_flow = kNone;  // gateways and activities with a `default` attribute

  // Events: the definition (kind kNone for none events). Boundary events: what they attach to.
  EventDefinition event;
  ElementIndex attached_to = kNone;
  std::string initiator;                  // none start events: camunda:initiator (variable name)
  std::optional<StartFormConfig> start_form;  // process-level start events with a form
  bool cancel_activity = true;            // boundary events (cancelActivity), and
                                          // event-subprocess start events (isInterrupting)
  std::vector<ElementIndex> boundary_events;  // activities: attached boundary events
  // Compensation boundary events: the handler (isForCompensation) their association names.
  ElementIndex compensation_handler = kNone;

  // Scopes (subProcess, transaction).
  bool triggered_by_event = false;        // event subprocess
  std::vector<ElementIndex> children;     // direct children, document order

  // Activities.
  bool is_for_compensation = false;
  std::optional<UserTaskConfig> user_task;
  std::optional<ServiceConfig> service;   // service/send/business rule tasks, message throws
  std::optional<ScriptConfig> script;
  std::optional<CallActivityConfig> call_activity;
  std::string message_ref;                // receive task: the message id
  juel::Expression message_name;          // receive task: the resolved message name
  std::optional<MultiInstanceConfig> multi_instance;

  // Any flow node.
  AsyncConfig async;
  InputOutput input_output;
  std::vector<Listener> execution_listeners;
  std::vector<Property> properties;
};

struct ProcessDefinition {
  std::string id;  // the process key
  std::string name;
  std::string version_tag;
  std::optional<int> history_time_to_live_days;
  bool executable = true;
  bool startable_in_tasklist = true;
  std::string candidate_starter_users;
  std::string candidate_starter_groups;
  std::optional<juel::Expression> job_priority;
  std::optional<juel::Expression> task_priority;
  std::string documentation;
  Position position;
  std::vector<Listener> execution_listeners;
  std::vector<Property> properties;

  std::vector<Element> elements;
  std::vector<SequenceFlow> flows;
  // Start events of the process level (not of subprocesses or event subprocesses).
  std::vector<ElementIndex> start_events;
  // The none start event the engine starts an instance at; kNone when there is none.
  ElementIndex initial = kNone;
  std::unordered_map<std::string, ElementIndex> element_index;
  std::unordered_map<std::string, FlowIndex> flow_index;

  const Element* find(std::string_view element_id) const;
  const SequenceFlow* find_flow(std::string_view flow_id) const;
};

// Root-level elements shared by the processes of one file.
struct MessageDefinition {
  std::string id;
  juel::Expression name;
};
struct SignalDefinition {
  std::string id;
  juel::Expression name;
};
struct ErrorDefinition {
  std::string id, name, code, message;
};
struct EscalationDefinition {
  std::string id, name, code;
};

// One parsed BPMN file.
struct Definitions {
  std::string id;
  std::string target_namespace;
  std::vector<std::shared_ptr<const ProcessDefinition>> processes;  // executable ones only
  std::vector<MessageDefinition> messages;
  std::vector<SignalDefinition> signals;
  std::vector<ErrorDefinition> errors;
  std::vector<EscalationDefinition> escalations;

  std::shared_ptr<const ProcessDefinition> find_process(std::string_view id) const;
};

}  // namespace dpc::bpmn
