// Batches: one operation over many items (Camunda 7's Batch), run by the job executors of
// every node. A batch is created with its items resolved (ids of instances, jobs, external
// tasks); each item becomes one job of type "batch" (invocationsPerBatchJob = 1, as Camunda's
// default) and one "batch-monitor" job ends the batch once no item job is left. An item job
// that fails loses a retry like any job; at 0 retries it has a failedJob incident and the
// batch waits for it (statistics count it in failedJobs) while the other items go on.
//
// Exactly once: BatchService runs an item's command through a RuntimeStore that deletes the
// item's job in the command's own transaction (batch_service.cpp), so an item whose effect
// committed is never run again, even when its node dies right after the commit.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/engine/jobs.h"
#include "dpc/engine/model.h"
#include "dpc/engine/work_queries.h"

namespace dpc::engine {

// Camunda's batch types.
inline constexpr const char* kBatchDeletion = "instance-deletion";
inline constexpr const char* kBatchSuspension = "instance-update-suspension-state";
inline constexpr const char* kBatchJobRetries = "set-job-retries";
inline constexpr const char* kBatchExternalTaskRetries = "set-external-task-retries";
inline constexpr const char* kBatchMigration = "instance-migration";

inline constexpr const char* kBatchItemJob = "batch";
inline constexpr const char* kBatchMonitorJob = "batch-monitor";

struct BatchRecord {
  std::string id, type;
  int total_jobs = 0;
  int invocations_per_job = 1;
  bool suspended = false;
  std::string tenant_id, create_user_id;
  Millis start_time = 0;
  std::optional<Millis> execution_start_time, end_time;
  std::string configuration;  // JSON text; its meaning depends on `type` (batch_service.cpp)
};

struct BatchStatistics {
  BatchRecord batch;
  long long remaining = 0, completed = 0, failed = 0;
};

struct BatchQuery {
  std::optional<std::string> id, type, created_by, tenant_id;
  std::optional<bool> suspended;
  bool history = false;                    // every batch (running and ended), else running ones
  std::optional<bool> completed;           // history only: ended (true) or not (false)
  std::vector<SortKey> sorting;            // columns: id, tenant_id, start_time, end_time
  Page page;
};

// The batch tables. Thread-safe.
class BatchStore {
 public:
  virtual ~BatchStore() = default;
  // Inserts the batch, one item job per item (handler_config "<batch id>:<item>") and the
  // monitor job (handler_config the batch id), in
  // one transaction; the executors are woken after the commit (NOTIFY dpc_job).
  virtual Status create(const BatchRecord& batch, const std::vector<std::string>& items, Millis now) = 0;
  virtual Result<std::optional<BatchRecord>> batch(const std::string& id) = 0;
  virtual Result<std::vector<BatchStatistics>> batches(const BatchQuery& q) = 0;  // with counts
  virtual Result<long long> count(const BatchQuery& q) = 0;
  // kNotFound for an unknown or ended batch.
  virtual Status set_suspended(const std::string& id, bool suspended) = 0;
  // Deletes a running batch's jobs and ends it (history kept unless `cascade`, then gone).
  virtual Status remove(const std::string& id, bool cascade, Millis now) = 0;
  // Deletes an item job (after an item whose command does not go through the RuntimeStore).
  virtual Status item_done(const std::string& job_id) = 0;
  // The monitor job's run: ends the batch when no item job is left (true), else unlocks the
  // monitor job and makes it due again at `next` (false). The first run records the
  // execution start time.
  virtual Result<bool> monitor(const std::string& batch_id, const std::string& monitor_job_id,
                               Millis now, Millis next) = 0;
};

}  // namespace dpc::engine
