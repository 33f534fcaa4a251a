#include "dpc/bpmn/element_kind.h"

#include <array>
#include <utility>

namespace dpc::bpmn {
namespace {

constexpr std::array<std::pair<ElementKind, std::string_view>, 20> kElementNames{{
    {ElementKind::kStartEvent, "startEvent"},
    {ElementKind::kEndEvent, "endEvent"},
    {ElementKind::kIntermediateCatchEvent, "intermediateCatchEvent"},
    {ElementKind::kIntermediateThrowEvent, "intermediateThrowEvent"},
    {ElementKind::kBoundaryEvent, "boundaryEvent"},
    {ElementKind::kTask, "task"},
    {ElementKind::kUserTask, "userTask"},
    {ElementKind::kServiceTask, "serviceTask"},
    {ElementKind::kSendTask, "sendTask"},
    {ElementKind::kReceiveTask, "receiveTask"},
    {ElementKind::kScriptTask, "scriptTask"},
    {ElementKind::kBusinessRuleTask, "businessRuleTask"},
    {ElementKind::kManualTask, "manualTask"},
    {ElementKind::kCallActivity, "callActivity"},
    {ElementKind::kSubProcess, "subProcess"},
    {ElementKind::kTransaction, "transaction"},
    {ElementKind::kExclusiveGateway, "exclusiveGateway"},
    {ElementKind::kInclusiveGateway, "inclusiveGateway"},
    {ElementKind::kParallelGateway, "parallelGateway"},
    {ElementKind::kEventBasedGateway, "eventBasedGateway"},
}};

constexpr std::array<std::pair<EventKind, std::string_view>, 11> kEventNames{{
    {EventKind::kNone, "none"},
    {EventKind::kMessage, "message"},
    {EventKind::kTimer, "timer"},
    {EventKind::kSignal, "signal"},
    {EventKind::kError, "error"},
    {EventKind::kEscalation, "escalation"},
    {EventKind::kConditional, "conditional"},
    {EventKind::kLink, "link"},
    {EventKind::kTerminate, "terminate"},
    {EventKind::kCompensate, "compensate"},
    {EventKind::kCancel, "cancel"},
}};

}  // namespace

std::string_view to_string(ElementKind kind) {
  for (const auto& [k, n] : kElementNames) {
    if (k == kind) return n;
  }
  return "?";
}

std::string_view to_string(EventKind kind) {
  for (const auto& [k, n] : kEventNames) {
    if (k == kind) return n;
  }
  return "?";
}

std::optional<ElementKind> element_kind_from_tag(std::string_view name) {
  for (const auto& [k, n] : kElementNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

std::optional<EventKind> event_kind_from_tag(std::string_view name) {
  constexpr std::string_view kSuffix = "EventDefinition";
  if (!name.ends_with(kSuffix)) return std::nullopt;
  const std::string_view base = name.substr(0, name.size() - kSuffix.size());
  for (const auto& [k, n] : kEventNames) {
    if (k != EventKind::kNone && n == base) return k;
  }
  return std::nullopt;
}

bool is_event(ElementKind k) {
  return k == ElementKind::kStartEvent || k == ElementKind::kEndEvent || k == ElementKind::kIntermediateCatchEvent ||
         k == ElementKind::kIntermediateThrowEvent || k == ElementKind::kBoundaryEvent;
}

bool is_gateway(ElementKind k) {
  return k == ElementKind::kExclusiveGateway || k == ElementKind::kInclusiveGateway ||
         k == ElementKind::kParallelGateway || k == ElementKind::kEventBasedGateway;
}

bool is_activity(ElementKind k) { return !is_event(k) && !is_gateway(k); }

bool is_scope(ElementKind k) { return k == ElementKind::kSubProcess || k == ElementKind::kTransaction; }

}  // namespace dpc::bpmn
