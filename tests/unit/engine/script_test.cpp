// Scripts and listeners in the engine, on an in-memory store: script tasks (JavaScript and
// FEEL), script conditions and parameters, execution and task listeners, failures that change
// nothing, and the deploy-time check.
#include <gtest/gtest.h>

#include "dpc/bpmn/parser.h"
#include "dpc/engine/executable_check.h"
#include "dpc/engine/runtime_service.h"
#include "memory_store.h"

using namespace dpc;
using namespace dpc::engine;
using dpc::engine::test::MemoryStore;

namespace {

std::string process(const std::string& body, const std::string& process_extensions = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true" camunda:historyTimeToLive="30">)" +
         process_extensions + body + R"(
  </bpmn:process>
</bpmn:definitions>)";
}

std::string flow(const std::string& id, const std::string& from, const std::string& to) {
  return "<bpmn:sequenceFlow id=\"" + id + "\" sourceRef=\"" + from + "\" targetRef=\"" + to + "\"/>\n";
}

class Definitions : public ProcessDefinitionSource {
 public:
  std::shared_ptr<const bpmn::ProcessDefinition> add(const std::string& xml) {
    auto parsed = bpmn::parse_bpmn(xml);
    EXPECT_TRUE(parsed.ok()) << (parsed.report.errors.empty() ? "" : parsed.report.errors[0].message);
    if (!parsed.ok()) return nullptr;
    auto d = std::make_shared<DeployedProcess>();
    d->key = "p";
    d->version = 1;
    d->id = "p:1:test";
    d->model = parsed.definitions->processes.at(0);
    current_ = d;
    return d->model;
  }
  Result<std::shared_ptr<const DeployedProcess>> process_by_id(const std::string&) override {
    if (!current_) return Error::not_found("none");
    return std::shared_ptr<const DeployedProcess>(current_);
  }
  Result<std::shared_ptr<const DeployedProcess>> latest_process_by_key(const std::string& key) override {
    return process_by_id(key);
  }

 private:
  std::shared_ptr<DeployedProcess> current_;
};

class ScriptTest : public ::testing::Test {
 protected:
  ScriptTest() : runtime(store, defs, [this] { return clock; }) {}

  Result<StartedInstance> start(VariableMap vars = {}) { return runtime.start_by_key("p", "bk-9", vars, true); }
  std::vector<TaskRecord> tasks(const std::string& instance) {
    auto it = store.data().running.find(instance);
    return it == store.data().running.end() ? std::vector<TaskRecord>{} : it->second.tasks;
  }

  MemoryStore store;
  Definitions defs;
  Millis clock = 1700000000000;
  RuntimeService runtime;
};

TypedValue integer(std::int64_t i) { return TypedValue::long_value(i, ValueType::kInteger); }

