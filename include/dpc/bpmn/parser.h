// parse_bpmn: BPMN 2.0 XML (as Camunda Modeler saves it) → validated, immutable Definitions.
//
// Contract
// - Accepts the BPMN model namespace under any prefix (or none), and Camunda extensions in
//   http://camunda.org/schema/1.0/bpmn or the legacy http://activiti.org/bpmn.
// - Only processes with isExecutable="true" (or no isExecutable, with a warning) become
//   ProcessDefinitions; non-executable processes, collaborations, lanes, data objects/stores,
//   annotations, groups and diagram interchange are skipped.
// - Errors (each with line, column and element ids, see problem.h): malformed XML, not a
//   BPMN document, duplicate ids, no start event, sequence flows whose source or target is
//   missing, exclusive/inclusive gateway splits with an outgoing flow that has neither a
//   condition nor is the default, unknown default flows, element kinds dpc does not execute
//   (complexGateway, adHocSubProcess, standard loops, multiple event definitions, event
//   definitions in a position BPMN/Camunda does not allow), missing mandatory attributes
//   (external task topic, service task implementation, decisionRef, calledElement, timer
//   value, multi-instance cardinality/collection), references to unknown messages, signals,
//   errors, escalations or boundary hosts, elements unreachable from any start event, and
//   expressions that do not parse.
// - Warnings: missing isExecutable, missing historyTimeToLive, no executable process,
//   ignored unknown elements in foreign namespaces.
// - The result holds the definitions only when there are no errors; warnings never fail.
// - Pure function of its input; thread-safe.
#pragma once

#include <memory>
#include <string_view>

#include "dpc/bpmn/definition.h"
#include "dpc/bpmn/problem.h"

namespace dpc::bpmn {

struct ParseResult {
  std::shared_ptr<const Definitions> definitions;  // null when report.errors is not empty
  ProblemReport report;
  bool ok() const { return definitions != nullptr; }
};

ParseResult parse_bpmn(std::string_view xml);

}  // namespace dpc::bpmn
