// Deployment refuses compensation, transaction, link and event-based gateway models that
// dpc cannot run as modelled (src/engine/event_checks.cpp): a 400 ParseException naming the
// element, and nothing stored. One real server; one model per case.
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

struct Case {
  const char* name;
  const char* body;     // the process's content
  const char* element;  // the element the error names
  const char* message;  // a part of the error message
};

const Case kCases[] = {
    {"compensation_boundary_without_handler",
     R"(<bpmn:startEvent id="s"/><bpmn:userTask id="book"/><bpmn:endEvent id="e"/>
        <bpmn:boundaryEvent id="book_comp" attachedToRef="book"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="book"/><bpmn:sequenceFlow id="f2" sourceRef="book" targetRef="e"/>)",
     "book_comp", "no association to a compensation handler"},
    {"handler_not_for_compensation",
     R"(<bpmn:startEvent id="s"/><bpmn:userTask id="book"/><bpmn:endEvent id="e"/><bpmn:userTask id="undo"/>
        <bpmn:boundaryEvent id="book_comp" attachedToRef="book"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="book"/><bpmn:sequenceFlow id="f2" sourceRef="book" targetRef="e"/>
        <bpmn:sequenceFlow id="f3" sourceRef="s" targetRef="undo"/>
        <bpmn:association id="a" sourceRef="book_comp" targetRef="undo"/>)",
     "book_comp", "not marked isForCompensation"},
    {"handler_with_outgoing_flow",
     R"(<bpmn:startEvent id="s"/><bpmn:userTask id="book"/><bpmn:endEvent id="e"/>
        <bpmn:userTask id="undo" isForCompensation="true"/>
        <bpmn:boundaryEvent id="book_comp" attachedToRef="book"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="book"/><bpmn:sequenceFlow id="f2" sourceRef="book" targetRef="e"/>
        <bpmn:sequenceFlow id="f3" sourceRef="undo" targetRef="e"/>
        <bpmn:association id="a" sourceRef="book_comp" targetRef="undo"/>)",
     "book_comp", "must not have incoming or outgoing sequence flows"},
    {"compensation_activity_ref_unknown",
     R"(<bpmn:startEvent id="s"/><bpmn:intermediateThrowEvent id="comp"><bpmn:compensateEventDefinition activityRef="nowhere"/></bpmn:intermediateThrowEvent>
        <bpmn:endEvent id="e"/>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="comp"/><bpmn:sequenceFlow id="f2" sourceRef="comp" targetRef="e"/>)",
     "comp", "no activity in its scope"},
    {"compensation_without_waiting",
     R"(<bpmn:startEvent id="s"/><bpmn:intermediateThrowEvent id="comp"><bpmn:compensateEventDefinition waitForCompletion="false"/></bpmn:intermediateThrowEvent>
        <bpmn:endEvent id="e"/>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="comp"/><bpmn:sequenceFlow id="f2" sourceRef="comp" targetRef="e"/>)",
     "comp", "waitForCompletion=\"false\""},
    {"compensation_event_subprocess_at_process_level",
     R"(<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e"/>
        <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="cs"><bpmn:compensateEventDefinition/></bpmn:startEvent>
          <bpmn:endEvent id="ce"/><bpmn:sequenceFlow id="c1" sourceRef="cs" targetRef="ce"/></bpmn:subProcess>)",
     "cs", "must be inside an embedded subprocess"},
    {"compensation_event_subprocess_and_boundary",
     R"(<bpmn:startEvent id="s"/><bpmn:subProcess id="sub"><bpmn:startEvent id="ss"/><bpmn:endEvent id="se"/>
          <bpmn:sequenceFlow id="s1" sourceRef="ss" targetRef="se"/>
          <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="cs"><bpmn:compensateEventDefinition/></bpmn:startEvent>
            <bpmn:endEvent id="ce"/><bpmn:sequenceFlow id="c1" sourceRef="cs" targetRef="ce"/></bpmn:subProcess></bpmn:subProcess>
        <bpmn:boundaryEvent id="sub_comp" attachedToRef="sub"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
        <bpmn:userTask id="undo" isForCompensation="true"/><bpmn:association id="a" sourceRef="sub_comp" targetRef="undo"/>
        <bpmn:endEvent id="e"/>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="sub"/><bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="e"/>)",
     "cs", "both compensation boundary event 'sub_comp' and compensation event subprocess 'esp'"},
    {"cancel_end_outside_transaction",
     R"(<bpmn:startEvent id="s"/><bpmn:endEvent id="cancel_end"><bpmn:cancelEventDefinition/></bpmn:endEvent>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="cancel_end"/>)",
     "cancel_end", "must be directly inside a transaction"},
    {"transaction_without_cancel_boundary",
     R"(<bpmn:startEvent id="s"/><bpmn:transaction id="tx"><bpmn:startEvent id="ts"/>
          <bpmn:endEvent id="cancel_end"><bpmn:cancelEventDefinition/></bpmn:endEvent>
          <bpmn:sequenceFlow id="t1" sourceRef="ts" targetRef="cancel_end"/></bpmn:transaction>
        <bpmn:endEvent id="e"/>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="tx"/><bpmn:sequenceFlow id="f2" sourceRef="tx" targetRef="e"/>)",
     "cancel_end", "has no cancel boundary event"},
    {"link_without_catch",
     R"(<bpmn:startEvent id="s"/><bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition name="Nowhere"/></bpmn:intermediateThrowEvent>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="jump"/>)",
     "jump", "no link catch event of its scope catches"},
    {"conditional_variable_events",
     R"(<bpmn:startEvent id="s"/>
        <bpmn:intermediateCatchEvent id="cond"><bpmn:conditionalEventDefinition camunda:variableEvents="create, changed"><bpmn:condition xsi:type="bpmn:tFormalExpression">${x > 1}</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>
        <bpmn:endEvent id="e"/>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="cond"/><bpmn:sequenceFlow id="f2" sourceRef="cond" targetRef="e"/>)",
     "cond", "camunda:variableEvents holds 'changed'"},
    {"async_event_after_event_gateway",
     R"(<bpmn:startEvent id="s"/><bpmn:eventBasedGateway id="gw"/>
        <bpmn:intermediateCatchEvent id="t1" camunda:asyncBefore="true"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="t2"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
        <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="gw"/><bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="t1"/>
        <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="t2"/><bpmn:sequenceFlow id="f4" sourceRef="t1" targetRef="e1"/>
        <bpmn:sequenceFlow id="f5" sourceRef="t2" targetRef="e2"/>)",
     "gw", "camunda:asyncBefore"},
};

