#include "dpc/engine/decision_service.h"

#include "dpc/core/time_format.h"

namespace dpc::engine {

DecisionService::DecisionService(RepositoryService& repository, DecisionHistoryStore* history, Clock clock)
    : repository_(repository), history_(history), clock_(clock ? std::move(clock) : Clock(&now_millis)) {}

Result<DecisionResult> DecisionService::evaluate(const DecisionDefinitionRecord& decision,
                                                 const VariableMap& variables) {
  auto deployed = repository_.deployed_decision(decision);
  if (!deployed) return deployed.error();
  auto result = evaluate_decision(*deployed, variables);
  if (!result) {
    Error e = result.error();
    e.message = "Cannot evaluate decision " + decision.id + ": " + e.message;
    return e;
  }
  if (history_) {
    if (Status st = history_->insert(trace_decision(*deployed, variables, *result, clock_())); !st) {
      return st.error();
    }
  }
  return result;
}

}  // namespace dpc::engine
