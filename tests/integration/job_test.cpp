// The /job REST resource against a real `dpc serve` on a fresh database: an async service
// task whose expression fails until a variable is set (retries from
// failedJobRetryTimeCycle, the failedJob incident, the stacktrace, set retries resolving the
// incident, execute), and timer jobs (filters, due dates, sorting, paging, bad input).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const char* const kFailingProcess = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/tests">
  <bpmn:process id="job_failing" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start"/>
    <bpmn:serviceTask id="calc" camunda:asyncBefore="true" camunda:jobPriority="7" camunda:expression="${score + 1}" camunda:resultVariable="next">
      <bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R1/PT1M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="calc"/>
    <bpmn:sequenceFlow id="f2" sourceRef="calc" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>)";

const char* const kTimerProcess = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/tests">
  <bpmn:process id="job_timer" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start"/>
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>)";

std::string start_timer_process(const std::string& timer) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/tests">
  <bpmn:process id="job_start_timer" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="tick">
      <bpmn:timerEventDefinition>)") + timer + R"(</bpmn:timerEventDefinition>
    </bpmn:startEvent>
    <bpmn:userTask id="work"/>
    <bpmn:sequenceFlow id="f1" sourceRef="tick" targetRef="work"/>
  </bpmn:process>
</bpmn:definitions>)";
}

const char* const kAsyncForkProcess = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/tests">
  <bpmn:process id="job_async_fork" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start"/>
    <bpmn:serviceTask id="first" camunda:asyncBefore="true" camunda:asyncAfter="true" camunda:expression="${1}" camunda:resultVariable="one"/>
    <bpmn:parallelGateway id="fork"/>
    <bpmn:serviceTask id="left" camunda:asyncBefore="true" camunda:expression="${one + 1}" camunda:resultVariable="l"/>
    <bpmn:serviceTask id="right" camunda:asyncBefore="true" camunda:expression="${one + 2}" camunda:resultVariable="r"/>
    <bpmn:parallelGateway id="join"/>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="first"/>
    <bpmn:sequenceFlow id="f2" sourceRef="first" targetRef="fork"/>
    <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="left"/>
    <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="right"/>
    <bpmn:sequenceFlow id="f5" sourceRef="left" targetRef="join"/>
    <bpmn:sequenceFlow id="f6" sourceRef="right" targetRef="join"/>
    <bpmn:sequenceFlow id="f7" sourceRef="join" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>)";

class JobTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    std::string log = "/tmp/dpc-job-" + std::to_string(getpid()) + ".log";
    unlink(log.c_str());
    database_ = create_test_database("job");
    server_ = new ServerProcess({"serve", "--no-access-log"},
                                {{"DPC_DATABASE_URL", database_},
                                 {"DPC_PORT", std::to_string(port_)},
                                 {"DPC_SAMPLES_DIR", "/nonexistent"}},
                                "", log);
    ASSERT_TRUE(server_->wait_for_health(port_, 30s)) << server_->log();
    ASSERT_EQ(deploy_resource(port_, "failing", "failing.bpmn", kFailingProcess).status, 200);
    ASSERT_EQ(deploy_resource(port_, "timer", "timer.bpmn", kTimerProcess).status, 200);
  }
  static void TearDownTestSuite() {
    server_->signal(SIGTERM);
    EXPECT_EQ(server_->wait_exit(20s), 0);
    delete server_;
  }

  static HttpResponse call(const std::string& method, const std::string& path, const json& body = nullptr) {
    return http_request(port_, method, "/engine-rest" + path, body.is_null() ? "" : body.dump(),
                        {{"Content-Type", "application/json"}});
  }
  static json ok(const std::string& method, const std::string& path, const json& body = nullptr,
                 int expect = 200) {
    auto r = call(method, path, body);
    EXPECT_EQ(r.status, expect) << method << " " << path << " -> " << r.body;
    if (r.body.empty()) return nullptr;
    return json::parse(r.body, nullptr, false);
  }
  static std::string start(const std::string& key) {
    return ok("POST", "/process-definition/key/" + key + "/start", json{{"variables", json::object()}})["id"];
  }
  // Polls `path` until `done(json)` holds (the job executor works in the background).
  template <typename F>
  static json wait_for(const std::string& path, F done) {
    json last;
    for (auto deadline = std::chrono::steady_clock::now() + 15s; std::chrono::steady_clock::now() < deadline;) {
      last = ok("GET", path);
      if (done(last)) return last;
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "timed out waiting on " << path << ": " << last.dump();
    return last;
  }

  static inline std::string database_;
  static inline int port_ = 0;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(JobTest, FailedAsyncJobGetsIncidentThenRetriesResolveIt) {
  std::string pi = start("job_failing");
  // R1/PT1M: one attempt, then no retries left and a failedJob incident.
  json jobs = wait_for("/job?processInstanceId=" + pi, [](const json& l) {
    return l.size() == 1 && l[0]["retries"] == 0;
  });
  ASSERT_EQ(jobs.size(), 1u);
  const json& j = jobs[0];
  const std::string id = j["id"];
  EXPECT_EQ(j["processInstanceId"], pi);
  EXPECT_EQ(j["processDefinitionKey"], "job_failing");
  EXPECT_TRUE(j["processDefinitionId"].is_string());
  EXPECT_TRUE(j["executionId"].is_string());
  EXPECT_EQ(j["failedActivityId"], "calc");
  EXPECT_EQ(j["priority"], 7);
  EXPECT_EQ(j["suspended"], false);
  EXPECT_TRUE(j["jobDefinitionId"].is_null());
  EXPECT_TRUE(j["batchId"].is_null());
  EXPECT_TRUE(j["createTime"].is_string());
  ASSERT_TRUE(j["exceptionMessage"].is_string()) << j.dump();
  EXPECT_NE(j["exceptionMessage"].get<std::string>().find("score"), std::string::npos) << j.dump();
  EXPECT_EQ(ok("GET", "/job/" + id), j);

  // Filters.
  const std::string q = "/job/count?processInstanceId=" + pi;
  EXPECT_EQ(ok("GET", q)["count"], 1);
  EXPECT_EQ(ok("GET", q + "&withException=true")["count"], 1);
  EXPECT_EQ(ok("GET", q + "&noRetriesLeft=true")["count"], 1);
  EXPECT_EQ(ok("GET", q + "&withRetriesLeft=true")["count"], 0);
  EXPECT_EQ(ok("GET", q + "&executable=true")["count"], 0);
  EXPECT_EQ(ok("GET", q + "&messages=true")["count"], 1);
  EXPECT_EQ(ok("GET", q + "&timers=true")["count"], 0);
  EXPECT_EQ(ok("GET", q + "&activityId=calc")["count"], 1);
  EXPECT_EQ(ok("GET", q + "&activityId=end")["count"], 0);
  EXPECT_EQ(ok("GET", q + "&executionId=" + j["executionId"].get<std::string>())["count"], 1);
  EXPECT_EQ(ok("GET", "/job/count?jobId=" + id + "&processDefinitionKey=job_failing")["count"], 1);
  EXPECT_EQ(ok("GET", q + "&priorityHigherThanOrEquals=8")["count"], 0);
  EXPECT_EQ(ok("GET", q + "&priorityLowerThanOrEquals=7")["count"], 1);
  EXPECT_EQ(ok("GET", "/job?withException=maybe", nullptr, 400)["type"], "InvalidRequestException");

  // The failure's detail text, and the incident it raised.
  auto trace = call("GET", "/job/" + id + "/stacktrace");
  EXPECT_EQ(trace.status, 200);
  EXPECT_NE(trace.headers["content-type"].find("text/plain"), std::string::npos);
  EXPECT_NE(trace.body.find("score"), std::string::npos) << trace.body;
  json incidents = ok("GET", "/incident?processInstanceId=" + pi);
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents[0]["incidentType"], "failedJob");
  EXPECT_EQ(incidents[0]["configuration"], id);
  EXPECT_EQ(incidents[0]["activityId"], "calc");

  // Cockpit's statistics count the failed job.
  bool seen = false;
  for (const auto& d : ok("GET", "/process-definition/statistics?failedJobs=true")) {
    if (d["definition"]["key"] != "job_failing") continue;
    seen = true;
    EXPECT_EQ(d["failedJobs"], 1) << d.dump();
  }
  EXPECT_TRUE(seen);
  json per_activity = ok("GET", "/process-definition/" + j["processDefinitionId"].get<std::string>() +
                                    "/statistics?failedJobs=true");
  ASSERT_EQ(per_activity.size(), 1u) << per_activity.dump();
  EXPECT_EQ(per_activity[0]["id"], "calc");
  EXPECT_EQ(per_activity[0]["failedJobs"], 1);

  // Executing it on demand fails again (500) while the variable is missing.
  auto again = call("POST", "/job/" + id + "/execute");
  EXPECT_EQ(again.status, 500) << again.body;
  EXPECT_EQ(ok("GET", "/job/" + id)["retries"], 0);

  // Bad retries; unknown jobs.
  EXPECT_EQ(call("PUT", "/job/" + id + "/retries", json{{"retries", -1}}).status, 400);
  EXPECT_EQ(call("PUT", "/job/" + id + "/retries", json::object()).status, 400);
  EXPECT_EQ(call("PUT", "/job/nope/retries", json{{"retries", 1}}).status, 404);
  EXPECT_EQ(call("GET", "/job/nope").status, 404);
  EXPECT_EQ(call("GET", "/job/nope/stacktrace").status, 404);
  EXPECT_EQ(call("POST", "/job/nope/execute").status, 404);

  // Fix the data, give it a retry: the incident is resolved and the job runs.
  ok("POST", "/process-instance/" + pi + "/variables",
     json{{"modifications", {{"score", {{"value", 41}, {"type", "Integer"}}}}}}, 204);
  ok("PUT", "/job/" + id + "/retries", json{{"retries", 1}}, 204);
  EXPECT_EQ(ok("GET", "/incident/count?processInstanceId=" + pi)["count"], 0);
  wait_for("/history/process-instance/" + pi, [](const json& h) { return h["state"] == "COMPLETED"; });
  EXPECT_EQ(call("GET", "/job/" + id).status, 404);
  json vars = ok("GET", "/history/variable-instance?processInstanceId=" + pi + "&variableName=next");
  ASSERT_EQ(vars.size(), 1u);
  EXPECT_EQ(vars[0]["value"], 42);
}

