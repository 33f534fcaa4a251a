// Two `dpc serve` nodes on one PostgreSQL database write one process's events at the same
// time (issue 18): instances started through both nodes at once by four clients, their user
// tasks completed and some instances cancelled through the other node, while both nodes fold
// the aggregates. The incremental aggregates (migration 0025's trigger, in each command's own
// transaction) then equal a recount from the raw engine_event log, and the funnel is the same
// through either node and equals what was generated.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "analytics_recount.h"
#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr int kInstances = 600;

// start -> work (expression) -> gw: n % 3 == 0 -> check (user task) -> endChecked;
// otherwise -> endDirect.
const char* kProcess = R"(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="t">
  <process id="two-nodes" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <serviceTask id="work" camunda:expression="${n * 2}" camunda:resultVariable="m"/>
    <sequenceFlow id="f2" sourceRef="work" targetRef="gw"/>
    <exclusiveGateway id="gw" default="fDirect"/>
    <sequenceFlow id="fCheck" sourceRef="gw" targetRef="check">
      <conditionExpression>${n % 3 == 0}</conditionExpression>
    </sequenceFlow>
    <sequenceFlow id="fDirect" sourceRef="gw" targetRef="endDirect"/>
    <userTask id="check"/>
    <sequenceFlow id="f3" sourceRef="check" targetRef="endChecked"/>
    <endEvent id="endChecked"/>
    <endEvent id="endDirect"/>
  </process>
</definitions>)";

json post(HttpConnection& conn, const std::string& path, const json& body, int expect) {
  auto r = conn.request("POST", path, body.dump(), {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, expect) << path << " -> " << r.body;
  return r.body.empty() ? json() : json::parse(r.body, nullptr, false);
}

TEST(AnalyticsMultiNode, TwoNodesWritingAtOnceKeepAggregatesEqualToARecount) {
  const std::string url = create_test_database("analytics_multinode");
  std::vector<int> ports;
  std::vector<std::unique_ptr<ServerProcess>> nodes;
  for (int i = 0; i < 2; ++i) {
    ports.push_back(free_port());
    std::string log = "/tmp/dpc-analytics-multinode-" + std::to_string(getpid()) + "-" + std::to_string(i) + ".log";
    nodes.push_back(std::make_unique<ServerProcess>(
        std::vector<std::string>{"serve", "--no-access-log"},
        std::map<std::string, std::string>{{"DPC_DATABASE_URL", url},
                                           {"DPC_PORT", std::to_string(ports[i])},
                                           {"DPC_SAMPLES_DIR", "/nonexistent"}},
        "", log));
  }
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(nodes[i]->wait_for_health(ports[i], 60s)) << nodes[i]->log();
  ASSERT_EQ(deploy_resource(ports[0], "two-nodes", "two-nodes.bpmn", kProcess).status, 200);

  // Both nodes fold the aggregates over and over meanwhile (one at a time by their lock).
  std::atomic<bool> writing{true};
  std::atomic<long long> folded{0};
  std::vector<std::thread> folders;
  for (int i = 0; i < 2; ++i) {
    folders.emplace_back([&] {
      pqxx::connection db(url);
      while (writing) {
        pqxx::work tx(db);
        folded += tx.exec("SELECT analytics_fold()")[0][0].as<long long>();
        tx.commit();
        std::this_thread::sleep_for(20ms);
      }
    });
  }

  // Start through both nodes at once; every n % 3 == 0 waits at check.
  std::atomic<int> next{0}, failures{0};
  std::vector<std::string> ids(kInstances);
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      HttpConnection conn(ports[c % 2]);
      for (int i = next++; i < kInstances; i = next++) {
        json r = post(conn, "/engine-rest/process-definition/key/two-nodes/start",
                      {{"variables", {{"n", {{"value", i}, {"type", "Integer"}}}}}}, 200);
        if (!r.is_object() || !r.contains("id")) ++failures;
        else ids[static_cast<std::size_t>(i)] = r["id"].get<std::string>();
      }
    });
  }
  for (auto& t : clients) t.join();
  ASSERT_EQ(failures.load(), 0);

  // The waiting ones: i % 6 == 0 completed, i % 6 == 3 cancelled, through the node that
  // did not start them, by two clients at once.
  clients.clear();
  for (int c = 0; c < 2; ++c) {
    clients.emplace_back([&, c] {
      HttpConnection conn(ports[c]);
      for (int i = 3 * c; i < kInstances; i += 6) {
        auto tasks = conn.request("GET", "/engine-rest/task?processInstanceId=" + ids[static_cast<std::size_t>(i)]);
        json t = json::parse(tasks.body, nullptr, false);
        if (c == 0) {
          if (!t.is_array() || t.size() != 1) { ++failures; continue; }
          post(conn, "/engine-rest/task/" + t[0]["id"].get<std::string>() + "/complete", json::object(), 204);
        } else {
          auto r = conn.request("DELETE", "/engine-rest/process-instance/" + ids[static_cast<std::size_t>(i)]);
          if (r.status != 204) ++failures;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  writing = false;
  for (auto& t : folders) t.join();
  ASSERT_EQ(failures.load(), 0);
  EXPECT_GT(folded.load(), 0);

  pqxx::connection db(url);
  auto daily = analytics_daily_aggregates(db, "two-nodes");
  ASSERT_GE(daily.size(), 10u);
  EXPECT_EQ(daily, analytics_daily_recount(db, "two-nodes"));
  EXPECT_EQ(analytics_histogram_aggregates(db, "two-nodes"), analytics_histogram_recount(db, "two-nodes"));
  EXPECT_EQ(analytics_step_rows(db, "two-nodes"), analytics_step_recount(db, "two-nodes"));

  // The funnel through either node: all started and worked; a third reached check; half
  // of those (completed) the end.
  json expected;
  for (int i = 0; i < 2; ++i) {
    HttpConnection conn(ports[i]);
    json f = post(conn, "/api/analytics/funnel",
                  {{"processDefinitionKey", "two-nodes"}, {"steps", {"work", "check", "endChecked"}}}, 200);
    EXPECT_EQ(f["started"], kInstances);
    EXPECT_EQ(f["steps"][0]["reached"], kInstances);
    EXPECT_EQ(f["steps"][1]["reached"], kInstances / 3);
    EXPECT_EQ(f["steps"][2]["reached"], kInstances / 6);
    if (i == 0) expected = f;
    else EXPECT_EQ(f, expected);
  }
  for (auto& n : nodes) {
    n->signal(SIGTERM);
    n->wait_exit(20s);
  }
}

}  // namespace
