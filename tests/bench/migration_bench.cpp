// Process instance migration throughput over the REST API (issue 15's figure): <instances>
// instances wait in a user task inside an embedded subprocess of version 1; one
// POST /migration/executeAsync (plan from /migration/generate) moves them all to version 2
// as a batch run by the job executors of every node given. Prints the time from the
// request until the historic batch has its end time, and instances per second.
//   migration_bench <instances> <port> [<port>...]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"

using dpc::test::HttpConnection;
using nlohmann::json;

namespace {

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

std::string process_xml(int version) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/bench">
  <bpmn:process id="migration_bench" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start"/>
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="subStart"/>
      <bpmn:userTask id="review" name="Review v)" + std::to_string(version) + R"("/>
      <bpmn:endEvent id="subEnd"/>
      <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="review"/>
      <bpmn:sequenceFlow id="s2" sourceRef="review" targetRef="subEnd"/>
    </bpmn:subProcess>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
    <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>)";
}

json call(HttpConnection& c, const std::string& method, const std::string& path, const json& body = nullptr) {
  auto r = c.request(method, "/engine-rest" + path, body.is_null() ? "" : body.dump(), kJson);
  if (r.status != 200) {
    std::fprintf(stderr, "%s %s -> %d %s\n", method.c_str(), path.c_str(), r.status, r.body.c_str());
    std::exit(1);
  }
  return json::parse(r.body);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: migration_bench <instances> <port> [<port>...]\n");
    return 2;
  }
  const int instances = std::atoi(argv[1]);
  std::vector<int> ports;
  for (int i = 2; i < argc; ++i) ports.push_back(std::atoi(argv[i]));
  HttpConnection c(ports[0]);
  for (int v = 1; v <= 2; ++v) {
    auto r = dpc::test::deploy_resource(ports[0], "migration-bench-" + std::to_string(v), "bench.bpmn", process_xml(v));
    if (r.status != 200) return std::fprintf(stderr, "deploy: %s\n", r.body.c_str()), 1;
  }
  json defs = call(c, "GET", "/process-definition?key=migration_bench&sortBy=version&sortOrder=desc&maxResults=2");
  const std::string v2 = defs[0]["id"], v1 = defs[1]["id"];

  std::atomic<int> next{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&, t] {
      HttpConnection conn(ports[t % ports.size()]);
      for (int i = next++; i < instances; i = next++) call(conn, "POST", "/process-definition/" + v1 + "/start", json::object());
    });
  }
  for (auto& t : clients) t.join();

  json plan = call(c, "POST", "/migration/generate", {{"sourceProcessDefinitionId", v1}, {"targetProcessDefinitionId", v2}});
  auto t0 = std::chrono::steady_clock::now();
  json batch = call(c, "POST", "/migration/executeAsync",
                    {{"migrationPlan", plan}, {"processInstanceQuery", {{"processDefinitionId", v1}}}});
  auto created = std::chrono::steady_clock::now();
  const std::string id = batch["id"];
  while (call(c, "GET", "/history/batch/" + id)["endTime"].is_null()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto done = std::chrono::steady_clock::now();
  const long long moved = call(c, "GET", "/process-instance/count?processDefinitionId=" + v2)["count"];
  const double s = std::chrono::duration<double>(done - t0).count();
  std::printf("migration of %d instances (user task in a subprocess), %zu node(s): batch created in %.2f s, "
              "done in %.2f s: %.0f instances/s (%lld on version 2)\n",
              instances, ports.size(), std::chrono::duration<double>(created - t0).count(), s, instances / s, moved);
  return moved == instances ? 0 : 1;
}
