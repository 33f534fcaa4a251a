// DecisionService: evaluates a deployed decision for a caller outside any process instance
// (POST /decision-definition/.../evaluate) and records the evaluation in the decision history
// at the engine's clock (the system clock plus the test clock's offset, unless given another),
// as a business rule task does inside a command. Thread-safe when its ports are.
#pragma once

#include <functional>

#include "dpc/core/result.h"
#include "dpc/core/typed_value.h"
#include "dpc/engine/decision_evaluation.h"
#include "dpc/engine/decision_history.h"
#include "dpc/engine/repository.h"

namespace dpc::engine {

class DecisionService {
 public:
  using Clock = std::function<Millis()>;
  // The references must outlive the service; without `history` nothing is recorded.
  DecisionService(RepositoryService& repository, DecisionHistoryStore* history, Clock clock = {});

  // Evaluates `decision` (its deployed model) over `variables`. An evaluation error is the
  // evaluator's, prefixed "Cannot evaluate decision <id>: "; a failed history write is
  // returned as well (the caller then reports no result).
  Result<DecisionResult> evaluate(const DecisionDefinitionRecord& decision, const VariableMap& variables);

 private:
  RepositoryService& repository_;
  DecisionHistoryStore* history_;
  Clock clock_;
};

}  // namespace dpc::engine