TEST_F(JobTest, TimerJobsDueDatesSortingAndPaging) {
  std::string a = start("job_timer");
  std::string b = start("job_timer");
  const std::string base = "/job?processDefinitionKey=job_timer&timers=true";
  json list = ok("GET", base);
  ASSERT_EQ(list.size(), 2u);
  for (const auto& j : list) {
    EXPECT_EQ(j["retries"], 3);
    EXPECT_TRUE(j["dueDate"].is_string());
    EXPECT_TRUE(j["exceptionMessage"].is_null());
  }
  json job_b = ok("GET", base + "&processInstanceId=" + b);
  ASSERT_EQ(job_b.size(), 1u);
  const std::string id_b = job_b[0]["id"];
  // Move b's timer earlier (still in the future, so the executor leaves it alone).
  auto soon = std::chrono::system_clock::now() + 30min;
  std::time_t tt = std::chrono::system_clock::to_time_t(soon);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000+0000", &tm);
  ok("PUT", "/job/" + id_b + "/duedate", json{{"duedate", buf}}, 204);
  EXPECT_EQ(ok("GET", "/job/" + id_b)["dueDate"], buf);

  json asc = ok("GET", base + "&sortBy=jobDueDate&sortOrder=asc");
  ASSERT_EQ(asc.size(), 2u);
  EXPECT_EQ(asc[0]["id"], id_b);
  json desc = ok("GET", base + "&sortBy=jobDueDate&sortOrder=desc");
  EXPECT_EQ(desc[1]["id"], id_b);
  EXPECT_EQ(ok("GET", base + "&sortBy=jobDueDate&sortOrder=asc&firstResult=1&maxResults=1")[0]["id"],
            asc[1]["id"]);
  EXPECT_EQ(ok("GET", base + "&maxResults=1").size(), 1u);

  // dueDates: before 45 minutes from now only b's timer.
  auto later = std::chrono::system_clock::now() + 45min;
  tt = std::chrono::system_clock::to_time_t(later);
  gmtime_r(&tt, &tm);
  std::strftime(buf, sizeof buf, "lt_%Y-%m-%dT%H:%M:%S.000%%2B0000", &tm);
  json before = ok("GET", base + "&dueDates=" + buf);
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0]["id"], id_b);

  // The POST twin takes the filters as JSON.
  EXPECT_EQ(ok("POST", "/job/count", json{{"processDefinitionKey", "job_timer"}, {"timers", true}})["count"], 2);
  EXPECT_EQ(ok("POST", "/job", json{{"processInstanceId", a}}).size(), 1u);

  // Bad input.
  EXPECT_EQ(call("GET", base + "&sortBy=jobDueDate").status, 400);
  EXPECT_EQ(call("GET", base + "&sortBy=nonsense&sortOrder=asc").status, 400);
  EXPECT_EQ(call("GET", "/job?timers=true&messages=true").status, 400);
  EXPECT_EQ(call("GET", "/job?dueDates=soon_2020-01-01T00:00:00").status, 400);
  EXPECT_EQ(call("PUT", "/job/" + id_b + "/duedate", json{{"duedate", "tomorrow"}}).status, 400);
  EXPECT_EQ(call("PUT", "/job/nope/duedate", json{{"duedate", "2030-01-01T00:00:00.000+0000"}}).status, 404);
  EXPECT_EQ(call("GET", "/job/" + id_b + "/stacktrace").status, 404);  // never failed

  // Execute fires the timer now.
  ok("POST", "/job/" + id_b + "/execute", nullptr, 204);
  EXPECT_EQ(ok("GET", "/history/process-instance/" + b)["state"], "COMPLETED");
  EXPECT_EQ(ok("GET", base).size(), 1u);
}

