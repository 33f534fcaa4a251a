// Bad input to the runtime REST API: each case is a clear 4xx naming what is wrong, and
// nothing of the failed request is stored (no instance, no variable, no completion).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const char* kModel = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="bad_input" isExecutable="true">
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="review"/>
    <bpmn:serviceTask id="book" camunda:type="external" camunda:topic="booking"/>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="book"/>
    <bpmn:sequenceFlow id="f3" sourceRef="book" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>)";

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

class BadInputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    server_ = new ServerProcess({"serve", "--no-access-log"},
                                {{"DPC_DATABASE_URL", create_test_database("bad")},
                                 {"DPC_PORT", std::to_string(port_)},
                                 {"DPC_SAMPLES_DIR", "/nonexistent"}},
                                "", "/tmp/dpc-bad-input-" + std::to_string(getpid()) + ".log");
    ASSERT_TRUE(server_->wait_for_health(port_, 30s)) << server_->log();
    auto r = deploy_resource(port_, "bad", "bad.bpmn", kModel);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  static void TearDownTestSuite() {
    server_->signal(SIGTERM);
    server_->wait_exit(20s);
    delete server_;
  }

  static HttpResponse post(const std::string& path, const std::string& body) {
    return http_request(port_, "POST", path, body, kJson);
  }
  static long long count(const std::string& path) {
    auto r = http_request(port_, "GET", path);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body)["count"].get<long long>();
  }
  // The error is 400 in Camunda's shape and its message mentions `needle`.
  static void expect_400(const HttpResponse& r, const std::string& needle) {
    EXPECT_EQ(r.status, 400) << r.body;
    auto j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object() && j["message"].is_string()) << r.body;
    EXPECT_NE(j["message"].get<std::string>().find(needle), std::string::npos) << r.body;
    EXPECT_TRUE(j["type"].is_string()) << r.body;
  }
  std::string start() {
    auto r = post("/engine-rest/process-definition/key/bad_input/start", "{}");
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body)["id"];
  }
  std::string task_of(const std::string& instance) {
    auto r = http_request(port_, "GET", "/engine-rest/task?processInstanceId=" + instance);
    auto list = json::parse(r.body);
    EXPECT_EQ(list.size(), 1u) << r.body;
    return list.empty() ? "" : list[0]["id"].get<std::string>();
  }

  static inline int port_ = 0;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(BadInputTest, UnknownVariableTypeOnStartCreatesNoInstance) {
  long long before = count("/engine-rest/history/process-instance/count");
  auto r = post("/engine-rest/process-definition/key/bad_input/start",
                R"({"variables": {"amount": {"value": 5, "type": "Money"}}})");
  expect_400(r, "Money");
  EXPECT_EQ(count("/engine-rest/history/process-instance/count"), before);
}

TEST_F(BadInputTest, ValueThatDoesNotFitItsTypeNamesTheVariable) {
  long long before = count("/engine-rest/history/process-instance/count");
  auto r = post("/engine-rest/process-definition/key/bad_input/start",
                R"({"variables": {"amount": {"value": "many", "type": "Integer"}}})");
  expect_400(r, "many");
  EXPECT_EQ(count("/engine-rest/history/process-instance/count"), before);
}

// PostgreSQL text cannot hold a NUL character: refused up front, not a database error.
TEST_F(BadInputTest, NulCharacterInAJsonStringIs400) {
  long long before = count("/engine-rest/history/process-instance/count");
  expect_400(post("/engine-rest/process-definition/key/bad_input/start",
                  R"({"variables": {"name": {"value": "a\u0000b", "type": "String"}}})"),
             "NUL");
  expect_400(post("/engine-rest/process-definition/key/bad_input/start",
                  R"({"businessKey": "\u0000"})"),
             "NUL");
  EXPECT_EQ(count("/engine-rest/history/process-instance/count"), before);
  // An escaped backslash followed by the text u0000 is an ordinary string.
  auto r = post("/engine-rest/process-definition/key/bad_input/start",
                R"({"variables": {"name": {"value": "a\\u0000b", "type": "String"}}})");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(count("/engine-rest/history/process-instance/count"), before + 1);
}

TEST_F(BadInputTest, WrongJsonShapesAre400) {
  expect_400(post("/engine-rest/process-definition/key/bad_input/start", R"({"variables": [1, 2]})"), "variables");
  auto malformed = post("/engine-rest/process-definition/key/bad_input/start", R"({"variables": )");
  EXPECT_EQ(malformed.status, 400) << malformed.body;
  auto not_object = post("/engine-rest/process-definition/key/bad_input/start", "[]");
  EXPECT_EQ(not_object.status, 400) << not_object.body;
}

