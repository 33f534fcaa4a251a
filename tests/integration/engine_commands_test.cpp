// The changes of jobs and external tasks that used to go from the HTTP handler straight to a
// store, and decision evaluation over REST, now run as engine commands (issue 12). Against a
// real `dpc serve` with the test clock moved three days ahead, each command here
//   * writes its engine_event entries and its history (incidents opened and resolved),
//   * takes the instance lock: while the test holds the instance row, the command waits,
//   * and two racing callers leave one consistent result,
//   * on the engine's clock: every time written is the test clock's, not the system clock's.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr long long kOffset = 3LL * 24 * 60 * 60 * 1000;  // the test clock: three days ahead
constexpr long long kLongLock = 24LL * 60 * 60 * 1000;   // a lock that outlives every test

const char* const kProcesses = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/tests">
  <bpmn:process id="cmd_external" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start"/>
    <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="engine-commands"/>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
  </bpmn:process>
  <bpmn:process id="cmd_failing" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start2"/>
    <bpmn:serviceTask id="calc" camunda:asyncBefore="true" camunda:expression="${missing + 1}" camunda:resultVariable="next">
      <bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R1/PT1H</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end2"/>
    <bpmn:sequenceFlow id="g1" sourceRef="start2" targetRef="calc"/>
    <bpmn:sequenceFlow id="g2" sourceRef="calc" targetRef="end2"/>
  </bpmn:process>
  <bpmn:process id="cmd_timer" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start3"/>
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P30D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end3"/>
    <bpmn:sequenceFlow id="h1" sourceRef="start3" targetRef="wait"/>
    <bpmn:sequenceFlow id="h2" sourceRef="wait" targetRef="end3"/>
  </bpmn:process>
</bpmn:definitions>)";

const char* const kDecision = R"(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="cmd_dmn" name="Commands" namespace="http://dpc/tests/commands">
  <decision id="cmd_size" name="Size">
    <decisionTable id="cmd_size_table" hitPolicy="FIRST">
      <input id="in_n" label="N"><inputExpression id="in_n_expr" typeRef="integer"><text>n</text></inputExpression></input>
      <output id="out_size" name="size" typeRef="string"/>
      <rule id="small"><inputEntry><text>&lt; 10</text></inputEntry><outputEntry><text>"small"</text></outputEntry></rule>
      <rule id="large"><inputEntry><text>-</text></inputEntry><outputEntry><text>"large"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>)";

long long system_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

// One engine_event entry of an instance.
struct Event {
  std::string element, event;
  long long time = 0;
};

class EngineCommandsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    std::string log = "/tmp/dpc-engine-commands-" + std::to_string(getpid()) + ".log";
    unlink(log.c_str());
    database_ = create_test_database("engine_commands");
    server_ = new ServerProcess({"serve", "--no-access-log", "--test-clock"},
                                {{"DPC_DATABASE_URL", database_},
                                 {"DPC_PORT", std::to_string(port_)},
                                 {"DPC_SAMPLES_DIR", "/nonexistent"}},
                                "", log);
    ASSERT_TRUE(server_->wait_for_health(port_, 30s)) << server_->log();
    ASSERT_EQ(deploy_resource(port_, "commands", "commands.bpmn", kProcesses).status, 200);
    ASSERT_EQ(deploy_resource(port_, "commands-dmn", "commands.dmn", kDecision).status, 200);
    auto moved = http_request(port_, "POST", "/api/test/clock",
                              json{{"offsetMillis", kOffset}, {"waitMillis", 0}}.dump(),
                              {{"Content-Type", "application/json"}});
    ASSERT_EQ(moved.status, 200) << moved.body;
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
  // Starts a cmd_external instance and locks its task for `worker`; returns {instance, task}.
  static std::pair<std::string, std::string> locked_task(const std::string& worker) {
    std::string instance = start("cmd_external");
    json task = ok("GET", "/external-task?processInstanceId=" + instance)[0];
    // Fetch until this instance's task is ours (others' tasks may be fetched first).
    for (int i = 0; i < 50; ++i) {
      json got = ok("POST", "/external-task/fetchAndLock",
                    json{{"workerId", worker}, {"maxTasks", 100},
                         {"topics", json::array({{{"topicName", "engine-commands"},
                                                  {"lockDuration", kLongLock}}})}});
      for (const auto& t : got) {
        if (t["id"] == task["id"]) return {instance, task["id"].get<std::string>()};
      }
      // Another test's worker holds it? Ours are all locked for a day, so it cannot be.
    }
    ADD_FAILURE() << "task of " << instance << " was never fetched";
    return {instance, task["id"].get<std::string>()};
  }

  static std::vector<Event> events(const std::string& instance) {
    pqxx::connection c(database_);
    pqxx::nontransaction tx(c);
    std::vector<Event> out;
    for (const auto& r : tx.exec_params(
             "SELECT f.element, f.event, f.at FROM engine_event ev, "
             "unnest(ev.element_ids, ev.events, ev.times) WITH ORDINALITY AS f(element, event, at, n) "
             "WHERE ev.proc_inst_id = $1 ORDER BY ev.seq, f.n",
             instance)) {
      out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<long long>()});
    }
    return out;
  }
  // The entries of `event` at `element`.
  static std::vector<Event> events(const std::string& instance, const std::string& element,
                                   const std::string& event) {
    std::vector<Event> out;
    for (auto& e : events(instance)) {
      if (e.element == element && e.event == event) out.push_back(e);
    }
    return out;
  }
  static pqxx::result query(const std::string& sql, const std::string& param) {
    pqxx::connection c(database_);
    pqxx::nontransaction tx(c);
    return tx.exec_params(sql, param);
  }
  // A time the engine wrote between `before` and `after` (system clock, read around the
  // request): on the test clock, three days ahead.
  static void expect_engine_time(long long t, long long before, long long after, const char* what) {
    EXPECT_GE(t, before + kOffset) << what << " is not on the test clock";
    EXPECT_LE(t, after + kOffset) << what << " is not on the test clock";
  }

  // Runs `request` while the test holds the instance's row lock: it must not finish (nor
  // change `probe`'s answer) until the lock is released. Returns the request's response.
  template <typename Request>
  static HttpResponse while_instance_locked(const std::string& instance, const std::string& probe_sql,
                                            const std::string& probe_param, Request request) {
    pqxx::connection c(database_);
    pqxx::work hold(c);
    hold.exec_params("SELECT id FROM proc_inst WHERE id = $1 FOR UPDATE", instance);
    std::string before = query(probe_sql, probe_param)[0][0].c_str();
    auto answer = std::async(std::launch::async, request);
    EXPECT_EQ(answer.wait_for(700ms), std::future_status::timeout)
        << "the command did not wait for the instance lock";
    EXPECT_EQ(query(probe_sql, probe_param)[0][0].c_str(), before) << "changed under the instance lock";
    hold.commit();
    return answer.get();
  }

  static inline std::string database_;
  static inline int port_ = 0;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(EngineCommandsTest, ExternalTaskFailureWritesEventsAndIncidentOnTheEngineClock) {
  auto [instance, task] = locked_task("w-fail");
  // Retries left: the task stays locked for the retry timeout (engine clock), no incident.
  long long before = system_now();
  ok("POST", "/external-task/" + task + "/failure",
     json{{"workerId", "w-fail"}, {"retries", 1}, {"retryTimeout", 60000}, {"errorMessage", "first"}}, 204);
  long long after = system_now();
  auto row = query("SELECT retries, lock_expiration, error_message FROM external_task WHERE id = $1", task);
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0][0].as<int>(), 1);
  expect_engine_time(row[0][1].as<long long>() - 60000, before, after, "the retry lock");
  EXPECT_EQ(row[0][2].as<std::string>(), "first");
  auto failures = events(instance, "work", "failure");
  ASSERT_EQ(failures.size(), 1u);
  expect_engine_time(failures[0].time, before, after, "the failure event");
  EXPECT_TRUE(events(instance, "work", "incident").empty());

  // No retries left: a failedExternalTask incident with its history, at the test clock.
  // (The lock is still the worker's: the retry timeout keeps it.)
  before = system_now();
  ok("POST", "/external-task/" + task + "/failure",
     json{{"workerId", "w-fail"}, {"retries", 0}, {"errorMessage", "second"}, {"errorDetails", "trace"}}, 204);
  after = system_now();
  auto incident = query("SELECT i.type, i.message, i.created, h.state FROM incident i JOIN hi_incident h "
                        "ON h.id = i.id WHERE i.configuration = $1", task);
  ASSERT_EQ(incident.size(), 1u);
  EXPECT_EQ(incident[0][0].as<std::string>(), "failedExternalTask");
  EXPECT_EQ(incident[0][1].as<std::string>(), "second");
  expect_engine_time(incident[0][2].as<long long>(), before, after, "the incident");
  EXPECT_EQ(incident[0][3].as<std::string>(), "open");
  ASSERT_EQ(events(instance, "work", "incident").size(), 1u);
  EXPECT_EQ(events(instance, "work", "failure").size(), 2u);
  EXPECT_EQ(query("SELECT error_details FROM external_task WHERE id = $1", task)[0][0].as<std::string>(), "trace");
}

