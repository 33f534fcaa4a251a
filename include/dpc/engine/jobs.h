// Jobs: work the engine does later, on its own (timers now; async continuations and retries
// later). A job is a row of the instance it belongs to, created and deleted by the instance's
// commands like its tasks are; any node's JobExecutor (job_executor.h) acquires due jobs and
// fires each in its own command.
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
  std::string type = "timer";        // timer (async continuations come later)
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
};

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
  // Locks up to `limit` due jobs (due <= now, retries left, not locked or lock expired, instance
  // not suspended) for `owner` until now + lock_millis, skipping rows other nodes are locking.
  virtual Result<std::vector<Acquired>> acquire(const std::string& owner, Millis now,
                                                Millis lock_millis, int limit) = 0;
  // A job failed: one retry less, the error kept, free again from `retry_at`.
  virtual Status fail(const std::string& id, const std::string& owner, const std::string& message,
                      Millis retry_at) = 0;
  // Frees a job this owner locked but did not run (its instance was suspended meanwhile).
  virtual Status release(const std::string& id, const std::string& owner) = 0;
  // Jobs due at `now` that can still run (retries left, instance not suspended), locked or not.
  virtual Result<long long> count_due(Millis now) = 0;
  // The earliest due time of a job that can run, if any.
  virtual Result<std::optional<Millis>> next_due() = 0;
};

}  // namespace dpc::engine