TEST_F(ScriptTest, JavaScriptTaskSeesVariablesAndExecution) {
  defs.add(process(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:scriptTask id="calc" name="Calc" scriptFormat="javascript" camunda:resultVariable="result">
      <bpmn:script>execution.setVariable("where", execution.getActivityId() + "/" + execution.getCurrentActivityName() + "/" + execution.getBusinessKey());
        execution.setVariable("doubled", amount * 2);
        execution.removeVariable("scratch");
        amount + 0.5</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:endEvent id="e"/>)" + flow("f1", "s", "calc") + flow("f2", "calc", "e")));
  auto r = start({{"amount", integer(20)}, {"scratch", TypedValue::string("x")}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->ended);
  EXPECT_EQ(r->variables["where"], TypedValue::string("calc/Calc/bk-9"));
  EXPECT_EQ(r->variables["doubled"], integer(40));
  EXPECT_EQ(r->variables["result"], TypedValue::double_value(20.5));
  EXPECT_EQ(r->variables.count("scratch"), 0u);
}

TEST_F(ScriptTest, FeelScriptTask) {
  defs.add(process(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:scriptTask id="calc" scriptFormat="feel" camunda:resultVariable="label">
      <bpmn:script>if amount &gt; 10 then "big" else "small"</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:endEvent id="e"/>)" + flow("f1", "s", "calc") + flow("f2", "calc", "e")));
  auto r = start({{"amount", integer(20)}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->variables["label"], TypedValue::string("big"));
}

TEST_F(ScriptTest, ThrowingScriptFailsTheStartAndStoresNothing) {
  defs.add(process(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:scriptTask id="calc" scriptFormat="javascript">
      <bpmn:script>execution.setVariable("half", 1); throw new Error("boom " + amount);</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:endEvent id="e"/>)" + flow("f1", "s", "calc") + flow("f2", "calc", "e")));
  auto r = start({{"amount", integer(3)}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, "ScriptEvaluationException");
  EXPECT_NE(r.error().message.find("activity 'calc'"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("Error: boom 3"), std::string::npos) << r.error().message;
  EXPECT_TRUE(store.data().running.empty());
  EXPECT_TRUE(store.data().history.empty());
}

TEST_F(ScriptTest, JavaScriptConditionAndScriptParameter) {
  defs.add(process(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:exclusiveGateway id="gw" default="low"/>
    <bpmn:userTask id="a">
      <bpmn:extensionElements><camunda:inputOutput>
        <camunda:inputParameter name="local"><camunda:script scriptFormat="javascript">amount * 3</camunda:script></camunda:inputParameter>
        <camunda:outputParameter name="out"><camunda:script scriptFormat="javascript">local + 1</camunda:script></camunda:outputParameter>
      </camunda:inputOutput></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:endEvent id="e"/>
    <bpmn:endEvent id="e2"/>)" + std::string(R"(<bpmn:sequenceFlow id="high" sourceRef="gw" targetRef="a">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">amount &gt; 10</bpmn:conditionExpression>
    </bpmn:sequenceFlow>)") + flow("f1", "s", "gw") + flow("low", "gw", "e2") + flow("f3", "a", "e")));
  auto low = start({{"amount", integer(5)}});
  ASSERT_TRUE(low.ok()) << low.error().message;
  EXPECT_TRUE(low->ended);
  auto high = start({{"amount", integer(50)}});
  ASSERT_TRUE(high.ok()) << high.error().message;
  auto ts = tasks(high->instance.id);
  ASSERT_EQ(ts.size(), 1u);
  ASSERT_TRUE(runtime.complete_task(ts[0].id, {}, false).ok());
  EXPECT_EQ(store.data().history[high->instance.id].state, "COMPLETED");
  bool out_set = false;
  for (const auto& u : store.data().variable_updates) {
    if (u.process_instance_id == high->instance.id && u.name == "out") out_set = u.value == integer(151);
  }
  EXPECT_TRUE(out_set);
}

TEST_F(ScriptTest, ListenersRunInCamundaOrder) {
  const std::string append = R"(<camunda:script scriptFormat="javascript">execution.setVariable("log", (execution.hasVariable("log") ? log + "," : "") + execution.getEventName() + ":" + (execution.getActivityId() || "process"))</camunda:script>)";
  auto listener = [&](const std::string& event) {
    return "<camunda:executionListener event=\"" + event + "\">" + append + "</camunda:executionListener>";
  };
  defs.add(process(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="t">
      <bpmn:extensionElements>)" + listener("start") + listener("end") + R"(
        <camunda:taskListener event="create"><camunda:script scriptFormat="javascript">task.setAssignee("zoe"); task.addCandidateGroup("ops")</camunda:script></camunda:taskListener>
        <camunda:taskListener event="assignment" expression="${execution.setVariable('assigned', task.assignee)}"/>
        <camunda:taskListener event="complete"><camunda:script scriptFormat="javascript">task.setVariable("done", true)</camunda:script></camunda:taskListener>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:endEvent id="e"/>)" + flow("f1", "s", "t") + R"(<bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e">
      <bpmn:extensionElements>)" + listener("take") + R"(</bpmn:extensionElements></bpmn:sequenceFlow>)",
                   "<bpmn:extensionElements>" + listener("start") + listener("end") + "</bpmn:extensionElements>"));
  auto r = start();
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto ts = tasks(r->instance.id);
  ASSERT_EQ(ts.size(), 1u);
  EXPECT_EQ(ts[0].assignee, "zoe");
  EXPECT_EQ(ts[0].candidate_groups, std::vector<std::string>{"ops"});
  bool history_assigned = false;  // the activity instance's history shows the listener's assignee
  for (const auto& a : store.data().activities) history_assigned = history_assigned || (a.activity_id == "t" && a.assignee == "zoe");
  EXPECT_TRUE(history_assigned);
  ASSERT_TRUE(runtime.complete_task(ts[0].id, {}, false).ok());
  VariableMap last;
  for (const auto& u : store.data().variable_updates) {
    if (u.process_instance_id == r->instance.id) last[u.name] = u.value;
  }
  EXPECT_EQ(last["log"], TypedValue::string("start:process,start:t,end:t,take:t,end:process"));
  EXPECT_EQ(last["assigned"], TypedValue::string("zoe"));
  EXPECT_EQ(last["done"], TypedValue::boolean_value(true));
}

TEST_F(ScriptTest, DeployCheckRefusesWhatCannotRunAndWarnsAboutJava) {
  auto model = defs.add(process(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:scriptTask id="g" scriptFormat="groovy"><bpmn:script>1</bpmn:script></bpmn:scriptTask>
    <bpmn:scriptTask id="bad" scriptFormat="javascript"><bpmn:script>var = 1</bpmn:script></bpmn:scriptTask>
    <bpmn:userTask id="t">
      <bpmn:extensionElements><camunda:taskListener event="create" class="com.example.X"/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:endEvent id="e"/>)" + flow("f1", "s", "g") + flow("f2", "g", "bad") + flow("f3", "bad", "t") + flow("f4", "t", "e")));
  ASSERT_TRUE(model);
  auto report = check_executable(*model);
  ASSERT_EQ(report.errors.size(), 2u);
  EXPECT_EQ(report.errors[0].main_element_id, "g");
  EXPECT_NE(report.errors[0].message.find("script format 'groovy'"), std::string::npos);
  EXPECT_EQ(report.errors[1].main_element_id, "bad");
  EXPECT_NE(report.errors[1].message.find("SyntaxError"), std::string::npos);
  bool warned = false;
  for (const auto& w : report.warnings) warned = warned || (w.main_element_id == "t" && w.message.find("com.example.X") != std::string::npos);
  EXPECT_TRUE(warned);
}

// Assignment listeners fire on every assignee change (task_assignment.cpp), so they deploy
// silently; update listeners fire on assignee changes only, which deployment says.
TEST_F(ScriptTest, AssignmentListenersDeployWithoutWarning) {
  auto model = defs.add(process(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="t">
      <bpmn:extensionElements>
        <camunda:taskListener event="assignment" expression="${task.assignee}"/>
        <camunda:taskListener event="update" expression="${task.assignee}"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:endEvent id="e"/>)" + flow("f1", "s", "t") + flow("f2", "t", "e")));
  ASSERT_TRUE(model);
  auto report = check_executable(*model);
  EXPECT_TRUE(report.errors.empty());
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_NE(report.warnings[0].message.find("'update'"), std::string::npos) << report.warnings[0].message;
  EXPECT_NE(report.warnings[0].message.find("assignee changes"), std::string::npos) << report.warnings[0].message;
}

}  // namespace
