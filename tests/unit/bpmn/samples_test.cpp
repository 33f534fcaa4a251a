// Every BPMN file in bpmn-samples/ parses without errors or warnings, and the samples carry
// the settings the engine and the demo rely on.
#include <gtest/gtest.h>

#include <filesystem>
#include <pugixml.hpp>

#include "dpc/bpmn/parser.h"
#include "test_files.h"

namespace dpc::bpmn {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> sample_files() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(DPC_SAMPLES_DIR)) {
    if (e.path().extension() == ".bpmn") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::shared_ptr<const ProcessDefinition> sample(const std::string& file, const std::string& process) {
  const ParseResult r = parse_bpmn(testing::read_file(std::string(DPC_SAMPLES_DIR) + "/" + file));
  if (!r.ok()) return nullptr;
  return r.definitions->find_process(process);
}

class Sample : public ::testing::TestWithParam<std::string> {};

TEST_P(Sample, ParsesCleanly) {
  const ParseResult r = parse_bpmn(testing::read_file(std::string(DPC_SAMPLES_DIR) + "/" + GetParam()));
  std::string problems;
  for (const auto& p : r.report.errors) problems += "error: " + p.message + " line " + std::to_string(p.line) + "\n";
  for (const auto& p : r.report.warnings) problems += "warning: " + p.message + "\n";
  ASSERT_TRUE(r.ok()) << problems;
  EXPECT_TRUE(r.report.warnings.empty()) << problems;
  ASSERT_FALSE(r.definitions->processes.empty());
  for (const auto& p : r.definitions->processes) {
    EXPECT_NE(p->initial, kNone) << p->id;
    EXPECT_TRUE(p->history_time_to_live_days.has_value()) << p->id;
  }
}

INSTANTIATE_TEST_SUITE_P(BpmnSamples, Sample, ::testing::ValuesIn(sample_files()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param.substr(0, info.param.find('.'));
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

TEST(Samples, AllExpectedSamplesExist) {
  const auto files = sample_files();
  for (const char* f : {"cash-loan-onboarding.bpmn", "term-deposit-opening.bpmn", "credit-card-cross-sell.bpmn"}) {
    EXPECT_NE(std::find(files.begin(), files.end(), f), files.end()) << f;
  }
}

TEST(Samples, CashLoanOnboarding) {
  auto p = sample("cash-loan-onboarding.bpmn", "cash-loan-onboarding");
  ASSERT_NE(p, nullptr);
  const Element* check = p->find("credit_check");
  ASSERT_TRUE(check && check->service);
  EXPECT_EQ(check->service->implementation, ServiceConfig::Implementation::kExternal);
  EXPECT_EQ(check->service->topic.source(), "credit-check");
  EXPECT_TRUE(check->async.before);
  EXPECT_EQ(check->async.failed_job_retry_time_cycle, "R3/PT10M");
  ASSERT_EQ(check->service->error_mappings.size(), 1u);
  EXPECT_EQ(check->service->error_mappings[0].error_code, "BUREAU_UNAVAILABLE");
  const Element* score = p->find("score_application");
  ASSERT_TRUE(score && score->service);
  EXPECT_EQ(score->service->decision_ref.source(), "loan-scoring");
  EXPECT_EQ(score->service->result_variable, "scoring");
  const Element* gw = p->find("gw_score");
  ASSERT_TRUE(gw);
  EXPECT_EQ(gw->outgoing.size(), 3u);
  EXPECT_EQ(p->flows[gw->default_flow].id, "flow_score_low");
  const SequenceFlow* high = p->find_flow("flow_score_high");
  ASSERT_TRUE(high && high->condition);
  juel::MapContext ctx;
  ctx.set("scoring", juel::Value(juel::Value::Map{{"score", juel::Value(780)}, {"riskClass", juel::Value("LOW")}}));
  auto taken = high->condition->expression.evaluate_condition(ctx);
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  EXPECT_TRUE(*taken);
  const Element* approve = p->find("approve_loan");
  ASSERT_TRUE(approve && approve->user_task);
  EXPECT_EQ(approve->user_task->candidate_groups.source(), "credit-committee");
  ASSERT_EQ(approve->boundary_events.size(), 1u);
  EXPECT_FALSE(p->elements[approve->boundary_events[0]].cancel_activity);
}

TEST(Samples, DecisionRefsPointAtTheSampleDecision) {
  pugi::xml_document dmn;
  ASSERT_TRUE(dmn.load_file((std::string(DPC_SAMPLES_DIR) + "/loan-scoring.dmn").c_str()));
  pugi::xml_node root = dmn.document_element();
  EXPECT_STREQ(root.attribute("xmlns").value(), "https://www.omg.org/spec/DMN/20191111/MODEL/");
  pugi::xml_node decision = root.child("decision");
  EXPECT_STREQ(decision.attribute("id").value(), "loan-scoring");
  EXPECT_STREQ(decision.child("decisionTable").attribute("hitPolicy").value(), "FIRST");
  EXPECT_EQ(std::distance(decision.child("decisionTable").children("input").begin(),
                          decision.child("decisionTable").children("input").end()),
            3);
}

TEST(Samples, CrossSellHasParallelInclusiveAndSubprocess) {
  auto p = sample("credit-card-cross-sell.bpmn", "credit-card-cross-sell");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->find("gw_fork")->kind, ElementKind::kParallelGateway);
  EXPECT_EQ(p->find("gw_fork")->outgoing.size(), 2u);
  const Element* sub = p->find("compliance_checks");
  ASSERT_TRUE(sub);
  EXPECT_EQ(sub->kind, ElementKind::kSubProcess);
  EXPECT_EQ(sub->children.size(), 7u);
  const Element* split = p->find("gw_checks_split");
  EXPECT_EQ(split->kind, ElementKind::kInclusiveGateway);
  EXPECT_EQ(split->parent, sub->index);
  EXPECT_EQ(p->find("gw_checks_join")->incoming.size(), 3u);
}

TEST(Samples, TermDepositWaitsForFunds) {
  auto p = sample("term-deposit-opening.bpmn", "term-deposit-opening");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->history_time_to_live_days, 365);
  const Element* wait = p->find("wait_for_funds");
  ASSERT_TRUE(wait);
  EXPECT_EQ(wait->message_name.source(), "funds-received");
  const Element* open = p->find("open_account");
  ASSERT_EQ(open->input_output.inputs.size(), 1u);
  EXPECT_EQ(open->input_output.inputs[0].value.kind, ParameterValue::Kind::kMap);
  EXPECT_EQ(open->input_output.inputs[0].value.map.size(), 2u);
}

}  // namespace
}  // namespace dpc::bpmn
