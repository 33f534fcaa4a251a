// lock_and_load: the one way a command opens a running instance. It locks the instance's row
// (RuntimeTransaction::lock_instance, held until the transaction ends), takes the instance's
// definition from the cache and loads the rows into a new InstanceRun. Commands never load a
// definition inside their transaction (they hold one connection): a definition missing from
// the cache is named in `missing_definition`, and the command's runner loads it and runs the
// command again.
#pragma once

#include <memory>
#include <string>

#include "dpc/core/result.h"
#include "dpc/engine/decision_source.h"
#include "dpc/engine/runtime_service.h"
#include "instance_run.h"

namespace dpc::engine {

struct LockedRun {
  std::unique_ptr<InstanceRun> run;  // null when the instance is gone or its definition is missing
  std::string missing_definition;    // set when the definition is not in the cache
  // The answer a command gives for a missing definition (kUnavailable; the runner loads it).
  Error missing() const {
    return Error::unavailable("process definition " + missing_definition + " is not loaded yet");
  }
};

Result<LockedRun> lock_and_load(RuntimeTransaction& tx, ProcessDefinitionSource& definitions,
                                const ClockFn& clock, DecisionSource* decisions,
                                const std::string& instance_id);

}  // namespace dpc::engine
