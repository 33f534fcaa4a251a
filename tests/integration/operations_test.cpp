// Operations over real HTTP against two real `dpc serve` nodes on one database (issue 15):
// /health/live and /health/ready (also on a node whose database is unreachable), /metrics
// (who may read it, values moving as instances, jobs, external tasks and incidents happen),
// Camunda's /metrics/{name}/sum, and /api/system with the heartbeat rows of both nodes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::map<std::string, std::string> kAnonymous = {{"Authorization", ""}};
const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

// s -> work (external task) -> later (async before: a job) -> e
const char* kModel = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="ops_p" isExecutable="true">
    <bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="ops-topic"/>
    <bpmn:endEvent id="e" camunda:asyncBefore="true"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="work"/>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>)";

class Operations : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_a_ = free_port();
    server_a_ = start_test_server("ops", port_a_, &url_);
    // Node B: same database, /metrics open to anonymous scrapers.
    port_b_ = free_port();
    server_b_ = new ServerProcess({"serve", "--no-access-log", "--metrics-public"},
                                  {{"DPC_DATABASE_URL", url_},
                                   {"DPC_PORT", std::to_string(port_b_)},
                                   {"DPC_SAMPLES_DIR", "/nonexistent"}},
                                  "", "/tmp/dpc-ops-b-" + std::to_string(getpid()) + ".log");
    ASSERT_TRUE(server_b_->wait_for_health(port_b_, 30s)) << server_b_->log();
    ASSERT_EQ(deploy_resource(port_a_, "ops", "ops.bpmn", kModel).status, 200);
    json user = {{"profile", {{"id", "clerk"}, {"firstName", "C"}, {"lastName", "L"}, {"email", "c@x.example"}}},
                 {"credentials", {{"password", "steady harbour 4711"}}}};
    ASSERT_EQ(http_request(port_a_, "POST", "/engine-rest/user/create", user.dump(), kJson).status, 204);
  }
  static void TearDownTestSuite() {
    if (server_b_) {
      server_b_->signal(SIGTERM);
      EXPECT_EQ(server_b_->wait_exit(20s), 0) << server_b_->log();
      delete server_b_;
      server_b_ = nullptr;
    }
    stop_test_server(server_a_);
  }

  // The value of one sample (`series` = name or name{labels} exactly as written), or -1.
  static double sample(const std::string& text, const std::string& series) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
    }
    return -1;
  }
  static std::string metrics(int port) {
    auto r = http_request(port, "GET", "/metrics");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.body;
  }
  // A counter summed over both nodes (the job executors of both run the jobs).
  static double both(const std::string& series) {
    return std::max(0.0, sample(metrics(port_a_), series)) + std::max(0.0, sample(metrics(port_b_), series));
  }
  // Waits until `series` summed over both nodes reaches `at_least`; returns the last value.
  static double wait_for(const std::string& series, double at_least) {
    double v = -1;
    for (int i = 0; i < 100; ++i) {
      v = both(series);
      if (v >= at_least) break;
      std::this_thread::sleep_for(100ms);
    }
    return v;
  }

  static inline int port_a_ = 0, port_b_ = 0;
  static inline ServerProcess* server_a_ = nullptr;
  static inline ServerProcess* server_b_ = nullptr;
  static inline std::string url_;
};

TEST_F(Operations, HealthLiveAndReady) {
  for (int port : {port_a_, port_b_}) {
    auto live = http_request(port, "GET", "/health/live", "", kAnonymous);
    EXPECT_EQ(live.status, 200) << live.body;
    EXPECT_EQ(json::parse(live.body)["status"], "UP");
    auto ready = http_request(port, "GET", "/health/ready", "", kAnonymous);
    ASSERT_EQ(ready.status, 200) << ready.body;
    json r = json::parse(ready.body);
    EXPECT_EQ(r["status"], "UP");
    EXPECT_EQ(r["database"]["status"], "UP");
    EXPECT_EQ(r["migrations"]["applied"], r["migrations"]["expected"]);
    EXPECT_GE(r["migrations"]["applied"].get<int>(), 17);
    // /health is what it was.
    auto health = http_request(port, "GET", "/health", "", kAnonymous);
    EXPECT_EQ(health.status, 200);
    EXPECT_TRUE(json::parse(health.body).contains("version"));
  }
}

