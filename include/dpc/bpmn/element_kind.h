// The kinds of flow elements the engine executes, and the kinds of event definitions.
// Names are the BPMN 2.0 tag names ("userTask"), which Camunda also uses as activity types
// in its REST API. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace dpc::bpmn {

enum class ElementKind {
  kStartEvent,
  kEndEvent,
  kIntermediateCatchEvent,
  kIntermediateThrowEvent,
  kBoundaryEvent,
  kTask,
  kUserTask,
  kServiceTask,
  kSendTask,
  kReceiveTask,
  kScriptTask,
  kBusinessRuleTask,
  kManualTask,
  kCallActivity,
  kSubProcess,   // embedded, or an event subprocess when triggered_by_event
  kTransaction,
  kExclusiveGateway,
  kInclusiveGateway,
  kParallelGateway,
  kEventBasedGateway,
};

enum class EventKind {
  kNone,
  kMessage,
  kTimer,
  kSignal,
  kError,
  kEscalation,
  kConditional,
  kLink,
  kTerminate,
  kCompensate,
  kCancel,
};

std::string_view to_string(ElementKind kind);
std::string_view to_string(EventKind kind);

// The executable kind for a BPMN tag's local name; nullopt for anything else (including tags
// BPMN defines that dpc does not execute, such as complexGateway).
std::optional<ElementKind> element_kind_from_tag(std::string_view local_name);
// "messageEventDefinition" → kMessage; nullopt for unknown tags.
std::optional<EventKind> event_kind_from_tag(std::string_view local_name);

bool is_event(ElementKind kind);
bool is_gateway(ElementKind kind);
// Tasks, call activities and subprocesses: the elements that can carry boundary events,
// multi-instance markers and input/output mappings.
bool is_activity(ElementKind kind);
bool is_scope(ElementKind kind);  // subProcess, transaction

}  // namespace dpc::bpmn
