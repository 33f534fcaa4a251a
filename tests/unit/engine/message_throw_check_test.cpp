// Message intermediate throw and end events: where the parser takes their implementation
// from (activity_reader.cpp) and what the deployment check accepts (executable_check.cpp).
#include <gtest/gtest.h>

#include "dpc/bpmn/parser.h"
#include "dpc/engine/executable_check.h"

using namespace dpc;
using Impl = bpmn::ServiceConfig::Implementation;

namespace {

// A process start → `throw_body` (an intermediateThrowEvent "t") → `end_body` (endEvent "e").
bpmn::ParseResult parse(const std::string& throw_body, const std::string& end_body) {
  return bpmn::parse_bpmn(R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:message id="msg" name="M"/>
  <bpmn:process id="p" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="s"/>
    )" + throw_body + "\n    " + end_body + R"(
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
    <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>)");
}

const bpmn::Element& element(const bpmn::ParseResult& r, const std::string& id) {
  return *r.definitions->processes.at(0)->find(id);
}

TEST(MessageThrowCheck, ImplementationComesFromTheDefinitionOrTheEvent) {
  auto r = parse(R"(<bpmn:intermediateThrowEvent id="t"><bpmn:messageEventDefinition messageRef="msg"
        camunda:type="external" camunda:topic="notify"/></bpmn:intermediateThrowEvent>)",
                 R"(<bpmn:endEvent id="e" camunda:expression="${1 + 1}" camunda:resultVariable="two">
        <bpmn:messageEventDefinition messageRef="msg"/></bpmn:endEvent>)");
  ASSERT_TRUE(r.ok()) << r.report.errors.at(0).message;
  const auto& t = element(r, "t");
  ASSERT_TRUE(t.service);
  EXPECT_EQ(t.service->implementation, Impl::kExternal);
  EXPECT_EQ(t.service->topic.source(), "notify");
  const auto& e = element(r, "e");
  ASSERT_TRUE(e.service);
  EXPECT_EQ(e.service->implementation, Impl::kExpression);
  EXPECT_EQ(e.service->result_variable, "two");
  EXPECT_TRUE(engine::check_executable(*r.definitions->processes.at(0)).errors.empty());
}

TEST(MessageThrowCheck, TheDefinitionWinsOverTheEventElement) {
  auto r = parse(R"(<bpmn:intermediateThrowEvent id="t" camunda:class="com.example.Ignored">
        <bpmn:messageEventDefinition camunda:class="com.example.Used"/></bpmn:intermediateThrowEvent>)",
                 R"(<bpmn:endEvent id="e"/>)");
  ASSERT_TRUE(r.ok()) << r.report.errors.at(0).message;
  ASSERT_TRUE(element(r, "t").service);
  EXPECT_EQ(element(r, "t").service->class_name, "com.example.Used");
}

// As in Camunda, no implementation makes them none events: deployable, without a ServiceConfig.
TEST(MessageThrowCheck, WithoutImplementationTheyAreNoneEvents) {
  auto r = parse(R"(<bpmn:intermediateThrowEvent id="t"><bpmn:messageEventDefinition messageRef="msg"/>
        </bpmn:intermediateThrowEvent>)",
                 R"(<bpmn:endEvent id="e"><bpmn:messageEventDefinition/></bpmn:endEvent>)");
  ASSERT_TRUE(r.ok()) << r.report.errors.at(0).message;
  EXPECT_FALSE(element(r, "t").service);
  EXPECT_FALSE(element(r, "e").service);
  EXPECT_TRUE(engine::check_executable(*r.definitions->processes.at(0)).errors.empty());
}

TEST(MessageThrowCheck, ConnectorsAndExternalWithoutTopicAreRefused) {
  auto connector = parse(R"(<bpmn:intermediateThrowEvent id="t"/>)",
                         R"(<bpmn:endEvent id="e"><bpmn:messageEventDefinition><bpmn:extensionElements>
        <camunda:connector><camunda:connectorId>http-connector</camunda:connectorId></camunda:connector>
        </bpmn:extensionElements></bpmn:messageEventDefinition></bpmn:endEvent>)");
  ASSERT_TRUE(connector.ok()) << connector.report.errors.at(0).message;
  auto report = engine::check_executable(*connector.definitions->processes.at(0));
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].main_element_id, "e");
  EXPECT_NE(report.errors[0].message.find("http-connector"), std::string::npos) << report.errors[0].message;

  auto no_topic = parse(R"(<bpmn:intermediateThrowEvent id="t"><bpmn:messageEventDefinition camunda:type="external"/>
        </bpmn:intermediateThrowEvent>)",
                        R"(<bpmn:endEvent id="e"/>)");
  EXPECT_FALSE(no_topic.ok());
}

}  // namespace
