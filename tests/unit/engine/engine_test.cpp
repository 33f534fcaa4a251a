// The engine's semantics on an in-memory store: every element kind of the core, joins,
// scopes, variables, and that a failing command changes nothing.
#include <gtest/gtest.h>

#include <algorithm>

#include "dpc/bpmn/parser.h"
#include "dpc/engine/runtime_service.h"
#include "memory_store.h"

using namespace dpc;
using namespace dpc::engine;
using dpc::engine::test::MemoryStore;

namespace {

std::string process(const std::string& key, const std::string& body) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id=")" + key + R"(" isExecutable="true" camunda:historyTimeToLive="30">
)" + body + R"(
  </bpmn:process>
</bpmn:definitions>)";
}

std::string flow(const std::string& id, const std::string& from, const std::string& to,
                 const std::string& condition = "") {
  if (condition.empty()) {
    return "<bpmn:sequenceFlow id=\"" + id + "\" sourceRef=\"" + from + "\" targetRef=\"" + to +
           "\"/>\n";
  }
  return "<bpmn:sequenceFlow id=\"" + id + "\" sourceRef=\"" + from + "\" targetRef=\"" + to +
         "\"><bpmn:conditionExpression xsi:type=\"bpmn:tFormalExpression\">" + condition +
         "</bpmn:conditionExpression></bpmn:sequenceFlow>\n";
}

class Definitions : public ProcessDefinitionSource {
 public:
  void add(const std::string& xml) {
    auto parsed = bpmn::parse_bpmn(xml);
    ASSERT_TRUE(parsed.ok()) << (parsed.report.errors.empty() ? "" : parsed.report.errors[0].message);
    for (const auto& p : parsed.definitions->processes) {
      auto d = std::make_shared<DeployedProcess>();
      d->key = p->id;
      d->version = 1;
      d->id = p->id + ":1:test";
      d->model = p;
      by_id_[d->id] = d;
    }
  }
  Result<std::shared_ptr<const DeployedProcess>> process_by_id(const std::string& id) override {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return Error::not_found("no definition " + id);
    return std::shared_ptr<const DeployedProcess>(it->second);
  }
  Result<std::shared_ptr<const DeployedProcess>> latest_process_by_key(const std::string& key) override {
    return process_by_id(key + ":1:test");
  }

 private:
  std::map<std::string, std::shared_ptr<DeployedProcess>> by_id_;
};

class EngineTest : public ::testing::Test {
 protected:
  EngineTest() : runtime(store, defs, [this] { return clock; }) {}

  StartedInstance start(const std::string& key, VariableMap vars = {}) {
    auto r = runtime.start_by_key(key, "bk-1", vars, true);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : StartedInstance{};
  }
  std::vector<TaskRecord> tasks(const std::string& instance) {
    auto it = store.data().running.find(instance);
    if (it == store.data().running.end()) return {};
    auto t = it->second.tasks;
    std::sort(t.begin(), t.end(), [](auto& a, auto& b) { return a.task_definition_key < b.task_definition_key; });
    return t;
  }
  std::vector<std::string> task_keys(const std::string& instance) {
    std::vector<std::string> out;
    for (auto& t : tasks(instance)) out.push_back(t.task_definition_key);
    return out;
  }
  void complete(const std::string& instance, const std::string& key, VariableMap vars = {}) {
    for (auto& t : tasks(instance)) {
      if (t.task_definition_key == key) {
        auto r = runtime.complete_task(t.id, vars, false);
        ASSERT_TRUE(r.ok()) << r.error().message;
        return;
      }
    }
    FAIL() << "no task " << key;
  }
  bool running(const std::string& instance) { return store.data().running.count(instance) > 0; }
  std::vector<std::string> ended_activities(const std::string& instance) {
    std::vector<std::string> out;
    for (auto& a : store.data().activities) {
      if (a.process_instance_id == instance && a.end_time && !a.canceled) out.push_back(a.activity_id);
    }
    return out;
  }
  int count(const std::vector<std::string>& v, const std::string& x) {
    return static_cast<int>(std::count(v.begin(), v.end(), x));
  }

  MemoryStore store;
  Definitions defs;
  Millis clock = 1700000000000;
  RuntimeService runtime;
};