TEST_F(EngineCommandsTest, ExternalTaskFailureByAnotherWorkerChangesNothing) {
  auto [instance, task] = locked_task("w-owner");
  auto r = call("POST", "/external-task/" + task + "/failure", json{{"workerId", "w-other"}, {"retries", 0}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("w-other"), std::string::npos) << r.body;
  EXPECT_TRUE(events(instance, "work", "failure").empty());
  EXPECT_TRUE(query("SELECT 1 FROM incident WHERE configuration = $1", task).empty());
}

TEST_F(EngineCommandsTest, ExternalTaskRetriesRaiseAndResolveTheIncident) {
  auto [instance, task] = locked_task("w-retries");
  long long before = system_now();
  ok("PUT", "/external-task/" + task + "/retries", json{{"retries", 0}}, 204);
  long long after = system_now();
  ASSERT_EQ(query("SELECT 1 FROM incident WHERE configuration = $1", task).size(), 1u);
  auto raised = events(instance, "work", "incident");
  ASSERT_EQ(raised.size(), 1u);
  expect_engine_time(raised[0].time, before, after, "the incident event");

  before = system_now();
  ok("PUT", "/external-task/" + task + "/retries", json{{"retries", 3}}, 204);
  after = system_now();
  EXPECT_TRUE(query("SELECT 1 FROM incident WHERE configuration = $1", task).empty());
  auto history = query("SELECT state, end_time FROM hi_incident WHERE configuration = $1", task);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0][0].as<std::string>(), "resolved");
  expect_engine_time(history[0][1].as<long long>(), before, after, "the incident's end");
  EXPECT_EQ(events(instance, "work", "retries").size(), 2u);
  EXPECT_EQ(events(instance, "work", "incidentResolved").size(), 1u);
  EXPECT_EQ(query("SELECT retries FROM external_task WHERE id = $1", task)[0][0].as<int>(), 3);
}

TEST_F(EngineCommandsTest, TwoRacingRetriesCallsRaiseOneIncident) {
  auto [instance, task] = locked_task("w-race");
  auto set_zero = [task = task] {
    return call("PUT", "/external-task/" + task + "/retries", json{{"retries", 0}});
  };
  auto a = std::async(std::launch::async, set_zero);
  auto b = std::async(std::launch::async, set_zero);
  EXPECT_EQ(a.get().status, 204);
  EXPECT_EQ(b.get().status, 204);
  EXPECT_EQ(query("SELECT count(*) FROM incident WHERE configuration = $1", task)[0][0].as<int>(), 1);
  EXPECT_EQ(query("SELECT count(*) FROM hi_incident WHERE configuration = $1", task)[0][0].as<int>(), 1);
  EXPECT_EQ(events(instance, "work", "retries").size(), 2u);
  EXPECT_EQ(events(instance, "work", "incident").size(), 1u);
}