TEST_F(BadInputTest, CompletingATaskTwiceIs404AndChangesNothing) {
  std::string instance = start();
  std::string task = task_of(instance);
  ASSERT_EQ(post("/engine-rest/task/" + task + "/complete", "{}").status, 204);
  long long external = count("/engine-rest/external-task/count?processInstanceId=" + instance);
  EXPECT_EQ(external, 1);
  auto again = post("/engine-rest/task/" + task + "/complete",
                    R"({"variables": {"late": {"value": true, "type": "Boolean"}}})");
  EXPECT_EQ(again.status, 404) << again.body;
  EXPECT_EQ(count("/engine-rest/external-task/count?processInstanceId=" + instance), external);
  auto vars = http_request(port_, "GET", "/engine-rest/process-instance/" + instance + "/variables");
  EXPECT_FALSE(json::parse(vars.body).contains("late")) << vars.body;
}

TEST_F(BadInputTest, BadVariableOnCompleteLeavesTheTaskOpen) {
  std::string instance = start();
  std::string task = task_of(instance);
  expect_400(post("/engine-rest/task/" + task + "/complete",
                  R"({"variables": {"ok": {"value": 1, "type": "Integer"}, "bad": {"value": 1, "type": "Nope"}}})"),
             "Nope");
  EXPECT_EQ(task_of(instance), task);
  auto vars = http_request(port_, "GET", "/engine-rest/process-instance/" + instance + "/variables");
  EXPECT_FALSE(json::parse(vars.body).contains("ok")) << vars.body;
}

TEST_F(BadInputTest, ExternalTaskCompletedByAnotherWorkerIsRejected) {
  std::string instance = start();
  ASSERT_EQ(post("/engine-rest/task/" + task_of(instance) + "/complete", "{}").status, 204);
  auto fetched = post("/engine-rest/external-task/fetchAndLock",
                      json{{"workerId", "worker-a"}, {"maxTasks", 10},
                           {"topics", {{{"topicName", "booking"}, {"lockDuration", 60000}}}}}.dump());
  ASSERT_EQ(fetched.status, 200) << fetched.body;
  std::string id;
  for (const auto& t : json::parse(fetched.body)) {
    if (t["processInstanceId"] == instance) id = t["id"];
  }
  ASSERT_FALSE(id.empty()) << fetched.body;
  auto wrong = post("/engine-rest/external-task/" + id + "/complete", R"({"workerId": "worker-b"})");
  expect_400(wrong, "worker-a");
  EXPECT_EQ(count("/engine-rest/external-task/count?processInstanceId=" + instance), 1);
  auto missing_worker = post("/engine-rest/external-task/" + id + "/complete", "{}");
  EXPECT_EQ(missing_worker.status, 400) << missing_worker.body;
  EXPECT_EQ(post("/engine-rest/external-task/" + id + "/complete", R"({"workerId": "worker-a"})").status, 204);
  EXPECT_EQ(count("/engine-rest/external-task/count?processInstanceId=" + instance), 0);
}

// A model that parses but holds an element this engine cannot run is refused at deployment,
// naming the element and its line, and nothing of it is stored.
TEST_F(BadInputTest, UnsupportedElementFailsTheDeploymentAndStoresNothing) {
  // Camunda refuses a non-interrupting error start event too: an error always interrupts.
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:error id="err" errorCode="E1"/>
  <bpmn:process id="uses_escalation" isExecutable="true">
    <bpmn:startEvent id="s"/>
    <bpmn:subProcess id="on_error" triggeredByEvent="true">
      <bpmn:startEvent id="wait_for_go" isInterrupting="false">
        <bpmn:errorEventDefinition errorRef="err"/>
      </bpmn:startEvent>
      <bpmn:endEvent id="esp_end"/>
      <bpmn:sequenceFlow id="f3" sourceRef="wait_for_go" targetRef="esp_end"/>
    </bpmn:subProcess>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>)";
  long long before = count("/engine-rest/deployment/count");
  auto r = deploy_resource(port_, "signal", "signal.bpmn", xml);
  ASSERT_EQ(r.status, 400) << r.body;
  auto j = json::parse(r.body);
  EXPECT_EQ(j["type"], "ParseException") << r.body;
  const auto& errors = j["details"]["signal.bpmn"]["errors"];
  ASSERT_EQ(errors.size(), 1u) << r.body;
  EXPECT_NE(errors[0]["message"].get<std::string>().find("wait_for_go"), std::string::npos) << r.body;
  EXPECT_EQ(errors[0]["line"], 7) << r.body;
  EXPECT_NE(errors[0]["message"].get<std::string>().find("must be interrupting"), std::string::npos) << r.body;
  EXPECT_EQ(count("/engine-rest/deployment/count"), before);
  EXPECT_EQ(count("/engine-rest/process-definition/count?key=uses_signal"), 0);
}