TEST_F(EngineTest, StraightThroughWithExpressionAndGateway) {
  defs.add(process("p", R"(
    <bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="calc" camunda:expression="${amount * 2}" camunda:resultVariable="doubled"/>
    <bpmn:exclusiveGateway id="gw" default="f_small"/>
    <bpmn:endEvent id="big"/>
    <bpmn:endEvent id="small"/>
  )" + flow("f1", "s", "calc") + flow("f2", "calc", "gw") +
                   flow("f_big", "gw", "big", "${doubled &gt; 100}") + flow("f_small", "gw", "small")));
  auto big = start("p", {{"amount", TypedValue::long_value(60, ValueType::kInteger)}});
  EXPECT_TRUE(big.ended);
  EXPECT_EQ(store.data().history[big.instance.id].state, "COMPLETED");
  EXPECT_EQ(store.data().history[big.instance.id].end_activity_id, "big");
  EXPECT_EQ(big.variables["doubled"].integer, 120);
  auto small = start("p", {{"amount", TypedValue::long_value(10)}});
  EXPECT_EQ(store.data().history[small.instance.id].end_activity_id, "small");
  auto acts = ended_activities(small.instance.id);
  EXPECT_EQ(acts, (std::vector<std::string>{"s", "calc", "gw", "small"}));
}

TEST_F(EngineTest, UserTaskWaitsAndCompletes) {
  defs.add(process("p", R"(
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="review" name="Review ${customer}" camunda:assignee="${officer}"
                   camunda:candidateGroups="credit, risk" camunda:priority="70"/>
    <bpmn:endEvent id="e"/>
  )" + flow("f1", "s", "review") + flow("f2", "review", "e")));
  auto i = start("p", {{"officer", TypedValue::string("anna")}, {"customer", TypedValue::string("Bob")}});
  EXPECT_FALSE(i.ended);
  auto ts = tasks(i.instance.id);
  ASSERT_EQ(ts.size(), 1u);
  EXPECT_EQ(ts[0].assignee, "anna");
  EXPECT_EQ(ts[0].candidate_groups, (std::vector<std::string>{"credit", "risk"}));
  EXPECT_EQ(ts[0].priority, 70);
  EXPECT_EQ(ts[0].business_key, "bk-1");
  complete(i.instance.id, "review", {{"approved", TypedValue::boolean_value(true)}});
  EXPECT_FALSE(running(i.instance.id));
  EXPECT_EQ(store.data().history[i.instance.id].state, "COMPLETED");
}

TEST_F(EngineTest, ParallelForkAndJoin) {
  defs.add(process("p", R"(
    <bpmn:startEvent id="s"/>
    <bpmn:parallelGateway id="fork"/>
    <bpmn:userTask id="a"/>
    <bpmn:userTask id="b"/>
    <bpmn:userTask id="c"/>
    <bpmn:parallelGateway id="join"/>
    <bpmn:userTask id="after"/>
    <bpmn:endEvent id="e"/>
  )" + flow("f0", "s", "fork") + flow("fa", "fork", "a") + flow("fb", "fork", "b") +
                   flow("fc", "fork", "c") + flow("ja", "a", "join") + flow("jb", "b", "join") +
                   flow("jc", "c", "join") + flow("f9", "join", "after") + flow("f10", "after", "e")));
  auto i = start("p");
  EXPECT_EQ(task_keys(i.instance.id), (std::vector<std::string>{"a", "b", "c"}));
  complete(i.instance.id, "b");
  complete(i.instance.id, "a");
  EXPECT_EQ(task_keys(i.instance.id), (std::vector<std::string>{"c"}));
  complete(i.instance.id, "c");
  EXPECT_EQ(task_keys(i.instance.id), (std::vector<std::string>{"after"}));
  EXPECT_EQ(count(ended_activities(i.instance.id), "join"), 3);
  complete(i.instance.id, "after");
  EXPECT_FALSE(running(i.instance.id));
}

TEST_F(EngineTest, InclusiveJoinWaitsOnlyForTakenBranches) {
  defs.add(process("p", R"(
    <bpmn:startEvent id="s"/>
    <bpmn:inclusiveGateway id="split"/>
    <bpmn:userTask id="a"/>
    <bpmn:userTask id="b"/>
    <bpmn:userTask id="c"/>
    <bpmn:inclusiveGateway id="join"/>
    <bpmn:userTask id="after"/>
    <bpmn:endEvent id="e"/>
  )" + flow("f0", "s", "split") + flow("fa", "split", "a", "${x &gt; 0}") +
                   flow("fb", "split", "b", "${x &gt; 10}") + flow("fc", "split", "c", "${x &gt; 100}") +
                   flow("ja", "a", "join") + flow("jb", "b", "join") + flow("jc", "c", "join") +
                   flow("f9", "join", "after") + flow("f10", "after", "e")));
  auto i = start("p", {{"x", TypedValue::long_value(50)}});
  EXPECT_EQ(task_keys(i.instance.id), (std::vector<std::string>{"a", "b"}));
  complete(i.instance.id, "a");
  EXPECT_EQ(task_keys(i.instance.id), (std::vector<std::string>{"b"}));
  complete(i.instance.id, "b");
  EXPECT_EQ(task_keys(i.instance.id), (std::vector<std::string>{"after"}));
}