TEST_F(Operations, ReadyIsFalseWhileTheDatabaseIsUnreachable) {
  int port = free_port();
  int dead_port = free_port();  // nothing listens there
  ServerProcess node({"serve", "--no-access-log"},
                     {{"DPC_DATABASE_URL", "host=127.0.0.1 port=" + std::to_string(dead_port) + " user=dpc dbname=none connect_timeout=1"},
                      {"DPC_PORT", std::to_string(port)},
                      {"DPC_SAMPLES_DIR", "/nonexistent"}},
                     "", "/tmp/dpc-ops-dead-" + std::to_string(getpid()) + ".log");
  ASSERT_TRUE(node.wait_for_health(port, 30s, 503)) << node.log();
  auto live = http_request(port, "GET", "/health/live", "", kAnonymous);
  EXPECT_EQ(live.status, 200) << live.body;
  auto ready = http_request(port, "GET", "/health/ready", "", kAnonymous);
  EXPECT_EQ(ready.status, 503) << ready.body;
  json r = json::parse(ready.body);
  EXPECT_EQ(r["status"], "DOWN");
  EXPECT_EQ(r["database"]["status"], "DOWN");
  node.signal(SIGTERM);
  node.wait_exit(20s);
}

TEST_F(Operations, WhoMayReadMetrics) {
  // Node A: administrators only (SYSTEM READ).
  EXPECT_EQ(http_request(port_a_, "GET", "/metrics", "", kAnonymous).status, 401);
  const std::map<std::string, std::string> clerk = {{"Authorization", basic_auth("clerk", "steady harbour 4711")}};
  auto refused = http_request(port_a_, "GET", "/metrics", "", clerk);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(http_request(port_a_, "GET", "/api/system", "", clerk).status, 403);
  EXPECT_EQ(http_request(port_a_, "GET", "/engine-rest/metrics/job-successful/sum", "", clerk).status, 403);
  auto admin = http_request(port_a_, "GET", "/metrics");
  ASSERT_EQ(admin.status, 200);
  EXPECT_NE(admin.body.find("# TYPE dpc_http_requests_total counter"), std::string::npos);
  EXPECT_EQ(sample(admin.body, "dpc_db_pool_connections{state=\"max\"}"), 16);
  // Node B (--metrics-public): anyone.
  auto open = http_request(port_b_, "GET", "/metrics", "", kAnonymous);
  EXPECT_EQ(open.status, 200) << open.body;
  EXPECT_NE(open.body.find("dpc_process_instances_started_total"), std::string::npos);
  // A grant of SYSTEM READ opens it to the clerk.
  json grant = {{"type", 1}, {"permissions", {"READ"}}, {"userId", "clerk"}, {"resourceType", 21}, {"resourceId", "*"}};
  auto created = http_request(port_a_, "POST", "/engine-rest/authorization/create", grant.dump(), kJson);
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(http_request(port_a_, "GET", "/metrics", "", clerk).status, 200);
  http_request(port_a_, "DELETE", "/engine-rest/authorization/" + json::parse(created.body)["id"].get<std::string>());
}

