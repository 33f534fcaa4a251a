#include "instance_loader.h"

namespace dpc::engine {

Result<LockedRun> lock_and_load(RuntimeTransaction& tx, ProcessDefinitionSource& definitions,
                                const ClockFn& clock, DecisionSource* decisions,
                                const std::string& instance_id) {
  auto snapshot = tx.lock_instance(instance_id);
  if (!snapshot) return snapshot.error();
  LockedRun out;
  if (!*snapshot) return out;
  const std::string& definition_id = (*snapshot)->instance.definition_id;
  auto process = definitions.cached_process(definition_id);
  if (!process) {
    out.missing_definition = definition_id;
    return out;
  }
  out.run = std::make_unique<InstanceRun>(std::move(process), clock);
  out.run->set_decisions(decisions);
  out.run->load(std::move(**snapshot));
  return out;
}

}  // namespace dpc::engine
