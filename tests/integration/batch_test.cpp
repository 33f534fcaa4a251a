// Batches (/batch, /history/batch and the operations that create them) and process instance
// migration (/migration) against a real `dpc serve` on a fresh database: progress through
// /batch/statistics, one failing item recorded as a failed job with its incident while the
// others are done, suspension stopping a batch, job retries by query, migration plans valid
// and invalid, instances in user tasks and subprocesses migrated (task id, assignee and
// history kept), instances at timers refused, and bad input answered 400 naming the field.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// start → sub (embedded: review) → approve → score (external) → end. Version 2 adds `notify`
// after approve, so
// a migrated instance shows that it runs the new version.
std::string loan_process(bool v2) {
  std::string tail = v2 ? R"(<bpmn:userTask id="notify"/>
    <bpmn:sequenceFlow id="f3" sourceRef="approve" targetRef="notify"/>
    <bpmn:sequenceFlow id="f4" sourceRef="notify" targetRef="score"/>)"
                        : R"(<bpmn:sequenceFlow id="f3" sourceRef="approve" targetRef="score"/>)";
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/tests">
  <bpmn:process id="batch_loan" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start"/>
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="subStart"/>
      <bpmn:userTask id="review"/>
      <bpmn:endEvent id="subEnd"/>
      <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="review"/>
      <bpmn:sequenceFlow id="s2" sourceRef="review" targetRef="subEnd"/>
    </bpmn:subProcess>
    <bpmn:userTask id="approve"/>
    <bpmn:serviceTask id="score" camunda:type="external" camunda:topic="score"/>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
    <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="approve"/>
    <bpmn:sequenceFlow id="f5" sourceRef="score" targetRef="end"/>
    )") + tail + R"(
  </bpmn:process>
</bpmn:definitions>)";
}

const char* const kTimerProcess = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/tests">
  <bpmn:process id="batch_timer" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start"/>
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>)";

class BatchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    std::string log = "/tmp/dpc-batch-" + std::to_string(getpid()) + ".log";
    unlink(log.c_str());
    server_ = new ServerProcess({"serve", "--no-access-log"},
                                {{"DPC_DATABASE_URL", create_test_database("batch")},
                                 {"DPC_PORT", std::to_string(port_)},
                                 {"DPC_SAMPLES_DIR", "/nonexistent"}},
                                "", log);
    ASSERT_TRUE(server_->wait_for_health(port_, 30s)) << server_->log();
    ASSERT_EQ(deploy_resource(port_, "loan1", "loan.bpmn", loan_process(false)).status, 200);
    ASSERT_EQ(deploy_resource(port_, "timer", "timer.bpmn", kTimerProcess).status, 200);
    v1_ = ok("GET", "/process-definition/key/batch_loan")["id"];
    ASSERT_EQ(deploy_resource(port_, "loan2", "loan.bpmn", loan_process(true)).status, 200);
    v2_ = ok("GET", "/process-definition/key/batch_loan")["id"];
    ASSERT_NE(v1_, v2_);
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
  static json ok(const std::string& method, const std::string& path, const json& body = nullptr, int expect = 200) {
    auto r = call(method, path, body);
    EXPECT_EQ(r.status, expect) << method << " " << path << " -> " << r.body;
    if (r.body.empty()) return nullptr;
    return json::parse(r.body, nullptr, false);
  }
  // The 400 answer's message, which must name `field`; and nothing was created.
  static void bad(const std::string& method, const std::string& path, const json& body, const std::string& field) {
    const auto before = ok("GET", "/history/batch/count")["count"];
    auto r = call(method, path, body);
    EXPECT_EQ(r.status, 400) << path << " " << body.dump() << " -> " << r.body;
    auto j = json::parse(r.body, nullptr, false);
    EXPECT_NE(j.value("message", "").find(field), std::string::npos) << r.body;
    EXPECT_EQ(ok("GET", "/history/batch/count")["count"], before);
  }
  static std::vector<std::string> start(const std::string& definition_id, int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      ids.push_back(ok("POST", "/process-definition/" + definition_id + "/start", json{{"variables", json::object()}})["id"]);
    }
    return ids;
  }
  template <typename F>
  static json wait_for(const std::string& path, F done, std::chrono::seconds limit = 30s) {
    json last;
    for (auto deadline = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < deadline;) {
      last = ok("GET", path);
      if (done(last)) return last;
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "timed out waiting on " << path << ": " << last.dump();
    return last;
  }
  static json ended(const std::string& batch_id) {
    return wait_for("/history/batch/" + batch_id, [](const json& b) { return !b["endTime"].is_null(); });
  }

  static inline int port_ = 0;
  static inline ServerProcess* server_ = nullptr;
  static inline std::string v1_, v2_;
};

