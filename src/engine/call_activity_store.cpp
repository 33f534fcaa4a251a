#include "dpc/engine/call_activity_store.h"

#include <set>

#include "instance_loader.h"
#include "instance_run.h"

namespace dpc::engine {

// Passes everything to the command's transaction and acts on call activities after each
// write (see call_activity_store.h).
class CallingTransaction : public ForwardingTransaction {
 public:
  CallingTransaction(RuntimeTransaction& inner, CallActivityStore& store,
                     CallActivityStore::Missing& missing)
      : ForwardingTransaction(inner), store_(store), missing_(missing) {}

  Status write(const ChangeSet& c) override {
    if (auto st = inner_.write(c); !st) return st;
    gone_.insert(c.executions.deleted.begin(), c.executions.deleted.end());
    std::string reason = "canceled by the calling process instance";
    if (c.instance_updated && !c.instance_updated->delete_reason.empty()) {
      reason = c.instance_updated->delete_reason;
    }
    for (const auto& execution_id : c.canceled_call_executions) {
      if (auto st = cancel_called(execution_id, reason, c.skip_custom_listeners); !st) return st;
    }
    for (const auto& call : c.calls) {
      if (auto st = start_called(call); !st) return st;
    }
    for (const auto& event : c.propagated) {
      if (auto st = propagate(event); !st) return st;
    }
    const ProcessInstanceRecord* inst = c.instance_inserted ? &*c.instance_inserted
                                        : c.instance_updated ? &*c.instance_updated
                                                             : nullptr;
    if (c.instance_ended && inst && !inst->super_execution_id.empty() && inst->state == "COMPLETED") {
      return continue_caller(*inst, c.final_variables);
    }
    return {};
  }

 private:
  static Error unavailable(const std::string& what) {
    return Error::unavailable(what + " is not loaded yet");
  }

  // Locks and loads a running instance into `run`; false when it is gone.
  Result<std::unique_ptr<InstanceRun>> load(const std::string& instance_id) {
    auto locked = lock_and_load(inner_, store_.definitions_, store_.clock_, store_.decisions_, instance_id);
    if (!locked) return locked.error();
    if (!locked->missing_definition.empty()) {
      missing_.definition_id = locked->missing_definition;
      return locked->missing();
    }
    return std::move(locked->run);
  }

  Status failed(const InstanceRun& run, Status st) {
    if (run.missing_decision()) missing_.decision = run.missing_decision();
    return st;
  }

  Status start_called(const CallRequest& call) {
    // The caller may have moved on since (a multi-instance completion condition canceled
    // the call within this transaction): then there is nothing to start.
    if (gone_.count(call.super_execution_id)) return {};
    auto process = store_.definitions_.cached_called_process(call.lookup);
    if (!process) {
      missing_.called = call.lookup;
      return unavailable("called process " + call.lookup.text());
    }
    InstanceRun child(process, store_.clock_);
    child.set_decisions(store_.decisions_);
    child.create(call.business_key);
    child.set_caller(call.super_process_instance_id, call.super_execution_id);
    if (auto st = child.start(call.variables); !st) return failed(child, st);
    return write(child.changes());
  }

  // `skip_listeners`: the caller's command skips custom listeners (Camunda passes
  // skipCustomListeners down to the called instances it cancels).
  Status cancel_called(const std::string& super_execution_id, const std::string& reason, bool skip_listeners) {
    auto id = inner_.instance_of_super_execution(super_execution_id);
    if (!id) return id.error();
    if (id->empty()) return {};
    auto child = load(*id);
    if (!child) return child.error();
    if (!*child) return {};
    if (skip_listeners) (*child)->skip_custom_listeners();
    if (auto st = (*child)->cancel(reason); !st) return st;  // a failing end listener
    return write((*child)->changes());
  }

