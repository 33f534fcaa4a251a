// Timer events and timer jobs on the in-memory store: intermediate timer, boundary timers on
// a user task (interrupting and not), a timer deleted by completing its task first, timeDate
// with an expression, and the ISO 8601 duration arithmetic.
#include <gtest/gtest.h>

#include <algorithm>

#include "dpc/bpmn/parser.h"
#include "dpc/core/time_format.h"
#include "dpc/engine/job_executor.h"
#include "dpc/engine/runtime_service.h"
#include "memory_store.h"

using namespace dpc;
using namespace dpc::engine;
using dpc::engine::test::MemoryStore;

namespace {

std::string process(const std::string& body) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true" camunda:historyTimeToLive="30">
)" + body + R"(
  </bpmn:process>
</bpmn:definitions>)";
}

std::string flow(const std::string& id, const std::string& from, const std::string& to) {
  return "<bpmn:sequenceFlow id=\"" + id + "\" sourceRef=\"" + from + "\" targetRef=\"" + to + "\"/>\n";
}

class OneDefinition : public ProcessDefinitionSource {
 public:
  void set(const std::string& xml) {
    auto parsed = bpmn::parse_bpmn(xml);
    ASSERT_TRUE(parsed.ok()) << (parsed.report.errors.empty() ? "" : parsed.report.errors[0].message);
    auto d = std::make_shared<DeployedProcess>();
    d->key = "p";
    d->version = 1;
    d->id = "p:1:test";
    d->model = parsed.definitions->processes.at(0);
    def_ = d;
  }
  Result<std::shared_ptr<const DeployedProcess>> process_by_id(const std::string&) override {
    return std::shared_ptr<const DeployedProcess>(def_);
  }
  Result<std::shared_ptr<const DeployedProcess>> latest_process_by_key(const std::string&) override {
    return std::shared_ptr<const DeployedProcess>(def_);
  }

 private:
  std::shared_ptr<DeployedProcess> def_;
};

const char* kBoundaryModel = R"(
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="review"/>
    <bpmn:boundaryEvent id="late" attachedToRef="review" cancelActivity="CANCEL">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:userTask id="escalate"/>
    <bpmn:endEvent id="e1"/>
    <bpmn:endEvent id="e2"/>
)";

class TimerTest : public ::testing::Test {
 protected:
  TimerTest() : runtime(store, defs, [this] { return clock; }), jobs(store, defs, [this] { return clock; }) {}

  void model(std::string body) { defs.set(process(body)); }
  std::string start() {
    auto r = runtime.start_by_key("p", "", {}, false);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->instance.id : "";
  }
  std::vector<JobRecord> job_rows(const std::string& instance) {
    auto it = store.data().running.find(instance);
    return it == store.data().running.end() ? std::vector<JobRecord>{} : it->second.jobs;
  }
  std::vector<std::string> task_keys(const std::string& instance) {
    std::vector<std::string> out;
    auto it = store.data().running.find(instance);
    if (it == store.data().running.end()) return out;
    for (auto& t : it->second.tasks) out.push_back(t.task_definition_key);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::string task_id(const std::string& instance, const std::string& key) {
    for (auto& t : store.data().running[instance].tasks) if (t.task_definition_key == key) return t.id;
    return "";
  }
  const ActivityInstanceRecord* activity(const std::string& id) {
    for (auto& a : store.data().activities) if (a.activity_id == id) return &a;
    return nullptr;
  }
  bool running(const std::string& instance) { return store.data().running.count(instance) > 0; }
  // Fires a job as the executor does: true when it ran (or is gone for good).
  bool fire(const std::string& job_id) {
    auto r = jobs.execute(job_id);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() && *r;
  }

  MemoryStore store;
  OneDefinition defs;
  Millis clock = 1700000000000;
  RuntimeService runtime;
  JobCommands jobs;
};

TEST_F(TimerTest, IntermediateTimerWaitsForItsJob) {
  model(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT5M</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="e"/>
  )" + flow("f1", "s", "wait") + flow("f2", "wait", "e"));
  std::string id = start();
  auto rows = job_rows(id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].due, clock + 5 * 60 * 1000);
  EXPECT_EQ(rows[0].activity_id, "wait");
  clock += 5 * 60 * 1000;
  ASSERT_TRUE(fire(rows[0].id));
  EXPECT_FALSE(running(id));
  ASSERT_NE(activity("wait"), nullptr);
  EXPECT_TRUE(activity("wait")->end_time.has_value());
  EXPECT_NE(activity("e"), nullptr);
}

