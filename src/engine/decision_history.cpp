// trace_decision: the history record of one evaluation. Input values are the table's input
// expressions over the variables; matched rules are found by testing each rule's input
// entries, and paired with the rule results as the hit policy orders them.
#include "dpc/engine/decision_history.h"

#include <algorithm>
#include <cctype>

#include "dpc/core/strings.h"
#include "dpc/dmn/decision_evaluator.h"
#include "decision_values.h"

namespace dpc::engine {

namespace {

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// 1-based positions of the rules whose every input entry holds.
std::vector<int> matched_rules(const dmn::DecisionTable& t, const std::vector<feel::Value>& inputs,
                               const feel::Scope& scope, feel::EvalContext& ctx) {
  std::vector<int> out;
  for (size_t r = 0; r < t.rules.size(); ++r) {
    const auto& rule = t.rules[r];
    bool ok = rule.inputs.size() == inputs.size();
    for (size_t i = 0; ok && i < inputs.size(); ++i) {
      if (!rule.inputs[i] || !rule.inputs[i]->ast()) {
        ok = false;
        break;
      }
      feel::Value v = feel::evaluate_test(*rule.inputs[i]->ast(), inputs[i], scope, ctx);
      ok = v.is(feel::Type::kBoolean) && v.as_bool();
    }
    if (ok) out.push_back(static_cast<int>(r + 1));
  }
  return out;
}

}  // namespace

HistoricDecisionInstanceRecord trace_decision(const DeployedDecision& decision,
                                              const VariableMap& variables,
                                              const DecisionResult& result, std::int64_t now) {
  HistoricDecisionInstanceRecord h;
  h.id = new_uuid();
  h.decision_definition_id = decision.record.id;
  h.decision_definition_key = decision.record.key;
  h.decision_definition_name = decision.record.name;
  h.tenant_id = decision.record.tenant_id;
  h.evaluation_time = now;
  const dmn::Decision* d = decision.model->find_decision(decision.record.key);
  const dmn::DecisionTable* table =
      d && d->expr && d->expr->kind == dmn::BoxedExpression::Kind::kDecisionTable ? d->expr->table.get()
                                                                                : nullptr;
  std::vector<int> rule_of_result(result.size(), 0);
  if (table) {
    feel::Context vars;
    for (const auto& [name, value] : variables) vars.set(name, to_feel(value));
    feel::Scope scope;
    scope.vars = &vars;
    feel::EvalContext ctx;
    std::vector<feel::Value> inputs;
    for (size_t i = 0; i < table->input_exprs.size(); ++i) {
      const auto& in = table->input_exprs[i];
      inputs.push_back(dmn::evaluate_text(in, scope, ctx));
      // As Camunda: the clause's label names it, else its expression.
      const std::string& label = table->input_labels[i];
      h.inputs.push_back({table->input_ids[i], label.empty() ? in.text : label, from_feel(inputs.back(), "")});
    }
    std::vector<int> matched = matched_rules(*table, inputs, scope, ctx);
    std::string hp = upper(table->hit_policy);
    bool in_rule_order = hp == "COLLECT" || hp == "C" || hp == "RULE ORDER" || hp == "R";
    if (in_rule_order && table->aggregation.empty() && matched.size() == result.size()) {
      rule_of_result = matched;
    } else if (!matched.empty() && result.size() == 1 &&
               (hp == "FIRST" || hp == "F" || hp == "UNIQUE" || hp == "U" || matched.size() == 1)) {
      rule_of_result[0] = matched[0];
    }
  }
  for (size_t i = 0; i < result.size(); ++i) {
    std::string rule_id;
    if (table && rule_of_result[i] > 0) rule_id = table->rules[rule_of_result[i] - 1].id;
    for (const auto& [name, value] : result[i]) {
      std::string clause_id;
      if (table) {
        for (const auto& o : table->outputs) {
          if (o.name == name) clause_id = o.id;
        }
      }
      h.outputs.push_back({clause_id, name, rule_id, rule_of_result[i], name, value});
    }
  }
  return h;
}

}  // namespace dpc::engine