TEST_F(BadInputTest, UnknownIdsAre404) {
  EXPECT_EQ(post("/engine-rest/task/no-such-task/complete", "{}").status, 404);
  EXPECT_EQ(post("/engine-rest/process-definition/key/no_such_process/start", "{}").status, 404);
  EXPECT_EQ(post("/engine-rest/external-task/no-such/complete", R"({"workerId": "w"})").status, 404);
}

// Issue 13: a body that is JSON but not an object (null, a string, a number, an array) was a
// 500 from inside a handler; it is a 400 from the one body parser, and the task stays open.
TEST_F(BadInputTest, BodyThatIsNotAJsonObjectIs400AndChangesNothing) {
  std::string instance = start();
  std::string task = task_of(instance);
  for (const char* body : {"null", "\"done\"", "42", "[]", "[{}]", "true"}) {
    expect_400(post("/engine-rest/task/" + task + "/complete", body), "must be a JSON object");
  }
  EXPECT_EQ(task_of(instance), task);
}

// Invalid UTF-8 in a body was a 500 whose message quoted nlohmann's exception text.
TEST_F(BadInputTest, InvalidUtf8InABodyIs400NamingTheByteAndStoresNothing) {
  long long before = count("/engine-rest/history/process-instance/count");
  std::string instance = start();
  const std::string bad = "{\"businessKey\": \"\xff\"}";  // the 0xff is byte 17
  auto r = post("/engine-rest/process-definition/key/bad_input/start", bad);
  expect_400(r, "not valid UTF-8 (byte 17)");
  EXPECT_EQ(r.body.find("json.exception"), std::string::npos) << r.body;
  expect_400(post("/engine-rest/decision-definition/key/any/evaluate",
                  "{\"variables\": {\"a\": {\"value\": \"\xc0\xaf\"}}}"),
             "not valid UTF-8");
  auto put = http_request(port_, "PUT", "/engine-rest/process-instance/" + instance + "/variables/v",
                          "{\"value\": \"\xed\xa0\x80\", \"type\": \"String\"}", kJson);
  expect_400(put, "not valid UTF-8");
  EXPECT_EQ(count("/engine-rest/history/process-instance/count"), before + 1);
  auto vars = http_request(port_, "GET", "/engine-rest/process-instance/" + instance + "/variables");
  EXPECT_FALSE(json::parse(vars.body).contains("v")) << vars.body;
  // nlohmann throws out_of_range, not parse_error, for a number beyond a double.
  expect_400(post("/engine-rest/process-definition/key/bad_input/start", "1e999"), "too large");
  auto malformed = post("/engine-rest/process-definition/key/bad_input/start", "{\"a\": tru}");
  expect_400(malformed, "not well-formed JSON");
  EXPECT_EQ(malformed.body.find("json.exception"), std::string::npos) << malformed.body;
}

// Percent-decoded bytes that are not UTF-8 (or NUL) went to PostgreSQL as text: a 500.
TEST_F(BadInputTest, InvalidBytesInPathAndQueryParametersAre400) {
  std::string instance = start();
  expect_400(http_request(port_, "GET", "/engine-rest/task/%FF"), "path parameter 'id'");
  expect_400(http_request(port_, "DELETE", "/engine-rest/process-instance/ab%00cd"), "NUL");
  expect_400(http_request(port_, "PUT", "/engine-rest/process-instance/" + instance + "/variables/%C3%28",
                          R"({"value": 1})", kJson),
             "path parameter 'name'");
  expect_400(http_request(port_, "GET", "/engine-rest/task?assignee=%ED%A0%80"), "query parameter 'assignee'");
  expect_400(http_request(port_, "GET", "/engine-rest/process-instance?%FF=1"), "query parameter");
  EXPECT_EQ(count("/engine-rest/process-instance/count?processInstanceIds=" + instance), 1);
}

TEST_F(BadInputTest, DeeplyNestedBodyIs400) {
  long long before = count("/engine-rest/history/process-instance/count");
  std::string deep = std::string(10000, '[') + std::string(10000, ']');
  expect_400(post("/engine-rest/process-definition/key/bad_input/start",
                  R"({"variables": {"v": {"value": )" + deep + "}}}"),
             "deeper than 1000");
  EXPECT_EQ(count("/engine-rest/history/process-instance/count"), before);
}

