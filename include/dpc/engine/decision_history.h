// Decision history: one record per evaluation of a decision (by a business rule task, in
// the command's transaction through ChangeSet, or over REST through DecisionHistoryStore),
// with the values of its inputs and the outputs of the rules that matched. Clause and rule
// ids are the DMN elements' ids; clause_name is the input clause's label (else its
// expression) or the output's name; rule_order is the matched rule's position.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/core/typed_value.h"
#include "dpc/engine/decision_definition.h"
#include "dpc/engine/decision_evaluation.h"
#include "dpc/engine/visibility.h"

namespace dpc::engine {

struct DecisionInputRecord {
  std::string clause_id, clause_name;
  TypedValue value;
};

struct DecisionOutputRecord {
  std::string clause_id, clause_name, rule_id;
  int rule_order = 0;  // 1-based position of the matched rule in the table; 0 = unknown
  std::string variable_name;
  TypedValue value;
};

struct HistoricDecisionInstanceRecord {
  std::string id;
  std::string decision_definition_id, decision_definition_key, decision_definition_name;
  std::int64_t evaluation_time = 0;  // ms since the epoch
  std::string process_definition_id, process_definition_key, process_instance_id;
  std::string activity_id, activity_instance_id, tenant_id;
  std::vector<DecisionInputRecord> inputs;
  std::vector<DecisionOutputRecord> outputs;
};

struct DecisionInstanceQuery {
  std::optional<std::string> id, decision_definition_id, decision_definition_key,
      process_instance_id, process_definition_id, process_definition_key, activity_id;
  std::optional<std::int64_t> evaluated_before, evaluated_after;
  bool descending = false;  // by evaluation time
  long long first_result = 0;
  long long max_results = -1;
  Visibility visibility;  // definitions = decision keys with READ_HISTORY
};

// The history record of one evaluation (id and evaluation time set; process fields empty).
HistoricDecisionInstanceRecord trace_decision(const DeployedDecision& decision,
                                              const VariableMap& variables,
                                              const DecisionResult& result, std::int64_t now);

// Storage port for decision history outside process commands (REST evaluations) and for
// its queries. Thread-safe.
class DecisionHistoryStore {
 public:
  virtual ~DecisionHistoryStore() = default;
  virtual Status insert(const HistoricDecisionInstanceRecord& record) = 0;
  virtual Result<std::vector<HistoricDecisionInstanceRecord>> list(const DecisionInstanceQuery& q) = 0;
  virtual Result<long long> count(const DecisionInstanceQuery& q) = 0;
};

}  // namespace dpc::engine
