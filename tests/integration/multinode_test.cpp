// Three `dpc serve` nodes on one PostgreSQL database share the jobs of 5,000 instances:
// async continuations (camunda:asyncBefore on expression service tasks) while the instances
// are being started, then 5,000 timers that all fall due at the same moment (one timeDate,
// reached by moving every node's test clock). Mid-run one node is killed with SIGKILL while
// it holds acquired jobs; the other two finish its work once its locks expire (the nodes run
// with --job-lock-millis of a few seconds instead of the default 5 minutes).
//
// What proves "every job ran exactly once": every instance completed, and the history has
// exactly one activity instance per activity and instance (a job that ran twice would have
// left two); no job, no incident and no failed job attempt is left.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>
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

constexpr int kNodes = 3;
constexpr int kInstances = 5000;
constexpr int kLockMillis = 4000;
constexpr std::int64_t kDayMillis = 24LL * 3600 * 1000;

// start → prepare (async) → wait (timer at `due`) → work (async) → end
std::string process_xml(const std::string& due) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/tests">
  <bpmn:process id="multinode" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start"/>
    <bpmn:serviceTask id="prepare" camunda:asyncBefore="true" camunda:expression="${n + 1}" camunda:resultVariable="m"/>
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDate>)" + due + R"(</bpmn:timeDate></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:serviceTask id="work" camunda:asyncBefore="true" camunda:expression="${m * 2}" camunda:resultVariable="r"/>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="prepare"/>
    <bpmn:sequenceFlow id="f2" sourceRef="prepare" targetRef="wait"/>
    <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="work"/>
    <bpmn:sequenceFlow id="f4" sourceRef="work" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>)";
}

std::int64_t wall_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
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

json get_json(int port, const std::string& path) {
  auto r = http_request(port, "GET", "/engine-rest" + path);
  EXPECT_EQ(r.status, 200) << path << " -> " << r.body;
  auto j = json::parse(r.body, nullptr, false);
  return j.is_discarded() ? json() : j;
}

