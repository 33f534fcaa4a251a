// Storage port for saved task filters (Camunda's FilterService): a name, an owner, the saved
// query as the REST TaskQueryDto JSON text (expressions such as ${currentUser()} kept as
// written; the REST layer evaluates them per caller) and free-form properties JSON. The REST
// layer decides authorizations; the store applies the read filter inside its SQL so counts
// and pages stay exact. Implementations are thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/engine/visibility.h"
#include "dpc/engine/work_queries.h"

namespace dpc::engine {

struct TaskFilter {
  std::string id;
  std::string resource_type = "Task";
  std::string name;
  std::string owner;              // empty = none
  std::string query_json = "{}";  // a JSON object
  std::string properties_json = "{}";
};

struct TaskFilterQuery {
  std::optional<std::string> id, resource_type, name, name_like, owner;
  std::vector<SortKey> sorting;  // filterId, firstResult, name, owner
  Page page;
  // Filters the caller may read: owned by `owner_of_readable` or allowed by `readable`.
  bool unrestricted = true;
  std::string owner_of_readable;
  IdFilter readable;
};

class TaskFilterStore {
 public:
  virtual ~TaskFilterStore() = default;
  virtual Status create(const TaskFilter& f) = 0;
  // kNotFound when there is no such filter.
  virtual Status update(const TaskFilter& f) = 0;
  virtual Status remove(const std::string& id) = 0;
  virtual Result<std::optional<TaskFilter>> get(const std::string& id) = 0;
  virtual Result<std::vector<TaskFilter>> find(const TaskFilterQuery& q) = 0;
  virtual Result<long long> count(const TaskFilterQuery& q) = 0;
};

}  // namespace dpc::engine
