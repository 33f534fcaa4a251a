// Event-based gateways and compensation on the in-memory store: the gateway's token cannot be
// moved on by a plain execution trigger (only an event after it may), and compensation
// subscriptions outlive the command that made them (written, loaded back, consumed once).
#include <gtest/gtest.h>

#include "dpc/bpmn/parser.h"
#include "dpc/engine/runtime_service.h"
#include "memory_store.h"

using namespace dpc;
using namespace dpc::engine;
using dpc::engine::test::MemoryStore;

namespace {

class OneDefinition : public ProcessDefinitionSource {
 public:
  explicit OneDefinition(const std::string& body) {
    auto parsed = bpmn::parse_bpmn(R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:message id="m" name="Go"/>
  <bpmn:process id="p" isExecutable="true" camunda:historyTimeToLive="30">)" + body + R"(</bpmn:process>
</bpmn:definitions>)");
    EXPECT_TRUE(parsed.ok()) << (parsed.report.errors.empty() ? "" : parsed.report.errors[0].message);
    auto d = std::make_shared<DeployedProcess>();
    d->key = "p";
    d->version = 1;
    d->id = "p:1:test";
    d->model = parsed.definitions->processes.at(0);
    process_ = d;
  }
  Result<std::shared_ptr<const DeployedProcess>> process_by_id(const std::string&) override { return process_; }
  Result<std::shared_ptr<const DeployedProcess>> latest_process_by_key(const std::string&) override {
    return process_;
  }

 private:
  std::shared_ptr<const DeployedProcess> process_;
};

TEST(EventGatewayUnit, ExecutionTriggerCannotPassTheGateway) {
  MemoryStore store;
  OneDefinition defs(R"(
    <bpmn:startEvent id="s"/><bpmn:eventBasedGateway id="gw"/>
    <bpmn:intermediateCatchEvent id="go"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="later"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
    <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="gw"/>
    <bpmn:sequenceFlow id="f1" sourceRef="gw" targetRef="go"/><bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="later"/>
    <bpmn:sequenceFlow id="f3" sourceRef="go" targetRef="e1"/><bpmn:sequenceFlow id="f4" sourceRef="later" targetRef="e2"/>)");
  RuntimeService runtime(store, defs, [] { return Millis{1700000000000}; });
  auto started = runtime.start_by_key("p", "", {}, false);
  ASSERT_TRUE(started.ok()) << started.error().message;
  const auto& snapshot = store.data().running.at(started->instance.id);
  std::string token;
  for (const auto& e : snapshot.executions) {
    if (e.activity_id == "gw") token = e.id;
  }
  ASSERT_FALSE(token.empty());
  ASSERT_EQ(snapshot.jobs.size(), 1u);  // the timer after the gateway
  Status st = runtime.trigger_execution(token, {});
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("event-based gateway 'gw'"), std::string::npos) << st.error().message;
  EXPECT_EQ(store.data().running.at(started->instance.id).jobs.size(), 1u);  // nothing changed
}

TEST(CompensationUnit, SubscriptionIsStoredLoadedAndConsumedOnce) {
  MemoryStore store;
  OneDefinition defs(R"(
    <bpmn:startEvent id="s"/><bpmn:userTask id="book"/>
    <bpmn:boundaryEvent id="bc" attachedToRef="book"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
    <bpmn:userTask id="undo" isForCompensation="true"/>
    <bpmn:userTask id="decide"/>
    <bpmn:intermediateThrowEvent id="comp"><bpmn:compensateEventDefinition/></bpmn:intermediateThrowEvent>
    <bpmn:userTask id="after"/><bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="book"/><bpmn:sequenceFlow id="f2" sourceRef="book" targetRef="decide"/>
    <bpmn:sequenceFlow id="f3" sourceRef="decide" targetRef="comp"/><bpmn:sequenceFlow id="f4" sourceRef="comp" targetRef="after"/>
    <bpmn:sequenceFlow id="f5" sourceRef="after" targetRef="e"/>
    <bpmn:association id="a" sourceRef="bc" targetRef="undo"/>)");
  RuntimeService runtime(store, defs, [] { return Millis{1700000000000}; });
  auto started = runtime.start_by_key("p", "", {}, false);
  ASSERT_TRUE(started.ok()) << started.error().message;
  const std::string id = started->instance.id;
  auto only_task = [&] {
    const auto& tasks = store.data().running.at(id).tasks;
    EXPECT_EQ(tasks.size(), 1u);
    return tasks.empty() ? TaskRecord{} : tasks[0];
  };
  auto compensations = [&] {
    int n = 0;
    for (const auto& s : store.data().subscriptions) n += s.kind == "compensate" && s.process_instance_id == id;
    return n;
  };
  ASSERT_TRUE(runtime.complete_task(only_task().id, {}, false).ok());  // book
  EXPECT_EQ(compensations(), 1);
  ASSERT_EQ(only_task().task_definition_key, "decide");
  ASSERT_TRUE(runtime.complete_task(only_task().id, {}, false).ok());  // → compensation throw
  EXPECT_EQ(only_task().task_definition_key, "undo");
  EXPECT_EQ(compensations(), 0);  // consumed by the throw
  ASSERT_TRUE(runtime.complete_task(only_task().id, {}, false).ok());  // undo ends: the throw goes on
  EXPECT_EQ(only_task().task_definition_key, "after");
}

}  // namespace