TEST_F(BatchTest, DeletionShowsProgressRecordsTheFailingItemAndDoesTheRest) {
  auto ids = start(v1_, 40);
  json items = ids;
  items.push_back("no-such-instance");  // fails as its own job; the others go on
  json batch = ok("POST", "/process-instance/delete",
                  json{{"processInstanceIds", items}, {"deleteReason", "batch test"}, {"skipCustomListeners", true}});
  EXPECT_EQ(batch["type"], "instance-deletion");
  EXPECT_EQ(batch["totalJobs"], 41);
  EXPECT_EQ(batch["invocationsPerBatchJob"], 1);
  EXPECT_EQ(batch["createUserId"], kTestAdminUser);
  const std::string id = batch["id"];
  EXPECT_EQ(ok("GET", "/batch/" + id)["id"], id);

  // Progress: completedJobs only grows, and ends with the 40 real items done and the bad one failed.
  long long last_completed = -1;
  json stats = wait_for("/batch/statistics?batchId=" + id, [&](const json& s) {
    if (s.size() != 1) return false;
    long long c = s[0]["completedJobs"];
    EXPECT_GE(c, last_completed);
    EXPECT_EQ(s[0]["remainingJobs"].get<long long>() + c, 41);
    last_completed = c;
    return s[0]["failedJobs"] == 1;
  });
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0]["completedJobs"], 40);
  EXPECT_EQ(stats[0]["remainingJobs"], 1);
  EXPECT_FALSE(stats[0]["executionStartTime"].is_null());
  for (const auto& pid : ids) {
    json h = ok("GET", "/history/process-instance/" + pid);
    EXPECT_EQ(h["state"], "EXTERNALLY_TERMINATED");
    EXPECT_EQ(h["deleteReason"], "batch test");
  }
  // The failed item: a job with no retries, its message, and a failedJob incident.
  json failed = ok("GET", "/job?noRetriesLeft=true&withException=true");
  ASSERT_EQ(failed.size(), 1u) << failed.dump();
  EXPECT_NE(failed[0]["exceptionMessage"].get<std::string>().find("no-such-instance"), std::string::npos) << failed.dump();
  json incidents = ok("GET", "/incident?incidentType=failedJob&configuration=" + failed[0]["id"].get<std::string>());
  EXPECT_EQ(incidents.size(), 1u) << incidents.dump();
  // The batch's failed jobs by its batchJobDefinitionId (as Camunda's Cockpit finds them).
  json of_batch = ok("GET", "/job?noRetriesLeft=true&jobDefinitionId=" + batch["batchJobDefinitionId"].get<std::string>());
  ASSERT_EQ(of_batch.size(), 1u) << of_batch.dump();
  EXPECT_EQ(of_batch[0]["id"], failed[0]["id"]);
  EXPECT_EQ(of_batch[0]["batchId"], id);
  EXPECT_EQ(of_batch[0]["jobDefinitionId"], batch["batchJobDefinitionId"]);
  EXPECT_EQ(ok("GET", "/job/count?jobDefinitionId=" + batch["monitorJobDefinitionId"].get<std::string>())["count"], 1);
  EXPECT_EQ(ok("GET", "/job/count?jobDefinitionId=other-batch")["count"], 0);
  EXPECT_EQ(ok("GET", "/job/count?jobDefinitionId=" + id)["count"], 0);
  // The batch waits for it; deleting the batch ends it (history kept) with its jobs.
  EXPECT_EQ(ok("GET", "/batch/count?batchId=" + id)["count"], 1);
  json log = ok("GET", "/history/user-operation?operationType=Delete&entityType=ProcessInstance&property=nrOfInstances");
  ASSERT_GE(log.size(), 1u);
  EXPECT_EQ(log[0]["newValue"], "41");
  EXPECT_EQ(log[0]["batchId"], id);
  ok("DELETE", "/batch/" + id, nullptr, 204);
  EXPECT_EQ(ok("GET", "/batch/count?batchId=" + id)["count"], 0);
  EXPECT_FALSE(ok("GET", "/history/batch/" + id)["endTime"].is_null());
  EXPECT_EQ(ok("GET", "/job?noRetriesLeft=true").size(), 0u);
  EXPECT_EQ(call("GET", "/batch/" + id).status, 404);
}