// Polls until `done()` or the time is up; false when the time ran out.
template <typename F>
bool wait_until(std::chrono::seconds limit, F done) {
  for (auto deadline = std::chrono::steady_clock::now() + limit;
       std::chrono::steady_clock::now() < deadline;) {
    if (done()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return done();
}

TEST(MultiNode, ThreeNodesRunEveryJobOnceAndTakeOverAKilledNodesJobs) {
  const std::string url = create_test_database("multinode");
  std::vector<int> ports;
  std::vector<std::unique_ptr<ServerProcess>> nodes;
  for (int i = 0; i < kNodes; ++i) {
    ports.push_back(free_port());
    std::string log = "/tmp/dpc-multinode-" + std::to_string(getpid()) + "-" + std::to_string(i) + ".log";
    unlink(log.c_str());
    nodes.push_back(std::make_unique<ServerProcess>(
        std::vector<std::string>{"serve", "--no-access-log", "--test-clock"},
        std::map<std::string, std::string>{{"DPC_DATABASE_URL", url},
                                           {"DPC_PORT", std::to_string(ports[i])},
                                           {"DPC_SAMPLES_DIR", "/nonexistent"},
                                           {"DPC_JOB_LOCK_MILLIS", std::to_string(kLockMillis)}},
        "", log));
  }
  for (int i = 0; i < kNodes; ++i) ASSERT_TRUE(nodes[i]->wait_for_health(ports[i], 60s)) << nodes[i]->log();

  // Every timer is due at the same instant, a day from now; the clocks get there below.
  const std::int64_t due = (wall_millis() / 1000 + 24 * 3600) * 1000;
  ASSERT_EQ(deploy_resource(ports[0], "multinode", "multinode.bpmn", process_xml(iso_utc(due))).status, 200);

  // Start the instances through all nodes at once; the async jobs run meanwhile.
  auto t0 = std::chrono::steady_clock::now();
  std::atomic<int> next{0}, failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 2 * kNodes; ++c) {
    clients.emplace_back([&, c] {
      HttpConnection conn(ports[c % kNodes]);
      for (int i = next++; i < kInstances; i = next++) {
        auto r = conn.request("POST", "/engine-rest/process-definition/key/multinode/start",
                              json{{"variables", {{"n", {{"value", i}, {"type", "Integer"}}}}}}.dump(),
                              {{"Content-Type", "application/json"}});
        if (r.status != 200) ++failures;
      }
    });
  }
  for (auto& t : clients) t.join();
  ASSERT_EQ(failures.load(), 0);
  auto started = std::chrono::steady_clock::now();

  // Every instance waits at its timer once the prepare jobs ran.
  ASSERT_TRUE(wait_until(90s, [&] {
    return get_json(ports[0], "/job/count?processDefinitionKey=multinode&timers=true")["count"] == kInstances &&
           get_json(ports[0], "/job/count?processDefinitionKey=multinode&messages=true")["count"] == 0;
  })) << get_json(ports[0], "/job/count?processDefinitionKey=multinode").dump();
  auto prepared = std::chrono::steady_clock::now();

  // The timers fall due on every node at once.
  const std::int64_t offset = due + 60 * 1000 - wall_millis();
  ASSERT_LT(offset, kDayMillis + 10 * 60 * 1000);
  for (int i = 0; i < kNodes; ++i) {
    auto r = http_request(ports[i], "POST", "/api/test/clock",
                          json{{"offsetMillis", offset}, {"waitMillis", 0}}.dump(),
                          {{"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // Kill node 3 while it holds acquired jobs: freeze it, look at its locks, kill it.
  pqxx::connection db(url);
  const std::string owner = host_name() + ":" + std::to_string(nodes[2]->pid());
  ASSERT_TRUE(wait_until(60s, [&] {
    return get_json(ports[0], "/history/process-instance/count?processDefinitionKey=multinode&finished=true")
               ["count"].get<int>() >= kInstances / 10;
  }));
  std::vector<std::string> orphaned;
  std::int64_t first_expiry = INT64_MAX;  // engine clock (wall clock + offset)
  for (int attempt = 0; attempt < 200 && orphaned.empty(); ++attempt) {
    nodes[2]->signal(SIGSTOP);
    // A COMMIT it sent just before still lands (the server finishes it without the client).
    std::this_thread::sleep_for(300ms);
    pqxx::nontransaction tx(db);
    for (const auto& r : tx.exec_params("SELECT id, lock_expiration FROM job WHERE lock_owner = $1", owner)) {
      orphaned.push_back(r[0].as<std::string>());
      first_expiry = std::min(first_expiry, r[1].as<std::int64_t>());
    }
    if (orphaned.empty()) {
      nodes[2]->signal(SIGCONT);
      std::this_thread::sleep_for(20ms);
    }
  }
  nodes[2]->signal(SIGKILL);
  auto killed = std::chrono::steady_clock::now();
  ASSERT_EQ(nodes[2]->wait_exit(10s), 128 + SIGKILL);
  ASSERT_FALSE(orphaned.empty()) << "node 3 never held a job";
  const std::string orphan_list = [&] {
    std::string s;
    for (const auto& id : orphaned) s += (s.empty() ? "'" : ",'") + id + "'";
    return s;
  }();

  // Its jobs stay locked until the lock expires (looked at just before the first expiry),
  // then the others run them.
  const std::int64_t look_at = first_expiry - offset - 300;
  if (look_at > wall_millis()) std::this_thread::sleep_for(std::chrono::milliseconds(look_at - wall_millis()));
  const long long still_locked = query_count(db, "SELECT count(*) FROM job WHERE id IN (" + orphan_list + ")");
  if (wall_millis() < first_expiry - offset) {  // (the look must come before the expiry to mean anything)
    EXPECT_EQ(still_locked, static_cast<long long>(orphaned.size()))
        << "the killed node's jobs ran before its locks expired";
  }
  ASSERT_TRUE(wait_until(120s, [&] {
    return get_json(ports[0], "/history/process-instance/count?processDefinitionKey=multinode&finished=true")
               ["count"] == kInstances;
  })) << get_json(ports[0], "/job/count").dump();
  auto finished = std::chrono::steady_clock::now();
  EXPECT_EQ(query_count(db, "SELECT count(*) FROM job WHERE id IN (" + orphan_list + ")"), 0);

  // Exactly once: one activity instance per activity and instance, all completed.
  EXPECT_EQ(get_json(ports[0], "/history/process-instance/count?processDefinitionKey=multinode&completed=true")["count"],
            kInstances);
  for (const char* activity : {"start", "prepare", "wait", "work", "end"}) {
    EXPECT_EQ(query_count(db, std::string("SELECT count(*) FROM hi_act_inst WHERE activity_id = '") + activity +
                                  "' AND end_time IS NOT NULL AND NOT canceled"),
              kInstances) << activity;
  }
  EXPECT_EQ(query_count(db, "SELECT count(*) FROM (SELECT proc_inst_id, activity_id FROM hi_act_inst "
                            "GROUP BY 1, 2 HAVING count(*) <> 1) twice"), 0);
  EXPECT_EQ(get_json(ports[0], "/job/count")["count"], 0);
  EXPECT_EQ(get_json(ports[0], "/incident/count")["count"], 0);
  EXPECT_EQ(query_count(db, "SELECT count(*) FROM hi_incident"), 0);
  for (int i = 0; i < 2; ++i) {
    // JobExecutor logs "job <id> of instance <id> failed: ..." for every failed attempt.
    EXPECT_EQ(nodes[i]->log().find(" of instance "), std::string::npos) << nodes[i]->log();
  }
  auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::printf("starts %.1f s, prepare jobs done %.1f s later, kill %.1f s after the timers fell due, "
              "all done %.1f s after the kill (%zu jobs orphaned, lock %d ms)\n",
              secs(t0, started), secs(started, prepared), secs(prepared, killed), secs(killed, finished),
              orphaned.size(), kLockMillis);
  for (int i = 0; i < 2; ++i) {
    nodes[i]->signal(SIGTERM);
    EXPECT_EQ(nodes[i]->wait_exit(20s), 0);
  }
}

}  // namespace
