// evaluate_decision and map_decision_result without a database: Camunda's result shape per
// hit policy, output typing, and the errors of each mapDecisionResult mode.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "dpc/dmn/model_parser.h"
#include "dpc/engine/decision_evaluation.h"

using namespace dpc;
using namespace dpc::engine;

namespace {

const char* kModel = R"(<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="m" name="M" namespace="urn:m">
  <decision id="collect" name="Collect">
    <decisionTable hitPolicy="COLLECT">
      <input><inputExpression typeRef="integer"><text>n</text></inputExpression></input>
      <output name="a" typeRef="string" /><output name="b" typeRef="long" />
      <rule><inputEntry><text>&gt; 0</text></inputEntry><outputEntry><text>"one"</text></outputEntry><outputEntry><text>1</text></outputEntry></rule>
      <rule><inputEntry><text>&gt; 1</text></inputEntry><outputEntry><text>"two"</text></outputEntry><outputEntry><text>2</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="unique" name="Unique">
    <decisionTable hitPolicy="UNIQUE">
      <input><inputExpression><text>n</text></inputExpression></input>
      <output name="x" />
      <rule><inputEntry><text>&gt; 0</text></inputEntry><outputEntry><text>n * 1.5</text></outputEntry></rule>
      <rule><inputEntry><text>&gt; 5</text></inputEntry><outputEntry><text>0</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>)";

DeployedDecision decision(const std::string& key) {
  auto model = dmn::parse_model(kModel);
  EXPECT_TRUE(model.ok());
  DeployedDecision d;
  d.record.key = key;
  d.model = *model;
  return d;
}

VariableMap n(std::int64_t value) { return {{"n", TypedValue::long_value(value, ValueType::kInteger)}}; }

TEST(DecisionEvaluation, CollectGivesOneTypedMapPerMatchedRule) {
  auto r = evaluate_decision(decision("collect"), n(2));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[1][0], (std::pair<std::string, TypedValue>{"a", TypedValue::string("two")}));
  EXPECT_EQ((*r)[1][1].second, TypedValue::long_value(2));
  auto none = evaluate_decision(decision("collect"), n(0));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(DecisionEvaluation, UntypedNumbersAreLongOrDoubleAndUniqueViolationsAreErrors) {
  auto r = evaluate_decision(decision("unique"), n(2));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0][0].second, TypedValue::long_value(3));
  r = evaluate_decision(decision("unique"), n(3));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0][0].second, TypedValue::double_value(4.5));
  auto bad = evaluate_decision(decision("unique"), n(6));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().type, "DecisionEvaluationException");
}

TEST(DecisionEvaluation, MapDecisionResultModes) {
  auto two = *evaluate_decision(decision("collect"), n(2));
  auto one = *evaluate_decision(decision("unique"), n(2));
  EXPECT_EQ(*map_decision_result(one, "singleEntry"), TypedValue::long_value(3));
  EXPECT_EQ(*map_decision_result({}, "singleEntry"), TypedValue::null());
  EXPECT_FALSE(map_decision_result(two, "singleEntry").ok());
  EXPECT_FALSE(map_decision_result({two[0]}, "singleEntry").ok());  // two entries
  EXPECT_FALSE(map_decision_result(two, "singleResult").ok());
  auto single = map_decision_result({two[0]}, "singleResult");
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(nlohmann::json::parse(single->text), nlohmann::json({{"a", "one"}, {"b", 1}}));
  EXPECT_FALSE(map_decision_result(two, "collectEntries").ok());
  EXPECT_EQ(nlohmann::json::parse(map_decision_result(one, "collectEntries")->text), nlohmann::json({3}));
  auto list = map_decision_result(two, "resultList");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->type, ValueType::kJson);
  EXPECT_EQ(nlohmann::json::parse(list->text).size(), 2u);
  EXPECT_FALSE(map_decision_result(two, "nonsense").ok());
}

}  // namespace