TEST_F(Operations, MetricsMoveAsWorkIsDone) {
  const std::string start_route =
      "dpc_http_requests_total{method=\"POST\",route=\"/engine-rest/process-definition/key/{key}/start\",status=\"200\"}";
  const std::string start_latency =
      "dpc_http_request_duration_seconds_count{method=\"POST\",route=\"/engine-rest/process-definition/key/{key}/start\"}";
  std::string before = metrics(port_a_);
  auto value = [&](const std::string& text, const std::string& s) { return std::max(0.0, sample(text, s)); };
  auto sum = [&](const std::string& name) {
    auto r = http_request(port_a_, "GET", "/engine-rest/metrics/" + name + "/sum");
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body)["result"].get<double>();
  };
  double activity_sum_before = sum("activity-instance-start");
  double ended_before = both("dpc_process_instances_ended_total");
  double acquired_before = both("dpc_jobs_acquired_total");
  double executed_before = both("dpc_jobs_executed_total");

  constexpr int kStarts = 5;
  for (int i = 0; i < kStarts; ++i) {
    auto r = http_request(port_a_, "POST", "/engine-rest/process-definition/key/ops_p/start", "{}", kJson);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  std::string after = metrics(port_a_);
  EXPECT_EQ(value(after, "dpc_process_instances_started_total") - value(before, "dpc_process_instances_started_total"), kStarts);
  EXPECT_EQ(value(after, "dpc_root_process_instances_started_total") - value(before, "dpc_root_process_instances_started_total"), kStarts);
  EXPECT_EQ(value(after, start_route) - value(before, start_route), kStarts);
  EXPECT_EQ(value(after, start_latency) - value(before, start_latency), kStarts);
  // start event and external task, per instance
  EXPECT_EQ(value(after, "dpc_activity_instances_started_total") - value(before, "dpc_activity_instances_started_total"), 2 * kStarts);
  EXPECT_GE(value(after, "dpc_group_commit_batch_size_count"), 1);
  EXPECT_EQ(sum("activity-instance-start") - activity_sum_before, 2 * kStarts);

  // External tasks: lock all five, fail one with no retries left (an incident), complete four.
  json fetch = {{"workerId", "w"}, {"maxTasks", kStarts}, {"topics", {{{"topicName", "ops-topic"}, {"lockDuration", 60000}}}}};
  auto locked = http_request(port_a_, "POST", "/engine-rest/external-task/fetchAndLock", fetch.dump(), kJson);
  ASSERT_EQ(locked.status, 200) << locked.body;
  json tasks = json::parse(locked.body);
  ASSERT_EQ(tasks.size(), static_cast<size_t>(kStarts));
  double incidents_before = value(metrics(port_a_), "dpc_incidents_open");
  auto failed = http_request(port_a_, "POST", "/engine-rest/external-task/" + tasks[0]["id"].get<std::string>() + "/failure",
                             json{{"workerId", "w"}, {"errorMessage", "boom"}, {"retries", 0}, {"retryTimeout", 0}}.dump(), kJson);
  ASSERT_EQ(failed.status, 204) << failed.body;
  for (size_t i = 1; i < tasks.size(); ++i) {
    auto done = http_request(port_a_, "POST", "/engine-rest/external-task/" + tasks[i]["id"].get<std::string>() + "/complete",
                             json{{"workerId", "w"}}.dump(), kJson);
    ASSERT_EQ(done.status, 204) << done.body;
  }
  std::string worked = metrics(port_a_);
  EXPECT_EQ(value(worked, "dpc_external_tasks_locked_total") - value(before, "dpc_external_tasks_locked_total"), kStarts);
  EXPECT_EQ(value(worked, "dpc_external_tasks_completed_total") - value(before, "dpc_external_tasks_completed_total"), kStarts - 1);
  EXPECT_EQ(value(worked, "dpc_incidents_open") - incidents_before, 1);

  // The four completed instances wait before the end event (async): the job executors of
  // the two nodes run four jobs between them and the instances end.
  double ended = wait_for("dpc_process_instances_ended_total", ended_before + kStarts - 1);
  EXPECT_EQ(ended - ended_before, kStarts - 1);
  EXPECT_GE(both("dpc_jobs_acquired_total") - acquired_before, kStarts - 1);
  EXPECT_EQ(both("dpc_jobs_executed_total") - executed_before, kStarts - 1);
  // Camunda's sum covers every node (the others as of their last beat, every 5 s).
  double successful = 0;
  for (int i = 0; i < 80 && successful < executed_before + kStarts - 1; ++i) {
    successful = sum("job-successful");
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(successful, executed_before + kStarts - 1);

  // An unknown metric name is a 400 that names the known ones.
  auto unknown = http_request(port_a_, "GET", "/engine-rest/metrics/no-such-metric/sum");
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_NE(unknown.body.find("job-successful"), std::string::npos);
}

TEST_F(Operations, SystemShowsBothNodesWithTheirHeartbeats) {
  json a, b;
  for (int i = 0; i < 50; ++i) {
    auto r = http_request(port_a_, "GET", "/api/system");
    ASSERT_EQ(r.status, 200) << r.body;
    a = json::parse(r.body);
    if (a["nodes"].size() >= 2) break;
    std::this_thread::sleep_for(200ms);
  }
  auto rb = http_request(port_b_, "GET", "/api/system");
  ASSERT_EQ(rb.status, 200) << rb.body;
  b = json::parse(rb.body);
  ASSERT_EQ(a["nodes"].size(), 2u) << a.dump();
  EXPECT_NE(a["nodeId"], b["nodeId"]);
  int selves = 0;
  for (const auto& n : a["nodes"]) {
    EXPECT_TRUE(n["alive"].get<bool>()) << n.dump();
    EXPECT_EQ(n["jobThreads"], 4);
    EXPECT_GE(n["jobThreadsBusy"].get<int>(), 0);
    EXPECT_FALSE(n["lastSeen"].get<std::string>().empty());
    EXPECT_TRUE(n["nodeId"] == a["nodeId"] || n["nodeId"] == b["nodeId"]) << n.dump();
    selves += n["self"].get<bool>() ? 1 : 0;
  }
  EXPECT_EQ(selves, 1);
  EXPECT_EQ(a["pool"]["size"], 16);
  EXPECT_GE(a["pool"]["open"].get<int>(), a["pool"]["inUse"].get<int>());
  EXPECT_EQ(a["migrations"]["applied"].size(), a["migrations"]["expected"].get<size_t>());
  bool heartbeat_migration = false;
  for (const auto& m : a["migrations"]["applied"]) heartbeat_migration |= m["name"] == "0019_node_heartbeat.sql";
  EXPECT_TRUE(heartbeat_migration);
  // lastSeen moves with the next beat (every 5 s).
  std::string seen = a["nodes"][0]["lastSeen"];
  std::string node = a["nodes"][0]["nodeId"];
  bool moved = false;
  for (int i = 0; i < 80 && !moved; ++i) {
    std::this_thread::sleep_for(100ms);
    json now = json::parse(http_request(port_a_, "GET", "/api/system").body);
    for (const auto& n : now["nodes"]) moved |= n["nodeId"] == node && n["lastSeen"] != seen;
  }
  EXPECT_TRUE(moved);
}

TEST_F(Operations, ACleanlyStoppedNodeLeavesTheList) {
  int port = free_port();
  auto* node = new ServerProcess({"serve", "--no-access-log"},
                                 {{"DPC_DATABASE_URL", url_}, {"DPC_PORT", std::to_string(port)},
                                  {"DPC_SAMPLES_DIR", "/nonexistent"}},
                                 "", "/tmp/dpc-ops-c-" + std::to_string(getpid()) + ".log");
  ASSERT_TRUE(node->wait_for_health(port, 30s)) << node->log();
  auto c = http_request(port, "GET", "/api/system");
  ASSERT_EQ(c.status, 200) << c.body;
  std::string id = json::parse(c.body)["nodeId"];
  auto listed = [&] {
    json system = json::parse(http_request(port_a_, "GET", "/api/system").body);
    for (const auto& n : system["nodes"]) {
      if (n["nodeId"] == id) return true;
    }
    return false;
  };
  bool was_listed = false;
  for (int i = 0; i < 50 && !(was_listed = listed()); ++i) std::this_thread::sleep_for(100ms);  // its first beat
  EXPECT_TRUE(was_listed);
  node->signal(SIGTERM);
  EXPECT_EQ(node->wait_exit(20s), 0) << node->log();
  delete node;
  EXPECT_FALSE(listed());
}

}  // namespace
