// Decision tables and DRG evaluation on small inline models.
#include <gtest/gtest.h>

#include "dpc/dmn/decision_evaluator.h"
#include "dpc/dmn/model_parser.h"

namespace dpc::dmn {
namespace {

std::string table_model(const std::string& hit_policy, const std::string& aggregation) {
  return R"(<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" namespace="t" name="t">
  <inputData id="i_age" name="Age"><variable name="Age" typeRef="number"/></inputData>
  <decision id="d" name="Group"><variable name="Group"/>
    <informationRequirement><requiredInput href="#i_age"/></informationRequirement>
    <decisionTable hitPolicy=")" + hit_policy + "\"" + (aggregation.empty() ? "" : " aggregation=\"" + aggregation + "\"") + R"(>
      <input><inputExpression typeRef="number"><text>Age</text></inputExpression></input>
      <output name="g" typeRef="number"/>
      <rule><inputEntry><text>&lt; 18</text></inputEntry><outputEntry><text>1</text></outputEntry></rule>
      <rule><inputEntry><text>[18..65]</text></inputEntry><outputEntry><text>2</text></outputEntry></rule>
      <rule><inputEntry><text>-</text></inputEntry><outputEntry><text>3</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>)";
}

feel::Value run(const std::string& hp, const std::string& agg, int age) {
  auto m = parse_model(table_model(hp, agg));
  EXPECT_TRUE(m.ok());
  DecisionEvaluator ev(m.value());
  feel::Context in;
  in.set("Age", feel::Value(age));
  return ev.evaluate_decision("Group", in).value;
}

TEST(DecisionTable, HitPolicies) {
  EXPECT_EQ(run("FIRST", "", 30).to_string(), "2");
  EXPECT_TRUE(run("UNIQUE", "", 30).is_null());  // two rules match
  EXPECT_EQ(run("RULE ORDER", "", 10).to_string(), "[1, 3]");
  EXPECT_EQ(run("COLLECT", "SUM", 30).to_string(), "5");
  EXPECT_EQ(run("COLLECT", "COUNT", 30).to_string(), "2");
  EXPECT_EQ(run("COLLECT", "MAX", 10).to_string(), "3");
  EXPECT_EQ(run("COLLECT", "MIN", 70).to_string(), "3");
}

TEST(DecisionTable, AggregationWithoutMatchGivesDefaultOutput) {
  auto m = parse_model(R"(<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" namespace="t" name="t">
  <decision id="d" name="Extra"><variable name="Extra"/>
    <decisionTable hitPolicy="COLLECT" aggregation="MAX">
      <input><inputExpression typeRef="number"><text>5</text></inputExpression></input>
      <output><defaultOutputEntry><text>0</text></defaultOutputEntry></output>
      <rule><inputEntry><text>&gt; 10</text></inputEntry><outputEntry><text>3</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>)");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(DecisionEvaluator(m.value()).evaluate_decision("Extra", {}).value.to_string(), "0");
}

TEST(Bkm, NonConformingArgumentGivesNull) {
  auto m = parse_model(R"(<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" namespace="t" name="t">
  <itemDefinition name="tPair"><itemComponent name="a"><typeRef>number</typeRef></itemComponent>
    <itemComponent name="b"><typeRef>number</typeRef></itemComponent></itemDefinition>
  <businessKnowledgeModel id="k" name="f"><variable name="f"/>
    <encapsulatedLogic><formalParameter name="p" typeRef="tPair"/>
      <literalExpression typeRef="number"><text>[p.a]</text></literalExpression></encapsulatedLogic>
  </businessKnowledgeModel>
  <decision id="d1" name="ok"><variable name="ok"/><knowledgeRequirement><requiredKnowledge href="#k"/></knowledgeRequirement>
    <literalExpression><text>f({a: 1, b: 2})</text></literalExpression></decision>
  <decision id="d2" name="missing"><variable name="missing"/><knowledgeRequirement><requiredKnowledge href="#k"/></knowledgeRequirement>
    <literalExpression><text>f({a: 1})</text></literalExpression></decision>
  <decision id="d3" name="arity"><variable name="arity"/><knowledgeRequirement><requiredKnowledge href="#k"/></knowledgeRequirement>
    <literalExpression><text>f()</text></literalExpression></decision>
</definitions>)");
  ASSERT_TRUE(m.ok());
  DecisionEvaluator ev(m.value());
  EXPECT_EQ(ev.evaluate_decision("ok", {}).value.to_string(), "1");  // [1] unwrapped to the number type
  EXPECT_TRUE(ev.evaluate_decision("missing", {}).value.is_null());  // {a: 1} is not a tPair
  EXPECT_TRUE(ev.evaluate_decision("arity", {}).value.is_null());
  feel::Context args;  // a direct invocation may leave parameters out: they are null
  EXPECT_TRUE(ev.invoke("f", args).value.is_null());
}

TEST(ModelParser, RejectsNonDmn) { EXPECT_FALSE(parse_model("<x/>").ok()); }

// Camunda 7 puts the output entries of required decision tables into the variables of the
// decision that requires them, by output name, besides the standard binding by decision name.
const char* kCamundaDrg = R"(<definitions xmlns="http://www.omg.org/spec/DMN/20151101/dmn.xsd" namespace="c" name="c">
  <inputData id="i_amount" name="amount"/>
  <inputData id="i_label" name="label"/>
  <decision id="invoiceClassification" name="Invoice Classification">
    <decisionTable hitPolicy="UNIQUE">
      <input><inputExpression typeRef="number"><text>amount</text></inputExpression></input>
      <output name="invoiceClassification" typeRef="string"/>
      <rule><inputEntry><text>&lt; 250</text></inputEntry><outputEntry><text>"day-to-day expense"</text></outputEntry></rule>
      <rule><inputEntry><text>[250..1000]</text></inputEntry><outputEntry><text>"budget"</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="A" name="A">
    <decisionTable hitPolicy="FIRST">
      <input><inputExpression typeRef="number"><text>amount</text></inputExpression></input>
      <output name="x" typeRef="number"/>
      <output name="y" typeRef="string"/>
      <output name="label" typeRef="string"/>
      <rule><inputEntry><text>-</text></inputEntry><outputEntry><text>amount * 2</text></outputEntry>
        <outputEntry><text>"why"</text></outputEntry><outputEntry><text>"from A"</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="tags" name="Tags">
    <decisionTable hitPolicy="COLLECT">
      <input><inputExpression typeRef="number"><text>amount</text></inputExpression></input>
      <output name="tag" typeRef="string"/>
      <output name="weight" typeRef="number"/>
      <rule><inputEntry><text>&gt; 0</text></inputEntry><outputEntry><text>"positive"</text></outputEntry><outputEntry><text>1</text></outputEntry></rule>
      <rule><inputEntry><text>&gt; 100</text></inputEntry><outputEntry><text>"big"</text></outputEntry><outputEntry><text>2</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="approver" name="Approver">
    <informationRequirement><requiredDecision href="#invoiceClassification"/></informationRequirement>
    <informationRequirement><requiredDecision href="#A"/></informationRequirement>
    <informationRequirement><requiredDecision href="#tags"/></informationRequirement>
    <literalExpression><text>{camunda: invoiceClassification, standard: Invoice Classification,
      x: x, y: y, label: label, tags: tag, weights: weight, a: A}</text></literalExpression>
  </decision>
</definitions>)";

