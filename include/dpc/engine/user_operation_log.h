// The read side of the user operation log (dpc/core/user_operation.h writes it): Camunda's
// UserOperationLogQuery and the annotation of an operation. Implemented by the store module.
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/core/user_operation.h"
#include "dpc/engine/model.h"
#include "dpc/engine/visibility.h"
#include "dpc/engine/work_queries.h"

namespace dpc::engine {

struct UserOperationLogQuery {
  std::optional<std::string> deployment_id, process_definition_id, process_definition_key,
      process_instance_id, execution_id, task_id, job_id, job_definition_id, batch_id,
      external_task_id, user_id, operation_id, operation_type, entity_type, category, property;
  std::vector<std::string> entity_type_in, category_in;
  std::optional<Millis> after_timestamp, before_timestamp;  // exclusive, as Camunda's
  std::vector<SortKey> sorting;                             // column "timestamp"
  Page page;
  // Camunda's rule: an entry is visible with READ_HISTORY on its process definition key
  // (`definitions`, entries that have one) or READ on UserOperationLogCategory for its
  // category (`instances` holds the allowed categories here).
  Visibility visibility;
};

class UserOperationLogStore {
 public:
  virtual ~UserOperationLogStore() = default;
  virtual Result<std::vector<UserOperationEntry>> entries(const UserOperationLogQuery& q) = 0;
  virtual Result<long long> count(const UserOperationLogQuery& q) = 0;
  // The entries of one operation (for the annotation's authorization check).
  virtual Result<std::vector<UserOperationEntry>> operation(const std::string& operation_id) = 0;
  // Sets (nullopt: clears) the annotation of every entry of the operation; false when the
  // operation has no entries.
  virtual Result<bool> set_annotation(const std::string& operation_id,
                                      const std::optional<std::string>& annotation) = 0;
};

}  // namespace dpc::engine
