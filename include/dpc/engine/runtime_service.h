// RuntimeService: the commands that run processes — start an instance, complete a user
// task or an external task, deliver a message to a receive task, delete an instance, and
// change variables. Each command is one transaction through the RuntimeStore port: it locks
// the instance, runs the engine in memory until every token rests, writes the changes and
// commits. A command that fails changes nothing.
//
// Thread-safe: commands may run concurrently from many threads; commands on one instance
// are serialized by the instance lock.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/core/typed_value.h"
#include "dpc/engine/decision_source.h"
#include "dpc/engine/deployed_process.h"
#include "dpc/engine/instance_modification.h"
#include "dpc/engine/model.h"
#include "dpc/engine/runtime_store.h"
#include "dpc/engine/work_notifier.h"

namespace dpc::engine {

class InstanceRun;

// Where deployed processes come from (the repository). Thread-safe.
class ProcessDefinitionSource {
 public:
  virtual ~ProcessDefinitionSource() = default;
  // kNotFound when there is no such definition.
  virtual Result<std::shared_ptr<const DeployedProcess>> process_by_id(const std::string& id) = 0;
  virtual Result<std::shared_ptr<const DeployedProcess>> latest_process_by_key(
      const std::string& key) = 0;
  // The definition of a running instance, only if it is at hand without database work (a
  // command holding an instance lock must not wait for a second pooled connection). nullptr
  // makes the command load it with process_by_id outside the transaction and run again. Its
  // `suspended` flag is not current; definition suspension only gates starts.
  virtual std::shared_ptr<const DeployedProcess> cached_process(const std::string& id) {
    auto p = process_by_id(id);
    return p ? *p : nullptr;
  }
  // A called process (call activity), with database work if needed. kNotFound when none
  // matches. The default knows only the latest binding.
  virtual Result<std::shared_ptr<const DeployedProcess>> load_called_process(
      const CalledProcessLookup& lookup);
  // Only if at hand without database work (as cached_process); nullptr makes the command
  // call load_called_process outside its transaction and run again.
  virtual std::shared_ptr<const DeployedProcess> cached_called_process(
      const CalledProcessLookup& lookup) {
    auto p = load_called_process(lookup);
    return p ? *p : nullptr;
  }
};

// For commands that pick their own targets (messages, signals, conditions): asked before each
// instance is triggered (its definition key and id) or started (the key and ""). An error
// refuses the whole command, which then changes nothing. The caller decides (the REST
// layer's authorizations); an empty check allows everything.
using TargetCheck = std::function<Status(const std::string& definition_key,
                                         const std::string& instance_id)>;

struct StartedInstance {
  ProcessInstanceRecord instance;
  bool ended = false;
  VariableMap variables;  // filled when asked for (withVariablesInReturn)
};

class RuntimeService {
 public:
  using Clock = std::function<Millis()>;
  // Both references must outlive the service. `clock` defaults to the system clock.
  RuntimeService(RuntimeStore& store, ProcessDefinitionSource& definitions, Clock clock = {});

  Result<StartedInstance> start_by_key(const std::string& key, const std::string& business_key,
                                       const VariableMap& variables, bool return_variables);
  // The same without waiting for the commit: `done` gets the result at once on this thread,
  // or later on the store's group-commit writer thread once the start is committed (so the
  // REST layer answers from there and no thread sleeps on the commit). `done` must be quick
  // and must not call into the engine.
  using StartDone = std::function<void(Result<StartedInstance>)>;
  void start_by_id_then(const std::string& definition_id, const std::string& business_key,
                        const VariableMap& variables, bool return_variables, StartDone done);
  void start_by_key_then(const std::string& key, const std::string& business_key,
                         const VariableMap& variables, bool return_variables, StartDone done);

  // Completes a user task; the variables go where setVariable would put them.
  // Returns the process variables afterwards when asked (withVariablesInReturn).
  Result<VariableMap> complete_task(const std::string& task_id, const VariableMap& variables,
                                    bool return_variables);

