// Timer start events (timer_start.cpp): a deployment gives the new latest version of a process
// one job per timer start event (replacing the previous version's); firing one starts an
// instance at that event and, for a timeCycle, schedules the next firing. A start-timer job
// belongs to no instance (process_instance_id is empty).
#pragma once

#include <vector>

#include "dpc/bpmn/definition.h"
#include "dpc/core/result.h"
#include "dpc/engine/jobs.h"
#include "dpc/engine/repository.h"

namespace dpc::engine {

// The jobs of the process-level timer start events of `model`, deployed as `def` at `now`.
// Their timer definitions must be literal (executable_check rejects expressions).
Result<std::vector<JobRecord>> start_timer_jobs(const bpmn::ProcessDefinition& model,
                                                const ProcessDefinitionRecord& def, Millis now);

// The job after `fired` of a timeCycle start timer, if its cycle goes on.
Result<std::optional<JobRecord>> next_start_timer(const JobRecord& fired, Millis now);

}  // namespace dpc::engine