TEST_F(BatchTest, SuspendedBatchWaitsAndFinishesOnceActivated) {
  auto ids = start(v1_, 300);
  json batch = ok("POST", "/process-instance/suspended-async", json{{"processInstanceIds", ids}, {"suspended", true}});
  const std::string id = batch["id"];
  ok("PUT", "/batch/" + id + "/suspended", json{{"suspended", true}}, 204);
  EXPECT_EQ(ok("GET", "/batch?suspended=true&batchId=" + id).size(), 1u);
  std::this_thread::sleep_for(300ms);  // a job running at the suspension may still finish
  long long done = ok("GET", "/batch/statistics?batchId=" + id)[0]["completedJobs"];
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(ok("GET", "/batch/statistics?batchId=" + id)[0]["completedJobs"], done);
  EXPECT_LT(done, 300);
  ok("PUT", "/batch/" + id + "/suspended", json{{"suspended", false}}, 204);
  json h = ended(id);
  EXPECT_EQ(h["totalJobs"], 300);
  EXPECT_EQ(ok("GET", "/process-instance/count?suspended=true&processDefinitionId=" + v1_)["count"], 300);
  EXPECT_EQ(ok("GET", "/batch/count?batchId=" + id)["count"], 0);
  // And back, by query this time.
  json again = ok("POST", "/process-instance/suspended-async",
                  json{{"processInstanceQuery", {{"processDefinitionId", v1_}, {"suspended", true}}}, {"suspended", false}});
  EXPECT_EQ(again["totalJobs"], 300);
  ended(again["id"]);
  EXPECT_EQ(ok("GET", "/process-instance/count?suspended=true&processDefinitionId=" + v1_)["count"], 0);
  ended(ok("POST", "/process-instance/delete", json{{"processInstanceIds", ids}})["id"]);
}

TEST_F(BatchTest, JobAndExternalTaskRetriesByIdsAndQuery) {
  std::vector<std::string> timers;
  for (int i = 0; i < 5; ++i) {
    timers.push_back(ok("POST", "/process-definition/key/batch_timer/start", json{{"variables", json::object()}})["id"]);
  }
  json jobs = ok("GET", "/job?processDefinitionKey=batch_timer");
  ASSERT_EQ(jobs.size(), 5u);
  json batch = ok("POST", "/job/retries", json{{"jobIds", {jobs[0]["id"]}},
                                               {"jobQuery", {{"processDefinitionKey", "batch_timer"}}},
                                               {"retries", 7}});
  EXPECT_EQ(batch["type"], "set-job-retries");
  EXPECT_EQ(batch["totalJobs"], 5);  // the id given is also found by the query: once
  ended(batch["id"]);
  for (const auto& j : ok("GET", "/job?processDefinitionKey=batch_timer")) EXPECT_EQ(j["retries"], 7);
  json by_instance = ok("POST", "/process-instance/job-retries", json{{"processInstances", {timers[0], timers[1]}}, {"retries", 2}});
  EXPECT_EQ(by_instance["totalJobs"], 2);
  ended(by_instance["id"]);
  EXPECT_EQ(ok("GET", "/job/count?processDefinitionKey=batch_timer&processInstanceId=" + timers[0])["count"], 1);
  EXPECT_EQ(ok("GET", "/job?processInstanceId=" + timers[1])[0]["retries"], 2);
  ended(ok("POST", "/process-instance/delete", json{{"processInstanceIds", timers}})["id"]);
}