TEST_F(EngineTest, LoopBackThroughExclusiveMerge) {
  defs.add(process("p", R"(
    <bpmn:startEvent id="s"/>
    <bpmn:exclusiveGateway id="merge"/>
    <bpmn:userTask id="fix"/>
    <bpmn:exclusiveGateway id="check"/>
    <bpmn:endEvent id="e"/>
  )" + flow("f0", "s", "merge") + flow("f1", "merge", "fix") + flow("f2", "fix", "check") +
                   flow("again", "check", "merge", "${!ok}") + flow("done", "check", "e", "${ok}")));
  auto i = start("p");
  complete(i.instance.id, "fix", {{"ok", TypedValue::boolean_value(false)}});
  EXPECT_EQ(task_keys(i.instance.id), (std::vector<std::string>{"fix"}));
  complete(i.instance.id, "fix", {{"ok", TypedValue::boolean_value(true)}});
  EXPECT_FALSE(running(i.instance.id));
  EXPECT_EQ(count(ended_activities(i.instance.id), "fix"), 2);
}

TEST_F(EngineTest, EmbeddedSubprocessAndShadowedVariables) {
  defs.add(process("p", R"(
    <bpmn:startEvent id="s"/>
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="ss"/>
      <bpmn:userTask id="inner"/>
      <bpmn:endEvent id="se"/>
      )" + flow("sf1", "ss", "inner") + flow("sf2", "inner", "se") + R"(
    </bpmn:subProcess>
    <bpmn:userTask id="outer"/>
    <bpmn:endEvent id="e"/>
  )" + flow("f1", "s", "sub") + flow("f2", "sub", "outer") + flow("f3", "outer", "e")));
  auto i = start("p", {{"level", TypedValue::string("process")}});
  auto ts = tasks(i.instance.id);
  ASSERT_EQ(ts.size(), 1u);
  EXPECT_EQ(ts[0].task_definition_key, "inner");
  // A task-local write and a process write through the task's execution.
  ASSERT_TRUE(runtime.modify_task_variables(ts[0].id, {{"level", TypedValue::string("changed")}}, {}, false));
  complete(i.instance.id, "inner");
  auto& vars = store.data().running[i.instance.id].variables;
  ASSERT_EQ(vars.size(), 1u);
  EXPECT_EQ(vars[0].value.text, "changed");  // setVariable found it on the process scope
  EXPECT_EQ(task_keys(i.instance.id), (std::vector<std::string>{"outer"}));
  auto acts = ended_activities(i.instance.id);
  EXPECT_EQ(count(acts, "sub"), 1);
  EXPECT_EQ(count(acts, "se"), 1);
}

TEST_F(EngineTest, TerminateEndCancelsOtherBranches) {
  defs.add(process("p", R"(
    <bpmn:startEvent id="s"/>
    <bpmn:parallelGateway id="fork"/>
    <bpmn:userTask id="slow"/>
    <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition/></bpmn:endEvent>
    <bpmn:endEvent id="e"/>
  )" + flow("f0", "s", "fork") + flow("f1", "fork", "slow") + flow("f2", "fork", "kill") +
                   flow("f3", "slow", "e")));
  auto i = start("p");
  EXPECT_TRUE(i.ended);
  EXPECT_FALSE(running(i.instance.id));
  bool slow_canceled = false;
  for (auto& a : store.data().activities) slow_canceled |= a.activity_id == "slow" && a.canceled;
  EXPECT_TRUE(slow_canceled);
}

