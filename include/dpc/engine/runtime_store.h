// The engine's storage port for process execution: what one command loads and writes.
// Implemented by the store module (PostgreSQL) and by an in-memory store in the tests.
//
// A command runs in one transaction: RuntimeStore::transact opens it, hands the command a
// RuntimeTransaction, and commits when the command returns ok (rolls back otherwise, so a
// failed command changes nothing). Implementations must be thread-safe across transactions;
// one RuntimeTransaction is used by one thread.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/core/user_operation.h"
#include "dpc/engine/decision_history.h"
#include "dpc/engine/event_subscriptions.h"
#include "dpc/engine/jobs.h"
#include "dpc/engine/model.h"

namespace dpc::engine {

// Every runtime row of one process instance.
struct InstanceSnapshot {
  ProcessInstanceRecord instance;
  std::vector<ExecutionRecord> executions;
  std::vector<TaskRecord> tasks;
  std::vector<ExternalTaskRecord> external_tasks;
  std::vector<VariableRecord> variables;
  std::vector<IncidentRecord> incidents;
  std::vector<JobRecord> jobs;
  // Compensation subscriptions (event_subscription rows of kind "compensate"): completed
  // activities whose handlers a compensation event may still run (compensation.cpp).
  std::vector<EventSubscriptionRecord> compensations;
};

template <typename Record>
struct RowChanges {
  std::vector<Record> inserted;
  std::vector<Record> updated;
  std::vector<std::string> deleted;  // ids
  bool empty() const { return inserted.empty() && updated.empty() && deleted.empty(); }
};

// The process a call activity names: calledElement with its binding (call_activity.cpp).
struct CalledProcessLookup {
  std::string key;
  std::string binding = "latest";  // latest | deployment | version | versionTag
  std::optional<int> version;      // binding version
  std::string version_tag;         // binding versionTag
  std::string deployment_id;       // binding deployment: the caller's deployment
  std::string tenant_id;
  std::string text() const;        // a cache key, and for messages
};

// A call activity reached in a command: the instance to start for the token waiting in
// `super_execution_id` (CallActivityStore starts it when the command writes).
struct CallRequest {
  std::string super_process_instance_id;
  std::string super_execution_id;
  CalledProcessLookup lookup;
  std::string business_key;
  VariableMap variables;  // camunda:in
};

// A BPMN error or escalation a called instance did not catch itself: CallActivityStore offers
// it to the calling instances, nearest first; meanwhile the throwing token waits at
// `execution_id` (see InstanceRun::called_instance_threw).
struct PropagatedEvent {
  std::string process_instance_id;  // the called instance
  std::string execution_id;         // its throwing token
  std::string super_process_instance_id;
  std::string super_execution_id;   // the call activity's token
  bool error = true;                // else an escalation
  std::string code, message;
};

// An incident that ended because its job or external task got retries again: its runtime row
// is deleted (ChangeSet::incidents) and its history row marked resolved at `time`.
struct ResolvedIncident {
  std::string id;
  Millis time = 0;
};

// Everything one command changed, to be written in as few round trips as possible.
struct ChangeSet {
  std::optional<ProcessInstanceRecord> instance_inserted;
  std::optional<ProcessInstanceRecord> instance_updated;
  bool instance_ended = false;  // the store may drop every runtime row of the instance
  RowChanges<ExecutionRecord> executions;
  RowChanges<TaskRecord> tasks;
  RowChanges<ExternalTaskRecord> external_tasks;
  RowChanges<VariableRecord> variables;
  RowChanges<IncidentRecord> incidents;
  std::vector<ResolvedIncident> incidents_resolved;  // each also in incidents.deleted
  RowChanges<JobRecord> jobs;  // the store wakes job executors after a commit with new jobs
  // History.
  std::vector<ActivityInstanceRecord> activities_inserted;
  std::vector<ActivityInstanceRecord> activities_ended;  // id, end_time, canceled, task/assignee
  std::vector<HistoricTaskRecord> tasks_history_inserted;
  std::vector<HistoricTaskRecord> tasks_history_updated;
  std::vector<VariableUpdateRecord> variable_updates;
  std::vector<EngineEvent> events;
  std::vector<HistoricDecisionInstanceRecord> decision_instances;  // business rule tasks
  // Message/signal subscriptions of the executions written (see event_subscriptions.h), and
  // signals thrown, to be broadcast to other instances after the commit.
  SubscriptionChanges subscriptions;
  std::vector<ThrownSignal> signals;
  // Compensation subscriptions (kind "compensate"): unlike the ones above they outlive the
  // execution they name, so they are written as rows of their own (SubscriptionChanges'
  // clearing by execution leaves them alone).
  RowChanges<EventSubscriptionRecord> compensations;
  // Call activities (CallActivityStore acts on these after writing the rest): instances to
  // start, call activities canceled (their called instances are canceled too), and when a
  // called instance ended, its process variables at the end (for camunda:out).
  std::vector<CallRequest> calls;
  std::vector<std::string> canceled_call_executions;
  bool skip_custom_listeners = false;  // the called instances cancel without listeners too
  VariableMap final_variables;
  std::vector<PropagatedEvent> propagated;  // errors/escalations for the callers
  // The user operation log entries of the operation this command performs (user_operation.h),
  // written in the same transaction.
  std::vector<UserOperationEntry> user_operations;
};

class RuntimeTransaction {
 public:
  virtual ~RuntimeTransaction() = default;
  // Loads an instance's runtime rows, locking the instance against concurrent commands
  // until the transaction ends. nullopt when there is no such running instance.
  virtual Result<std::optional<InstanceSnapshot>> lock_instance(const std::string& id) = 0;
  // The instance a task or an external task belongs to ("" if none).
  virtual Result<std::string> instance_of_task(const std::string& task_id) = 0;
  virtual Result<std::string> instance_of_external_task(const std::string& id) = 0;
  virtual Result<std::string> instance_of_execution(const std::string& execution_id) = 0;
  // The running instance called by the call activity waiting in `execution_id` ("" if none).
  virtual Result<std::string> instance_of_super_execution(const std::string& execution_id) = 0;
  virtual Result<std::string> instance_of_job(const std::string& job_id) = 0;
  // A job that belongs to no instance (a timer start event's, a batch's) with its open
  // incidents, its row locked against concurrent commands until the transaction ends.
  // nullopt when there is no such job. The default reports that the store cannot lock jobs.
  struct LockedJob {
    JobRecord job;
    std::vector<IncidentRecord> incidents;
  };
  virtual Result<std::optional<LockedJob>> lock_job(const std::string&) {
    return Error::internal("this store cannot lock a job on its own");
  }
  // Executions resting in a wait state, optionally only of one instance or business key
  // (for message correlation). Each: execution id, instance id, definition id, activity id.
  struct WaitingExecution {
    std::string execution_id, process_instance_id, definition_id, activity_id;
  };
  virtual Result<std::vector<WaitingExecution>> waiting_executions(
      const std::string& process_instance_id, const std::string& business_key) = 0;
  // Subscriptions matching a query, ordered by instance (see event_subscriptions.h), and
  // the ids of the latest version of every process definition (message/signal start
  // events). The defaults report that the store cannot search.
  virtual Result<std::vector<EventSubscriptionRecord>> find_subscriptions(const SubscriptionQuery&) {
    return Error::internal("this store cannot search event subscriptions");
  }
  virtual Result<std::vector<std::string>> latest_definition_ids() {
    return Error::internal("this store cannot list process definitions");
  }
  // Writes a command's changes.
  virtual Status write(const ChangeSet& changes) = 0;
};

// A RuntimeTransaction that passes every call to another one: decorators of the store
// (job wake-ups, call activities) derive from it and override only what they add to, so a
// new port method is forwarded in this one place.
class ForwardingTransaction : public RuntimeTransaction {
 public:
  explicit ForwardingTransaction(RuntimeTransaction& inner) : inner_(inner) {}
  Result<std::optional<InstanceSnapshot>> lock_instance(const std::string& id) override {
    return inner_.lock_instance(id);
  }
  Result<std::string> instance_of_task(const std::string& id) override { return inner_.instance_of_task(id); }
  Result<std::string> instance_of_external_task(const std::string& id) override {
    return inner_.instance_of_external_task(id);
  }
  Result<std::string> instance_of_execution(const std::string& id) override {
    return inner_.instance_of_execution(id);
  }
  Result<std::string> instance_of_super_execution(const std::string& id) override {
    return inner_.instance_of_super_execution(id);
  }
  Result<std::string> instance_of_job(const std::string& id) override { return inner_.instance_of_job(id); }
  Result<std::optional<LockedJob>> lock_job(const std::string& id) override { return inner_.lock_job(id); }
  Result<std::vector<WaitingExecution>> waiting_executions(const std::string& instance_id,
                                                           const std::string& business_key) override {
    return inner_.waiting_executions(instance_id, business_key);
  }
  Result<std::vector<EventSubscriptionRecord>> find_subscriptions(const SubscriptionQuery& q) override {
    return inner_.find_subscriptions(q);
  }
  Result<std::vector<std::string>> latest_definition_ids() override { return inner_.latest_definition_ids(); }
  Status write(const ChangeSet& changes) override { return inner_.write(changes); }

 protected:
  RuntimeTransaction& inner_;
};

class RuntimeStore {
 public:
  virtual ~RuntimeStore() = default;
  virtual Status transact(const std::function<Status(RuntimeTransaction&)>& command) = 0;
  // Writes the changes of a command that read nothing (one that started a new instance) in a
  // transaction and returns once they are committed. A store may commit the changes of
  // several concurrent callers in one transaction (group commit); each caller still gets
  // only its own result. The default writes them in a transaction of their own.
  virtual Status write_alone(const ChangeSet& changes) {
    return transact([&](RuntimeTransaction& tx) { return tx.write(changes); });
  }
  // The same without waiting: `done` gets the result, at once on this thread or later on
  // another one (a group commit's writer thread, once the batch is committed). `done` must
  // be quick and must not call back into the store. The default writes at once.
  virtual void write_alone_then(std::shared_ptr<const ChangeSet> changes,
                                std::function<void(Status)> done) {
    done(write_alone(*changes));
  }
};

}  // namespace dpc::engine