TEST_F(BatchTest, BadInputIs400NamingTheFieldAndCreatesNothing) {
  bad("POST", "/process-instance/delete", json{{"processInstanceIds", "x"}}, "processInstanceIds");
  bad("POST", "/process-instance/delete", json{{"processInstanceIds", json::array()}}, "processInstanceIds");
  bad("POST", "/process-instance/delete", json{{"processInstanceIds", {"a"}}, {"skipCustomListeners", "yes"}},
      "skipCustomListeners");
  bad("POST", "/process-instance/delete", json{{"processInstanceQuery", {{"active", "maybe"}}}}, "active");
  bad("POST", "/process-instance/suspended-async", json{{"processInstanceIds", {"a"}}}, "suspended");
  bad("POST", "/job/retries", json{{"jobIds", {"a"}}}, "retries");
  bad("POST", "/job/retries", json{{"jobIds", {"a"}}, {"retries", -1}}, "retries");
  bad("POST", "/job/retries", json{{"retries", 1}}, "jobIds");
  bad("POST", "/external-task/retries-async", json{{"externalTaskIds", {1, 2}}, {"retries", 1}}, "externalTaskIds");
  bad("POST", "/migration/generate", json{{"targetProcessDefinitionId", v2_}}, "sourceProcessDefinitionId");
  bad("POST", "/migration/validate", json{{"sourceProcessDefinitionId", v1_}, {"targetProcessDefinitionId", v2_}},
      "instructions");
  bad("POST", "/migration/execute", json{{"processInstanceIds", {"a"}}}, "migrationPlan");
  bad("POST", "/migration/executeAsync",
      json{{"migrationPlan", {{"sourceProcessDefinitionId", v1_}, {"targetProcessDefinitionId", v2_},
                              {"instructions", {{{"sourceActivityIds", "review"}, {"targetActivityIds", {"review"}}}}}}}},
      "sourceActivityIds");
  // Instances without jobs: the message says so (not that no instance was given).
  auto waiting = start(v1_, 1);
  bad("POST", "/process-instance/job-retries", json{{"processInstances", waiting}, {"retries", 1}}, "have no jobs");
  ok("DELETE", "/process-instance/" + waiting[0], nullptr, 204);
  auto r = call("PUT", "/batch/nope/suspended", json{{"suspended", true}});
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(call("GET", "/batch/nope").status, 404);
  EXPECT_EQ(call("GET", "/batch?sortBy=nonsense").status, 400);
  EXPECT_EQ(call("GET", "/batch?maxResults=x").status, 400);
}

TEST_F(BatchTest, MigrationPlansAreGeneratedAndValidated) {
  json plan = ok("POST", "/migration/generate",
                 json{{"sourceProcessDefinitionId", v1_}, {"targetProcessDefinitionId", v2_}});
  std::set<std::string> mapped;
  for (const auto& i : plan["instructions"]) {
    EXPECT_EQ(i["sourceActivityIds"], i["targetActivityIds"]);
    mapped.insert(i["sourceActivityIds"][0].get<std::string>());
  }
  EXPECT_EQ(mapped, (std::set<std::string>{"sub", "review", "approve", "score"}));
  EXPECT_EQ(plan["sourceProcessDefinitionId"], v1_);
  json report = ok("POST", "/migration/validate", plan);
  EXPECT_EQ(report["instructionReports"].size(), 0u) << report.dump();

  // Wrong kinds, a scope that does not follow, an unknown activity, two mappings of one source.
  json invalid = {{"sourceProcessDefinitionId", v1_},
                  {"targetProcessDefinitionId", v2_},
                  {"instructions",
                   {{{"sourceActivityIds", {"approve"}}, {"targetActivityIds", {"score"}}},
                    {{"sourceActivityIds", {"review"}}, {"targetActivityIds", {"notify"}}},
                    {{"sourceActivityIds", {"ghost"}}, {"targetActivityIds", {"approve"}}},
                    {{"sourceActivityIds", {"sub"}}, {"targetActivityIds", {"sub"}}},
                    {{"sourceActivityIds", {"sub"}}, {"targetActivityIds", {"sub"}}}}}};
  report = ok("POST", "/migration/validate", invalid);
  ASSERT_EQ(report["instructionReports"].size(), 5u) << report.dump();
  auto failures = [&](int i) { return report["instructionReports"][i]["failures"].dump(); };
  EXPECT_NE(failures(0).find("incompatible types"), std::string::npos) << failures(0);
  EXPECT_NE(failures(1).find("closest mapped ancestor"), std::string::npos) << failures(1);
  EXPECT_NE(failures(2).find("'ghost' does not exist"), std::string::npos) << failures(2);
  EXPECT_NE(failures(3).find("multiple mappings"), std::string::npos) << failures(3);
  // Executing it: 400 with the report, nothing moved.
  auto ids = start(v1_, 1);
  auto r = call("POST", "/migration/execute", json{{"migrationPlan", invalid}, {"processInstanceIds", ids}});
  EXPECT_EQ(r.status, 400) << r.body;
  json err = json::parse(r.body);
  EXPECT_EQ(err["type"], "MigrationPlanValidationException");
  EXPECT_EQ(err["validationReport"]["instructionReports"].size(), 5u);
  EXPECT_EQ(ok("GET", "/process-instance/" + ids[0])["definitionId"], v1_);
  ok("POST", "/process-instance/delete", json{{"processInstanceIds", ids}});
}

