// Jobs: work the engine does later, on its own (timers, async continuations, retries of
// failed jobs). A job is a row of the instance it belongs to, created and deleted by the
// instance's commands like its tasks are; any node's JobExecutor (job_executor.h) acquires
// due jobs and fires each in its own command. A job that fails loses a retry and waits as its
// element's camunda:failedJobRetryTimeCycle says; at 0 retries it gets a failedJob incident,
// which setting retries again resolves.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/engine/model.h"

namespace dpc::engine {

struct JobRecord {
  std::string id;
  std::string type = "timer";        // timer, or message (an async continuation, as Camunda calls it)
  std::string process_instance_id;
  std::string execution_id;          // timer catch event: its token; boundary: the host's token
  std::string activity_id;           // the timer event element
  std::string process_definition_id;
  std::string process_definition_key;
  std::string tenant_id;
  Millis due = 0;                    // engine clock
  Millis created = 0;
  int retries = 3;
  std::string lock_owner;            // the node running it; empty when free
  std::optional<Millis> lock_expiration;
  std::string exception_message;     // of the last failed attempt
  std::string exception_stacktrace;  // its detail text (GET /job/{id}/stacktrace)
  std::string failed_activity_id;    // the element whose execution failed
  // message jobs: "async-before", or "async-after:<flow id>" ("async-after:" ends the token).
  std::string handler_config;
  long long priority = 0;            // camunda:jobPriority; higher runs first
  bool exclusive = true;             // camunda:exclusive
  std::string retry_cycle;           // camunda:failedJobRetryTimeCycle; "" = 3 retries
  std::string batch_id;              // a batch's job (batches.h); "" otherwise
};

// A failed attempt of a job, as the job executor (or POST /job/{id}/execute) reports it.
struct JobFailure {
  std::string owner;  // the node that held the job; "" for a job executed on demand
  Error error;        // why firing it failed (its message and job_failure_details are kept)
};

// What a failed job's retry policy says: retries left after this failure and when the next
// attempt may run. `cycle` is a failedJobRetryTimeCycle ("R5/PT5M", or "PT1M,PT5M,PT10M");
// `retries_before` the job's retries before the failure. A cycle that is no such text counts
// as none (default_wait).
struct RetryStep {
  int retries = 0;
  Millis due = 0;
};
RetryStep next_retry(const std::string& cycle, int retries_before, Millis now, Millis default_wait);
// A timeCycle step: when the timer is due next after `base`, and the cycle text for the
// timer after that one ("" when this is the last). "R3/PT10M" → base + 10 min, "R2/PT10M";
// "R/PT1H" repeats forever; "R2/<start>/PT1H" is first due at <start>; a Quartz cron
// expression ("0 0/5 * * * ?", UTC) gives its next match after `base` and itself.
struct CycleStep {
  Millis due = 0;
  std::string next;
};
Result<CycleStep> cycle_step(std::string_view text, Millis base);
// The retries a new job starts with: the cycle's repetitions (R5 → 5, a list → its length),
// else 3.
int initial_retries(const std::string& cycle);

// An ISO 8601 duration PnYnMnWnDTnHnMnS (fractional seconds allowed) added to `from`; years
// and months are calendar steps in UTC with the day clamped to the month's end, as java.time
// does. nullopt when `text` is no such duration.
std::optional<Millis> add_iso_duration(std::string_view text, Millis from);

// The job executor's port to the database. Thread-safe.
class JobStore {
 public:
  struct Acquired {
    std::string id;
    std::string process_instance_id;
  };
  virtual ~JobStore() = default;
  // Locks up to `limit` due jobs (due <= now, retries left, not locked or lock expired, not
  // suspended) for `owner` until now + lock_millis, skipping rows other nodes are locking.
  virtual Result<std::vector<Acquired>> acquire(const std::string& owner, Millis now,
                                                Millis lock_millis, int limit) = 0;
  // One job, if it exists.
  virtual Result<std::optional<JobRecord>> job(const std::string& id) = 0;
  // Whether a job is suspended: its instance is, or (a timer start event's job) its process
  // definition is. False when there is no such job.
  virtual Result<bool> suspended(const std::string& id) = 0;
  // Frees a job this owner locked but did not run (its instance was suspended meanwhile).
  virtual Status release(const std::string& id, const std::string& owner) = 0;
  // Jobs due at `now` that can still run (retries left, instance not suspended), locked or not.
  virtual Result<long long> count_due(Millis now) = 0;
  // The earliest due time of a job that can run, if any.
  virtual Result<std::optional<Millis>> next_due() = 0;
};

}  // namespace dpc::engine
