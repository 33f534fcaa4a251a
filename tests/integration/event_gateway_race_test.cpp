// Two server nodes on one database correlate two different messages to the same instances,
// which wait at an event-based gateway, at the same moment: for each instance exactly one
// message wins (204) and the other finds no subscription (400), and history shows exactly one
// of the two catch events. The instance row lock serialises the two commands, and the loser
// checks the subscriptions again from the locked state (message_correlation.cpp).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <thread>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr int kInstances = 20;

const char* kModel = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:message id="ma" name="RaceA"/>
  <bpmn:message id="mb" name="RaceB"/>
  <bpmn:process id="race" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="s"/>
    <bpmn:eventBasedGateway id="gw"/>
    <bpmn:intermediateCatchEvent id="wait_a"><bpmn:messageEventDefinition messageRef="ma"/></bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="wait_b"><bpmn:messageEventDefinition messageRef="mb"/></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="ea"/>
    <bpmn:endEvent id="eb"/>
    <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="gw"/>
    <bpmn:sequenceFlow id="f1" sourceRef="gw" targetRef="wait_a"/>
    <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="wait_b"/>
    <bpmn:sequenceFlow id="f3" sourceRef="wait_a" targetRef="ea"/>
    <bpmn:sequenceFlow id="f4" sourceRef="wait_b" targetRef="eb"/>
  </bpmn:process>
</bpmn:definitions>)";

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

TEST(EventGatewayRace, TwoNodesCorrelatingAtOnceOnlyOneWins) {
  std::string db = create_test_database("gwrace");
  int ports[2] = {free_port(), 0};
  ServerProcess one({"serve", "--no-access-log"},
                    {{"DPC_DATABASE_URL", db}, {"DPC_PORT", std::to_string(ports[0])}, {"DPC_SAMPLES_DIR", "/nonexistent"}},
                    "", "/tmp/dpc-gwrace-1-" + std::to_string(getpid()) + ".log");
  ASSERT_TRUE(one.wait_for_health(ports[0], 30s)) << one.log();
  ports[1] = free_port();
  ServerProcess two({"serve", "--no-access-log"},
                    {{"DPC_DATABASE_URL", db}, {"DPC_PORT", std::to_string(ports[1])}, {"DPC_SAMPLES_DIR", "/nonexistent"}},
                    "", "/tmp/dpc-gwrace-2-" + std::to_string(getpid()) + ".log");
  ASSERT_TRUE(two.wait_for_health(ports[1], 30s)) << two.log();

  auto dep = deploy_resource(ports[0], "race", "race.bpmn", kModel);
  ASSERT_EQ(dep.status, 200) << dep.body;
  std::vector<std::string> instances;
  for (int i = 0; i < kInstances; ++i) {
    auto r = http_request(ports[0], "POST", "/engine-rest/process-definition/key/race/start", "{}", kJson);
    ASSERT_EQ(r.status, 200) << r.body;
    instances.push_back(json::parse(r.body)["id"]);
  }

  std::vector<int> status[2] = {std::vector<int>(kInstances), std::vector<int>(kInstances)};
  std::vector<std::thread> threads;
  for (int node = 0; node < 2; ++node) {
    threads.emplace_back([&, node] {
      for (int i = 0; i < kInstances; ++i) {
        json body = {{"messageName", node == 0 ? "RaceA" : "RaceB"}, {"processInstanceId", instances[i]}};
        status[node][i] = http_request(ports[node], "POST", "/engine-rest/message", body.dump(), kJson).status;
      }
    });
  }
  for (auto& t : threads) t.join();

  for (int i = 0; i < kInstances; ++i) {
    std::vector<int> got = {status[0][i], status[1][i]};
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<int>{204, 400})) << "instance " << instances[i];
    auto acts = json::parse(http_request(ports[0], "GET",
                                         "/engine-rest/history/activity-instance?processInstanceId=" + instances[i]).body);
    int catches = 0;
    for (const auto& a : acts) {
      if (a["activityId"] == "wait_a" || a["activityId"] == "wait_b") ++catches;
    }
    EXPECT_EQ(catches, 1) << acts.dump();
    auto hi = json::parse(http_request(ports[0], "GET", "/engine-rest/history/process-instance/" + instances[i]).body);
    EXPECT_EQ(hi["state"], "COMPLETED") << hi.dump();
  }
  one.signal(SIGTERM);
  two.signal(SIGTERM);
  one.wait_exit(20s);
  two.wait_exit(20s);
}

}  // namespace
