// POST /engine-rest/condition against a real server: process-level conditional start events
// start an instance of each latest definition whose condition holds; none holding is a 400
// and starts nothing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;

namespace {

const char* kModels = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="cond_big" isExecutable="true">
    <bpmn:startEvent id="big_start"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${amount &gt; 1000}</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent>
    <bpmn:userTask id="review"/><bpmn:endEvent id="e1"/>
    <bpmn:sequenceFlow id="f1" sourceRef="big_start" targetRef="review"/><bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="e1"/>
  </bpmn:process>
  <bpmn:process id="cond_any" isExecutable="true">
    <bpmn:startEvent id="any_start"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${amount &gt; 0}</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent>
    <bpmn:endEvent id="e2"/>
    <bpmn:sequenceFlow id="f3" sourceRef="any_start" targetRef="e2"/>
  </bpmn:process>
</bpmn:definitions>)";

class ConditionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    server_ = start_test_server("condition", port_);
    ASSERT_EQ(deploy_resource(port_, "cond", "cond.bpmn", kModels).status, 200);
  }
  static void TearDownTestSuite() { stop_test_server(server_); }
  static HttpResponse evaluate(const json& body) {
    return http_request(port_, "POST", "/engine-rest/condition", body.dump(),
                        {{"Content-Type", "application/json"}});
  }
  static long long count(const std::string& key) {
    auto r = http_request(port_, "GET", "/engine-rest/history/process-instance/count?processDefinitionKey=" + key);
    return json::parse(r.body)["count"].get<long long>();
  }
  static inline int port_ = 0;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(ConditionTest, StartsEveryDefinitionWhoseConditionHolds) {
  auto r = evaluate({{"variables", {{"amount", {{"value", 5000}, {"type", "Integer"}}}}}, {"businessKey", "c-1"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json started = json::parse(r.body);
  ASSERT_EQ(started.size(), 2u) << r.body;
  std::set<std::string> keys;
  for (const auto& p : started) {
    keys.insert(p["definitionId"].get<std::string>().substr(0, p["definitionId"].get<std::string>().find(':')));
    EXPECT_EQ(p["businessKey"], "c-1");
  }
  EXPECT_EQ(keys, (std::set<std::string>{"cond_big", "cond_any"}));
  // The big one waits in its user task with the variable.
  auto tasks = json::parse(http_request(port_, "GET", "/engine-rest/task?taskDefinitionKey=review").body);
  ASSERT_EQ(tasks.size(), 1u);
  auto v = json::parse(http_request(port_, "GET", "/engine-rest/process-instance/" +
                                                      tasks[0]["processInstanceId"].get<std::string>() +
                                                      "/variables/amount").body);
  EXPECT_EQ(v["value"], 5000);
}

TEST_F(ConditionTest, OnlyTheHoldingConditionStartsAndNoneIsA400) {
  long long big = count("cond_big"), any = count("cond_any");
  auto r = evaluate({{"variables", {{"amount", {{"value", 10}, {"type", "Integer"}}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).size(), 1u);
  EXPECT_EQ(count("cond_big"), big);
  EXPECT_EQ(count("cond_any"), any + 1);

  r = evaluate({{"variables", {{"amount", {{"value", -1}, {"type", "Integer"}}}}}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("No subscriptions were found"), std::string::npos) << r.body;
  EXPECT_EQ(count("cond_any"), any + 1);

  // A condition naming a variable that is not given: a clear error, nothing started.
  r = evaluate({{"variables", json::object()}});
  EXPECT_EQ(r.status / 100, 4) << r.body;
  EXPECT_EQ(count("cond_any"), any + 1);
  EXPECT_EQ(evaluate(json::array()).status, 400);
}

}  // namespace
