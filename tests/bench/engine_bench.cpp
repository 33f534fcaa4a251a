// Engine throughput over the REST API, as clients see it. Prints one line per figure.
//   engine_bench <port> <seconds> <clients>
// Deploys three small models, then measures for <seconds> each with <clients> threads:
//   (a) straight-through instances started per second (start → expression service task →
//       exclusive gateway → end, full history),
//   (b) user-task round trips per second (start, fetch the task, complete),
//   (c) external-task round trips per second (fetchAndLock + complete; instances are
//       started beforehand and not counted).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <map>
#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"

using dpc::test::HttpConnection;
using nlohmann::json;

namespace {

int g_port = 0;

const char* kModels = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="bench_straight" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="calc" camunda:expression="${amount * 2}" camunda:resultVariable="doubled"/>
    <bpmn:exclusiveGateway id="gw" default="low"/>
    <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="calc"/>
    <bpmn:sequenceFlow id="f2" sourceRef="calc" targetRef="gw"/>
    <bpmn:sequenceFlow id="high" sourceRef="gw" targetRef="e1"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${doubled &gt; 100}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="low" sourceRef="gw" targetRef="e2"/>
  </bpmn:process>
  <bpmn:process id="bench_user" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="s"/><bpmn:userTask id="t"/><bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
  </bpmn:process>
  <bpmn:process id="bench_external" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="s"/><bpmn:serviceTask id="x" camunda:type="external" camunda:topic="bench"/><bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x"/><bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>)";

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

bool deploy() {
  auto r = dpc::test::deploy_resource(g_port, "bench", "bench.bpmn", kModels);
  if (r.status != 200) std::fprintf(stderr, "deploy failed: %d %s\n", r.status, r.body.c_str());
  return r.status == 200;
}

// Runs `op` on `clients` threads (each with its own keep-alive connection) for `seconds`;
// returns successful operations per second.
// CPU seconds used so far by the processes named in DPC_BENCH_CPU_PIDS ("name=pid ..."), each
// with its direct children (PostgreSQL's backends), counting children already reaped.
std::map<std::string, double> cpu_seconds() {
  std::map<std::string, double> out;
  const char* env = std::getenv("DPC_BENCH_CPU_PIDS");
  if (!env) return out;
  auto ticks_of = [](const std::string& pid, std::string* ppid) {
    std::ifstream f("/proc/" + pid + "/stat");
    std::string line;
    if (!std::getline(f, line)) return 0.0;
    std::istringstream rest(line.substr(line.rfind(')') + 2));
    std::string field;
    double t = 0;
    for (int i = 0; i < 15 && rest >> field; ++i) {  // state=0, ppid=1, utime=11 .. cstime=14
      if (i == 1 && ppid) *ppid = field;
      if (i >= 11) t += std::stod(field);
    }
    return t;
  };
  std::map<std::string, double> children;  // ppid -> ticks of its live children
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    std::string pid = e.path().filename();
    if (pid.empty() || !std::isdigit(static_cast<unsigned char>(pid[0]))) continue;
    std::string ppid;
    double t = ticks_of(pid, &ppid);
    children[ppid] += t;
  }
  std::istringstream items(env);
  std::string item;
  double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
  while (items >> item) {
    auto eq = item.find('=');
    std::string name = item.substr(0, eq), pid = item.substr(eq + 1);
    out[name] = (ticks_of(pid, nullptr) + children[pid]) / hz;
  }
  return out;
}

template <typename Op>
double measure(int clients, int seconds, Op op) {
  std::atomic<long> ok{0}, failed{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  auto started = std::chrono::steady_clock::now();
  auto cpu_before = cpu_seconds();
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      HttpConnection c(g_port);
      long n = 0;
      while (!stop) {
        if (op(c, i, n++)) ++ok;
        else ++failed;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  auto cpu_after = cpu_seconds();
  if (ok > 0 && !cpu_after.empty()) {
    std::printf("  CPU per operation:");
    for (const auto& [name, seconds_used] : cpu_after) {
      std::printf(" %s %.0f us", name.c_str(), (seconds_used - cpu_before[name]) * 1e6 / ok);
    }
    std::printf("\n");
  }
  if (failed) std::fprintf(stderr, "  (%ld failed operations)\n", failed.load());
  return ok / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: engine_bench <port> <seconds> <clients> [a|b|c]\n");
    return 2;
  }
  g_port = std::stoi(argv[1]);
  int seconds = std::stoi(argv[2]), clients = std::stoi(argv[3]);
  std::string only = argc > 4 ? argv[4] : "";  // one figure, for measuring its CPU alone
  if (!deploy()) return 1;

  std::string start_body = json{{"variables", {{"amount", {{"value", 70}, {"type", "Integer"}}}}}}.dump();
  if (only.empty() || only == "a") {
  double a = measure(clients, seconds, [&](HttpConnection& c, int, long) {
    return c.request("POST", "/engine-rest/process-definition/key/bench_straight/start", start_body, kJson).status == 200;
  });
  std::printf("(a) straight-through instances/s (%d clients): %.0f\n", clients, a);
  }
  if (!only.empty() && only != "b" && only != "c") return 0;
  double b = 250;  // without (b): its usual rate sizes (c)'s backlog
  if (only.empty() || only == "b") {

  b = measure(clients, seconds, [&](HttpConnection& c, int, long) {
    auto s = c.request("POST", "/engine-rest/process-definition/key/bench_user/start", "{}", kJson);
    if (s.status != 200) return false;
    std::string id = json::parse(s.body)["id"];
    auto tasks = c.request("GET", "/engine-rest/task?processInstanceId=" + id);
    if (tasks.status != 200) return false;
    auto list = json::parse(tasks.body);
    if (list.empty()) return false;
    return c.request("POST", "/engine-rest/task/" + list[0]["id"].get<std::string>() + "/complete",
                     "{}", kJson).status == 204;
  });
  std::printf("(b) user-task round trips/s (start, fetch, complete; %d clients): %.0f\n", clients, b);
  }
  if (!only.empty() && only != "c") return 0;

  // (c) needs waiting work: start enough instances first (not measured).
  int backlog = std::max(2000, static_cast<int>(b * seconds * 2));
  {
    std::atomic<int> left{backlog};
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
      threads.emplace_back([&] {
        HttpConnection c(g_port);
        while (left-- > 0) c.request("POST", "/engine-rest/process-definition/key/bench_external/start", "{}", kJson);
      });
    }
    for (auto& t : threads) t.join();
  }
  double cx = measure(clients, seconds, [&](HttpConnection& c, int i, long) {
    json fetch = {{"workerId", "w" + std::to_string(i)}, {"maxTasks", 1},
                  {"topics", {{{"topicName", "bench"}, {"lockDuration", 60000}}}}};
    auto f = c.request("POST", "/engine-rest/external-task/fetchAndLock", fetch.dump(), kJson);
    if (f.status != 200) return false;
    auto list = json::parse(f.body);
    if (list.empty()) return false;
    json done = {{"workerId", "w" + std::to_string(i)}};
    return c.request("POST", "/engine-rest/external-task/" + list[0]["id"].get<std::string>() + "/complete",
                     done.dump(), kJson).status == 204;
  });
  std::printf("(c) external-task round trips/s (fetchAndLock + complete; %d clients): %.0f\n", clients, cx);
  return 0;
}
