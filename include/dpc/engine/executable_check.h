// What of a parsed process this version of the engine cannot run, found at deployment so that
// an instance never stops halfway at an element dpc does not know how to execute.
#pragma once

#include <vector>

#include "dpc/bpmn/definition.h"
#include "dpc/bpmn/problem.h"

namespace dpc::engine {

// Errors: elements that would fail when a token reaches them (element kinds without a
// behaviour, event definitions dpc does not run, event subprocesses), and compensation,
// transaction, link, event-based gateway and conditional events modelled in a way dpc
// cannot run (event_checks.cpp: missing handler association, cancel end event outside a
// transaction, link without its catch event, camunda:variableEvents, ...).
// Warnings: parts that are accepted but do nothing yet (boundary events other than error
// boundaries never fire; listeners and async continuations are ignored).
bpmn::ProblemReport check_executable(const bpmn::ProcessDefinition& process);

}  // namespace dpc::engine
