// Scripts that dpc cannot run are refused at deployment over REST, with a ParseException
// naming the element (a real `dpc serve` on a fresh database): syntax errors in JavaScript
// and FEEL (scripts and `=` expressions), unsupported formats (groovy, python), script resources; in script tasks, script
// conditions, camunda:script parameters and script listeners. Java listeners deploy with a warning.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::string model(const std::string& body) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="scripted" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start"/>
)" + body + R"(
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>)";
}

std::string script_task(const std::string& format, const std::string& script) {
  return R"(<bpmn:scriptTask id="calc" scriptFormat=")" + format + R"("><bpmn:script><![CDATA[)" + script +
         R"(]]></bpmn:script></bpmn:scriptTask>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="calc"/>
    <bpmn:sequenceFlow id="f2" sourceRef="calc" targetRef="end"/>)";
}

class ScriptDeployTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    server_ = start_test_server("scripts", port_);
  }
  static void TearDownTestSuite() { stop_test_server(server_); }

  // Deploys `xml` expecting a 400 ParseException whose error for `element` contains `text`.
  static void expect_refused(const std::string& xml, const std::string& element, const std::string& text) {
    auto r = deploy_resource(port_, "bad", "bad.bpmn", xml);
    ASSERT_EQ(r.status, 400) << r.body;
    json e = json::parse(r.body);
    EXPECT_EQ(e["type"], "ParseException") << e;
    bool found = false;
    for (const auto& err : e["details"]["bad.bpmn"]["errors"]) {
      if (err["mainBpmnElementId"] == element &&
          err["message"].get<std::string>().find(text) != std::string::npos) {
        found = true;
        EXPECT_GT(err["line"].get<int>(), 1) << err;
      }
    }
    EXPECT_TRUE(found) << "no error for " << element << " with '" << text << "' in " << e;
    auto defs = http_request(port_, "GET", "/engine-rest/process-definition/key/scripted");
    EXPECT_EQ(defs.status, 404) << defs.body;  // nothing was stored
  }

  static int port_;
  static ServerProcess* server_;
};
int ScriptDeployTest::port_ = 0;
ServerProcess* ScriptDeployTest::server_ = nullptr;

TEST_F(ScriptDeployTest, JavaScriptSyntaxErrorsNameTheElement) {
  expect_refused(model(script_task("javascript", "var x = ;")), "calc", "SyntaxError");
  expect_refused(model(script_task("javascript", "var ok = 1;\nfunction (")), "calc", "line 2");
}

TEST_F(ScriptDeployTest, FeelSyntaxErrorsNameTheElement) {
  expect_refused(model(script_task("feel", "if then else")), "calc", "FEEL script");
}

// `=...` expressions are FEEL (Camunda 8's form): a condition or an input parameter that
// does not parse is refused at deploy, not when an instance reaches it.
TEST_F(ScriptDeployTest, FeelExpressionsThatDoNotParseAreRefused) {
  expect_refused(model(R"(<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=amount &gt; (1000</bpmn:conditionExpression>
    </bpmn:sequenceFlow>)"),
                 "f1", "FEEL expression 'amount > (1000' does not parse");
  expect_refused(model(R"(<bpmn:userTask id="review">
      <bpmn:extensionElements>
        <camunda:inputOutput>
          <camunda:inputParameter name="limit">=if amount &gt; 1000 then "manager"</camunda:inputParameter>
        </camunda:inputOutput>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>)"),
                 "review", "does not parse");
}

TEST_F(ScriptDeployTest, UnsupportedFormatsAreRefusedWithAClearMessage) {
  expect_refused(model(script_task("groovy", "execution.setVariable('a', 1)")), "calc",
                 "script format 'groovy' of scriptTask 'calc' is not supported");
  expect_refused(model(script_task("python", "x = 1")), "calc", "dpc runs javascript");
  expect_refused(model(R"(<bpmn:scriptTask id="calc" scriptFormat="javascript" camunda:resource="deployment://calc.js"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="calc"/>
    <bpmn:sequenceFlow id="f2" sourceRef="calc" targetRef="end"/>)"),
                 "calc", "write the script inline");
}

TEST_F(ScriptDeployTest, ConditionsParametersAndListenersAreCheckedToo) {
  expect_refused(model(R"(<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">amount &gt;</bpmn:conditionExpression>
    </bpmn:sequenceFlow>)"),
                 "f1", "the condition of sequence flow 'f1'");
  expect_refused(model(R"(<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="groovy">amount &gt; 1</bpmn:conditionExpression>
    </bpmn:sequenceFlow>)"),
                 "f1", "script format 'groovy'");
  expect_refused(model(R"(<bpmn:userTask id="review">
      <bpmn:extensionElements>
        <camunda:inputOutput>
          <camunda:inputParameter name="x"><camunda:script scriptFormat="ruby">1</camunda:script></camunda:inputParameter>
        </camunda:inputOutput>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>)"),
                 "review", "parameter 'x' of userTask 'review'");
  expect_refused(model(R"(<bpmn:userTask id="review">
      <bpmn:extensionElements>
        <camunda:taskListener event="create"><camunda:script scriptFormat="javascript">task.setAssignee(</camunda:script></camunda:taskListener>
        <camunda:executionListener event="end"><camunda:script scriptFormat="groovy">1</camunda:script></camunda:executionListener>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>)"),
                 "review", "task listener 'create' of userTask 'review' does not compile");
}

TEST_F(ScriptDeployTest, JavaListenersDeployWithAWarning) {
  auto r = deploy_resource(port_, "java", "java.bpmn", model(R"(<bpmn:userTask id="review">
      <bpmn:extensionElements>
        <camunda:taskListener event="create" class="com.example.Notify"/>
        <camunda:executionListener event="start" delegateExpression="${audit}"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>)"));
  EXPECT_EQ(r.status, 200) << r.body;
  auto start = http_request(port_, "POST", "/engine-rest/process-definition/key/scripted/start", "{}",
                            {{"Content-Type", "application/json"}});
  EXPECT_EQ(start.status, 200) << start.body;
}

}  // namespace
