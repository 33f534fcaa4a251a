// Deploy-time checks of compensation, transaction, link and event-based gateway events
// (event_checks.cpp), called by check_executable.
#pragma once

#include "dpc/bpmn/definition.h"
#include "dpc/bpmn/problem.h"

namespace dpc::engine {

// Appends an error for each such event that dpc cannot run as modelled.
void check_events(const bpmn::ProcessDefinition& process, bpmn::ProblemReport& report);

}  // namespace dpc::engine