TEST_F(JobTest, TimerStartEventCycleStartsInstancesAndRedeployReplacesTheTimer) {
  ASSERT_EQ(deploy_resource(port_, "start-timer", "start-timer.bpmn",
                            start_timer_process("<bpmn:timeCycle>R2/PT1H</bpmn:timeCycle>")).status, 200);
  const std::string q = "/job?processDefinitionKey=job_start_timer";
  json jobs = ok("GET", q);
  ASSERT_EQ(jobs.size(), 1u) << jobs.dump();
  EXPECT_TRUE(jobs[0]["processInstanceId"].is_null() || jobs[0]["processInstanceId"] == "") << jobs.dump();
  const std::string first = jobs[0]["id"];
  const std::string due1 = jobs[0]["dueDate"];
  // Firing it starts an instance and schedules the second (and last) repetition.
  ok("POST", "/job/" + first + "/execute", nullptr, 204);
  EXPECT_EQ(ok("GET", "/process-instance/count?processDefinitionKey=job_start_timer")["count"], 1);
  jobs = ok("GET", q);
  ASSERT_EQ(jobs.size(), 1u) << jobs.dump();
  EXPECT_NE(jobs[0]["id"], first);
  EXPECT_GT(jobs[0]["dueDate"].get<std::string>(), due1);
  ok("POST", "/job/" + jobs[0]["id"].get<std::string>() + "/execute", nullptr, 204);
  EXPECT_EQ(ok("GET", "/process-instance/count?processDefinitionKey=job_start_timer")["count"], 2);
  EXPECT_EQ(ok("GET", q).size(), 0u);

  // A new version's timer replaces the old one; a version without a timer start removes it.
  ASSERT_EQ(deploy_resource(port_, "start-timer", "start-timer.bpmn",
                            start_timer_process("<bpmn:timeDuration>PT5H</bpmn:timeDuration>")).status, 200);
  ASSERT_EQ(deploy_resource(port_, "start-timer", "start-timer.bpmn",
                            start_timer_process("<bpmn:timeCycle>0 0 12 * * ?</bpmn:timeCycle>")).status, 200);
  jobs = ok("GET", q);
  ASSERT_EQ(jobs.size(), 1u) << jobs.dump();
  json defs = ok("GET", "/process-definition?key=job_start_timer&latestVersion=true");
  ASSERT_EQ(defs.size(), 1u);
  EXPECT_EQ(jobs[0]["processDefinitionId"], defs[0]["id"]);
  EXPECT_NE(jobs[0]["dueDate"].get<std::string>().find("T12:00:00.000"), std::string::npos) << jobs.dump();

  // Deleting the deployment removes its timer.
  json deps = ok("GET", "/deployment?name=start-timer&sortBy=deploymentTime&sortOrder=desc");
  ASSERT_FALSE(deps.empty());
  ok("DELETE", "/deployment/" + deps[0]["id"].get<std::string>() + "?cascade=true", nullptr, 204);
  EXPECT_EQ(ok("GET", q).size(), 0u);

  // A timer definition that is no timer fails the deployment.
  EXPECT_EQ(deploy_resource(port_, "bad-start-timer", "bad.bpmn",
                            start_timer_process("<bpmn:timeCycle>every day</bpmn:timeCycle>")).status, 400);
}