feel::Value approver(int amount) {
  auto m = parse_model(kCamundaDrg);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  DecisionEvaluator ev(m.value());
  feel::Context in;
  in.set("amount", feel::Value(amount));
  in.set("label", feel::Value(std::string("given")));
  return ev.evaluate_decision("approver", in).value;
}

TEST(DecisionRequirements, RequiredTableOutputsAreVisibleByOutputNameAsInCamunda7) {
  // (to_string shows strings unquoted)
  EXPECT_EQ(approver(500).to_string(),
            R"({camunda: budget, standard: budget, x: 1000, y: why, label: given, tags: [positive, big], )"
            R"(weights: [1, 2], a: {x: 1000, y: why, label: from A}})");
  // No rule matched: nothing is added (Camunda adds no entry), so the name is unbound (null).
  EXPECT_EQ(approver(5000).to_string(),
            R"({camunda: null, standard: null, x: 10000, y: why, label: given, tags: [positive, big], )"
            R"(weights: [1, 2], a: {x: 10000, y: why, label: from A}})");
  // One COLLECT result is still a list per output name.
  EXPECT_EQ(approver(50).to_string(),
            R"({camunda: day-to-day expense, standard: day-to-day expense, x: 100, y: why, label: given, )"
            R"(tags: [positive], weights: [1], a: {x: 100, y: why, label: from A}})");
}

}  // namespace
}  // namespace dpc::dmn
