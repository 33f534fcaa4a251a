// Deploy-time checks of scripts and listeners (script_check.cpp), part of check_executable.
#pragma once

#include "dpc/bpmn/definition.h"
#include "dpc/bpmn/problem.h"

namespace dpc::engine {

// Adds an error for every script dpc cannot run (unsupported format, resource, syntax error,
// naming the element id) and a warning for every listener it accepts but does not run.
void check_scripts(const bpmn::ProcessDefinition& process, bpmn::ProblemReport& report);

}  // namespace dpc::engine
