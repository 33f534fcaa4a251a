// Async continuations on the in-memory store: asyncBefore leaves the token before the
// element (no activity instance yet), asyncAfter after it ended, one job per chosen flow;
// job settings (jobPriority, exclusive, failedJobRetryTimeCycle); a failing job rolls back;
// and the retry policy.
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

using AsyncTest = JobFixture;

TEST_F(AsyncTest, AsyncBeforeWaitsBeforeTheElementStarts) {
  model(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="calc" camunda:asyncBefore="true" camunda:expression="${1 + 1}" camunda:resultVariable="r"/>
    <bpmn:endEvent id="e"/>
  )" + flow("f1", "s", "calc") + flow("f2", "calc", "e"));
  std::string id = start();
  ASSERT_TRUE(running(id));
  auto rows = job_rows(id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].type, "message");
  EXPECT_EQ(rows[0].handler_config, "async-before");
  EXPECT_EQ(rows[0].activity_id, "calc");
  EXPECT_EQ(rows[0].due, clock);
  EXPECT_EQ(rows[0].retries, 3);
  EXPECT_TRUE(rows[0].exclusive);
  EXPECT_EQ(activity("calc"), nullptr);  // not started before its job runs
  ASSERT_TRUE(fire(rows[0].id));
  EXPECT_FALSE(running(id));
  ASSERT_NE(activity("calc"), nullptr);
  EXPECT_TRUE(activity("calc")->end_time.has_value());
  EXPECT_NE(activity("e"), nullptr);
}

TEST_F(AsyncTest, LegacyAsyncIsAsyncBefore) {
  model(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="u" camunda:async="true"/>
    <bpmn:endEvent id="e"/>
  )" + flow("f1", "s", "u") + flow("f2", "u", "e"));
  std::string id = start();
  EXPECT_TRUE(task_keys(id).empty());
  auto rows = job_rows(id);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_TRUE(fire(rows[0].id));
  EXPECT_EQ(task_keys(id), std::vector<std::string>{"u"});
  EXPECT_TRUE(job_rows(id).empty());
}

TEST_F(AsyncTest, AsyncAfterEndsTheActivityThenAJobTakesTheFlow) {
  model(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="calc" camunda:asyncAfter="true" camunda:expression="${1 + 1}" camunda:resultVariable="r"/>
    <bpmn:userTask id="u"/>
    <bpmn:endEvent id="e"/>
  )" + flow("f1", "s", "calc") + flow("f2", "calc", "u") + flow("f3", "u", "e"));
  std::string id = start();
  ASSERT_NE(activity("calc"), nullptr);
  EXPECT_TRUE(activity("calc")->end_time.has_value());
  EXPECT_TRUE(task_keys(id).empty());
  auto rows = job_rows(id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].handler_config, "async-after:f2");
  ASSERT_TRUE(fire(rows[0].id));
  EXPECT_EQ(task_keys(id), std::vector<std::string>{"u"});
}

TEST_F(AsyncTest, AsyncAfterOnAForkMakesOneJobPerFlow) {
  model(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:parallelGateway id="fork" camunda:asyncAfter="true"/>
    <bpmn:userTask id="a"/>
    <bpmn:userTask id="b"/>
  )" + flow("f1", "s", "fork") + flow("fa", "fork", "a") + flow("fb", "fork", "b"));
  std::string id = start();
  auto rows = job_rows(id);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NE(rows[0].execution_id, rows[1].execution_id);
  for (const auto& j : rows) ASSERT_TRUE(fire(j.id));
  EXPECT_EQ(task_keys(id), (std::vector<std::string>{"a", "b"}));
}

TEST_F(AsyncTest, JobSettingsComeFromTheElement) {
  model(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="calc" camunda:asyncBefore="true" camunda:exclusive="false" camunda:jobPriority="${5 * 2}" camunda:expression="${1}">
      <bpmn:extensionElements>
        <camunda:failedJobRetryTimeCycle>R5/PT5M</camunda:failedJobRetryTimeCycle>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:endEvent id="e"/>
  )" + flow("f1", "s", "calc") + flow("f2", "calc", "e"));
  std::string id = start();
  auto rows = job_rows(id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].priority, 10);
  EXPECT_FALSE(rows[0].exclusive);
  EXPECT_EQ(rows[0].retries, 5);
  EXPECT_EQ(rows[0].retry_cycle, "R5/PT5M");
}

TEST_F(AsyncTest, AFailingJobChangesNothing) {
  model(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="calc" camunda:asyncBefore="true" camunda:expression="${missing + 1}" camunda:resultVariable="r"/>
    <bpmn:endEvent id="e"/>
  )" + flow("f1", "s", "calc") + flow("f2", "calc", "e"));
  std::string id = start();
  auto rows = job_rows(id);
  ASSERT_EQ(rows.size(), 1u);
  auto r = jobs.execute(rows[0].id);
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(job_rows(id).size(), 1u);
  EXPECT_EQ(job_rows(id)[0].id, rows[0].id);
  EXPECT_EQ(activity("calc"), nullptr);
}

