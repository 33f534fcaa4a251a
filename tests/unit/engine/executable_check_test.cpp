// Deploy-time refusal of what the engine cannot run (executable_check.cpp), for event
// subprocesses and error/escalation events: what runs is accepted, and what Camunda refuses
// too (a non-interrupting error catch) is refused naming the element.
#include <gtest/gtest.h>

#include "dpc/bpmn/parser.h"
#include "dpc/engine/executable_check.h"

using namespace dpc;

namespace {

std::string model(const std::string& body) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:error id="err" errorCode="E"/>
  <bpmn:escalation id="esc" escalationCode="X"/>
  <bpmn:message id="msg" name="M"/>
  <bpmn:process id="p" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start"/>
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="sub_start"/>
      <bpmn:intermediateThrowEvent id="throw_esc"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="sub_end"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:endEvent>
      <bpmn:sequenceFlow id="s1" sourceRef="sub_start" targetRef="throw_esc"/>
      <bpmn:sequenceFlow id="s2" sourceRef="throw_esc" targetRef="sub_end"/>
    </bpmn:subProcess>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
    <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end"/>
)" + body + R"(
  </bpmn:process>
</bpmn:definitions>)";
}

std::string event_subprocess(const std::string& id, const std::string& start_attrs,
                             const std::string& definition, const std::string& sub_attrs = "") {
  return "<bpmn:subProcess id=\"" + id + "\" triggeredByEvent=\"true\"" + sub_attrs + ">" +
         "<bpmn:startEvent id=\"" + id + "_start\"" + start_attrs + ">" + definition + "</bpmn:startEvent>" +
         "<bpmn:endEvent id=\"" + id + "_end\"/>" + "<bpmn:sequenceFlow id=\"" + id + "_f\" sourceRef=\"" + id +
         "_start\" targetRef=\"" + id + "_end\"/></bpmn:subProcess>\n";
}

bpmn::ProblemReport check(const std::string& body) {
  auto parsed = bpmn::parse_bpmn(model(body));
  EXPECT_TRUE(parsed.ok()) << (parsed.report.errors.empty() ? "" : parsed.report.errors[0].message);
  if (!parsed.ok()) return {};
  return engine::check_executable(*parsed.definitions->processes.at(0));
}

void expect_refused(const bpmn::ProblemReport& r, const std::string& element, const std::string& text) {
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].main_element_id, element);
  EXPECT_NE(r.errors[0].message.find(text), std::string::npos) << r.errors[0].message;
}

TEST(ExecutableCheck, EventSubprocessesAndEscalationsAreAccepted) {
  auto r = check(event_subprocess("on_msg", "", "<bpmn:messageEventDefinition messageRef=\"msg\"/>") +
                 event_subprocess("on_timer", " isInterrupting=\"false\"",
                                  "<bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>") +
                 event_subprocess("on_error", "", "<bpmn:errorEventDefinition errorRef=\"err\"/>") +
                 event_subprocess("on_esc", " isInterrupting=\"false\"", "<bpmn:escalationEventDefinition/>") +
                 "<bpmn:boundaryEvent id=\"b_esc\" attachedToRef=\"sub\" cancelActivity=\"false\">"
                 "<bpmn:escalationEventDefinition escalationRef=\"esc\"/></bpmn:boundaryEvent>"
                 "<bpmn:endEvent id=\"b_end\"/>" +
                 "<bpmn:sequenceFlow id=\"fb\" sourceRef=\"b_esc\" targetRef=\"b_end\"/>");
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].message;
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0].message;  // the escalation boundary fires
}

TEST(ExecutableCheck, NonInterruptingErrorCatchIsRefused) {
  expect_refused(check(event_subprocess("on_error", " isInterrupting=\"false\"",
                                        "<bpmn:errorEventDefinition errorRef=\"err\"/>")),
                 "on_error_start", "must be interrupting");
  expect_refused(check("<bpmn:boundaryEvent id=\"b_err\" attachedToRef=\"sub\" cancelActivity=\"false\">"
                       "<bpmn:errorEventDefinition errorRef=\"err\"/></bpmn:boundaryEvent>"
                       "<bpmn:endEvent id=\"b_end\"/><bpmn:sequenceFlow id=\"fb\" sourceRef=\"b_err\" targetRef=\"b_end\"/>"),
                 "b_err", "must be interrupting");
}

TEST(ExecutableCheck, WhatEventSubprocessesCannotDoIsRefused) {
  expect_refused(check(event_subprocess("on_timer", "",
                                        "<bpmn:timerEventDefinition><bpmn:timeDuration>soon</bpmn:timeDuration></bpmn:timerEventDefinition>")),
                 "on_timer_start", "invalid timer definition 'soon'");
  expect_refused(check(event_subprocess("on_msg", "", "<bpmn:messageEventDefinition messageRef=\"msg\"/>",
                                        " camunda:asyncBefore=\"true\"")),
                 "on_msg", "asyncBefore");
}

}  // namespace