std::string model_of(const Case& c) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">)") +
         "<bpmn:process id=\"" + c.name + "\" isExecutable=\"true\">" + c.body + "</bpmn:process></bpmn:definitions>";
}

class EventDeployChecksTest : public ::testing::TestWithParam<Case> {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    server_ = new ServerProcess({"serve", "--no-access-log"},
                                {{"DPC_DATABASE_URL", create_test_database("event_checks")},
                                 {"DPC_PORT", std::to_string(port_)},
                                 {"DPC_SAMPLES_DIR", "/nonexistent"}},
                                "", "/tmp/dpc-event-checks-" + std::to_string(getpid()) + ".log");
    ASSERT_TRUE(server_->wait_for_health(port_, 30s)) << server_->log();
  }
  static void TearDownTestSuite() {
    server_->signal(SIGTERM);
    server_->wait_exit(20s);
    delete server_;
  }
  static inline int port_ = 0;
  static inline ServerProcess* server_ = nullptr;
};

TEST_P(EventDeployChecksTest, IsRefusedNamingTheElement) {
  const Case& c = GetParam();
  auto r = deploy_resource(port_, c.name, std::string(c.name) + ".bpmn", model_of(c));
  ASSERT_EQ(r.status, 400) << r.body;
  auto j = json::parse(r.body);
  EXPECT_EQ(j["type"], "ParseException") << r.body;
  bool found = false;
  for (const auto& e : j["details"][std::string(c.name) + ".bpmn"]["errors"]) {
    if (e["message"].get<std::string>().find(c.message) != std::string::npos && e["mainBpmnElementId"] == c.element) {
      found = true;
    }
  }
  EXPECT_TRUE(found) << r.body;
  auto defs = http_request(port_, "GET", std::string("/engine-rest/process-definition/count?key=") + c.name);
  EXPECT_EQ(json::parse(defs.body)["count"], 0) << defs.body;
}

INSTANTIATE_TEST_SUITE_P(Events, EventDeployChecksTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