TEST(RetryPolicy, CyclesListsAndTheDefault) {
  const Millis now = 1000000;
  EXPECT_EQ(initial_retries(""), 3);
  EXPECT_EQ(initial_retries("nonsense"), 3);
  EXPECT_EQ(initial_retries("R5/PT5M"), 5);
  EXPECT_EQ(initial_retries("PT1M,PT2M"), 2);
  RetryStep s = next_retry("R5/PT5M", 5, now, 10000);
  EXPECT_EQ(s.retries, 4);
  EXPECT_EQ(s.due, now + 5 * 60000);
  s = next_retry("PT1M, PT2M", 2, now, 10000);
  EXPECT_EQ(s.retries, 1);
  EXPECT_EQ(s.due, now + 60000);
  s = next_retry("PT1M,PT2M", 1, now, 10000);
  EXPECT_EQ(s.retries, 0);
  EXPECT_EQ(s.due, now + 120000);
  s = next_retry("", 3, now, 10000);
  EXPECT_EQ(s.retries, 2);
  EXPECT_EQ(s.due, now + 10000);
  EXPECT_EQ(next_retry("", 0, now, 10000).retries, 0);
}

TEST(TimerCycle, RepeatingIntervalsAndCron) {
  const Millis base = 1700000000000;  // 2023-11-14T22:13:20Z
  auto r3 = cycle_step("R3/PT10M", base);
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ(r3->due, base + 600000);
  EXPECT_EQ(r3->next, "R2/PT10M");
  EXPECT_EQ(cycle_step("R1/PT10M", base)->next, "");
  EXPECT_EQ(cycle_step("R/PT1H", base)->next, "R/PT1H");
  auto dated = cycle_step("R2/2030-01-01T00:00:00Z/PT1H", base);
  ASSERT_TRUE(dated.ok()) << dated.error().message;
  EXPECT_EQ(dated->due, *parse_date_time("2030-01-01T00:00:00Z"));
  EXPECT_EQ(dated->next, "R1/PT1H");
  auto hourly = cycle_step("0 0 * * * ?", base);
  ASSERT_TRUE(hourly.ok());
  EXPECT_EQ(hourly->due, *parse_date_time("2023-11-14T23:00:00Z"));
  EXPECT_EQ(hourly->next, "0 0 * * * ?");
  auto every5 = cycle_step("0 0/5 * * * ?", base);
  EXPECT_EQ(every5->due, *parse_date_time("2023-11-14T22:15:00Z"));
  auto weekday = cycle_step("0 30 9 ? * MON-FRI", base);  // base is a Tuesday evening
  EXPECT_EQ(weekday->due, *parse_date_time("2023-11-15T09:30:00Z"));
  auto monthly = cycle_step("0 0 12 1 * ?", base);
  EXPECT_EQ(monthly->due, *parse_date_time("2023-12-01T12:00:00Z"));
  EXPECT_FALSE(cycle_step("R0/PT1M", base).ok());
  EXPECT_FALSE(cycle_step("R3/soon", base).ok());
  EXPECT_FALSE(cycle_step("every hour", base).ok());
  EXPECT_FALSE(cycle_step("0 61 * * * ?", base).ok());
}

TEST_F(AsyncTest, NonInterruptingCycleTimerReschedulesUntilItsRepetitionsAreUsed) {
  model(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="review"/>
    <bpmn:boundaryEvent id="remind" attachedToRef="review" cancelActivity="false">
      <bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT10M</bpmn:timeCycle></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:userTask id="call"/>
    <bpmn:endEvent id="e"/>
  )" + flow("f1", "s", "review") + flow("f2", "review", "e") + flow("f3", "remind", "call"));
  std::string id = start();
  auto rows = job_rows(id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].due, clock + 600000);
  clock += 600000;
  ASSERT_TRUE(fire(rows[0].id));
  auto second = job_rows(id);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].due, rows[0].due + 600000);
  clock += 600000;
  ASSERT_TRUE(fire(second[0].id));
  EXPECT_TRUE(job_rows(id).empty());
  EXPECT_EQ(task_keys(id), (std::vector<std::string>{"call", "call", "review"}));
}

TEST_F(AsyncTest, MultiInstanceAsyncBeforeIsTheBodysOrEachInnerInstances) {
  model(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="body_async" camunda:asyncBefore="true">
      <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
  )" + flow("f1", "s", "body_async"));
  std::string id = start();
  auto rows = job_rows(id);
  ASSERT_EQ(rows.size(), 1u);  // one job before the body
  ASSERT_TRUE(fire(rows[0].id));
  EXPECT_EQ(task_keys(id), (std::vector<std::string>{"body_async", "body_async"}));
  EXPECT_TRUE(job_rows(id).empty());

  model(R"(
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="inner_async">
      <bpmn:multiInstanceLoopCharacteristics camunda:asyncBefore="true"><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
  )" + flow("f1", "s", "inner_async"));
  id = start();
  rows = job_rows(id);
  ASSERT_EQ(rows.size(), 2u);  // one job per inner instance
  for (const auto& j : rows) ASSERT_TRUE(fire(j.id));
  EXPECT_EQ(task_keys(id), (std::vector<std::string>{"inner_async", "inner_async"}));
}

}  // namespace