TEST_F(EngineTest, ExternalTaskNeedsTheLockingWorker) {
  defs.add(process("p", R"(
    <bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="check" camunda:type="external" camunda:topic="credit-check"/>
    <bpmn:endEvent id="e"/>
  )" + flow("f1", "s", "check") + flow("f2", "check", "e")));
  auto i = start("p");
  auto& ext = store.data().running[i.instance.id].external_tasks;
  ASSERT_EQ(ext.size(), 1u);
  EXPECT_EQ(ext[0].topic, "credit-check");
  std::string id = ext[0].id;
  // Not locked: nobody may complete it.
  EXPECT_FALSE(runtime.complete_external_task(id, "w1", {}, {}).ok());
  ext[0].worker_id = "w1";
  ext[0].lock_expiration = clock + 10000;
  auto wrong = runtime.complete_external_task(id, "w2", {}, {});
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("w1"), std::string::npos);
  ASSERT_TRUE(runtime.complete_external_task(id, "w1", {{"score", TypedValue::long_value(700)}}, {}).ok());
  EXPECT_FALSE(running(i.instance.id));
}

TEST_F(EngineTest, FailingConditionChangesNothing) {
  defs.add(process("p", R"(
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="t"/>
    <bpmn:exclusiveGateway id="gw"/>
    <bpmn:endEvent id="a"/>
    <bpmn:endEvent id="b"/>
  )" + flow("f0", "s", "t") + flow("f1", "t", "gw") + flow("fa", "gw", "a", "${missing &gt; 1}") +
                   flow("fb", "gw", "b", "${false}")));
  auto i = start("p");
  auto before = store.data().activities.size();
  auto ts = tasks(i.instance.id);
  auto r = runtime.complete_task(ts[0].id, {{"x", TypedValue::long_value(1)}}, false);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("missing"), std::string::npos) << r.error().message;
  EXPECT_EQ(tasks(i.instance.id).size(), 1u);  // still there
  EXPECT_EQ(store.data().activities.size(), before);
  EXPECT_TRUE(store.data().running[i.instance.id].variables.empty());
}

TEST_F(EngineTest, NoOutgoingFlowSelectedIsAnError) {
  defs.add(process("p", R"(
    <bpmn:startEvent id="s"/>
    <bpmn:exclusiveGateway id="gw"/>
    <bpmn:endEvent id="a"/>
  )" + flow("f0", "s", "gw") + flow("fa", "gw", "a", "${x == 1}")));
  auto r = runtime.start_by_key("p", "", {{"x", TypedValue::long_value(2)}}, false);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("ENGINE-02004"), std::string::npos);
  EXPECT_TRUE(store.data().history.empty());
}

TEST_F(EngineTest, FeelConditionsAndExpressionsAsCamunda8WritesThem) {
  defs.add(process("p", R"(
    <bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="calc" camunda:expression="=amount * 1.5" camunda:resultVariable="scaled"/>
    <bpmn:exclusiveGateway id="gw"/>
    <bpmn:endEvent id="manager"/>
    <bpmn:endEvent id="clerk"/>
  )" + flow("f0", "s", "calc") + flow("f1", "calc", "gw") +
                   flow("fm", "gw", "manager", "=scaled &gt; 1000 and category = \"travel\"") +
                   flow("fc", "gw", "clerk", "=not(scaled &gt; 1000 and category = \"travel\")")));
  auto a = start("p", {{"amount", TypedValue::long_value(800)}, {"category", TypedValue::string("travel")}});
  EXPECT_EQ(store.data().history[a.instance.id].end_activity_id, "manager");
  EXPECT_EQ(a.variables["scaled"].type, ValueType::kLong);  // a FEEL integral number is a Long, as in Camunda 7
  EXPECT_EQ(a.variables["scaled"].integer, 1200);
  auto b = start("p", {{"amount", TypedValue::long_value(800)}, {"category", TypedValue::string("food")}});
  EXPECT_EQ(store.data().history[b.instance.id].end_activity_id, "clerk");
}

TEST_F(EngineTest, DeleteInstanceCancelsEverything) {
  defs.add(process("p", R"(
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="t"/>
    <bpmn:endEvent id="e"/>
  )" + flow("f0", "s", "t") + flow("f1", "t", "e")));
  auto i = start("p");
  ASSERT_TRUE(runtime.delete_instance(i.instance.id, "customer withdrew").ok());
  EXPECT_FALSE(running(i.instance.id));
  EXPECT_EQ(store.data().history[i.instance.id].state, "EXTERNALLY_TERMINATED");
  EXPECT_EQ(store.data().history[i.instance.id].delete_reason, "customer withdrew");
  EXPECT_EQ(runtime.delete_instance(i.instance.id, "again").error().kind, ErrorKind::kNotFound);
}

}  // namespace
