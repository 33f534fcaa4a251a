// CallActivityStore: a RuntimeStore decorator that carries call activities across process
// instances inside the command's one transaction. Every command that writes a ChangeSet
// through it gets, right after that write:
// - each CallRequest started as a new process instance (its row names the caller), run
//   until it rests, and written (recursively, so a called instance may call again);
// - each canceled call activity's called instance locked, canceled and written (so deleting
//   or interrupting the caller cancels the whole chain below it);
// - for a called instance that completed: its caller locked (lock order child, then
//   parent; a caller only waits), camunda:out applied and the caller moved on and written
//   (recursively up the chain).
// Definitions come only from caches (ProcessDefinitionSource::cached_process and
// cached_called_process; decisions likewise): a miss rolls the command back, loads what was
// missing holding no connection, and runs the command again.
//
// Thread-safe as the inner store is; one transaction per thread.
#pragma once

#include <functional>

#include "dpc/engine/decision_source.h"
#include "dpc/engine/runtime_service.h"
#include "dpc/engine/runtime_store.h"

namespace dpc::engine {

class CallActivityStore : public RuntimeStore {
 public:
  using Clock = std::function<Millis()>;
  // `inner` and `definitions` must outlive the store.
  CallActivityStore(RuntimeStore& inner, ProcessDefinitionSource& definitions, Clock clock);
  // Where called instances find their decisions (must outlive the store).
  void set_decision_source(DecisionSource* decisions) { decisions_ = decisions; }
  Status transact(const std::function<Status(RuntimeTransaction&)>& command) override;
  // Changes that touch no call activity go straight to the inner store (group commit).
  Status write_alone(const ChangeSet& changes) override;
  void write_alone_then(std::shared_ptr<const ChangeSet> changes,
                        std::function<void(Status)> done) override;

  // What a transaction found missing from the caches (internal; public for the wrapper).
  struct Missing {
    std::string definition_id;
    std::optional<CalledProcessLookup> called;
    std::optional<DecisionLookup> decision;
    bool any() const { return !definition_id.empty() || called || decision; }
  };

 private:
  friend class CallingTransaction;
  RuntimeStore& inner_;
  ProcessDefinitionSource& definitions_;
  Clock clock_;
  DecisionSource* decisions_ = nullptr;
};

}  // namespace dpc::engine
