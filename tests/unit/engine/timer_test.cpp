// Timer events and timer jobs on the in-memory store: intermediate timer, boundary timers on
// a user task (interrupting and not), a timer deleted by completing its task first, timeDate
// with an expression, and the ISO 8601 duration arithmetic.
#include <gtest/gtest.h>

#include <algorithm>

#include "dpc/bpmn/parser.h"
#include "dpc/core/time_format.h"
#include "dpc/engine/job_executor.h"
#include "dpc/engine/runtime_service.h"
#include "job_fixture.h"
#include "memory_store.h"

using namespace dpc;
using namespace dpc::engine;
using namespace dpc::engine::test;

namespace {

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

using TimerTest = JobFixture;

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
