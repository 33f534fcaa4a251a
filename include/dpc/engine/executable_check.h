// What of a parsed process this version of the engine cannot run, found at deployment so that
// an instance never stops halfway at an element dpc does not know how to execute.
#pragma once

#include <vector>

#include "dpc/bpmn/definition.h"
#include "dpc/bpmn/problem.h"

namespace dpc::engine {

// Errors: elements that would fail when a token reaches them (element kinds without a
// behaviour, event definitions the engine does not run, a non-interrupting error catch), and
// compensation, transaction, link, event-based gateway and conditional events modelled in a
// way dpc cannot run (event_checks.cpp: missing handler association, cancel end event outside
// a transaction, link without its catch event, camunda:variableEvents, ...).
// Scripts (script tasks, conditions, parameters, listeners) must be javascript, feel or juel
// and compile (script_check.cpp). Warnings: parts that are accepted but do nothing yet (some
// boundary events never fire; class/delegateExpression listeners are Java and are ignored).
bpmn::ProblemReport check_executable(const bpmn::ProcessDefinition& process);

}  // namespace dpc::engine