TEST_F(BatchTest, MigratedInstancesKeepTheirTasksAndHistory) {
  auto ids = start(v1_, 3);
  // Instance 0 in the subprocess's review (assigned); instance 1 at approve; 2 at approve too.
  json review = ok("GET", "/task?processInstanceId=" + ids[0])[0];
  ok("POST", "/task/" + review["id"].get<std::string>() + "/assignee", json{{"userId", "anna"}}, 204);
  for (int i = 1; i < 3; ++i) {
    json t = ok("GET", "/task?processInstanceId=" + ids[i])[0];
    ok("POST", "/task/" + t["id"].get<std::string>() + "/complete", json{{"variables", json::object()}}, 204);
  }
  json plan = ok("POST", "/migration/generate",
                 json{{"sourceProcessDefinitionId", v1_}, {"targetProcessDefinitionId", v2_}});
  ok("POST", "/migration/execute", json{{"migrationPlan", plan}, {"processInstanceIds", ids}}, 204);
  for (const auto& id : ids) {
    EXPECT_EQ(ok("GET", "/process-instance/" + id)["definitionId"], v2_);
    EXPECT_EQ(ok("GET", "/history/process-instance/" + id)["processDefinitionId"], v2_);
  }
  json moved = ok("GET", "/task?processInstanceId=" + ids[0])[0];
  EXPECT_EQ(moved["id"], review["id"]);
  EXPECT_EQ(moved["assignee"], "anna");
  EXPECT_EQ(moved["processDefinitionId"], v2_);
  EXPECT_EQ(moved["taskDefinitionKey"], "review");
  json hist = ok("GET", "/history/task?taskId=" + review["id"].get<std::string>())[0];
  EXPECT_EQ(hist["processDefinitionId"], v2_);
  EXPECT_EQ(hist["assignee"], "anna");
  // The activity tree still has the subprocess around review, and the instance runs version 2.
  json tree = ok("GET", "/process-instance/" + ids[0] + "/activity-instances");
  EXPECT_EQ(tree["childActivityInstances"][0]["activityId"], "sub") << tree.dump();
  ok("POST", "/task/" + moved["id"].get<std::string>() + "/complete", json{{"variables", json::object()}}, 204);
  json approve = ok("GET", "/task?processInstanceId=" + ids[0])[0];
  EXPECT_EQ(approve["taskDefinitionKey"], "approve");
  ok("POST", "/task/" + approve["id"].get<std::string>() + "/complete", json{{"variables", json::object()}}, 204);
  EXPECT_EQ(ok("GET", "/task?processInstanceId=" + ids[0])[0]["taskDefinitionKey"], "notify");
  // One user operation entry per property of the migration, by the caller.
  json log = ok("GET", "/history/user-operation?operationType=Migrate&property=nrOfInstances");
  ASSERT_EQ(log.size(), 1u) << log.dump();
  EXPECT_EQ(log[0]["newValue"], "3");
  EXPECT_EQ(log[0]["userId"], kTestAdminUser);

  // An instance of the wrong definition, or one at a timer, is refused with its report.
  auto r = call("POST", "/migration/execute", json{{"migrationPlan", plan}, {"processInstanceIds", {ids[1]}}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body)["type"], "MigratingProcessInstanceValidationException");
  std::string timer_def = ok("GET", "/process-definition/key/batch_timer")["id"];
  std::string timer_instance = ok("POST", "/process-definition/key/batch_timer/start", json{{"variables", json::object()}})["id"];
  json timer_plan = {{"sourceProcessDefinitionId", timer_def}, {"targetProcessDefinitionId", timer_def},
                     {"instructions", json::array()}};
  r = call("POST", "/migration/execute", json{{"migrationPlan", timer_plan}, {"processInstanceIds", {timer_instance}}});
  EXPECT_EQ(r.status, 400) << r.body;
  json rep = json::parse(r.body)["validationReport"];
  EXPECT_EQ(rep["processInstanceId"], timer_instance);
  EXPECT_NE(rep.dump().find("timers"), std::string::npos) << rep.dump();
  EXPECT_NE(rep.dump().find("no migration instruction"), std::string::npos) << rep.dump();
  ok("POST", "/process-instance/delete", json{{"processInstanceIds", {ids[0], ids[1], ids[2], timer_instance}}});
}

