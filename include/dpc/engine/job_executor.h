// The job executor of one node, and the command that fires one job.
//
// JobCommands::execute fires a job in one transaction through the RuntimeStore, as every
// other command does: it locks the job's instance (so a job never runs concurrently with
// another command on the instance), re-checks that the job still exists (a task completed
// meanwhile deletes its boundary timers), fires it and writes the changes.
//
// JobExecutor runs `threads` threads that each acquire due jobs in batches (JobStore::acquire:
// FOR UPDATE SKIP LOCKED, a lock owner and an expiry, so threads and nodes share the work and
// a dead node's jobs are taken over once its locks expire) and execute them one by one. A job
// is mostly waiting for its commit, so several threads keep the database busy (the commits
// of concurrent jobs share a WAL flush). Each thread sleeps until
// the earliest due time it knows of, at most `max_idle` (the safety-net poll); wake() /
// job_created() cut the sleep short (in-process after a command created a job, and from
// other nodes' NOTIFY).
#pragma once

#include <atomic>
#include <optional>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dpc/engine/decision_source.h"
#include "dpc/engine/jobs.h"
#include "dpc/engine/runtime_service.h"
#include "dpc/engine/runtime_store.h"

namespace dpc::engine {

class WorkRules;

class JobCommands {
 public:
  using Clock = std::function<Millis()>;
  static constexpr Millis kDefaultRetryDelay = 10 * 1000;
  // The references must outlive this object. A failed job without a
  // failedJobRetryTimeCycle waits `retry_delay` before its next attempt.
  JobCommands(RuntimeStore& store, ProcessDefinitionSource& definitions, Clock clock,
              Millis retry_delay = kDefaultRetryDelay);
  void set_decision_source(DecisionSource* decisions) { decisions_ = decisions; }
  // Where timer start jobs (which belong to no instance) are read; without it they cannot run.
  void set_job_store(JobStore* jobs) { jobs_ = jobs; }
  // Where signals thrown by a job's command go after its commit (to the other instances
  // subscribed); without it they reach only the throwing instance.
  void set_runtime(RuntimeService* runtime) { runtime_ = runtime; }
  // Runs the jobs of batches (types "batch" and "batch-monitor", batches.h); without it
  // they fail. Called outside any transaction; returns as execute() does.
  using BatchJobHandler = std::function<Result<bool>(const JobRecord&)>;
  void set_batch_handler(BatchJobHandler handler) { batch_handler_ = std::move(handler); }
  // Fires a job: true when it ran or is gone for good (deleted with its task, its token moved
  // on), false when it must wait (its instance is suspended); an error when firing failed
  // (the command is rolled back).
  Result<bool> execute(const std::string& job_id);
  // POST /job/{id}/execute: execute(), and when firing failed, the failure recorded as the
  // job executor records it (fail); returns execute()'s answer.
  Result<bool> execute_on_demand(const std::string& job_id);

  // The other changes of a job, each a command under its instance's lock (a job of no
  // instance, a timer start's or a batch's: under its own row's lock) that writes an engine
  // event of the job's element; work_rules.h has the rules. kNotFound for an unknown job.
  // A failed attempt: one retry less, due again as its retry cycle says, a failedJob
  // incident at 0 retries.
  Status fail(const std::string& job_id, const JobFailure& failure);
  // Retries > 0 resolve the job's incident, 0 raise one; `due`, when given, is set too.
  Status set_retries(const std::string& job_id, int retries, std::optional<Millis> due = std::nullopt);
  // nullopt: due now (the engine's clock).
  Status set_due_date(const std::string& job_id, std::optional<Millis> due);
  Millis now() const { return clock_(); }

 private:
  RuntimeStore& store_;
  ProcessDefinitionSource& definitions_;
  Clock clock_;
  DecisionSource* decisions_ = nullptr;
  JobStore* jobs_ = nullptr;
  RuntimeService* runtime_ = nullptr;
  BatchJobHandler batch_handler_;
  Millis retry_delay_;
  // Starts an instance at a timer start event (job_executor.cpp).
  Result<bool> fire_start_timer(const JobRecord& job);
  // Runs `rule` on the job's rows as one command.
  Status on_job(const std::string& job_id, const std::function<Status(WorkRules&)>& rule);
};

// The detail text kept with a failed job (GET /job/{id}/stacktrace): dpc has no Java stack,
// so it is the exception type, the message and where the job belongs.
std::string job_failure_details(const Error& error, const std::string& job_id,
                                const std::string& process_instance_id);

class JobExecutor {
 public:
  struct Options {
    int batch_size = 16;
    Millis lock_millis = 5 * 60 * 1000;  // a dead node's jobs run elsewhere after this
    Millis max_idle = 1000;              // longest sleep between acquisitions
    int threads = 1;                     // acquiring and executing threads
  };
  // The references must outlive the executor. `owner` identifies this node in lock_owner.
  JobExecutor(JobStore& jobs, JobCommands& commands, std::string owner, Options options);
  JobExecutor(JobStore& jobs, JobCommands& commands, std::string owner)
      : JobExecutor(jobs, commands, std::move(owner), Options()) {}
  ~JobExecutor();  // stops

  void start();
  void stop();
  // Look for due jobs now (the clock moved, another node created a job).
  void wake();
  // A command of this node created a job due at `due` (engine clock).
  void job_created(Millis due);
  // Acquires and executes due jobs on the calling thread until none is acquired (tests).
  void run_due_jobs();
  const std::string& owner() const { return owner_; }

 private:
  void loop();
  int run_batch();  // jobs executed, -1 when acquisition failed

  JobStore& jobs_;
  JobCommands& commands_;
  std::string owner_;
  Options options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::uint64_t wakes_ = 0;            // counts wake() calls; a thread sleeps until it changes
  Millis earliest_known_ = INT64_MAX;  // the earliest due time a wake-up announced
  std::vector<std::thread> threads_;
};

// A RuntimeStore that tells the executor about jobs its commands created, after they commit
// (the in-process wake-up). Wraps the real store; `executor` may be set after construction.
class JobNotifyingStore : public RuntimeStore {
 public:
  explicit JobNotifyingStore(RuntimeStore& inner) : inner_(inner) {}
  void set_executor(JobExecutor* executor) { executor_ = executor; }
  Status transact(const std::function<Status(RuntimeTransaction&)>& command) override;
  Status write_alone(const ChangeSet& changes) override;
  void write_alone_then(std::shared_ptr<const ChangeSet> changes,
                        std::function<void(Status)> done) override;

 private:
  void wake_for(const std::optional<Millis>& earliest);
  RuntimeStore& inner_;
  std::atomic<JobExecutor*> executor_{nullptr};
};

}  // namespace dpc::engine
