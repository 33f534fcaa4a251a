// Each node remembers the latest version of a process key (starting by key then costs no
// query). Two nodes on one database: what one node deploys, deletes or suspends, the other
// sees within moments (NOTIFY dpc_definition), never starting the stale version for long.
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

std::string model(const std::string& task_name) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="cache_probe" isExecutable="true">
    <bpmn:startEvent id="s"/><bpmn:userTask id="t" name=")" + task_name + R"("/><bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>)";
}

struct Node {
  int port = free_port();
  ServerProcess process;
  Node(const std::string& database, const std::string& name)
      : process({"serve", "--no-access-log"},
                {{"DPC_DATABASE_URL", database}, {"DPC_PORT", std::to_string(port)},
                 {"DPC_SAMPLES_DIR", "/nonexistent"}},
                "", "/tmp/dpc-" + name + "-" + std::to_string(getpid()) + ".log") {}
  HttpResponse start() {
    return http_request(port, "POST", "/engine-rest/process-definition/key/cache_probe/start",
                        R"({"variables":{}})", {{"Content-Type", "application/json"}});
  }
  // The version of the definition a start by key used (-1 when the start failed).
  int started_version() {
    auto r = start();
    if (r.status != 200) return -1;
    std::string id = json::parse(r.body)["definitionId"];
    auto d = http_request(port, "GET", "/engine-rest/process-definition/" + id);
    auto version = json::parse(d.body, nullptr, false)["version"];
    // -2: the definition was deleted right after the start (the moment before this node
    // heard of the deletion; see the README on definition caching).
    return version.is_number() ? version.get<int>() : -2;
  }
};

// Polls `f` until it returns `want` or 5 s pass; returns the last value.
template <typename F>
int eventually(F f, int want) {
  int last = f();
  for (auto end = std::chrono::steady_clock::now() + 5s; last != want && std::chrono::steady_clock::now() < end;) {
    std::this_thread::sleep_for(20ms);
    last = f();
  }
  return last;
}

TEST(DefinitionCacheTest, OtherNodesSeeNewVersionsSuspensionsAndDeletions) {
  std::string database = create_test_database("defcache");
  Node a(database, "defcache-a"), b(database, "defcache-b");
  ASSERT_TRUE(a.process.wait_for_health(a.port, 30s)) << a.process.log();
  ASSERT_TRUE(b.process.wait_for_health(b.port, 30s)) << b.process.log();

  ASSERT_EQ(deploy_resource(a.port, "v1", "probe.bpmn", model("one")).status, 200);
  EXPECT_EQ(b.started_version(), 1);  // b now remembers version 1
  EXPECT_EQ(b.started_version(), 1);

  auto v2 = deploy_resource(a.port, "v2", "probe.bpmn", model("two"));
  ASSERT_EQ(v2.status, 200) << v2.body;
  EXPECT_EQ(eventually([&] { return b.started_version(); }, 2), 2);

  // Suspended on a: b refuses to start it.
  auto s = http_request(a.port, "PUT", "/engine-rest/process-definition/key/cache_probe/suspended",
                        R"({"suspended":true})", {{"Content-Type", "application/json"}});
  ASSERT_EQ(s.status, 204) << s.body;
  EXPECT_EQ(eventually([&] { return b.start().status; }, 400), 400);
  s = http_request(a.port, "PUT", "/engine-rest/process-definition/key/cache_probe/suspended",
                   R"({"suspended":false})", {{"Content-Type", "application/json"}});
  ASSERT_EQ(s.status, 204) << s.body;
  EXPECT_EQ(eventually([&] { return b.started_version(); }, 2), 2);

  // Version 2's deployment deleted on a (with its instances): b falls back to version 1.
  std::string deployment = json::parse(v2.body)["id"];
  auto d = http_request(a.port, "DELETE", "/engine-rest/deployment/" + deployment + "?cascade=true");
  ASSERT_EQ(d.status, 204) << d.body;
  EXPECT_EQ(eventually([&] { return b.started_version(); }, 1), 1);

  for (Node* n : {&a, &b}) {
    n->process.signal(SIGTERM);
    EXPECT_EQ(n->process.wait_exit(20s), 0);
  }
}

}  // namespace
