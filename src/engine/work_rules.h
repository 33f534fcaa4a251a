// WorkRules: what happens to a job or an external task changed from outside its element (a
// worker, REST, the job executor): a failure and the retry policy, retries and due date set,
// a lock extended or released, and the incidents these raise and resolve. One place for each
// rule, private to the engine: InstanceRun applies them to its instance's rows (under the
// instance lock), JobCommands to a job of no instance (under the job row's lock). The stores
// only write the rows that change.
//
// Every method works on the rows handed in and returns kNotFound (Camunda's words) when the
// job or task is not among them, kInvalidArgument (BadUserRequestException) when the worker
// does not hold the task's lock; on error nothing has changed.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/core/user_operation.h"
#include "dpc/engine/runtime_store.h"
#include "tracked_table.h"

namespace dpc::engine {

// Whether `worker` holds the task's lock at `now`: the one check before a worker completes,
// fails, reports a BPMN error for or extends the lock of an external task.
bool lock_held_by(const ExternalTaskRecord& task, const std::string& worker, Millis now);

class WorkRules {
 public:
  // The rows a rule may change. `resolved` receives the incidents that ended.
  struct Rows {
    TrackedTable<JobRecord>& jobs;
    TrackedTable<ExternalTaskRecord>& external_tasks;
    TrackedTable<IncidentRecord>& incidents;
    std::vector<ResolvedIncident>& resolved;
  };
  // Called once per change with the element the job or task belongs to and what happened
  // (engine_event: failure, retries, dueDate, lockExtended, unlock, incident, incidentResolved).
  using Emit = std::function<void(const std::string& activity_id, const char* event)>;

  WorkRules(Rows rows, Millis now, Emit emit);

  Status fail_external_task(const std::string& id, const ExternalTaskFailure& failure);
  // Sets the lock's expiry to now + duration; only its holder may.
  Status extend_lock(const std::string& id, const std::string& worker_id, Millis duration);
  Status unlock(const std::string& id);
  // > 0 resolves the task's incident, 0 raises one (with its last error message).
  Status set_external_task_retries(const std::string& id, int retries);

  // One retry less, due again as the job's failedJobRetryTimeCycle says (next_retry;
  // `default_wait` without one); at 0 retries due at once for whoever gives it retries
  // again, with a failedJob incident. A failure reported by an owner that no longer holds
  // the job changes nothing.
  Status fail_job(const std::string& id, const JobFailure& failure, Millis default_wait);
  // > 0 resolves the job's incident, 0 raises one (with its last exception message).
  Status set_job_retries(const std::string& id, int retries);
  Status set_job_due_date(const std::string& id, Millis due);

  // An incident of `type` for the job or task `configuration`, unless one is open for it.
  void raise_incident(const char* type, const std::string& configuration,
                      const std::string& process_instance_id, const std::string& execution_id,
                      const std::string& activity_id, const std::string& process_definition_id,
                      const std::string& message);
  // Ends the open incidents of the job or task `configuration`.
  void resolve_incidents(const std::string& configuration);

 private:
  // Retries of a job or external task set by hand: logged (with the value before) as a user
  // operation of `c`, 0 raises `incident` with the row's last error, more resolves it.
  template <class Row>
  void set_retries_of(Row& r, int retries, OperationContext c, const char* incident,
                      const std::string& last_error);

  Rows rows_;
  Millis now_;
  Emit emit_;
};

}  // namespace dpc::engine