TEST_F(TimerTest, InterruptingBoundaryTimerCancelsTheTask) {
  model(std::string(kBoundaryModel).replace(std::string(kBoundaryModel).find("CANCEL"), 6, "true") +
        flow("f1", "s", "review") + flow("f2", "review", "e1") + flow("f3", "late", "escalate") +
        flow("f4", "escalate", "e2"));
  std::string id = start();
  auto rows = job_rows(id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].due, clock + 3600 * 1000);
  ASSERT_TRUE(fire(rows[0].id));
  EXPECT_EQ(task_keys(id), std::vector<std::string>{"escalate"});
  EXPECT_TRUE(job_rows(id).empty());
  ASSERT_NE(activity("review"), nullptr);
  EXPECT_TRUE(activity("review")->canceled);
  ASSERT_NE(activity("late"), nullptr);
  EXPECT_TRUE(activity("late")->end_time.has_value());
}

TEST_F(TimerTest, NonInterruptingBoundaryTimerKeepsTheTask) {
  model(std::string(kBoundaryModel).replace(std::string(kBoundaryModel).find("CANCEL"), 6, "false") +
        flow("f1", "s", "review") + flow("f2", "review", "e1") + flow("f3", "late", "escalate") +
        flow("f4", "escalate", "e2"));
  std::string id = start();
  auto rows = job_rows(id);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_TRUE(fire(rows[0].id));
  EXPECT_EQ(task_keys(id), (std::vector<std::string>{"escalate", "review"}));
  EXPECT_TRUE(job_rows(id).empty());
  ASSERT_TRUE(runtime.complete_task(task_id(id, "review"), {}, false).ok());
  ASSERT_TRUE(runtime.complete_task(task_id(id, "escalate"), {}, false).ok());
  EXPECT_FALSE(running(id));
}

TEST_F(TimerTest, CompletingTheTaskFirstDeletesTheTimer) {
  model(std::string(kBoundaryModel).replace(std::string(kBoundaryModel).find("CANCEL"), 6, "true") +
        flow("f1", "s", "review") + flow("f2", "review", "e1") + flow("f3", "late", "escalate") +
        flow("f4", "escalate", "e2"));
  std::string id = start();
  auto rows = job_rows(id);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_TRUE(runtime.complete_task(task_id(id, "review"), {}, false).ok());
  EXPECT_FALSE(running(id));
  // A late firing of the deleted job does nothing.
  EXPECT_TRUE(fire(rows[0].id));
  EXPECT_EQ(activity("escalate"), nullptr);
}

TEST_F(TimerTest, JobsOfASuspendedInstanceWait) {
  model(std::string(kBoundaryModel).replace(std::string(kBoundaryModel).find("CANCEL"), 6, "true") +
        flow("f1", "s", "review") + flow("f2", "review", "e1") + flow("f3", "late", "escalate") +
        flow("f4", "escalate", "e2"));
  std::string id = start();
  auto rows = job_rows(id);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_TRUE(runtime.set_instance_suspended(id, true).ok());
  EXPECT_FALSE(fire(rows[0].id));
  EXPECT_EQ(task_keys(id), std::vector<std::string>{"review"});
  EXPECT_EQ(job_rows(id).size(), 1u);
  ASSERT_TRUE(runtime.set_instance_suspended(id, false).ok());
  EXPECT_TRUE(fire(rows[0].id));
  EXPECT_EQ(task_keys(id), std::vector<std::string>{"escalate"});
}

TEST_F(TimerTest, TimeDateFromAnExpression) {
  model(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDate>${when}</bpmn:timeDate></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="e"/>
  )" + flow("f1", "s", "wait") + flow("f2", "wait", "e"));
  auto r = runtime.start_by_key("p", "", {{"when", TypedValue::string("2030-01-02T03:04:05Z")}}, false);
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto rows = job_rows(r->instance.id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].due, *parse_date_time("2030-01-02T03:04:05Z"));
}

TEST_F(TimerTest, BadDurationFailsTheStart) {
  model(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration>five minutes</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="e"/>
  )" + flow("f1", "s", "wait") + flow("f2", "wait", "e"));
  auto r = runtime.start_by_key("p", "", {}, false);
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(store.data().running.empty());
}

TEST(IsoDuration, Arithmetic) {
  Millis jan31 = *parse_date_time("2024-01-31T10:00:00Z");
  EXPECT_EQ(add_iso_duration("PT5M", 0), 300000);
  EXPECT_EQ(add_iso_duration("P1DT1H", 0), 90000000);
  EXPECT_EQ(add_iso_duration("P2W", 0), 14 * 86400000LL);
  EXPECT_EQ(add_iso_duration("PT0.5S", 0), 500);
  EXPECT_EQ(add_iso_duration("P1M", jan31), *parse_date_time("2024-02-29T10:00:00Z"));
  EXPECT_EQ(add_iso_duration("P1Y", jan31), *parse_date_time("2025-01-31T10:00:00Z"));
  EXPECT_FALSE(add_iso_duration("PT", 0));
  EXPECT_FALSE(add_iso_duration("5M", 0));
  EXPECT_FALSE(add_iso_duration("P1H", 0));
}

}  // namespace