  // Sets the assignee of a user task ("" = unassigned) under the instance lock and fires
  // its update and assignment listeners (claim, unclaim, setAssignee). With `claimer`
  // (claim): kConflict when another user holds the task. kNotFound for an unknown task.
  Status set_task_assignee(const std::string& task_id, const std::string& assignee,
                           const std::optional<std::string>& claimer);

  // Changes a running user task under the instance lock (PUT /task, delegate, resolve,
  // identity links; Camunda's rules for each are in task_edits.h): `variables` are set first,
  // as complete() sets them (resolve), then `edit` changes the record; an error from it
  // leaves everything as it was. Fires the task's update listeners, then its assignment
  // listeners when the assignee changed. kNotFound for an unknown task.
  using TaskEdit = std::function<Status(TaskRecord&)>;
  Status change_task(const std::string& task_id, const TaskEdit& edit,
                     const VariableMap& variables = {});

  // Completes a locked external task. kNotFound for an unknown task; kInvalidArgument when
  // `worker_id` is not the worker holding the lock (Camunda answers 500 there; dpc 400).
  Status complete_external_task(const std::string& id, const std::string& worker_id,
                                const VariableMap& variables, const VariableMap& local_variables);

  // A BPMN error reported by the worker holding the lock (see InstanceRun).
  Status external_task_bpmn_error(const std::string& id, const std::string& worker_id,
                                  const std::string& error_code, const std::string& message,
                                  const VariableMap& variables);

  // The other changes of an external task, each a command under its instance's lock that
  // writes an engine event of the task's element (work_rules.h has the rules). kNotFound for
  // an unknown task. A failure reported by the worker holding the lock sets the retries
  // left and the error; retries 0 raise a failedExternalTask incident. extendLock: only the
  // holder may (kInvalidArgument otherwise). Retries > 0 resolve the task's incident, 0
  // raise one.
  Status fail_external_task(const std::string& id, const ExternalTaskFailure& failure);
  Status extend_external_task_lock(const std::string& id, const std::string& worker_id,
                                   Millis duration);
  Status unlock_external_task(const std::string& id);
  Status set_external_task_retries(const std::string& id, int retries);

  // POST /message (message_correlation.cpp): delivers a message to the executions
  // subscribed to it (message catch events, receive tasks, message boundary events) and to
  // the message start events of the latest definitions (not when processInstanceId is
  // given). Without `all`, exactly one must match, else kInvalidArgument with Camunda's
  // MismatchingMessageCorrelationException. Correlation keys are process variables that
  // must equal the given values. Each subscription is checked again under its instance's
  // lock, so two concurrent correlations of one message trigger it once.
  struct MessageCorrelation {
    std::string message_name, business_key, process_instance_id;
    VariableMap correlation_keys, variables;
    bool all = false;
    bool variables_in_result = false;  // fill CorrelationResult::variables
    TargetCheck may_reach;             // before each correlation and start
  };
  struct CorrelationResult {
    bool started = false;      // a message start event started `instance` ("ProcessDefinition")
    std::string execution_id;  // the execution triggered ("Execution")
    ProcessInstanceRecord instance;
    bool ended = false;        // the instance ended in this command
    VariableMap variables;     // the process variables afterwards, when asked for
  };
  Result<std::vector<CorrelationResult>> correlate(const MessageCorrelation& message);

  // POST /signal (signal_broadcast.cpp): triggers every signal catch and boundary event
  // subscribed to `name` and starts the latest definitions with a signal start event of
  // that name. Signals thrown by the instances it reaches are broadcast after its commit.
  Status broadcast_signal(const std::string& name, const VariableMap& variables,
                          const TargetCheck& may_reach = {});

  // POST /condition (condition_start.cpp): starts an instance of every latest definition
  // (or of `definition_id`) at its process-level conditional start event when the condition
  // holds for `variables`. 400 when none holds.
  Result<std::vector<StartedInstance>> evaluate_start_conditions(const VariableMap& variables,
                                                                 const std::string& business_key,
                                                                 const std::string& definition_id,
                                                                 const TargetCheck& may_start = {});

