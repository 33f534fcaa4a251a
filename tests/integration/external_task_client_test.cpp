// Camunda's own JavaScript external task client (npm camunda-external-task-client-js)
// works against dpc unchanged: it long-polls fetchAndLock, reads variables, completes tasks.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const char* kModel = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="js_scoring" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="score" camunda:type="external" camunda:topic="js-credit-score"/>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="score"/>
    <bpmn:sequenceFlow id="f2" sourceRef="score" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>)";

TEST(ExternalTaskClientJs, CompletesTasksAndTheProcessesEnd) {
  std::string client_dir = DPC_SOURCE_DIR "/tests/e2e/external-task-client";
  ASSERT_EQ(access((client_dir + "/node_modules/camunda-external-task-client-js").c_str(), F_OK), 0)
      << "run scripts/install-deps.sh first (npm ci in " << client_dir << ")";
  int port = free_port();
  std::string log = "/tmp/dpc-jsclient-" + std::to_string(getpid()) + ".log";
  unlink(log.c_str());
  ServerProcess server({"serve", "--no-access-log"},
                       {{"DPC_DATABASE_URL", create_test_database("jsclient")},
                        {"DPC_PORT", std::to_string(port)}, {"DPC_SAMPLES_DIR", "/nonexistent"}},
                       "", log);
  ASSERT_TRUE(server.wait_for_health(port, 30s)) << server.log();
  std::string boundary = "dpcJsClientBoundary";
  std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\njs\r\n--" +
                     boundary + "\r\nContent-Disposition: form-data; name=\"m\"; filename=\"js.bpmn\"\r\n\r\n" +
                     kModel + "\r\n--" + boundary + "--\r\n";
  ASSERT_EQ(http_request(port, "POST", "/engine-rest/deployment/create", body,
                         {{"Content-Type", "multipart/form-data; boundary=" + boundary}}).status, 200);
  std::vector<std::string> ids;
  for (int amount : {1000, 2500, 40000}) {
    json start = {{"variables", {{"amount", {{"value", amount}, {"type", "Integer"}}}}}};
    auto r = http_request(port, "POST", "/engine-rest/process-definition/key/js_scoring/start",
                          start.dump(), {{"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 200) << r.body;
    ids.push_back(json::parse(r.body)["id"]);
  }

  std::string worker_log = "/tmp/dpc-jsworker-" + std::to_string(getpid()) + ".log";
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(worker_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    std::string url = "http://127.0.0.1:" + std::to_string(port) + "/engine-rest";
    execlp("node", "node", (client_dir + "/worker.mjs").c_str(), url.c_str(), "js-credit-score", "3",
           kTestAdminUser, kTestAdminPassword, static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  std::string out;
  {
    std::ifstream in(worker_log);
    std::stringstream ss;
    ss << in.rdbuf();
    out = ss.str();
  }
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out;

  std::map<std::string, int> expected_score = {{ids[0], 100}, {ids[1], 250}, {ids[2], 4000}};
  for (const auto& id : ids) {
    auto hi = json::parse(http_request(port, "GET", "/engine-rest/history/process-instance/" + id).body);
    EXPECT_EQ(hi["state"], "COMPLETED") << hi.dump();
    auto vars = json::parse(http_request(port, "GET",
                                         "/engine-rest/history/variable-instance?processInstanceId=" + id).body);
    std::map<std::string, json> by_name;
    for (const auto& v : vars) by_name[v["name"]] = v["value"];
    EXPECT_EQ(by_name["score"], expected_score[id]) << vars.dump();
    EXPECT_EQ(by_name["checkedBy"], "js-worker");
  }
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(20s), 0);
}

}  // namespace
