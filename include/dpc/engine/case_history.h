// The story of one case beyond Camunda's history: the sequence flows it took (from the
// engine event log, entries of type sequenceFlow/take) and every variable change with who
// made it (Camunda's historic details of type variableUpdate, plus the user). Read-only;
// plain values, no SQL here. Implementations are thread-safe; failures are values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/engine/model.h"
#include "dpc/engine/visibility.h"
#include "dpc/engine/work_queries.h"  // Page, SortKey

namespace dpc::engine {

struct TakenFlow {
  std::string sequence_flow_id;
  Millis time = 0;
};

// Filters of GET /history/detail (variable updates only). Sort: processInstanceId,
// variableName, variableType, variableRevision, time, occurrence (time, then order written).
struct VariableDetailQuery {
  std::optional<std::string> process_instance_id, task_id, variable_instance_id, variable_name,
      activity_instance_id, execution_id, user_id;
  std::vector<std::string> process_instance_id_in;
  std::vector<SortKey> sorting;
  Visibility visibility;  // READ on the historic instance or READ_HISTORY on the key
  Page page;
};

struct VariableDetail {
  std::string id;                  // the update's own id (its sequence number)
  VariableUpdateRecord update;     // revision: 1 for a variable's first write, then 2, 3, ...
  std::string process_definition_id;
};

class CaseHistoryQueries {
 public:
  virtual ~CaseHistoryQueries() = default;
  // The flows instance `id` took, in the order taken (empty when none or no such instance).
  virtual Result<std::vector<TakenFlow>> sequence_flows(const std::string& process_instance_id) = 0;
  virtual Result<std::vector<VariableDetail>> variable_details(const VariableDetailQuery& q) = 0;
  virtual Result<long long> count_variable_details(const VariableDetailQuery& q) = 0;
};

}  // namespace dpc::engine
