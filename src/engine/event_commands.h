// Shared steps of the commands that deliver messages and signals across instances
// (message_correlation.cpp, signal_broadcast.cpp): locking several instances in one
// transaction, finding the start events of the latest definitions, and writing back.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dpc/engine/runtime_service.h"
#include "instance_run.h"

namespace dpc::engine {

// The instances one command runs, locked in the order they were added (callers lock in
// ascending id order, so concurrent commands cannot deadlock). Definitions missing from the
// cache are collected in `missing` (the caller loads them all and runs the command again).
class EventCommand {
 public:
  EventCommand(RuntimeTransaction& tx, ProcessDefinitionSource& defs,
               const RuntimeService::Clock& clock, RuntimeService::CommandState* state)
      : tx_(tx), defs_(defs), clock_(clock), state_(state) {}

  // Locks and loads an instance; nullptr (and ok) when it is gone or its definition is
  // missing (see missing()).
  Result<InstanceRun*> lock(const std::string& instance_id);
  // A new instance of `process`, to be started by the caller.
  InstanceRun& create(std::shared_ptr<const DeployedProcess> process, const std::string& business_key);

  struct StartTarget {
    std::shared_ptr<const DeployedProcess> process;
    bpmn::ElementIndex start_event = bpmn::kNone;
  };
  // The process-level start events of `kind` named `name` in the latest definitions.
  Result<std::vector<StartTarget>> start_targets(bpmn::EventKind kind, const std::string& name);

  // Writes the changes of every run (with the command state's bookkeeping).
  Status write_all();

  const std::vector<std::string>& missing() const { return missing_; }
  Status missing_error() const {
    return Error::unavailable("process definitions are not loaded yet");
  }

 private:
  RuntimeTransaction& tx_;
  ProcessDefinitionSource& defs_;
  const RuntimeService::Clock& clock_;
  RuntimeService::CommandState* state_;
  std::vector<std::unique_ptr<InstanceRun>> runs_;
  std::vector<std::string> missing_;
};

// Runs `attempt` (a whole command) until no definition is missing, loading the missing
// ones between attempts while holding no connection.
template <typename Attempt>
Status with_definitions_loaded(ProcessDefinitionSource& defs, std::vector<std::string>& missing,
                               Attempt&& attempt) {
  for (int round = 0;; ++round) {
    missing.clear();
    Status st = attempt();
    if (st || missing.empty() || round >= 4) return st;
    for (const auto& id : missing) {
      auto loaded = defs.process_by_id(id);
      if (!loaded) return loaded.error();
    }
  }
}

}  // namespace dpc::engine