  // Delivers a message to the receive task waiting in `execution_id`.
  Status trigger_execution(const std::string& execution_id, const VariableMap& variables);

  // Suspends or activates a running instance: its tasks cannot be completed meanwhile.
  Status set_instance_suspended(const std::string& id, bool suspended);

  // Process instance modification (see instance_modification.h), under the instance lock.
  // kNotFound for an unknown instance; kInvalidArgument for an instruction that names an
  // unknown activity, flow or instance id (nothing is changed then).
  Status modify_instance(const std::string& id, const InstanceModification& modification);

  // Cancels a running instance (history state EXTERNALLY_TERMINATED). The end listeners of
  // the cancelled activities and of the process fire unless `skip_custom_listeners`; an
  // error of one fails the delete (nothing changes).
  Status delete_instance(const std::string& id, const std::string& reason,
                         bool skip_custom_listeners = false);

  // Variables of a running instance: modifications (set where defined, else on the
  // instance) and deletions of process-level variables.
  Status modify_variables(const std::string& instance_id, const VariableMap& modifications,
                          const std::vector<std::string>& deletions);
  // Task variables: set through the task's execution (local = on the task).
  Status modify_task_variables(const std::string& task_id, const VariableMap& modifications,
                               const std::vector<std::string>& deletions, bool local);

  // Broadcasts signals thrown in a committed command (signal_broadcast.cpp) to the other
  // instances subscribed to them; also for commands run elsewhere (jobs, JobCommands).
  // `depth` bounds chains of signals that start instances that throw signals. Failures are
  // logged: the throwing command has committed.
  void broadcast_thrown(const std::vector<ThrownSignal>& signals, int depth = 0);

  Millis now() const { return clock_(); }
  // Told after every command that created external tasks (for long polling).
  void set_work_notifier(WorkNotifier* notifier) { notifier_ = notifier; }
  // Where business rule tasks find their decisions (must outlive the service). Without
  // one, a business rule task fails its command.
  void set_decision_source(DecisionSource* decisions) { decisions_ = decisions; }

  // What a command learned besides its result: whether it created external tasks (workers
  // are woken after the commit) and which definition or decision it found missing from the
  // cache; and the decision source its instance runs use.
  struct CommandState {
    bool created_work = false;
    std::string missing_definition;
    std::optional<DecisionLookup> missing_decision;
    std::optional<CalledProcessLookup> missing_called_process;  // call activities
    DecisionSource* decisions = nullptr;
    std::vector<ThrownSignal> signals;  // thrown by the instances run; broadcast after commit
  };

 private:
  Result<StartedInstance> start(std::shared_ptr<const DeployedProcess> process,
                                const std::string& business_key, const VariableMap& variables,
                                bool return_variables);
  void start_then(std::shared_ptr<const DeployedProcess> process, const std::string& business_key,
                  const VariableMap& variables, bool return_variables, StartDone done);

  // Runs a command in one transaction (again after loading a decision or definition it found
  // missing), wakes long polls if it created external tasks, and broadcasts the signals its
  // instances threw (`depth`: how deep in a chain of signals this command runs).
  Status run_command(const std::function<Status(RuntimeTransaction&, CommandState*)>& command,
                     int depth = 0);

  Status broadcast(const ThrownSignal& signal, int depth, const TargetCheck& may_reach = {});
  // Runs `body` as a command on the external task `id` under its instance's lock.
  Status on_external_task(const std::string& id,
                          const std::function<Status(InstanceRun&, const ExternalTaskRecord&)>& body);

  RuntimeStore& store_;
  ProcessDefinitionSource& definitions_;
  Clock clock_;
  WorkNotifier* notifier_ = nullptr;
  DecisionSource* decisions_ = nullptr;
};

}  // namespace dpc::engine