// The Cockpit's dry run: which instances a valid plan cannot move and why, nothing changed.
TEST_F(BatchTest, InstanceReportsNameTheInstancesThatCannotMove) {
  auto post = [](const json& body) {
    return http_request(port_, "POST", "/api/migration/instance-reports", body.dump(), {{"Content-Type", "application/json"}});
  };
  auto loans = start(v1_, 3);
  std::string timer_def = ok("GET", "/process-definition/key/batch_timer")["id"];
  std::string timer_instance = ok("POST", "/process-definition/key/batch_timer/start", json{{"variables", json::object()}})["id"];
  json plan = ok("POST", "/migration/generate", json{{"sourceProcessDefinitionId", v1_}, {"targetProcessDefinitionId", v2_}});
  auto r = post(json{{"migrationPlan", plan}, {"processInstanceIds", loans}});
  ASSERT_EQ(r.status, 200) << r.body;
  json a = json::parse(r.body);
  EXPECT_EQ(a["total"], 3);
  EXPECT_EQ(a["checked"], 3);
  EXPECT_EQ(a["invalid"], 0);
  EXPECT_EQ(a["reports"].size(), 0u);
  // Without the instruction for `review`, the instances waiting there cannot move.
  json partial = plan;
  partial["instructions"] = json::array();
  for (const auto& i : plan["instructions"]) {
    if (i["sourceActivityIds"][0] != "review") partial["instructions"].push_back(i);
  }
  r = post(json{{"migrationPlan", partial}, {"processInstanceIds", loans}});
  ASSERT_EQ(r.status, 200) << r.body;
  a = json::parse(r.body);
  EXPECT_EQ(a["total"], 3);
  EXPECT_EQ(a["invalid"], 3);
  ASSERT_EQ(a["reports"].size(), 3u);
  std::set<std::string> reported;
  for (const auto& rep : a["reports"]) {
    reported.insert(rep["processInstanceId"].get<std::string>());
    EXPECT_NE(rep["activityInstanceValidationReports"].dump().find("no migration instruction"), std::string::npos) << rep.dump();
  }
  EXPECT_EQ(reported, (std::set<std::string>(loans.begin(), loans.end())));
  // By query: every running instance of version 1 is looked at.
  r = post(json{{"migrationPlan", plan}, {"processInstanceQuery", {{"processDefinitionId", v1_}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["total"], ok("GET", "/process-instance/count?processDefinitionId=" + v1_)["count"]);
  // An instance at a timer: reported with the reason.
  json timer_plan = {{"sourceProcessDefinitionId", timer_def}, {"targetProcessDefinitionId", timer_def}, {"instructions", json::array()}};
  r = post(json{{"migrationPlan", timer_plan}, {"processInstanceIds", {timer_instance}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("timers"), std::string::npos) << r.body;
  // Bad input: 400 naming the field; an invalid plan: 400 with its report.
  r = post(json{{"processInstanceIds", loans}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("migrationPlan"), std::string::npos) << r.body;
  r = post(json{{"migrationPlan", plan}, {"processInstanceIds", "x"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("processInstanceIds"), std::string::npos) << r.body;
  json wrong = plan;
  wrong["instructions"] = {{{"sourceActivityIds", {"ghost"}}, {"targetActivityIds", {"approve"}}}};
  r = post(json{{"migrationPlan", wrong}, {"processInstanceIds", loans}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body)["type"], "MigrationPlanValidationException");
  // Nothing moved.
  for (const auto& id : loans) EXPECT_EQ(ok("GET", "/process-instance/" + id)["definitionId"], v1_);
  ended(ok("POST", "/process-instance/delete", json{{"processInstanceIds", {loans[0], loans[1], loans[2], timer_instance}}})["id"]);
}

TEST_F(BatchTest, MigrationAsBatch) {
  auto ids = start(v1_, 25);
  json plan = ok("POST", "/migration/generate",
                 json{{"sourceProcessDefinitionId", v1_}, {"targetProcessDefinitionId", v2_}});
  json batch = ok("POST", "/migration/executeAsync",
                  json{{"migrationPlan", plan}, {"processInstanceQuery", {{"processDefinitionId", v1_}}}});
  EXPECT_EQ(batch["type"], "instance-migration");
  EXPECT_EQ(batch["totalJobs"], 25);
  ended(batch["id"]);
  EXPECT_EQ(ok("GET", "/process-instance/count?processDefinitionId=" + v2_)["count"], 25);
  EXPECT_EQ(ok("GET", "/process-instance/count?processDefinitionId=" + v1_)["count"], 0);
  EXPECT_EQ(ok("GET", "/job/count?withException=true")["count"], 0);
  ended(ok("POST", "/process-instance/delete", json{{"processInstanceIds", ids}})["id"]);
}

// A user without rights gets 403 and creates nothing; each grant opens one more step:
// READ on Batch (lists), CREATE on Batch plus the single call's permission on each item.
TEST_F(BatchTest, AuthorizationsAreThoseOfBatchAndOfEachItem) {
  const std::string password = "Ledger-moss-harbor-2026";
  json user = {{"profile", {{"id", "clerk"}, {"firstName", "C"}, {"lastName", "Lerk"}, {"email", "c@example.org"}}},
               {"credentials", {{"password", password}}}};
  ok("POST", "/user/create", user, 204);
  auto as = [&](const std::string& method, const std::string& path, const json& body = nullptr) {
    return http_request(port_, method, "/engine-rest" + path, body.is_null() ? "" : body.dump(),
                        {{"Content-Type", "application/json"}, {"Authorization", basic_auth("clerk", password)}});
  };
  auto grant = [&](int resource, const std::string& id, std::vector<std::string> permissions) {
    ok("POST", "/authorization/create",
       json{{"type", 1}, {"userId", "clerk"}, {"resourceType", resource}, {"resourceId", id}, {"permissions", permissions}});
  };
  auto ids = start(v1_, 1);
  const auto batches_before = ok("GET", "/history/batch/count")["count"];
  EXPECT_EQ(as("GET", "/batch").status, 403);
  EXPECT_EQ(as("GET", "/history/batch").status, 403);
  EXPECT_EQ(as("POST", "/process-instance/delete", json{{"processInstanceIds", ids}}).status, 403);
  grant(13, "*", {"READ", "CREATE"});
  EXPECT_EQ(as("GET", "/batch").status, 200);
  // CREATE on Batch is not enough: deleting the instance needs DELETE_INSTANCE on its key.
  auto r = as("POST", "/process-instance/delete", json{{"processInstanceIds", ids}});
  EXPECT_EQ(r.status, 403) << r.body;
  json plan = ok("POST", "/migration/generate", json{{"sourceProcessDefinitionId", v1_}, {"targetProcessDefinitionId", v2_}});
  r = as("POST", "/migration/executeAsync", json{{"migrationPlan", plan}, {"processInstanceIds", ids}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(ok("GET", "/history/batch/count")["count"], batches_before);
  grant(6, "batch_loan", {"DELETE_INSTANCE"});
  r = as("POST", "/process-instance/delete", json{{"processInstanceIds", ids}});
  ASSERT_EQ(r.status, 200) << r.body;
  ended(json::parse(r.body)["id"]);
  EXPECT_EQ(ok("GET", "/history/process-instance/" + ids[0])["state"], "EXTERNALLY_TERMINATED");
}

}  // namespace
