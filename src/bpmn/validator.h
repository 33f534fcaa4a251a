// Internal: graph-level rules of one built process (start events, gateway splits, event-based
// gateway targets, flows into start / out of end events, reachability). Records errors and
// warnings in the context; never changes the definition.
#pragma once

#include "dpc/bpmn/definition.h"
#include "parse_context.h"

namespace dpc::bpmn::detail {

void validate_process(ParseContext& ctx, const ProcessDefinition& def);

}  // namespace dpc::bpmn::detail
