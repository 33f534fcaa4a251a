#include "dpc/engine/runtime_service.h"

#include "dpc/core/metrics.h"

#include <chrono>
#include <future>

#include "element_behavior.h"
#include "instance_loader.h"
#include "instance_run.h"
#include "operation_log.h"

namespace dpc::engine {

namespace {
// A command loads one missing decision per attempt (each business rule task it reaches may
// name another), so it may run this many times before it gives up.
constexpr int kMaxDecisionLoads = 32;

Millis system_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}
// Loads the decisions the process names literally before a start's transaction, so that a
// cold cache does not cost one rolled-back attempt per business rule task. Failures are left
// for the task itself to report.
void preload_decisions(DecisionSource& decisions, const DeployedProcess& process) {
  for (const auto& el : process.model->elements) {
    if (!el.service || el.service->implementation != bpmn::ServiceConfig::Implementation::kDecision) {
      continue;
    }
    auto lookup = literal_decision_lookup(*el.service, process, process.tenant_id);
    if (lookup && !decisions.cached_decision(*lookup)) (void)decisions.load_decision(*lookup);
  }
}

}  // namespace

RuntimeService::RuntimeService(RuntimeStore& store, ProcessDefinitionSource& definitions,
                               Clock clock)
    : store_(store), definitions_(definitions), clock_(clock ? std::move(clock) : system_now) {}

Result<StartedInstance> RuntimeService::start_by_key(const std::string& key,
                                                     const std::string& business_key,
                                                     const VariableMap& variables,
                                                     bool return_variables) {
  auto process = definitions_.latest_process_by_key(key);
  if (!process) return process.error();
  return start(*process, business_key, variables, return_variables);
}

void RuntimeService::start_by_id_then(const std::string& definition_id,
                                      const std::string& business_key, const VariableMap& variables,
                                      bool return_variables, StartDone done) {
  auto process = definitions_.process_by_id(definition_id);
  if (!process) return done(process.error());
  start_then(*process, business_key, variables, return_variables, std::move(done));
}

void RuntimeService::start_by_key_then(const std::string& key, const std::string& business_key,
                                       const VariableMap& variables, bool return_variables,
                                       StartDone done) {
  auto process = definitions_.latest_process_by_key(key);
  if (!process) return done(process.error());
  start_then(*process, business_key, variables, return_variables, std::move(done));
}

Result<StartedInstance> RuntimeService::start(std::shared_ptr<const DeployedProcess> process,
                                              const std::string& business_key,
                                              const VariableMap& variables,
                                              bool return_variables) {
  // The promise lives as long as the callback that sets it (the writer thread may still be
  // inside set_value when this thread returns).
  auto result = std::make_shared<std::promise<Result<StartedInstance>>>();
  auto answer = result->get_future();
  start_then(std::move(process), business_key, variables, return_variables,
             [result](Result<StartedInstance> r) { result->set_value(std::move(r)); });
  return answer.get();
}

void RuntimeService::start_then(std::shared_ptr<const DeployedProcess> process,
                                const std::string& business_key, const VariableMap& variables,
                                bool return_variables, StartDone done) {
  if (process->suspended) {
    return done(Error::invalid("Cannot start process instance. Process definition " +
                               process->id + " is suspended"));
  }
  if (decisions_) preload_decisions(*decisions_, *process);
  DefaultUserOperation logged(operation("Create", "ProcessInstance", kCategoryOperator));
  // A start reads nothing from the store: it runs in memory, and only its writes need a
  // transaction, which the store may share with other starts (RuntimeStore::write_alone).
  for (int attempt = 0;; ++attempt) {
    InstanceRun run(process, clock_);
    run.set_decisions(decisions_);
    run.create(business_key);
    if (Status started = run.start(variables); !started) {
      auto missing = run.missing_decision();
      if (!missing || !decisions_ || attempt >= kMaxDecisionLoads) return done(started.error());
      auto loaded = decisions_->load_decision(*missing);  // then run again
      if (!loaded) return done(loaded.error());
      continue;
    }
    StartedInstance out;
    out.instance = run.instance();
    out.ended = run.ended();
    if (return_variables) out.variables = run.result_variables();
    ChangeSet written = run.changes();
    // Handed to the write below, which commits it with the instance or fails with it.
    if (add_user_operation(written, run.instance(), process->deployment_id, clock_())) {
      mark_user_operation_written();
    }
    auto changes = std::make_shared<const ChangeSet>(std::move(written));
    bool created_work = !changes->external_tasks.inserted.empty();
    if (!changes->signals.empty()) {
      // Thrown signals start more commands once this one is committed: on this thread.
      if (Status st = store_.write_alone(*changes); !st) return done(st.error());
      if (created_work && notifier_) notifier_->notify();
      broadcast_thrown(changes->signals);
      return done(std::move(out));
    }
    store_.write_alone_then(std::move(changes), [out = std::move(out), created_work,
                                                 notifier = notifier_,
                                                 done = std::move(done)](Status st) mutable {
      if (!st) return done(st.error());
      if (created_work && notifier) notifier->notify();
      done(std::move(out));
    });
    return;
  }
}

