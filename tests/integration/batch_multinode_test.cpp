// A migration batch on two `dpc serve` nodes sharing one database, one node killed with
// SIGKILL while it holds locked batch jobs (frozen with SIGSTOP first, so it is caught
// holding them). The other node takes the dead node's items over once their locks expire
// (--job-lock-millis of a few seconds) and the batch ends once.
//
// What proves "every item done once": a migration run twice would fail the second time (the
// instance is no longer of the source definition), leaving a job with an exception or an
// incident; there is none, every instance is on the target definition, no batch job is left
// and the batch has ended exactly once.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
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

constexpr int kNodes = 2;
constexpr int kInstances = 2000;
constexpr int kLockMillis = 3000;

std::string process_xml(const std::string& extra) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/tests">
  <bpmn:process id="batch_nodes" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start"/>
    <bpmn:userTask id="review" name="Review )" + extra + R"("/>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>)";
}

std::string host_name() {
  char host[256] = {0};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = 0;
  return host[0] ? host : "dpc";
}

long long query_count(pqxx::connection& c, const std::string& sql) {
  pqxx::nontransaction tx(c);
  return tx.exec(sql)[0][0].as<long long>();
}

json call(int port, const std::string& method, const std::string& path, const json& body = nullptr) {
  auto r = http_request(port, method, "/engine-rest" + path, body.is_null() ? "" : body.dump(),
                        {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 200) << method << " " << path << " -> " << r.body;
  auto j = json::parse(r.body, nullptr, false);
  return j.is_discarded() ? json() : j;
}

template <typename F>
bool wait_until(std::chrono::seconds limit, F done) {
  for (auto deadline = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < deadline;) {
    if (done()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return done();
}

TEST(BatchMultiNode, AKilledNodesItemsAreTakenOverAndTheBatchEndsOnce) {
  const std::string url = create_test_database("batchnodes");
  std::vector<int> ports;
  std::vector<std::unique_ptr<ServerProcess>> nodes;
  for (int i = 0; i < kNodes; ++i) {
    ports.push_back(free_port());
    std::string log = "/tmp/dpc-batchnodes-" + std::to_string(getpid()) + "-" + std::to_string(i) + ".log";
    unlink(log.c_str());
    nodes.push_back(std::make_unique<ServerProcess>(
        std::vector<std::string>{"serve", "--no-access-log"},
        std::map<std::string, std::string>{{"DPC_DATABASE_URL", url},
                                           {"DPC_PORT", std::to_string(ports[i])},
                                           {"DPC_SAMPLES_DIR", "/nonexistent"},
                                           {"DPC_JOB_LOCK_MILLIS", std::to_string(kLockMillis)}},
        "", log));
  }
  for (int i = 0; i < kNodes; ++i) ASSERT_TRUE(nodes[i]->wait_for_health(ports[i], 60s)) << nodes[i]->log();
  ASSERT_EQ(deploy_resource(ports[0], "v1", "nodes.bpmn", process_xml("1")).status, 200);
  const std::string v1 = call(ports[0], "GET", "/process-definition/key/batch_nodes")["id"];
  ASSERT_EQ(deploy_resource(ports[0], "v2", "nodes.bpmn", process_xml("2")).status, 200);
  const std::string v2 = call(ports[0], "GET", "/process-definition/key/batch_nodes")["id"];
  ASSERT_NE(v1, v2);

  std::atomic<int> next{0}, failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      HttpConnection conn(ports[c % kNodes]);
      for (int i = next++; i < kInstances; i = next++) {
        auto r = conn.request("POST", "/engine-rest/process-definition/" + v1 + "/start", "{}",
                              {{"Content-Type", "application/json"}});
        if (r.status != 200) ++failures;
      }
    });
  }
  for (auto& t : clients) t.join();
  ASSERT_EQ(failures.load(), 0);

  json plan = call(ports[0], "POST", "/migration/generate",
                   json{{"sourceProcessDefinitionId", v1}, {"targetProcessDefinitionId", v2}});
  auto t0 = std::chrono::steady_clock::now();
  json batch = call(ports[0], "POST", "/migration/executeAsync",
                    json{{"migrationPlan", plan}, {"processInstanceQuery", {{"processDefinitionId", v1}}}});
  ASSERT_EQ(batch["totalJobs"], kInstances);
  const std::string batch_id = batch["id"];

  // Catch node 2 holding batch jobs: freeze it, look at its locks, kill it.
  pqxx::connection db(url);
  const std::string owner = host_name() + ":" + std::to_string(nodes[1]->pid());
  std::vector<std::string> orphaned;
  for (int attempt = 0; attempt < 300 && orphaned.empty(); ++attempt) {
    nodes[1]->signal(SIGSTOP);
    std::this_thread::sleep_for(200ms);  // a COMMIT it sent just before still lands
    pqxx::nontransaction tx(db);
    for (const auto& r : tx.exec_params("SELECT id FROM job WHERE lock_owner = $1 AND batch_id = $2", owner, batch_id)) {
      orphaned.push_back(r[0].as<std::string>());
    }
    if (orphaned.empty()) {
      nodes[1]->signal(SIGCONT);
      std::this_thread::sleep_for(20ms);
    }
  }
  nodes[1]->signal(SIGKILL);
  ASSERT_EQ(nodes[1]->wait_exit(10s), 128 + SIGKILL);
  ASSERT_FALSE(orphaned.empty()) << "node 2 never held a batch job";

  ASSERT_TRUE(wait_until(180s, [&] {
    return !call(ports[0], "GET", "/history/batch/" + batch_id)["endTime"].is_null();
  })) << call(ports[0], "GET", "/batch/statistics").dump();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("migrated %d instances on %d nodes (one killed, %d ms locks) in %.1f s: %.0f instances/s\n",
              kInstances, kNodes, kLockMillis, seconds, kInstances / seconds);

  EXPECT_EQ(call(ports[0], "GET", "/process-instance/count?processDefinitionId=" + v2)["count"], kInstances);
  EXPECT_EQ(call(ports[0], "GET", "/process-instance/count?processDefinitionId=" + v1)["count"], 0);
  EXPECT_EQ(query_count(db, "SELECT count(*) FROM job WHERE batch_id IS NOT NULL"), 0);
  EXPECT_EQ(query_count(db, "SELECT count(*) FROM job WHERE exception_message IS NOT NULL"), 0);
  EXPECT_EQ(query_count(db, "SELECT count(*) FROM hi_incident"), 0);
  EXPECT_EQ(query_count(db, "SELECT count(*) FROM batch WHERE end_time IS NOT NULL"), 1);
  EXPECT_EQ(query_count(db, "SELECT count(*) FROM hi_task WHERE proc_def_id = '" + v2 + "'"), kInstances);
  EXPECT_EQ(call(ports[0], "GET", "/batch/count")["count"], 0);
  json stats_after = call(ports[0], "GET", "/history/batch/" + batch_id);
  EXPECT_EQ(stats_after["totalJobs"], kInstances);
}

}  // namespace