TEST_F(JobTest, TimerStartEventDueInThePastFiresAtOnce) {
  std::string xml = start_timer_process("<bpmn:timeDate>2020-01-01T00:00:00Z</bpmn:timeDate>");
  size_t at = xml.find("job_start_timer");
  xml.replace(at, std::string("job_start_timer").size(), "job_start_past");
  ASSERT_EQ(deploy_resource(port_, "start-past", "start-past.bpmn", xml).status, 200);
  wait_for("/process-instance/count?processDefinitionKey=job_start_past",
           [](const json& c) { return c["count"] == 1; });
  EXPECT_EQ(ok("GET", "/job?processDefinitionKey=job_start_past").size(), 0u);
}

// Two nodes on one database share the async jobs of many instances: every job runs exactly
// once (each activity once per instance in history), and the exclusive jobs of an instance's
// parallel branches do not deadlock.
TEST_F(JobTest, TwoNodesRunEveryAsyncJobOnce) {
  int port2 = free_port();
  std::string log = "/tmp/dpc-job2-" + std::to_string(getpid()) + ".log";
  unlink(log.c_str());
  ServerProcess node2({"serve", "--no-access-log"},
                      {{"DPC_DATABASE_URL", database_}, {"DPC_PORT", std::to_string(port2)},
                       {"DPC_SAMPLES_DIR", "/nonexistent"}},
                      "", log);
  ASSERT_TRUE(node2.wait_for_health(port2, 30s)) << node2.log();
  ASSERT_EQ(deploy_resource(port_, "async-fork", "async-fork.bpmn", kAsyncForkProcess).status, 200);
  constexpr int kInstances = 100;
  for (int i = 0; i < kInstances; ++i) {
    int port = i % 2 ? port2 : port_;
    auto r = http_request(port, "POST", "/engine-rest/process-definition/key/job_async_fork/start",
                          R"({"variables":{}})", {{"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  wait_for("/history/process-instance/count?processDefinitionKey=job_async_fork&finished=true",
           [&](const json& c) { return c["count"] == kInstances; });
  EXPECT_EQ(ok("GET", "/job/count?processDefinitionKey=job_async_fork")["count"], 0);
  EXPECT_EQ(ok("GET", "/incident/count")["count"], 0);
  for (const char* activity : {"first", "left", "right", "fork", "end"}) {
    json n = ok("GET", std::string("/history/activity-instance/count?processDefinitionId=") +
                           ok("GET", "/process-definition/key/job_async_fork")["id"].get<std::string>() +
                           "&activityId=" + activity);
    EXPECT_EQ(n["count"], kInstances) << activity;
  }
  node2.signal(SIGTERM);
  EXPECT_EQ(node2.wait_exit(20s), 0);
}

}  // namespace