  Status continue_caller(const ProcessInstanceRecord& called, const VariableMap& variables) {
    auto caller = load(called.super_process_instance_id);
    if (!caller) return caller.error();
    if (!*caller) return {};  // the caller is gone
    InstanceRun& run = **caller;
    if (auto st = run.called_instance_completed(called.super_execution_id, variables); !st) {
      return failed(run, st);
    }
    return write(run.changes());
  }

  // An error or escalation the called instance did not catch: offered to its caller, then
  // the caller's caller; unless one interrupted the call, the throwing token resumes.
  Status propagate(const PropagatedEvent& event) {
    std::string instance_id = event.super_process_instance_id;
    std::string execution_id = event.super_execution_id;
    for (int depth = 0; !instance_id.empty() && depth < 64; ++depth) {
      auto caller = load(instance_id);
      if (!caller) return caller.error();
      if (!*caller) break;
      InstanceRun& run = **caller;
      auto caught = run.called_instance_threw(execution_id, event);
      if (!caught) return failed(run, caught.error());
      if (*caught != InstanceRun::CallerCatch::kUncaught) {
        if (auto st = write(run.changes()); !st) return st;
        if (*caught == InstanceRun::CallerCatch::kInterrupted) return {};  // the call is canceled
        break;
      }
      instance_id = run.instance().super_process_instance_id;
      execution_id = run.instance().super_execution_id;
    }
    auto called = load(event.process_instance_id);
    if (!called) return called.error();
    if (!*called) return {};
    if (auto st = (*called)->resume_propagated(event); !st) return failed(**called, st);
    return write((*called)->changes());
  }

  CallActivityStore& store_;
  CallActivityStore::Missing& missing_;
  std::set<std::string> gone_;  // executions deleted by the writes of this transaction
};

CallActivityStore::CallActivityStore(RuntimeStore& inner, ProcessDefinitionSource& definitions,
                                     Clock clock)
    : inner_(inner), definitions_(definitions), clock_(std::move(clock)) {}

namespace {

// With call activities to act on, a write goes through transact (CallingTransaction).
bool acts_on_calls(const ChangeSet& c) {
  const ProcessInstanceRecord* inst = c.instance_inserted ? &*c.instance_inserted
                                      : c.instance_updated ? &*c.instance_updated
                                                           : nullptr;
  return !c.canceled_call_executions.empty() || !c.calls.empty() || !c.propagated.empty() ||
         (c.instance_ended && inst && !inst->super_execution_id.empty());
}

}  // namespace

Status CallActivityStore::write_alone(const ChangeSet& c) {
  return acts_on_calls(c) ? RuntimeStore::write_alone(c) : inner_.write_alone(c);
}

void CallActivityStore::write_alone_then(std::shared_ptr<const ChangeSet> c,
                                         std::function<void(Status)> done) {
  if (acts_on_calls(*c)) return done(RuntimeStore::write_alone(*c));
  inner_.write_alone_then(std::move(c), std::move(done));
}

Status CallActivityStore::transact(const std::function<Status(RuntimeTransaction&)>& command) {
  constexpr int kMaxLoads = 32;
  for (int attempt = 0;; ++attempt) {
    Missing missing;
    Status st = inner_.transact([&](RuntimeTransaction& tx) {
      CallingTransaction calling(tx, *this, missing);
      return command(calling);
    });
    if (st || !missing.any() || attempt >= kMaxLoads) return st;
    // Rolled back: load what was missing holding no connection, then run again.
    if (!missing.definition_id.empty()) {
      auto loaded = definitions_.process_by_id(missing.definition_id);
      if (!loaded) return loaded.error();
    } else if (missing.called) {
      auto loaded = definitions_.load_called_process(*missing.called);
      if (!loaded) return loaded.error();
    } else if (missing.decision && decisions_) {
      auto loaded = decisions_->load_decision(*missing.decision);
      if (!loaded) return loaded.error();
    } else {
      return st;
    }
  }
}

}  // namespace dpc::engine