namespace {

bool creates_external_tasks(const ChangeSet& c) { return !c.external_tasks.inserted.empty(); }

using CommandState = RuntimeService::CommandState;

// Loads and locks the instance, then runs `body` on it and writes what it changed.
Status on_instance(RuntimeTransaction& tx, ProcessDefinitionSource& defs,
                   const RuntimeService::Clock& clock, const std::string& instance_id,
                   CommandState* state, const std::function<Status(InstanceRun&)>& body) {
  auto locked = lock_and_load(tx, defs, clock, state->decisions, instance_id);
  if (!locked) return locked.error();
  if (!locked->missing_definition.empty()) {
    state->missing_definition = locked->missing_definition;  // run_command loads it, runs again
    return locked->missing();
  }
  if (!locked->run) return Error::not_found("Process instance with id " + instance_id + " does not exist");
  InstanceRun& run = *locked->run;
  if (auto st = body(run); !st) {
    if (run.missing_decision()) state->missing_decision = run.missing_decision();
    return st;
  }
  ChangeSet changes = run.changes();
  if (creates_external_tasks(changes)) state->created_work = true;
  for (const auto& sig : changes.signals) state->signals.push_back(sig);
  return tx.write(changes);
}

}  // namespace

Result<VariableMap> RuntimeService::complete_task(const std::string& task_id,
                                                  const VariableMap& variables,
                                                  bool return_variables) {
  VariableMap out;
  DefaultUserOperation logged(task_operation("Complete", task_id, {{"delete", "false", "true"}}));
  Status st = run_command([&](RuntimeTransaction& tx, CommandState* created) -> Status {
    auto instance_id = tx.instance_of_task(task_id);
    if (!instance_id) return instance_id.error();
    if (instance_id->empty()) return Error::not_found("Cannot find task with id " + task_id);
    return on_instance(tx, definitions_, clock_, *instance_id, created, [&](InstanceRun& run) -> Status {
      const TaskRecord* task = run.tasks().find(task_id);
      if (!task) return Error::not_found("Cannot find task with id " + task_id);
      if (task->suspended || run.instance().suspended) {
        return Error::invalid("Cannot complete task " + task_id + ": it is suspended");
      }
      // Camunda's TaskEntity.complete(): the delegate hands the task back with resolve.
      if (task->delegation_state == "PENDING") {
        return Error::invalid("A delegated task cannot be completed, but should be resolved instead.");
      }
      note_task(*task);
      if (auto s = run.complete_task(task_id, variables, {}); !s) return s;
      if (return_variables) out = run.result_variables();
      return {};
    });
  });
  if (!st) return st.error();
  return out;
}

Status RuntimeService::set_task_assignee(const std::string& task_id, const std::string& assignee,
                                         const std::optional<std::string>& claimer) {
  // A claim is Camunda's "Claim"; setting the assignee "Assign" (also to nobody: Camunda's REST
  // unclaims with setAssignee(null)).
  DefaultUserOperation logged(task_operation(claimer ? "Claim" : "Assign", task_id,
                                             {{"assignee", std::nullopt, text_or_none(assignee)}}));
  return run_command([&](RuntimeTransaction& tx, CommandState* created) -> Status {
    auto instance_id = tx.instance_of_task(task_id);
    if (!instance_id) return instance_id.error();
    if (instance_id->empty()) return Error::not_found("Cannot find task with id " + task_id);
    return on_instance(tx, definitions_, clock_, *instance_id, created, [&](InstanceRun& run) -> Status {
      if (const TaskRecord* task = run.tasks().find(task_id)) note_task(*task);
      return run.assign_task(task_id, assignee, claimer);
    });
  });
}

Status RuntimeService::change_task(const std::string& task_id, const TaskEdit& edit,
                                   const VariableMap& variables) {
  // Camunda's "Update" unless the caller named the operation (Delegate, Resolve, AddUserLink...);
  // the changed properties are found by comparing the task before and after the edit.
  DefaultUserOperation logged(task_operation("Update", task_id));
  return run_command([&](RuntimeTransaction& tx, CommandState* created) -> Status {
    auto instance_id = tx.instance_of_task(task_id);
    if (!instance_id) return instance_id.error();
    if (instance_id->empty()) return Error::not_found("Cannot find task with id " + task_id);
    return on_instance(tx, definitions_, clock_, *instance_id, created, [&](InstanceRun& run) -> Status {
      const TaskRecord* task = run.tasks().find(task_id);
      if (!task) return run.edit_task(task_id, edit, variables);  // the run's own not-found answer
      const TaskRecord before = *task;
      note_task(before);
      if (Status st = run.edit_task(task_id, edit, variables); !st) return st;
      if (const TaskRecord* after = run.tasks().find(task_id)) note_task_changes(before, *after);
      return {};
    });
  });
}

