// The live events the web apps hear through GET /api/events: tasks created, assigned,
// completed, updated or deleted, instances ended, incidents created or resolved. The
// database records them in the transaction of each change (migration 0015) and tells every
// node (NOTIFY); this port reads them back. Plain values; no SQL here.
//
// Implementations are thread-safe. Failures are values (kUnavailable, kInternal).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "dpc/core/result.h"

namespace dpc::engine {

struct LiveEvent {
  int64_t id = 0;     // increasing; a browser resumes after the last one it saw
  std::string kind;   // task | instance | incident
  std::string type;   // created, assigned, completed, updated, deleted | ended | created, resolved
  std::string task_id, incident_id, name, process_instance_id, process_definition_key,
      activity_id, assignee;
  // Who else may see a task event (besides READ on the task or READ_TASK on its definition):
  // its candidates, and the assignee before an assignment.
  std::vector<std::string> candidate_users, candidate_groups;
  std::string previous_assignee;
};

class LiveEventLog {
 public:
  virtual ~LiveEventLog() = default;
  // At most `limit` events with id > after, and those among `also` (ids below it that may
  // have committed late), in id order; those committed by now.
  virtual Result<std::vector<LiveEvent>> after(int64_t after, int limit,
                                               const std::vector<int64_t>& also = {}) = 0;
  // The newest id (0 when there is none).
  virtual Result<int64_t> last_id() = 0;
  // Deletes the events older than `age`; the number deleted.
  virtual Result<long long> prune(std::chrono::seconds age) = 0;
};

}  // namespace dpc::engine
