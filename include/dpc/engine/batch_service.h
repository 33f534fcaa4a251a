// BatchService: creates batches (batches.h) and runs their jobs. Each item runs through the
// engine's own commands (RuntimeService::delete_instance, set_instance_suspended,
// set_external_task_retries, JobCommands::set_retries, InstanceMigration), so history, engine
// events and incidents behave as for single calls.
//
// Thread-safe: run_job is called by the job executor threads of this node at the same time.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/engine/batches.h"
#include "dpc/engine/jobs.h"
#include "dpc/engine/runtime_service.h"
#include "dpc/engine/runtime_store.h"
#include "dpc/engine/job_executor.h"

namespace dpc::engine {

class InstanceMigration;
class MigrationStore;

class BatchService {
 public:
  using Clock = std::function<Millis()>;
  // `store` is the RuntimeStore the node's commands go through; item commands go through it
  // too, with their job's deletion added to their transaction. Every reference must outlive
  // the service.
  BatchService(BatchStore& batches, RuntimeStore& store,
               MigrationStore& migrations, ProcessDefinitionSource& definitions, Clock clock);
  ~BatchService();

  // Creates a batch of `type` (batches.h) over `items` with its `configuration` (JSON text:
  // instance-deletion {deleteReason, skipCustomListeners}; instance-update-suspension-state
  // {suspended}; set-job-retries and set-external-task-retries {retries}; instance-migration
  // {migrationPlan, skipCustomListeners, skipIoMappings}). kInvalidArgument when `items` is
  // empty.
  Result<BatchRecord> create(const std::string& type, const std::vector<std::string>& items,
                             const std::string& configuration, const std::string& user);

  // Runs one batch job (the JobCommands batch handler): an item, or the monitor's check.
  Result<bool> run_job(const JobRecord& job);

  // How often the monitor job checks whether its batch is done.
  void set_monitor_interval(Millis millis) { monitor_interval_ = millis; }

  BatchStore& store() { return batches_; }
  InstanceMigration& migration() { return *migration_; }
  Millis now() const { return clock_(); }

 private:
  Result<BatchRecord> batch_of(const std::string& id);
  Status run_item(const BatchRecord& batch, const JobRecord& job, const std::string& item);

  BatchStore& batches_;
  Clock clock_;
  std::unique_ptr<RuntimeStore> riding_;      // `store` plus the running item's job deletion
  std::unique_ptr<RuntimeService> runtime_;   // commands through riding_
  std::unique_ptr<JobCommands> job_commands_;  // job retries through riding_
  std::unique_ptr<InstanceMigration> migration_;
  Millis monitor_interval_ = 500;
  std::mutex mu_;
  std::map<std::string, BatchRecord> known_;  // batches read before (their configuration never changes)
};

}  // namespace dpc::engine