Status RuntimeService::on_external_task(
    const std::string& id, const std::function<Status(InstanceRun&, const ExternalTaskRecord&)>& body) {
  return run_command([&](RuntimeTransaction& tx, CommandState* created) -> Status {
    auto instance_id = tx.instance_of_external_task(id);
    if (!instance_id) return instance_id.error();
    if (instance_id->empty()) {
      return Error::not_found("External task with id " + id + " does not exist");
    }
    return on_instance(tx, definitions_, clock_, *instance_id, created, [&](InstanceRun& run) -> Status {
      const ExternalTaskRecord* task = run.external_tasks().find(id);
      if (!task) return Error::not_found("External task with id " + id + " does not exist");
      return body(run, *task);
    });
  });
}

Status RuntimeService::complete_external_task(const std::string& id, const std::string& worker_id,
                                              const VariableMap& variables,
                                              const VariableMap& local_variables) {
  Status done = on_external_task(id, [&](InstanceRun& run, const ExternalTaskRecord& task) -> Status {
    if (run.instance().suspended) {
      return Error::invalid("ExternalTask with id '" + id + "' is suspended",
                            "BadUserRequestException");
    }
    if (!lock_held_by(task, worker_id, run.now())) {
      return Error::invalid("External Task " + id + " cannot be completed by worker '" + worker_id +
                                "'. It is locked by worker '" + task.worker_id + "'.",
                            "BadUserRequestException");
    }
    return run.complete_external_task(id, variables, local_variables);
  });
  if (done) metrics::node().external_tasks_completed.add();
  return done;
}

Status RuntimeService::external_task_bpmn_error(const std::string& id,
                                                const std::string& worker_id,
                                                const std::string& error_code,
                                                const std::string& message,
                                                const VariableMap& variables) {
  return on_external_task(id, [&](InstanceRun& run, const ExternalTaskRecord& task) -> Status {
    if (!lock_held_by(task, worker_id, run.now())) {
      return Error::invalid("Bpmn error of External Task " + id + " cannot be reported by worker '" +
                                worker_id + "'. It is locked by worker '" + task.worker_id + "'.",
                            "BadUserRequestException");
    }
    return run.external_task_bpmn_error(id, error_code, message, variables);
  });
}

Status RuntimeService::fail_external_task(const std::string& id, const ExternalTaskFailure& failure) {
  return on_external_task(id, [&](InstanceRun& run, const ExternalTaskRecord&) {
    return run.work().fail_external_task(id, failure);
  });
}

Status RuntimeService::extend_external_task_lock(const std::string& id, const std::string& worker_id,
                                                 Millis duration) {
  return on_external_task(id, [&](InstanceRun& run, const ExternalTaskRecord&) {
    return run.work().extend_lock(id, worker_id, duration);
  });
}

Status RuntimeService::unlock_external_task(const std::string& id) {
  return on_external_task(id, [&](InstanceRun& run, const ExternalTaskRecord&) {
    return run.work().unlock(id);
  });
}

Status RuntimeService::set_external_task_retries(const std::string& id, int retries) {
  return on_external_task(id, [&](InstanceRun& run, const ExternalTaskRecord&) {
    return run.work().set_external_task_retries(id, retries);
  });
}

Status RuntimeService::trigger_execution(const std::string& execution_id,
                                         const VariableMap& variables) {
  return run_command([&](RuntimeTransaction& tx, CommandState* created) -> Status {
    auto instance_id = tx.instance_of_execution(execution_id);
    if (!instance_id) return instance_id.error();
    if (instance_id->empty()) {
      return Error::not_found("Execution " + execution_id + " does not exist");
    }
    return on_instance(tx, definitions_, clock_, *instance_id, created, [&](InstanceRun& run) {
      return run.trigger_receive_task(execution_id, variables);
    });
  });
}

Status RuntimeService::set_instance_suspended(const std::string& id, bool suspended) {
  DefaultUserOperation logged(operation(suspended ? "Suspend" : "Activate", "ProcessInstance",
                                        kCategoryOperator,
                                        {{"suspensionState", std::nullopt,
                                          suspended ? "suspended" : "active"}}));
  return run_command([&](RuntimeTransaction& tx, CommandState* created) -> Status {
    return on_instance(tx, definitions_, clock_, id, created, [&](InstanceRun& run) -> Status {
      run.set_suspended(suspended);
      return {};
    });
  });
}

