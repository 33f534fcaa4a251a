// 200 tasks of one instance completed in parallel, feeding one parallel join: the join
// fires exactly once and no completion or variable is lost (instance row locks serialize
// the commands).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr int kBranches = 200;

std::string model() {
  std::string x = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
<bpmn:process id="fan" isExecutable="true" camunda:historyTimeToLive="30">
<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/><bpmn:parallelGateway id="join"/>
<bpmn:userTask id="after"/><bpmn:endEvent id="e"/>
<bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="fork"/>
<bpmn:sequenceFlow id="f1" sourceRef="join" targetRef="after"/>
<bpmn:sequenceFlow id="f2" sourceRef="after" targetRef="e"/>
)";
  for (int i = 0; i < kBranches; ++i) {
    std::string n = std::to_string(i);
    x += "<bpmn:userTask id=\"t" + n + "\"/>";
    x += "<bpmn:sequenceFlow id=\"a" + n + "\" sourceRef=\"fork\" targetRef=\"t" + n + "\"/>";
    x += "<bpmn:sequenceFlow id=\"b" + n + "\" sourceRef=\"t" + n + "\" targetRef=\"join\"/>\n";
  }
  return x + "</bpmn:process></bpmn:definitions>";
}

TEST(Concurrency, ParallelCompletionsFireTheJoinOnce) {
  int port = free_port();
  std::string log = "/tmp/dpc-concurrency-" + std::to_string(getpid()) + ".log";
  unlink(log.c_str());
  ServerProcess server({"serve", "--no-access-log", "--workers", "16"},
                       {{"DPC_DATABASE_URL", create_test_database("conc")},
                        {"DPC_PORT", std::to_string(port)}, {"DPC_SAMPLES_DIR", "/nonexistent"}},
                       "", log);
  ASSERT_TRUE(server.wait_for_health(port, 30s)) << server.log();

  auto dep = deploy_resource(port, "fan", "fan.bpmn", model());
  ASSERT_EQ(dep.status, 200) << dep.body;
  auto started = http_request(port, "POST", "/engine-rest/process-definition/key/fan/start", "{}",
                              {{"Content-Type", "application/json"}});
  ASSERT_EQ(started.status, 200) << started.body;
  std::string instance = json::parse(started.body)["id"];
  auto tasks = json::parse(http_request(port, "GET", "/engine-rest/task?processInstanceId=" + instance).body);
  ASSERT_EQ(tasks.size(), static_cast<size_t>(kBranches));

  std::atomic<int> next{0}, ok{0};
  std::vector<std::string> failures;
  std::mutex mu;
  std::vector<std::thread> threads;
  for (int w = 0; w < 16; ++w) {
    threads.emplace_back([&] {
      for (int i = next++; i < kBranches; i = next++) {
        std::string id = tasks[i]["id"];
        json vars = {{"variables", {{"v" + std::to_string(i), {{"value", i}, {"type", "Integer"}}}}}};
        auto r = http_request(port, "POST", "/engine-rest/task/" + id + "/complete", vars.dump(),
                              {{"Content-Type", "application/json"}});
        if (r.status == 204) {
          ++ok;
        } else {
          std::lock_guard lock(mu);
          failures.push_back(std::to_string(r.status) + " " + r.body);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kBranches) << (failures.empty() ? "" : failures[0]);

  auto open = json::parse(http_request(port, "GET", "/engine-rest/task?processInstanceId=" + instance).body);
  ASSERT_EQ(open.size(), 1u) << open.dump();
  EXPECT_EQ(open[0]["taskDefinitionKey"], "after");
  auto vars = json::parse(http_request(port, "GET", "/engine-rest/process-instance/" + instance + "/variables").body);
  EXPECT_EQ(vars.size(), static_cast<size_t>(kBranches));
  for (int i = 0; i < kBranches; i += 37) {
    EXPECT_EQ(vars["v" + std::to_string(i)]["value"], i);
  }
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(20s), 0);
}

// Many requests correlate the same message to the same waiting instance at once: the
// instance lock serializes them and each re-checks the subscription after locking, so
// exactly one succeeds (204) and the others get Camunda's 400; the catch event fires once.
TEST(Concurrency, ConcurrentCorrelationsOfOneMessageTriggerItOnce) {
  constexpr int kInstances = 10, kRacers = 8;
  int port = free_port();
  std::string log = "/tmp/dpc-concurrency-msg-" + std::to_string(getpid()) + ".log";
  unlink(log.c_str());
  ServerProcess server({"serve", "--no-access-log", "--workers", "16"},
                       {{"DPC_DATABASE_URL", create_test_database("concmsg")},
                        {"DPC_PORT", std::to_string(port)}, {"DPC_SAMPLES_DIR", "/nonexistent"}},
                       "", log);
  ASSERT_TRUE(server.wait_for_health(port, 30s)) << server.log();
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
<bpmn:message id="m" name="Race"/>
<bpmn:process id="race" isExecutable="true" camunda:historyTimeToLive="30">
<bpmn:startEvent id="s"/>
<bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
<bpmn:userTask id="after"/><bpmn:endEvent id="e"/>
<bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="wait"/>
<bpmn:sequenceFlow id="f1" sourceRef="wait" targetRef="after"/>
<bpmn:sequenceFlow id="f2" sourceRef="after" targetRef="e"/>
</bpmn:process></bpmn:definitions>)";
  auto dep = deploy_resource(port, "race", "race.bpmn", xml);
  ASSERT_EQ(dep.status, 200) << dep.body;
  for (int i = 0; i < kInstances; ++i) {
    json body = {{"businessKey", "k" + std::to_string(i)}};
    auto r = http_request(port, "POST", "/engine-rest/process-definition/key/race/start", body.dump(),
                          {{"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  std::atomic<int> ok{0}, mismatched{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kInstances; ++i) {
    for (int k = 0; k < kRacers; ++k) {
      threads.emplace_back([&, i] {
        json body = {{"messageName", "Race"}, {"businessKey", "k" + std::to_string(i)}};
        auto r = http_request(port, "POST", "/engine-rest/message", body.dump(),
                              {{"Content-Type", "application/json"}});
        if (r.status == 204) ++ok;
        else if (r.status == 400 && r.body.find("MismatchingMessageCorrelationException") != std::string::npos) ++mismatched;
        else ++other;
      });
    }
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kInstances);
  EXPECT_EQ(mismatched.load(), kInstances * (kRacers - 1));
  EXPECT_EQ(other.load(), 0);
  auto tasks = json::parse(http_request(port, "GET", "/engine-rest/task?taskDefinitionKey=after").body);
  EXPECT_EQ(tasks.size(), static_cast<size_t>(kInstances)) << tasks.dump();
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(20s), 0);
}

}  // namespace