// Fields read with get<>() or value() threw on a wrong type (a 500).
TEST_F(BadInputTest, FieldOfTheWrongTypeIs400NamingIt) {
  std::string instance = start();
  std::string task = task_of(instance);
  expect_400(post("/engine-rest/task/" + task + "/complete", R"({"withVariablesInReturn": "yes"})"),
             "withVariablesInReturn");
  EXPECT_EQ(task_of(instance), task);
  expect_400(post("/engine-rest/process-definition/key/bad_input/start", R"({"withVariablesInReturn": 1})"),
             "withVariablesInReturn");
  expect_400(post("/engine-rest/external-task/fetchAndLock",
                  R"({"workerId": "w", "maxTasks": 1, "usePriority": "high", "topics": []})"),
             "usePriority");
  expect_400(post("/engine-rest/external-task/fetchAndLock",
                  R"({"workerId": "w", "maxTasks": 1, "topics": [{"topicName": "t", "lockDuration": 1, "localVariables": 0}]})"),
             "localVariables");
  // A number above the range of Long was wrapped into a negative one.
  expect_400(post("/engine-rest/process-definition/key/bad_input/start",
                  R"({"variables": {"n": {"value": 18446744073709551615, "type": "Long"}}})"),
             "18446744073709551615");
}

// A request line longer than the header limit was dropped without an answer.
TEST_F(BadInputTest, OverlongTargetIsAnswered431) {
  auto r = http_request(port_, "GET", "/engine-rest/task/" + std::string(100000, 'x'));
  EXPECT_EQ(r.status, 431) << r.body;
  EXPECT_EQ(http_request(port_, "GET", "/health").status, 200);
}

// A LIKE pattern ending with a lone backslash (the escape character) was a database error.
TEST_F(BadInputTest, LikePatternEndingWithTheEscapeCharacterIsNoError) {
  for (const char* target : {"/engine-rest/process-definition?nameLike=%5C", "/engine-rest/task?nameLike=ab%5C",
                             "/engine-rest/deployment?nameLike=%5C%5C%5C",
                             "/engine-rest/process-instance?variables=v_like_%5C"}) {
    auto r = http_request(port_, "GET", target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
  }
}

// A model whose bytes are not UTF-8: its names would be stored as text PostgreSQL refuses,
// and its problems, quoting it, made the answer throw (a 500). The parsers read UTF-8 only.
TEST_F(BadInputTest, ModelThatIsNotUtf8IsRefused) {
  long long before = count("/engine-rest/deployment/count");
  std::string named = kModel;
  named.replace(named.find("id=\"review\""), 11, "id=\"review\" name=\"caf\xe9\"");
  expect_400(deploy_resource(port_, "latin", "named.bpmn", named), "not valid UTF-8");
  std::string broken = kModel;
  broken.replace(broken.find("<bpmn:endEvent"), 14, "<bpmn:endEvent\xff");
  expect_400(deploy_resource(port_, "latin", "broken.bpmn", broken), "not valid UTF-8");
  EXPECT_EQ(count("/engine-rest/deployment/count"), before);
}

// PUT /job/{id}/retries set the retries before it found the due date malformed: a refused
// request changed the job.
TEST_F(BadInputTest, JobRetriesWithABadDueDateChangeNothing) {
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="bad_timer" isExecutable="true">
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="wait"/>
    <bpmn:boundaryEvent id="late" attachedToRef="wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="wait"/>
    <bpmn:sequenceFlow id="f2" sourceRef="late" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>)";
  ASSERT_EQ(deploy_resource(port_, "timer", "timer.bpmn", xml).status, 200);
  auto started = post("/engine-rest/process-definition/key/bad_timer/start", "{}");
  ASSERT_EQ(started.status, 200) << started.body;
  auto jobs = json::parse(http_request(port_, "GET", "/engine-rest/job?processInstanceId=" +
                                                      json::parse(started.body)["id"].get<std::string>()).body);
  ASSERT_EQ(jobs.size(), 1u) << jobs;
  std::string job = jobs[0]["id"];
  auto r = http_request(port_, "PUT", "/engine-rest/job/" + job + "/retries",
                        R"({"retries": 7, "dueDate": "tomorrow"})", kJson);
  expect_400(r, "dueDate");
  auto after = json::parse(http_request(port_, "GET", "/engine-rest/job/" + job).body);
  EXPECT_EQ(after["retries"], jobs[0]["retries"]) << after;
}

}  // namespace
