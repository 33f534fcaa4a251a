// What the parser puts into the typed definitions, checked on small hand-written models.
#include <gtest/gtest.h>

#include "dpc/bpmn/parser.h"
#include "test_files.h"

namespace dpc::bpmn {
namespace {

using testing::data_file;

std::string errors_of(const ParseResult& r) {
  std::string s;
  for (const auto& p : r.report.errors) s += p.message + " (line " + std::to_string(p.line) + ")\n";
  return s;
}

class KitchenSink : public ::testing::Test {
 protected:
  void SetUp() override {
    result_ = parse_bpmn(data_file("valid/kitchen-sink.bpmn"));
    ASSERT_TRUE(result_.ok()) << errors_of(result_);
    ASSERT_EQ(result_.definitions->processes.size(), 1u);
    p_ = result_.definitions->processes[0].get();
  }
  const Element& el(const char* id) {
    const Element* e = p_->find(id);
    if (!e) throw std::runtime_error(std::string("no element ") + id);
    return *e;
  }
  ParseResult result_;
  const ProcessDefinition* p_ = nullptr;
};

TEST_F(KitchenSink, ProcessAttributes) {
  EXPECT_EQ(p_->id, "kitchen-sink");
  EXPECT_EQ(p_->name, "Kitchen sink");
  EXPECT_EQ(p_->version_tag, "v7");
  EXPECT_EQ(p_->history_time_to_live_days, 30);
  EXPECT_FALSE(p_->startable_in_tasklist);
  EXPECT_EQ(p_->candidate_starter_groups, "sales");
  ASSERT_TRUE(p_->job_priority.has_value());
  EXPECT_EQ(p_->execution_listeners.size(), 1u);
  EXPECT_EQ(p_->execution_listeners[0].class_name, "com.bank.AuditListener");
  ASSERT_EQ(p_->properties.size(), 1u);
  EXPECT_EQ(p_->properties[0].value, "card");
  EXPECT_EQ(p_->initial, el("start").index);
  EXPECT_EQ(p_->start_events.size(), 1u);
  EXPECT_EQ(p_->position.line, 7);
  EXPECT_TRUE(result_.report.warnings.empty());
}

TEST_F(KitchenSink, UserTask) {
  const Element& u = el("user");
  EXPECT_EQ(u.kind, ElementKind::kUserTask);
  EXPECT_EQ(u.position.line, 14);
  EXPECT_EQ(u.position.column, 5);
  ASSERT_TRUE(u.user_task.has_value());
  const UserTaskConfig& t = *u.user_task;
  EXPECT_EQ(t.assignee.language(), juel::Expression::Language::kJuel);
  EXPECT_TRUE(t.candidate_users.is_literal());
  EXPECT_EQ(t.candidate_users.source(), "anna,bob");
  EXPECT_EQ(t.candidate_groups.source(), "${groups}");
  EXPECT_EQ(t.follow_up_date.source(), "2030-01-01T00:00:00");
  EXPECT_EQ(t.priority.source(), "80");
  EXPECT_EQ(t.form_key.source(), "embedded:app:forms/check.html");
  ASSERT_EQ(t.task_listeners.size(), 2u);
  EXPECT_EQ(t.task_listeners[0].implementation, Listener::Implementation::kDelegateExpression);
  ASSERT_EQ(t.task_listeners[0].fields.size(), 2u);
  EXPECT_TRUE(t.task_listeners[0].fields[0].value.is_literal());
  EXPECT_FALSE(t.task_listeners[0].fields[1].value.is_literal());
  EXPECT_EQ(t.task_listeners[1].timeout_timer, "duration:PT2H");
  EXPECT_TRUE(u.async.after);
  EXPECT_FALSE(u.async.before);
  EXPECT_FALSE(u.async.exclusive);
  ASSERT_EQ(u.input_output.inputs.size(), 3u);
  EXPECT_EQ(u.input_output.inputs[0].value.kind, ParameterValue::Kind::kNull);
  EXPECT_EQ(u.input_output.inputs[1].value.kind, ParameterValue::Kind::kList);
  EXPECT_EQ(u.input_output.inputs[1].value.list.size(), 2u);
  EXPECT_EQ(u.input_output.inputs[2].value.kind, ParameterValue::Kind::kScript);
  EXPECT_EQ(u.input_output.inputs[2].value.script.format, "javascript");
  ASSERT_EQ(u.input_output.outputs.size(), 1u);
  ASSERT_TRUE(u.multi_instance.has_value());
  EXPECT_TRUE(u.multi_instance->sequential);
  EXPECT_EQ(u.multi_instance->element_variable, "reviewer");
  EXPECT_TRUE(u.multi_instance->collection.has_value());
  EXPECT_TRUE(u.multi_instance->completion_condition.has_value());
  EXPECT_TRUE(u.multi_instance->async.before);
  EXPECT_EQ(u.multi_instance->async.failed_job_retry_time_cycle, "R2/PT1M");
  ASSERT_EQ(u.boundary_events.size(), 1u);
  EXPECT_EQ(p_->elements[u.boundary_events[0]].id, "fraud_caught");
}

TEST_F(KitchenSink, Events) {
  const Element& b = el("fraud_caught");
  EXPECT_EQ(b.kind, ElementKind::kBoundaryEvent);
  EXPECT_EQ(b.event.kind, EventKind::kError);
  EXPECT_EQ(b.event.error_code, "FRAUD");
  EXPECT_EQ(b.event.error_message, "Fraud suspected");
  EXPECT_EQ(b.event.error_code_variable, "code");
  EXPECT_EQ(b.attached_to, el("user").index);
  EXPECT_TRUE(b.cancel_activity);
  EXPECT_EQ(el("fraud_end").event.kind, EventKind::kTerminate);
  const Element& timer = el("timer");
  ASSERT_TRUE(timer.event.timer.has_value());
  EXPECT_EQ(timer.event.timer->type, TimerDefinition::Type::kDate);
  EXPECT_EQ(timer.event.timer->value.source(), "${followUp}");
  const Element& sig = el("throw_signal");
  EXPECT_EQ(sig.event.kind, EventKind::kSignal);
  EXPECT_TRUE(sig.event.async);
  EXPECT_EQ(sig.event.name.source(), "stop-sales");
  EXPECT_EQ(el("end").event.escalation_code, "LIMIT");
  const Element& sub = el("on_message");
  EXPECT_TRUE(sub.triggered_by_event);
  ASSERT_EQ(sub.children.size(), 3u);
  const Element& ms = el("msg_start");
  EXPECT_EQ(ms.parent, sub.index);
  EXPECT_FALSE(ms.cancel_activity);
  EXPECT_EQ(ms.event.kind, EventKind::kMessage);
  EXPECT_EQ(ms.event.name.source(), "documents-${applicationId}");
  EXPECT_FALSE(ms.event.name.is_literal());
}

TEST_F(KitchenSink, FlowsAndGateways) {
  const Element& gw = el("gw");
  EXPECT_EQ(gw.kind, ElementKind::kInclusiveGateway);
  ASSERT_EQ(gw.outgoing.size(), 3u);
  ASSERT_NE(gw.default_flow, kNone);
  EXPECT_EQ(p_->flows[gw.default_flow].id, "f_default");
  EXPECT_TRUE(p_->find_flow("f_default")->is_default);
  const SequenceFlow* feel = p_->find_flow("f_feel");
  ASSERT_TRUE(feel && feel->condition);
  EXPECT_TRUE(feel->condition->expression.is_feel());
  const SequenceFlow* js = p_->find_flow("f_js");
  ASSERT_TRUE(js && js->condition);
  EXPECT_EQ(js->condition->type, Condition::Type::kScript);
  EXPECT_EQ(js->condition->script.format, "javascript");
  EXPECT_EQ(js->condition->script.text, "amount < 5");
  EXPECT_EQ(p_->elements[p_->find_flow("f1")->target].id, "user");
  EXPECT_EQ(el("end").incoming.size(), 3u);
  EXPECT_EQ(p_->find("note"), nullptr);  // annotations are not elements
}

TEST_F(KitchenSink, Activities) {
  const Element& s = el("script");
  ASSERT_TRUE(s.script.has_value());
  EXPECT_EQ(s.script->script.format, "groovy");
  EXPECT_EQ(s.script->script.text, "a + b");
  EXPECT_EQ(s.script->result_variable, "sum");
  const Element& r = el("recv");
  EXPECT_EQ(r.message_ref, "Msg_docs");
  EXPECT_EQ(r.message_name.source(), "documents-${applicationId}");
  const Element& d = el("decide");
  ASSERT_TRUE(d.service.has_value());
  EXPECT_EQ(d.service->implementation, ServiceConfig::Implementation::kDecision);
  EXPECT_EQ(d.service->decision_ref.source(), "loan-scoring");
  EXPECT_EQ(d.service->decision_ref_binding, "version");
  EXPECT_EQ(d.service->decision_ref_version.source(), "3");
  EXPECT_EQ(d.service->map_decision_result, "singleEntry");
  EXPECT_EQ(d.service->result_variable, "score");
  const Element& c = el("call");
  ASSERT_TRUE(c.call_activity.has_value());
  EXPECT_EQ(c.call_activity->called_element.source(), "child-process");
  EXPECT_EQ(c.call_activity->binding, "versionTag");
  EXPECT_EQ(c.call_activity->version_tag, "v2");
  ASSERT_EQ(c.call_activity->inputs.size(), 2u);
  EXPECT_TRUE(c.call_activity->inputs[0].all);
  EXPECT_TRUE(c.call_activity->inputs[1].business_key.has_value());
  ASSERT_EQ(c.call_activity->outputs.size(), 1u);
  EXPECT_EQ(c.call_activity->outputs[0].target, "result");
  const Element& n = el("notify");
  ASSERT_TRUE(n.service.has_value());
  EXPECT_EQ(n.service->implementation, ServiceConfig::Implementation::kClass);
  EXPECT_EQ(n.service->class_name, "com.bank.Notify");
}

TEST_F(KitchenSink, RootElements) {
  const Definitions& d = *result_.definitions;
  EXPECT_EQ(d.id, "Definitions_ks");
  EXPECT_EQ(d.messages.size(), 1u);
  EXPECT_EQ(d.signals.size(), 1u);
  EXPECT_EQ(d.errors.size(), 1u);
  EXPECT_EQ(d.escalations.size(), 1u);
  EXPECT_NE(d.find_process("kitchen-sink"), nullptr);
  EXPECT_EQ(d.find_process("nope"), nullptr);
}

TEST(Parser, FormsOfUserTasksAndStartEvents) {
  ParseResult r = parse_bpmn(R"(<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start" camunda:formRef="apply" camunda:formRefBinding="version" camunda:formRefVersion="3"/>
    <bpmn:userTask id="t">
      <bpmn:extensionElements>
        <camunda:formData businessKey="ref">
          <camunda:formField id="ref" label="Reference" type="string" defaultValue="X-1">
            <camunda:validation><camunda:constraint name="required"/><camunda:constraint name="maxlength" config="10"/></camunda:validation>
          </camunda:formField>
          <camunda:formField id="risk" type="enum"><camunda:value id="LOW" name="Low"/><camunda:value id="HIGH" name="High"/></camunda:formField>
        </camunda:formData>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="t"/>
    <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>)");
  ASSERT_TRUE(r.ok()) << (r.report.errors.empty() ? "" : r.report.errors[0].message);
  const ProcessDefinition& p = *r.definitions->processes[0];
  const Element& start = *p.find("start");
  ASSERT_TRUE(start.start_form.has_value());
  EXPECT_EQ(start.start_form->form_ref, "apply");
  EXPECT_EQ(start.start_form->form_ref_binding, "version");
  EXPECT_EQ(start.start_form->form_ref_version, "3");
  EXPECT_FALSE(start.start_form->form_data.has_value());
  const UserTaskConfig& t = *p.find("t")->user_task;
  ASSERT_TRUE(t.form_data.has_value());
  EXPECT_EQ(t.form_data->business_key, "ref");
  ASSERT_EQ(t.form_data->fields.size(), 2u);
  const FormField& ref = t.form_data->fields[0];
  EXPECT_EQ(ref.label, "Reference");
  EXPECT_EQ(ref.default_value, "X-1");
  ASSERT_EQ(ref.constraints.size(), 2u);
  EXPECT_EQ(ref.constraints[1].name, "maxlength");
  EXPECT_EQ(ref.constraints[1].config, "10");
  EXPECT_EQ(t.form_data->fields[1].values[1].name, "High");
  EXPECT_EQ(t.form_ref_binding, "latest");
}

TEST(Parser, LegacyActivitiNamespaceAndDefaultPrefix) {
  ParseResult r = parse_bpmn(data_file("valid/legacy-activiti.bpmn"));
  ASSERT_TRUE(r.ok()) << errors_of(r);
  const ProcessDefinition& p = *r.definitions->processes.at(0);
  EXPECT_EQ(p.history_time_to_live_days, 5);
  const Element* task = p.find("task");
  ASSERT_TRUE(task && task->service);
  EXPECT_EQ(task->service->implementation, ServiceConfig::Implementation::kExternal);
  EXPECT_EQ(task->service->topic.source(), "legacy-topic");
  EXPECT_TRUE(task->async.before);  // activiti:async is the legacy asyncBefore
  EXPECT_EQ(p.find("approve")->user_task->assignee.source(), "kermit");
}

TEST(Parser, CollaborationLanesAndNonExecutableProcessesAreSkipped) {
  ParseResult r = parse_bpmn(data_file("valid/collaboration.bpmn"));
  ASSERT_TRUE(r.ok()) << errors_of(r);
  ASSERT_EQ(r.definitions->processes.size(), 1u);
  const ProcessDefinition& p = *r.definitions->processes[0];
  EXPECT_EQ(p.id, "bank-process");
  EXPECT_EQ(p.elements.size(), 2u);  // start and end; lanes and data objects are not elements
}

TEST(Parser, WarnsAboutMissingIsExecutableAndHistoryTimeToLive) {
  ParseResult r = parse_bpmn(R"(<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <process id="p"><startEvent id="s"/><sequenceFlow id="f" sourceRef="s" targetRef="e"/><endEvent id="e"/></process>
</definitions>)");
  ASSERT_TRUE(r.ok()) << errors_of(r);
  ASSERT_EQ(r.report.warnings.size(), 2u);
  EXPECT_NE(r.report.warnings[0].message.find("has no attribute isExecutable"), std::string::npos);
  EXPECT_EQ(r.report.warnings[0].main_element_id, "p");
  EXPECT_EQ(r.report.warnings[0].line, 2);
  EXPECT_NE(r.report.warnings[1].message.find("historyTimeToLive"), std::string::npos);
}

TEST(Parser, NoExecutableProcessIsAWarningOnly) {
  ParseResult r = parse_bpmn(R"(<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <process id="p" isExecutable="false"><task id="t"/></process></definitions>)");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.definitions->processes.empty());
  ASSERT_EQ(r.report.warnings.size(), 1u);
  EXPECT_NE(r.report.warnings[0].message.find("no executable process"), std::string::npos);
}

TEST(Parser, ParseExceptionSummary) {
  ParseResult r = parse_bpmn("<definitions");
  ASSERT_FALSE(r.ok());
  Error e = to_parse_exception("x.bpmn", r.report);
  EXPECT_EQ(e.type, "ParseException");
  EXPECT_EQ(e.kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(e.message.find("ENGINE-09005 Could not parse BPMN process"), std::string::npos);
  EXPECT_NE(e.message.find("resource 'x.bpmn' | line 1"), std::string::npos);
}

TEST(Parser, BrokenFeelExpressionIsRefusedWithElementAndLine) {
  ParseResult r = parse_bpmn(R"(<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <process id="p" isExecutable="true">
    <startEvent id="s"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="g"/>
    <exclusiveGateway id="g"/>
    <sequenceFlow id="ok" sourceRef="g" targetRef="e">
      <conditionExpression>=amount &gt; 1000 and status = "new"</conditionExpression>
    </sequenceFlow>
    <sequenceFlow id="broken" sourceRef="g" targetRef="e">
      <conditionExpression>=amount &gt; (1000</conditionExpression>
    </sequenceFlow>
    <endEvent id="e"/>
  </process></definitions>)");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.report.errors.size(), 1u) << errors_of(r);
  const Problem& p = r.report.errors[0];
  EXPECT_EQ(p.main_element_id, "broken");
  EXPECT_EQ(p.line, 10);  // the conditionExpression element
  EXPECT_NE(p.message.find("FEEL expression 'amount > (1000' does not parse"), std::string::npos) << p.message;
}

TEST(ElementKind, NamesRoundTrip) {
  for (int k = 0; k <= static_cast<int>(ElementKind::kEventBasedGateway); ++k) {
    const auto kind = static_cast<ElementKind>(k);
    EXPECT_EQ(element_kind_from_tag(to_string(kind)), kind);
  }
  EXPECT_FALSE(element_kind_from_tag("complexGateway").has_value());
  EXPECT_EQ(event_kind_from_tag("timerEventDefinition"), EventKind::kTimer);
  EXPECT_FALSE(event_kind_from_tag("noneEventDefinition").has_value());
}

}  // namespace
}  // namespace dpc::bpmn

namespace dpc::bpmn {
namespace {

// Regression: a subprocess's own loop marker and flow refs are not flow elements of its scope.
TEST(Parser, MultiInstanceSubprocess) {
  ParseResult r = parse_bpmn(R"(<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn">
  <process id="p" isExecutable="true" camunda:historyTimeToLive="1">
    <startEvent id="s"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="sub"/>
    <subProcess id="sub">
      <incoming>f1</incoming>
      <outgoing>f2</outgoing>
      <multiInstanceLoopCharacteristics><loopCardinality>${3}</loopCardinality></multiInstanceLoopCharacteristics>
      <startEvent id="s2"/>
      <sequenceFlow id="g" sourceRef="s2" targetRef="e2"/>
      <endEvent id="e2"/>
    </subProcess>
    <sequenceFlow id="f2" sourceRef="sub" targetRef="e"/>
    <endEvent id="e"/>
  </process></definitions>)");
  ASSERT_TRUE(r.ok()) << errors_of(r);
  const Element* sub = r.definitions->processes[0]->find("sub");
  ASSERT_TRUE(sub && sub->multi_instance && sub->multi_instance->cardinality);
  EXPECT_EQ(sub->multi_instance->cardinality->source(), "${3}");
  EXPECT_EQ(sub->children.size(), 2u);  // s2 and e2; flows are not children
}

TEST(CamundaCompat, SequenceFlowsWithoutIdGetStableUniqueIds) {
  const std::string xml = data_file("valid/flows-without-id.bpmn");
  const ParseResult r = parse_bpmn(xml);
  ASSERT_TRUE(r.ok()) << errors_of(r);
  const ProcessDefinition& p = *r.definitions->processes[0];
  ASSERT_EQ(p.flows.size(), 7u);
  auto ends = [&](const char* id) {
    const SequenceFlow* f = p.find_flow(id);
    if (!f) return std::string("missing");
    return p.elements[f->source].id + ">" + p.elements[f->target].id;
  };
  EXPECT_EQ(ends("SequenceFlow_start_fork"), "start>fork");
  EXPECT_EQ(ends("SequenceFlow_fork_join"), "fork>join");
  EXPECT_EQ(ends("SequenceFlow_fork_join_2"), "fork>join");
  EXPECT_EQ(ends("SequenceFlow_review_gw"), "join>review");  // written in the file
  EXPECT_EQ(ends("SequenceFlow_review_gw_2"), "review>gw");
  EXPECT_EQ(ends("SequenceFlow_gw_approved"), "gw>approved");
  ASSERT_NE(p.find_flow("SequenceFlow_gw_approved"), nullptr);
  EXPECT_TRUE(p.find_flow("SequenceFlow_gw_approved")->condition.has_value());
  // The same file gives the same ids at every deployment.
  const ParseResult again = parse_bpmn(xml);
  ASSERT_TRUE(again.ok());
  for (std::size_t i = 0; i < p.flows.size(); ++i) EXPECT_EQ(again.definitions->processes[0]->flows[i].id, p.flows[i].id);
}

}  // namespace
}  // namespace dpc::bpmn