Status RuntimeService::modify_instance(const std::string& id, const InstanceModification& modification) {
  if (modification.instructions.empty()) return Error::invalid("Modification instructions cannot be empty");
  UserOperation op = operation("ModifyProcessInstance", "ProcessInstance", kCategoryOperator);
  op.annotation = modification.annotation;
  DefaultUserOperation logged(std::move(op));
  return run_command([&](RuntimeTransaction& tx, CommandState* created) -> Status {
    return on_instance(tx, definitions_, clock_, id, created,
                       [&](InstanceRun& run) { return run.modify(modification); });
  });
}

Status RuntimeService::delete_instance(const std::string& id, const std::string& reason,
                                       bool skip_custom_listeners) {
  DefaultUserOperation logged(operation("Delete", "ProcessInstance", kCategoryOperator));
  return run_command([&](RuntimeTransaction& tx, CommandState* created) -> Status {
    return on_instance(tx, definitions_, clock_, id, created, [&](InstanceRun& run) -> Status {
      if (skip_custom_listeners) run.skip_custom_listeners();
      return run.cancel(reason);
    });
  });
}

Status RuntimeService::modify_variables(const std::string& instance_id,
                                        const VariableMap& modifications,
                                        const std::vector<std::string>& deletions) {
  DefaultUserOperation logged(variable_operation(modifications, deletions, kCategoryOperator));
  return run_command([&](RuntimeTransaction& tx, CommandState* created) -> Status {
    return on_instance(tx, definitions_, clock_, instance_id, created, [&](InstanceRun& run) -> Status {
      for (const auto& name : deletions) run.remove_variable_local(instance_id, name);
      for (const auto& [name, value] : modifications) run.set_variable(instance_id, name, value);
      return run.variables_changed();  // conditional events may now hold
    });
  });
}

Status RuntimeService::modify_task_variables(const std::string& task_id,
                                             const VariableMap& modifications,
                                             const std::vector<std::string>& deletions,
                                             bool local) {
  UserOperation op = variable_operation(modifications, deletions, kCategoryTaskWorker);
  op.context.task_id = task_id;
  DefaultUserOperation logged(std::move(op));
  return run_command([&](RuntimeTransaction& tx, CommandState* created) -> Status {
    auto instance_id = tx.instance_of_task(task_id);
    if (!instance_id) return instance_id.error();
    if (instance_id->empty()) return Error::not_found("Cannot find task with id " + task_id);
    return on_instance(tx, definitions_, clock_, *instance_id, created, [&](InstanceRun& run) -> Status {
      const TaskRecord* task = run.tasks().find(task_id);
      if (!task) return Error::not_found("Cannot find task with id " + task_id);
      note_user_operation_context(task_context(*task));
      std::string execution_id = task->execution_id;
      for (const auto& name : deletions) run.remove_variable_local(execution_id, name);
      for (const auto& [name, value] : modifications) {
        if (local) run.set_variable_local(execution_id, name, value, task_id);
        else run.set_variable(execution_id, name, value);
      }
      return run.variables_changed();  // conditional events may now hold
    });
  });
}

Status RuntimeService::run_command(
    const std::function<Status(RuntimeTransaction&, CommandState*)>& command, int depth) {
  for (int attempt = 0;; ++attempt) {
    CommandState state;
    state.decisions = decisions_;
    bool logged = false;  // the user operation's entries (user_operation.h) went into a write
    Status st = store_.transact([&](RuntimeTransaction& tx) {
      OperationLogTransaction logging(tx, definitions_, clock_());
      Status s = command(logging, &state);
      logged = logging.logged();
      return s;
    });
    if (!st && state.missing_decision && decisions_ && attempt < kMaxDecisionLoads) {
      // Rolled back; load the decision holding no connection, then run again.
      auto loaded = decisions_->load_decision(*state.missing_decision);
      if (!loaded) return loaded.error();
      continue;
    }
    if (!st && !state.missing_definition.empty() && attempt < 3 + kMaxDecisionLoads) {
      // Rolled back; load the definition holding no connection, then run again.
      auto loaded = definitions_.process_by_id(state.missing_definition);
      if (!loaded) return loaded.error();
      continue;
    }
    if (st && logged) mark_user_operation_written();
    if (st && state.created_work && notifier_) notifier_->notify();
    if (st) broadcast_thrown(state.signals, depth);
    return st;
  }
}

}  // namespace dpc::engine