TEST_F(EngineCommandsTest, ExtendLockAndUnlockAreCommandsOnTheEngineClock) {
  auto [instance, task] = locked_task("w-lock");
  long long before = system_now();
  ok("POST", "/external-task/" + task + "/extendLock", json{{"workerId", "w-lock"}, {"newDuration", 5000}}, 204);
  long long after = system_now();
  auto row = query("SELECT lock_expiration FROM external_task WHERE id = $1", task);
  expect_engine_time(row[0][0].as<long long>() - 5000, before, after, "the extended lock");
  ASSERT_EQ(events(instance, "work", "lockExtended").size(), 1u);
  // Only the holder may extend it.
  auto r = call("POST", "/external-task/" + task + "/extendLock", json{{"workerId", "w-else"}, {"newDuration", 5000}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(events(instance, "work", "lockExtended").size(), 1u);

  ok("POST", "/external-task/" + task + "/unlock", nullptr, 204);
  row = query("SELECT lock_expiration, worker_id FROM external_task WHERE id = $1", task);
  EXPECT_TRUE(row[0][0].is_null());
  EXPECT_TRUE(row[0][1].is_null());
  auto unlocked = events(instance, "work", "unlock");
  ASSERT_EQ(unlocked.size(), 1u);
  EXPECT_GE(unlocked[0].time, before + kOffset);
}

TEST_F(EngineCommandsTest, ExternalTaskCommandsWaitForTheInstanceLock) {
  auto [instance, task] = locked_task("w-wait");
  const std::string probe = "SELECT coalesce(retries::text, 'none') FROM external_task WHERE id = $1";
  auto r = while_instance_locked(instance, probe, task, [task = task] {
    return call("POST", "/external-task/" + task + "/failure", json{{"workerId", "w-wait"}, {"retries", 2}});
  });
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(query(probe, task)[0][0].as<std::string>(), "2");

  r = while_instance_locked(instance, probe, task, [task = task] {
    return call("PUT", "/external-task/" + task + "/retries", json{{"retries", 4}});
  });
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(query(probe, task)[0][0].as<std::string>(), "4");

  const std::string worker_probe = "SELECT coalesce(worker_id, 'none') FROM external_task WHERE id = $1";
  r = while_instance_locked(instance, worker_probe, task, [task = task] {
    return call("POST", "/external-task/" + task + "/unlock");
  });
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(query(worker_probe, task)[0][0].as<std::string>(), "none");
}

// The job executor's failure of an async job, then retries, due date and execute over REST.
TEST_F(EngineCommandsTest, JobFailureRetriesDueDateAndExecuteAreCommands) {
  long long before = system_now();
  std::string instance = start("cmd_failing");
  // The executor runs the job at once; R1 gives it one attempt, then the incident.
  std::string job;
  for (auto deadline = std::chrono::steady_clock::now() + 15s; std::chrono::steady_clock::now() < deadline;) {
    auto rows = query("SELECT j.id FROM job j JOIN incident i ON i.configuration = j.id WHERE j.proc_inst_id = $1",
                      instance);
    if (!rows.empty()) {
      job = rows[0][0].as<std::string>();
      break;
    }
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_FALSE(job.empty()) << "the failing job got no incident";
  long long after = system_now();
  auto failed = events(instance, "calc", "failure");
  ASSERT_EQ(failed.size(), 1u);
  expect_engine_time(failed[0].time, before, after, "the job's failure");
  ASSERT_EQ(events(instance, "calc", "incident").size(), 1u);
  auto incident = query("SELECT created, type FROM hi_incident WHERE configuration = $1", job);
  ASSERT_EQ(incident.size(), 1u);
  expect_engine_time(incident[0][0].as<long long>(), before, after, "the job's incident");
  EXPECT_EQ(incident[0][1].as<std::string>(), "failedJob");

  // Retries with a due date far ahead: the incident resolves, the executor leaves the job.
  before = system_now();
  ok("PUT", "/job/" + job + "/retries", json{{"retries", 1}, {"dueDate", "2099-01-01T00:00:00.000+0000"}}, 204);
  after = system_now();
  auto resolved = query("SELECT state, end_time FROM hi_incident WHERE configuration = $1", job);
  EXPECT_EQ(resolved[0][0].as<std::string>(), "resolved");
  expect_engine_time(resolved[0][1].as<long long>(), before, after, "the incident's end");
  EXPECT_EQ(events(instance, "calc", "retries").size(), 1u);
  EXPECT_EQ(events(instance, "calc", "dueDate").size(), 1u);
  EXPECT_EQ(events(instance, "calc", "incidentResolved").size(), 1u);

  // Due date null: now, on the engine clock (the executor may run it at once again).
  const std::string due_probe = "SELECT due_date::text FROM job WHERE id = $1";
  auto r = while_instance_locked(instance, due_probe, job, [job] {
    return call("PUT", "/job/" + job + "/duedate", json{{"duedate", "2098-01-01T00:00:00.000+0000"}});
  });
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(events(instance, "calc", "dueDate").size(), 2u);

  // Executed on demand it fails again: the attempt counts (retries 0, a new incident).
  before = system_now();
  r = call("POST", "/job/" + job + "/execute");
  after = system_now();
  EXPECT_EQ(r.status, 500) << r.body;
  auto row = query("SELECT retries, exception_message FROM job WHERE id = $1", job);
  EXPECT_EQ(row[0][0].as<int>(), 0);
  EXPECT_NE(row[0][1].as<std::string>().find("missing"), std::string::npos) << row[0][1].as<std::string>();
  failed = events(instance, "calc", "failure");
  ASSERT_EQ(failed.size(), 2u);
  expect_engine_time(failed[1].time, before, after, "the on-demand failure");
  EXPECT_EQ(query("SELECT count(*) FROM hi_incident WHERE configuration = $1", job)[0][0].as<int>(), 2);
}

TEST_F(EngineCommandsTest, JobRetriesAndDueDateWaitForTheInstanceLockAndRaceSafely) {
  std::string instance = start("cmd_timer");
  auto rows = query("SELECT id FROM job WHERE proc_inst_id = $1", instance);
  ASSERT_EQ(rows.size(), 1u);
  std::string job = rows[0][0].as<std::string>();
  const std::string probe = "SELECT retries::text FROM job WHERE id = $1";
  auto r = while_instance_locked(instance, probe, job, [job] {
    return call("PUT", "/job/" + job + "/retries", json{{"retries", 5}});
  });
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(query(probe, job)[0][0].as<std::string>(), "5");

  long long before = system_now();
  ok("PUT", "/job/" + job + "/duedate", json{{"duedate", nullptr}}, 204);
  long long after = system_now();
  // Due now on the engine clock; the executor then fires the timer and the instance ends.
  auto due = events(instance, "wait", "dueDate");
  ASSERT_EQ(due.size(), 1u);
  expect_engine_time(due[0].time, before, after, "the due date event");

  std::string second = start("cmd_timer");
  std::string job2 = query("SELECT id FROM job WHERE proc_inst_id = $1", second)[0][0].as<std::string>();
  auto zero = [job2] { return call("PUT", "/job/" + job2 + "/retries", json{{"retries", 0}}); };
  auto a = std::async(std::launch::async, zero);
  auto b = std::async(std::launch::async, zero);
  EXPECT_EQ(a.get().status, 204);
  EXPECT_EQ(b.get().status, 204);
  EXPECT_EQ(query("SELECT count(*) FROM incident WHERE configuration = $1", job2)[0][0].as<int>(), 1);
  EXPECT_EQ(events(second, "wait", "retries").size(), 2u);
  EXPECT_EQ(events(second, "wait", "incident").size(), 1u);
}

TEST_F(EngineCommandsTest, DecisionEvaluationHistoryIsOnTheEngineClock) {
  long long before = system_now();
  json result = ok("POST", "/decision-definition/key/cmd_size/evaluate",
                   json{{"variables", {{"n", {{"value", 3}, {"type", "Integer"}}}}}});
  long long after = system_now();
  ASSERT_EQ(result.size(), 1u) << result.dump();
  EXPECT_EQ(result[0]["size"]["value"], "small");
  auto rows = query("SELECT evaluation_time, outputs::text FROM hi_decision_instance "
                    "WHERE decision_definition_key = $1", "cmd_size");
  ASSERT_EQ(rows.size(), 1u);
  expect_engine_time(rows[0][0].as<long long>(), before, after, "the evaluation");
  EXPECT_NE(rows[0][1].as<std::string>().find("small"), std::string::npos) << rows[0][1].as<std::string>();
}

}  // namespace
